"""Measure one command as a whole process: wall time, peak RSS, CPU time, exit code.

Peak RSS is the subtle one. ``os.wait4`` on a child's pid returns that one child's resource
usage (``getrusage(RUSAGE_CHILDREN)`` would not do: its ``ru_maxrss`` is the maximum over every
child ever reaped). But Linux starts a process's ``ru_maxrss`` at the peak RSS of the memory
image it replaced at ``exec``: a child spawned (vfork or fork) by a large process reports at
least that process's peak. Measured here: a benchmark driver grown to 210 MB made the orjson
floor, a 19 MB process, report 217 MB. So the command is never spawned from the benchmark's own
process: it runs under a small launcher, GNU ``time`` (a few MB, C) when ``/usr/bin/time`` is GNU
time, else this module as a launcher, run by path (``python benchmarks/measure.py --launch OUT
-- CMD...``; it imports nothing from the package, so it runs in any working directory), whose own
~12 MB is then the floor below which RSS figures mean nothing; the results say which launcher was
used.

``ru_maxrss`` of a process that forks is the maximum over it and the children it reaped, not
their sum, so a sampler thread also adds up the RSS of the launcher's descendants (from
``/proc``, every 25 ms; this kernel has no ``/proc/PID/task/TID/children``, so the tree is found
from every process's parent; a scan costs about 0.4 ms, 2% of one core); the peak reported is the
larger of the two. Wall time is taken around start and reap by the benchmark: interpreter start-up
and spec loading are included, as a user sees them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from functools import cache
from pathlib import Path

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
SAMPLE_EVERY = 0.025
GNU_TIME = "/usr/bin/time"


@cache
def launcher() -> str:
    """``gnu-time`` or ``python``: what ``measure`` runs commands under."""
    try:
        result = subprocess.run(
            [GNU_TIME, "--version"], capture_output=True, text=True, check=False
        )
    except OSError:
        return "python"
    return "gnu-time" if "GNU" in result.stdout + result.stderr else "python"


class TreeSampler(threading.Thread):
    """Peaks of the summed RSS and of the summed PSS of the descendants of a process, sampled
    from ``/proc``. RSS counts a page shared by forked workers in every one of them; PSS (from
    ``smaps_rollup``, where the kernel has it) splits it between them, which is what a process
    tree really takes."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.peak_pss_kib = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(SAMPLE_EVERY):
            pids = self._descendants()
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in pids))
            self.peak_pss_kib = max(self.peak_pss_kib, sum(_pss_kib(p) for p in pids))

    def stop(self) -> None:
        self._done.set()
        self.join()

    def _descendants(self) -> list[int]:
        parents: dict[int, int] = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    with open(f"/proc/{name}/stat", "rb") as stream:
                        stat = stream.read()
                except OSError:
                    continue
                # "pid (comm) state ppid ...": comm may hold spaces and parentheses
                parents[int(name)] = int(stat[stat.rindex(b")") + 2 :].split()[1])
        found: list[int] = []
        frontier = [self.pid]
        while frontier:
            frontier = [p for p, parent in parents.items() if parent in frontier]
            found += frontier
        return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as stream:
            return int(stream.read().split()[1]) * PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as stream:
            for line in stream:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


def measure(
    argv: list[str], stdout: Path, stderr: Path, env: dict[str, str], cwd: Path | None = None
) -> tuple[float, int, float, int, int | None]:
    """Run ``argv`` once under the launcher, in ``cwd`` (default: this process's working
    directory): wall seconds, peak RSS in KiB, CPU seconds (user + system), exit code, and the
    peak of the tree's PSS in KiB as sampled (None when no sample saw it: a run shorter than a
    sampling period, or no ``smaps_rollup``)."""
    with tempfile.NamedTemporaryFile("r", suffix=".usage", delete=False) as usage_file:
        usage = Path(usage_file.name)
    if launcher() == "gnu-time":
        command = [GNU_TIME, "-f", "%M %U %S %x", "-o", str(usage), "--", *argv]
    else:
        command = [sys.executable, __file__, "--launch", str(usage), "--", *argv]
    try:
        with stdout.open("wb") as out, stderr.open("wb") as err:
            started = time.perf_counter()
            process = subprocess.Popen(
                command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd
            )
            sampler = TreeSampler(process.pid)
            sampler.start()
            process.wait()
            wall = time.perf_counter() - started
            sampler.stop()
        # GNU time writes "Command exited with non-zero status N" first when the command fails
        maxrss, user, system, code = usage.read_text().split()[-4:]
    finally:
        usage.unlink(missing_ok=True)
    rss = max(int(maxrss), sampler.peak_kib)
    return wall, rss, float(user) + float(system), int(code), sampler.peak_pss_kib or None


def _launch(usage: Path, argv: list[str]) -> int:
    """The fallback launcher: run ``argv``, write "maxrss user system code" like GNU time."""
    process = subprocess.Popen(argv)
    _, status, rusage = os.wait4(process.pid, 0)
    process.returncode = code = os.waitstatus_to_exitcode(status)
    usage.write_text(f"{rusage.ru_maxrss} {rusage.ru_utime} {rusage.ru_stime} {code}\n")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 5 or sys.argv[1] != "--launch" or sys.argv[3] != "--":
        sys.exit("usage: python benchmarks/measure.py --launch USAGE_FILE -- COMMAND...")
    sys.exit(_launch(Path(sys.argv[2]), sys.argv[4:]))
