"""``python -m modelarts_validators``: the ``modelarts-validate`` command."""

from .cli import console_main

if __name__ == "__main__":
    console_main()
