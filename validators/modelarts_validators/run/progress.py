"""A progress line on stderr for long runs, drawn only when stderr is a terminal.

The run loop calls ``tick`` every ``TICK_EVERY`` records; ``tick`` redraws at most ``RATE``
times a second, so the cost per record is one integer test in the loop. The line shows the
share of input bytes read (when the inputs' sizes are known: files, not standard input), the
records read and the rate; ``clear`` wipes it before a diagnostic is printed and at the end.
"""

from __future__ import annotations

import time
from typing import TextIO

#: The run loop calls ``tick`` once per this many records (a power of two: ``n & (N - 1)``).
TICK_EVERY = 256
#: Redraws per second, at most.
RATE = 10
_WIDTH = 24


class Progress:
    def __init__(self, stream: TextIO, total_bytes: int | None) -> None:
        self._stream = stream
        self._total = total_bytes or None
        self._start = time.monotonic()
        self._next = self._start
        self._drawn = False

    def tick(self, records: int, done_bytes: int | None) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + 1 / RATE
        rate = records / max(now - self._start, 1e-9)
        text = f"{records:,} entries, {rate:,.0f}/s"
        if self._total and done_bytes is not None:
            share = min(done_bytes / self._total, 1.0)
            filled = int(share * _WIDTH)
            text = f"[{'#' * filled}{'.' * (_WIDTH - filled)}] {share:4.0%}  {text}"
        self._stream.write(f"\r{text}\x1b[K")
        self._stream.flush()
        self._drawn = True

    def clear(self) -> None:
        if self._drawn:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._drawn = False
