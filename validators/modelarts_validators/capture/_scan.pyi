TRUNCATED: int
UNDECIDED: int
MAX_DEPTH: int

def value_end(buffer: bytes | bytearray | memoryview, start: int, /) -> int: ...
