"""``python -m modelarts_validators.mock``: the ``modelarts-mock`` command."""

from .main import console_main

if __name__ == "__main__":
    console_main()
