"""Expensive files made once per test session and shared by the xdist workers.

``shared_folder(request, name, make)`` returns a folder in the session's temporary root (the one
the workers' own folders are in) that ``make(folder)`` filled: the first worker to ask makes it,
under a file lock; the others wait for it and read it. Nothing outlives the session (pytest
keeps the last few sessions' temporary roots, as always). What is made must not be written
to afterwards: every test sees the same folder.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: each worker makes its own copy
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def shared_folder(request: pytest.FixtureRequest, name: str, make: Callable[[Path], None]) -> Path:
    """``name``'s folder, filled by ``make`` once for the whole session (every worker)."""
    config = request.config
    factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
    root = factory.getbasetemp()
    worker = getattr(config, "workerinput", {}).get("workerid")
    if worker is not None:  # a worker's root is <session root>/popen-gwN
        root = root.parent
    else:  # one process: its own root, kept apart from the names of workers' folders
        root = root / "shared"
        root.mkdir(exist_ok=True)
    folder = root / f"shared-{name}"
    with _locked(root / f"shared-{name}.lock"):
        done = folder / ".made"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder
