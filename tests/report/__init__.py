"""The report formats and the summary they close with."""
