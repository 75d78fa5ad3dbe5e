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
    def __init__(self, plan: tuple[Any, ...], /) -> None: ...
    def __call__(self, body: bytes | bytearray | memoryview, /) -> bool: ...
