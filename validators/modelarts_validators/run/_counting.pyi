"""Coverage counting of decoded bodies, in C (``_counting.c``); see ``run/coverage.py``."""

from collections.abc import Callable
from typing import Any

class Walker:
    def __init__(
        self,
        program: list[tuple[Any, ...]],
        values: int,
        pairs: int,
        unset: object,
        other: Callable[[int, str], object],
        *,
        counters: list[int] | None = None,
        new: Callable[[int, tuple[str, ...], dict[str, Any]], object] | None = None,
    ) -> None: ...
    def walk(self, step: int, value: object, /) -> int: ...
    def drain(
        self,
    ) -> tuple[list[tuple[int, int, int]], list[tuple[int, int]], list[tuple[int, int]]]: ...
