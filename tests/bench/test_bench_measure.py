"""The benchmark's process measurement (benchmarks/measure.py): peak memory of a process
tree, RSS added up and PSS (shared pages split). Memory figures only, no timing."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.measure import measure

MIB = 1024
# 96 MiB written (so resident), then a forked child that keeps it: shared, not copied
FORKED = """
import os, time
block = bytearray(96 << 20)
for i in range(0, len(block), 4096):
    block[i] = 1
if os.fork() == 0:
    time.sleep(0.6)
    os._exit(0)
time.sleep(0.6)
os.wait()
"""


def test_a_forked_tree_counts_shared_pages_once_in_pss(tmp_path: Path) -> None:
    _wall, rss, _cpu, code, pss = measure(
        [sys.executable, "-c", FORKED], tmp_path / "out", tmp_path / "err", {}
    )
    assert code == 0
    assert rss >= 2 * 96 * MIB  # each process's RSS holds the block
    assert pss is not None
    assert 96 * MIB <= pss < 96 * MIB + 48 * MIB  # the block once, split between the two
