"""The version of this client: the contract kit's it was generated with, and the
version of the spec it was generated from (``info.version``)."""

__version__ = "0.2.0.dev0"
SPEC_VERSION = "2.0.0"
