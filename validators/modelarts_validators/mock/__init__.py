"""``modelarts-mock``: a local stand-in for the training-job search API (``server``), over a
seeded data set with the page's search semantics (``data``), recording what it serves as HAR
(``recorder``); ``main`` is the command line."""

from .main import console_main, main
from .server import MockConfig, MockServer

__all__ = ["MockConfig", "MockServer", "console_main", "main"]
