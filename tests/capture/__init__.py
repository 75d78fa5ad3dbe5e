"""Reading captures: sources, HAR, NDJSON, gzip, standard input."""
