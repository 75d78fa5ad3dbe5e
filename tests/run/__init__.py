"""Runs over captures: the one record loop, in one process and on several."""
