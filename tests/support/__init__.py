"""Helpers the tests share: loopback HTTP servers, the page's tables, the reference validator, contract fixtures, the in-process command line."""
