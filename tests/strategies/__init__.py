"""The Hypothesis strategies drawn from the spec."""
