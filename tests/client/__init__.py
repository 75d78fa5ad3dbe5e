"""The generated client: generation, calls, paging, signing, vendoring."""
