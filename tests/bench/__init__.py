"""The benchmark's own code (not its figures: those come from make bench)."""
