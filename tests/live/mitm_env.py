"""The venv the real-mitmdump test runs in, built once from ``mitmproxy-requirements.txt``.

mitmproxy cannot go into the dev venv: 11.0.x (the last line that installs on Python 3.11)
caps h11 at 0.14, and the dev venv's httpx stack needs a newer one. So the test builds
``.venv/mitmproxy/`` (inside the ignored dev venv folder, removed by ``make clean``) with the
pinned requirements, once, and again only when the requirements change (their hash is the
stamp). Building takes about a minute the first time; a lock keeps two test workers from
building it at once. The validators come from the checkout (``PYTHONPATH``), not installed.
"""

from __future__ import annotations

import fcntl
import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = Path(__file__).with_name("mitmproxy-requirements.txt")
VENV = ROOT / ".venv" / "mitmproxy"
#: What the mitmdump process needs on its path: the validators (and the client) as checked out.
PYTHONPATH = f"{ROOT / 'validators'}:{ROOT / 'generated'}"


def mitmdump() -> Path:
    """The path of ``mitmdump`` in the mitmproxy venv, built first if needed. Raises
    ``subprocess.CalledProcessError`` (with pip's output) when it cannot be built."""
    stamp = VENV / ".requirements-sha256"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    VENV.parent.mkdir(parents=True, exist_ok=True)
    with (VENV.parent / ".mitmproxy.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (stamp.exists() and stamp.read_text() == wanted):
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
            subprocess.run(
                [
                    str(VENV / "bin" / "pip"),
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "-r",
                    str(REQUIREMENTS),
                ],
                check=True,
                capture_output=True,
            )
            stamp.write_text(wanted)
    return VENV / "bin" / "mitmdump"
