from collections.abc import Callable
from typing import Any

OBJECT: int
MAP: int
ARRAY: int
STRING: int
STRENUM: int
INT: int
INTENUM: int
FLOAT: int
BOOL: int
NULL: int

class Judge:
    held: int
    def __init__(
        self,
        plan: tuple[Any, ...],
        values: int = 0,
        pairs: int = 0,
        *,
        limit: int = -1,
        full: Callable[[], object] | None = None,
        recorded: Callable[[list[tuple[Any, tuple[str | int, ...], Any, str]]], object]
        | None = None,
    ) -> None: ...
    def __call__(self, body: bytes | bytearray | memoryview, /) -> bool: ...
    def errors(
        self, body: bytes | bytearray | memoryview, /
    ) -> list[tuple[Any, tuple[str | int, ...], Any, str]] | None: ...
    def drain(
        self,
    ) -> tuple[list[tuple[int, int, int]], list[tuple[int, int]], list[tuple[int, int]]]: ...
