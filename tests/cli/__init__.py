"""modelarts-validate as a user runs it."""
