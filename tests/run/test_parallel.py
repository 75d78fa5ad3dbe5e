"""``modelarts-validate traffic --jobs N``: a run on several processes reports exactly what the
run on one process reports (records, order, entry numbers, findings, counts, diagnostics).

Two levels:

- The scheduler (``run.parallel.Scheduler``), driven with a pool that runs each task in this
  process, against the readers themselves (``iter_records`` and ``Contract.check_exchange``,
  no ``--jobs`` code): Hypothesis builds HAR documents meant to fool the guessed range starts
  (entry-like objects nested in arrays, ``,{"`` in strings, unreadable entries, non-ASCII text,
  a byte order mark, a byte that is not UTF-8, truncation) and NDJSON files (blank lines, bad lines, CRLF, no final line
  end), cut into ranges of a few bytes.
- The command line with real worker processes (forked, and spawned as on macOS and Windows),
  compared with ``--jobs 1`` on the example captures, a generated capture cut into many ranges,
  broken inputs, compressed inputs and standard input.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from modelarts_validators.capture.errors import CaptureError
from modelarts_validators.capture.records import Unreadable
from modelarts_validators.capture.sources import Source, find_sources, iter_records
from modelarts_validators.contract.findings import Finding, Origin
from modelarts_validators.run.coverage import Tally
from modelarts_validators.run.parallel import Recipe, Scheduler
from modelarts_validators.run.parallel import plan as planning
from modelarts_validators.run.parallel import worker as workers
from modelarts_validators.run.summary import Summary

from benchmarks import capture as bench_capture
from tests.support.cli import TRAFFIC, URL, cached_load, cli

CONTRACT = cached_load()
OTHER_URL = "https://modelarts.cn-north-4.myhuaweicloud.com/v2/p/training-jobs"


class _Ready:
    def __init__(self, value: Any) -> None:
        self._value = value

    def result(self) -> Any:
        return self._value


class InProcessPool:
    """Runs each task at once, in this process: the scheduler's logic without processes."""

    def submit(self, function: Callable[..., Any], *args: Any) -> _Ready:
        return _Ready(function(*args))


class Recorder:
    """A scheduler's ``Sink`` that writes down what it is given; what the main process reads
    itself (``check_inline``) comes straight from the readers (``read_one``)."""

    def __init__(self) -> None:
        self.events: list[tuple[Any, ...]] = []
        self.summary = Summary()

    def unreadable(self, record: Unreadable) -> None:
        self.events.append(("unreadable", record.entry, record.message, record.source))

    def checked(self, origin: Origin, findings: list[Finding]) -> None:
        self.events.append(("checked", origin, findings))

    def add(self, summary: Summary, coverage: Tally | None = None) -> None:
        self.summary.merge(summary)

    def tick(self, done_bytes: int | None) -> None:
        pass

    def failed(self, message: str) -> None:
        self.summary.add_failed_input()
        self.events.append(("failed", message))

    def check_inline(self, source: Source, done_bytes: int) -> bool:
        return read_one(source, self)

    def totals(self) -> tuple[int, int, int]:
        return self.summary.entries, self.summary.checked, self.summary.unmatched


def read_one(source: Source, recorder: Recorder) -> bool:
    """One input straight from the readers, as one process reads it (no run code)."""
    summary = recorder.summary
    try:
        for record in iter_records([source.name]):
            if isinstance(record, Unreadable):
                summary.add_unreadable()
                recorder.unreadable(record)
                continue
            findings = CONTRACT.check_exchange(record)
            if findings is None:
                summary.add_unmatched()
            else:
                summary.add_checked(findings)
                recorder.checked(record.origin, findings)
    except CaptureError as error:
        recorder.failed(str(error))
        return False
    return True


def sequential(paths: list[Path]) -> Recorder:
    recorder = Recorder()
    for source in find_sources([str(p) for p in paths]):
        read_one(source, recorder)
    return recorder


def scheduled(
    paths: list[Path], chunk: int | None, *, needs_passed: bool = True
) -> tuple[Recorder, Scheduler]:
    sources = find_sources([str(p) for p in paths])
    recorder = Recorder()
    scheduler = Scheduler(
        CONTRACT, sources, recorder, jobs=2, needs_passed=needs_passed, chunk_size=chunk
    )
    scheduler.check(InProcessPool())
    return recorder, scheduler


def assert_same(paths: list[Path], chunk: int | None) -> Scheduler:
    expected = sequential(paths)
    got, scheduler = scheduled(paths, chunk)
    assert got.events == expected.events
    assert got.summary == expected.summary
    assert scheduler.failed == sum(event[0] == "failed" for event in expected.events)
    lean, _ = scheduled(paths, chunk, needs_passed=False)  # conforming exchanges only counted
    assert lean.summary == expected.summary
    assert [e for e in lean.events if e[0] != "checked" or e[2]] == [
        e for e in expected.events if e[0] != "checked" or e[2]
    ]
    return scheduler


# -- HAR documents built to fool the guessed range starts ----------------------------------

TRICKY = [
    '{"total": 0, "count": 0, "limit": 10, "offset": 0, "items": []}',
    ',{"request": {"method": "GET", "url": "u"}}',
    '[{"request": {}}',
    ",{",
    "[{",
    '"',
    "\\",
    "\u00e9\u4e2d\U0001f600",
    "}]}",
    "{}",
    "\n",
]
text = st.one_of(st.sampled_from(TRICKY), st.text(max_size=30)).map(str)
texts = st.lists(text, max_size=4).map("".join)
ENTRY_LIKE = {"request": {"method": "GET", "url": "https://example.com/x"}, "response": {}}


@st.composite
def har_entry(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["search", "search", "other", "nested", "unreadable"]))
    if kind == "unreadable":
        return draw(
            st.sampled_from(
                [5, "entry", None, [], {}, {"request": 3}, [ENTRY_LIKE], {"response": {}}]
            )
        )
    body = draw(st.one_of(st.sampled_from(TRICKY[:1]), texts))
    entry: dict[str, Any] = {
        "startedDateTime": draw(text),
        "request": {
            "method": "POST" if kind != "other" else "GET",
            "url": URL if kind != "other" else OTHER_URL,
            "headers": [{"name": "Content-Type", "value": "application/json"}],
            "postData": {"mimeType": "application/json", "text": draw(texts)},
        },
        "response": {
            "status": draw(st.sampled_from([200, 200, 400, 0, 302])),
            "headers": [{"name": "Content-Type", "value": "application/json"}],
            "content": {"mimeType": "application/json", "text": body},
        },
    }
    if kind == "nested":  # entry-like objects in arrays, inside an entry
        entry["_initiator"] = {"stack": [ENTRY_LIKE, [ENTRY_LIKE, ENTRY_LIKE]]}
    return entry


@st.composite
def har_document(draw: st.DrawFn) -> bytes:
    log: dict[str, Any] = {"version": "1.2", "creator": {"name": draw(text), "version": "1"}}
    if draw(st.booleans()):
        log["pages"] = [ENTRY_LIKE, {"title": draw(text)}]
    log["entries"] = draw(st.lists(har_entry(), max_size=10))
    if draw(st.booleans()):
        log["comment"] = [ENTRY_LIKE]
    document = {"log": log, "_after": [ENTRY_LIKE]} if draw(st.booleans()) else {"log": log}
    indent = draw(st.sampled_from([None, 0, 2, "\t"]))
    data = json.dumps(document, indent=indent, ensure_ascii=draw(st.booleans())).encode()
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.integers(0, 4)) == 0:  # a byte that is not UTF-8
        bad = draw(st.integers(0, len(data) - 1))
        data = data[:bad] + b"\xff" + data[bad + 1 :]
    cut = draw(st.one_of(st.none(), st.integers(1, len(data) - 1)))
    return data if cut is None else data[:cut]


@given(document=har_document(), chunk=st.integers(8, 2048))
@example(  # found by the deep profile: bad UTF-8 right after the first read of a range
    document=b'{\n \xff"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}, '
    b'"entries": []}}',
    chunk=8,
)
def test_har_ranges_report_what_one_reader_reports(
    document: bytes, chunk: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("har") / "capture.har"
    path.write_bytes(document)
    assert_same([path], chunk)


@st.composite
def ndjson_file(draw: st.DrawFn) -> bytes:
    def record() -> bytes:
        kind = draw(st.sampled_from(["search", "other", "blank", "bad", "binary"]))
        if kind == "blank":
            return b"  "
        if kind == "bad":
            return draw(st.sampled_from([b"{", b"[1]", b'{"request": 1}', b"\xff\xfe"]))
        if kind == "binary":
            return b'{"request": {"method": "POST", "url": "%s"}, "x": "\xe9"}' % URL.encode()
        url = URL if kind == "search" else OTHER_URL
        body = draw(st.one_of(st.sampled_from(TRICKY[:1]), texts))
        line = {
            "request": {"method": "POST", "url": url, "body": draw(texts)},
            "response": {"status": 200, "body": body},
        }
        return json.dumps(line, ensure_ascii=draw(st.booleans())).encode()

    lines = [record() for _ in range(draw(st.integers(0, 12)))]
    data = b"".join(line + draw(st.sampled_from([b"\n", b"\r\n"])) for line in lines)
    if draw(st.booleans()):
        data = data.rstrip(b"\r\n")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + data


@given(data=ndjson_file(), chunk=st.integers(1, 512))
def test_ndjson_ranges_report_what_one_reader_reports(
    data: bytes, chunk: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("ndjson") / "capture.ndjson"
    path.write_bytes(data)
    assert_same([path], chunk)


@given(
    lines=st.lists(st.binary(max_size=90).map(lambda b: b"{" + b.replace(b"\n", b"")), min_size=1),
    ends=st.lists(st.sampled_from([b"\n", b"\r\n"]), min_size=1),
    tail=st.booleans(),
    chunk=st.integers(1, 300),
)
def test_ndjson_ranges_cover_the_file_at_line_ends(
    lines: list[bytes], ends: list[bytes], tail: bool, chunk: int,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:  # fmt: skip
    data = b"".join(line + ends[i % len(ends)] for i, line in enumerate(lines))
    data = data.rstrip(b"\r\n") if tail else data
    path = tmp_path_factory.mktemp("plan") / "plan.ndjson"
    path.write_bytes(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(planning, "_COUNT_READ", 64)  # reads shorter than lines, too
        tasks = list(planning.plan(find_sources([str(path)]), 2, chunk))
    assert [t.kind for t in tasks] == ["ndjson"] * len(tasks)
    assert tasks[0].start == 0
    assert tasks[-1].end == len(data)
    assert [t.start for t in tasks[1:]] == [t.end for t in tasks[:-1]]
    assert all(data[t.end - 1 : t.end] == b"\n" for t in tasks[:-1])
    assert all(t.end - t.start >= chunk for t in tasks[:-1])
    assert [t.line for t in tasks] == [data[: t.start].count(b"\n") for t in tasks]
    assert [t.last for t in tasks] == [False] * (len(tasks) - 1) + [True]
    first_cut = data.find(b"\n", chunk - 1) + 1  # the first range ends at the first line end
    assert tasks[0].end == (first_cut if 0 < first_cut < len(data) else len(data))


def test_the_last_range_reads_what_was_appended_since_the_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "growing.ndjson"
    line = json.dumps({"request": {"method": "POST", "url": URL, "body": "{}"}}).encode()
    path.write_bytes((line + b"\n") * 50)
    sources = find_sources([str(path)])
    tasks = list(planning.plan(sources, 2, 1000))
    assert len(tasks) > 3
    with path.open("ab") as log:  # the capture is still being written
        log.write((line + b"\n") * 10)
    monkeypatch.setattr(planning, "plan", lambda *args: iter(tasks))
    recorder = Recorder()
    Scheduler(CONTRACT, sources, recorder, jobs=2, needs_passed=True).check(InProcessPool())
    expected = sequential([path])
    assert recorder.events == expected.events
    assert recorder.totals() == expected.totals() == (60, 60, 0)


def test_a_range_that_starts_right_at_an_entry_guesses_it(tmp_path: Path) -> None:
    entry = {"request": {"method": "POST", "url": URL}, "response": {"status": 200}}
    path = tmp_path / "pretty.har"
    path.write_text(json.dumps({"log": {"entries": [entry] * 12}}, indent=2))
    data = path.read_bytes()
    second = data.index(b"{", data.index(b'"request"', data.index(b'"request"') + 1) - 20)
    for start in (second, second - 1, second + 1):  # at the "{", in the white space before, after
        scheduler = assert_same([path], start)
        assert scheduler.resyncs == 0


def test_nested_entry_like_objects_are_read_again_not_misread(tmp_path: Path) -> None:
    # Every range's guess lands on the entry-like objects nested in each entry: the scheduler
    # proves them wrong and reads those ranges itself.
    entries = [
        {
            "request": {"method": "POST", "url": URL, "postData": {"text": "{}"}},
            "response": {"status": 200, "content": {"text": TRICKY[0]}},
            "_initiator": [ENTRY_LIKE] * 50,
        }
        for _ in range(20)
    ]
    path = tmp_path / "nested.har"
    path.write_text(json.dumps({"log": {"entries": entries}}))
    scheduler = assert_same([path], 512)
    assert scheduler.resyncs > 0


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The benchmark's generator: 300 realistic exchanges with violations and drift."""
    out = tmp_path_factory.mktemp("generated")
    bench_capture.generate(300, 11, out)
    files = bench_capture.paths(out, 300, 11)
    return {"har": files["har"], "ndjson": files["ndjson"]}


def test_guesses_hold_on_a_realistic_capture(generated: dict[str, Path]) -> None:
    size = generated["har"].stat().st_size
    scheduler = assert_same([generated["har"]], size // 37)
    assert scheduler.resyncs == 0  # every range's guess was an entry start: no sequential reading
    assert len(list(planning.plan(scheduler.sources, 2, size // 37))) >= 37
    assert_same([generated["ndjson"]], generated["ndjson"].stat().st_size // 37)


# -- the command line, with real worker processes ------------------------------------------


@pytest.fixture
def small_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranges of 4 KiB, so that the small captures here are cut into many."""
    monkeypatch.setattr(planning, "MIN_CHUNK", 4096)
    monkeypatch.setattr(planning, "MAX_CHUNK", 4096)


def parallel_jobs() -> list[str]:
    """The ``--jobs`` counts a run is compared at with ``--jobs 1``: 2, and 3 where it runs more
    workers than 2 does. ``--jobs N`` runs ``min(N, CPUs, pieces of work)`` workers, so on two
    CPUs ``--jobs 3`` is the same run as ``--jobs 2`` (same workers, same ranges): run once."""
    return ["2", "3"] if planning.default_jobs() >= 3 else ["2"]


def runs(*argv: str | Path, stdin: bytes = b"") -> Iterator[tuple[str, Any]]:
    for jobs in ("1", *parallel_jobs()):
        yield jobs, cli("traffic", "--jobs", jobs, *argv, stdin=stdin)


def assert_same_runs(*argv: str | Path, stdin: bytes = b"") -> Any:
    results = dict(runs(*argv, stdin=stdin))
    for jobs in parallel_jobs():
        assert results[jobs] == results["1"], f"--jobs {jobs}"
    return results["1"]


def assert_same_parallel_runs(expected: Any, *argv: str | Path, stdin: bytes = b"") -> None:
    """Each parallel run of ``argv`` gives ``expected`` (a ``--jobs 1`` run's result)."""
    for jobs in parallel_jobs():
        assert cli("traffic", "--jobs", jobs, *argv, stdin=stdin) == expected, f"--jobs {jobs}"


@pytest.mark.usefixtures("small_ranges")
@pytest.mark.parametrize("format_", ["json", "text", "junit", "sarif", "github", "markdown"])
def test_cli_reports_are_the_same_with_jobs(format_: str, generated: dict[str, Path]) -> None:
    run = assert_same_runs("--format", format_, generated["har"], generated["ndjson"])
    assert run.code == 1
    assert run.stderr == ""


@pytest.mark.usefixtures("small_ranges")
def test_baselines_and_rejected_requests_count_the_same_with_jobs(
    generated: dict[str, Path], tmp_path: Path
) -> None:
    # a baseline written from the NDJSON half accepts most of the drift of the HAR half; the
    # triage runs in the workers, and the counts (known, resolved, ignored) add up the same
    baseline = tmp_path / "baseline.yaml"
    written = cli("traffic", generated["ndjson"], "--baseline", baseline, "--update-baseline")
    assert written.code == 1  # the capture's violations wait for a reason
    argv = ("--baseline", baseline, "--ignore-rejected-requests", generated["har"])
    report = json.loads(assert_same_runs("--format", "json", *argv).stdout)
    assert report["summary"]["baseline"]["known"] > 0
    assert report["summary"]["ignored"] > 0
    assert assert_same_runs("--format", "sarif", *argv).code == 1


@pytest.mark.usefixtures("small_ranges")
def test_cli_example_captures_are_the_same_with_jobs() -> None:
    for kind in ("valid", "invalid", "unusable"):
        run = assert_same_runs("--format", "json", TRAFFIC / kind)
        assert run.code == {"valid": 0, "invalid": 1, "unusable": 2}[kind]
        if kind == "unusable":  # one line per broken input, in input order
            assert len(run.stderr.splitlines()) == len(list((TRAFFIC / kind).iterdir()))


@pytest.mark.usefixtures("small_ranges")
def test_cli_truncated_capture_is_exit_2_after_the_same_records(
    generated: dict[str, Path], tmp_path: Path
) -> None:
    data = generated["har"].read_bytes()
    cut = tmp_path / "cut.har"
    cut.write_bytes(data[: len(data) * 2 // 3])
    run = assert_same_runs("--format", "json", cut)
    assert run.code == 2
    assert "invalid HAR JSON after" in run.stderr
    assert json.loads(run.stdout)["summary"]["entries"] > 100


@pytest.mark.usefixtures("small_ranges")
def test_cli_compressed_inputs_and_stdin_are_the_same_with_jobs(
    generated: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packed = tmp_path / "capture.har.gz"
    packed.write_bytes(gzip.compress(generated["har"].read_bytes()))
    stdin = generated["ndjson"].read_bytes()
    argv = ("--format", "json", generated["har"], packed, "-", generated["ndjson"])
    small = assert_same_runs(*argv, stdin=stdin)
    # read by the main process instead (--jobs 1 plans nothing: its run, `small`, is the same)
    monkeypatch.setattr(planning, "WHOLE_COMPRESSED", 0)
    assert_same_parallel_runs(small, *argv, stdin=stdin)
    assert json.loads(small.stdout)["summary"]["entries"] == 4 * 300


def test_spawned_workers_load_the_contract_themselves(generated: dict[str, Path]) -> None:
    # macOS and Windows spawn: the workers start afresh and load the contract from the options
    path = generated["har"]
    sources = find_sources([str(path)])
    recorder = Recorder()
    scheduler = Scheduler(
        CONTRACT,
        sources,
        recorder,
        jobs=2,
        needs_passed=True,
        chunk_size=path.stat().st_size // 5,
    )
    spawn = multiprocessing.get_context("spawn")
    assert scheduler.run(Recipe(None, "rs", False), context=spawn) == 0
    expected = sequential([path])
    assert recorder.events == expected.events
    assert recorder.summary == expected.summary


def die(task: planning.Task, *args: Any) -> workers.Outcome:
    os._exit(9)  # as the kernel's OOM killer would end a worker


@pytest.mark.usefixtures("small_ranges")
def test_a_worker_that_dies_is_exit_2_with_one_line(
    generated: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "run_task", die)
    run = cli("traffic", "--jobs", "2", generated["har"], environ={})
    assert run.code == 2
    assert run.stderr == (
        "modelarts-validate: error: a worker process died (killed, or out of memory?): "
        "the report is incomplete\n"
    )


def reading_stdin(pid: int) -> bool:
    """Whether the process's main thread is blocked reading its standard input (x86-64 and
    arm64 number read 0 and 63; the first argument is the descriptor)."""
    try:
        call = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return len(call) > 1 and call[0] in ("0", "63") and int(call[1], 16) == 0


def test_ctrl_c_stops_a_parallel_run_without_a_traceback(generated: dict[str, Path]) -> None:
    # the main process waits on standard input (read in its turn) while the workers, done with
    # the ranges around it, wait for more: Ctrl-C reaches all of them
    har = str(generated["har"])
    process = subprocess.Popen(
        [sys.executable, "-m", "modelarts_validators", "traffic", "--jobs", "2", "-q",
         har, "-", har],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not reading_stdin(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # the workers finish the ranges after the standard input, and wait
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it: to the whole group
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert (process.returncode, stderr.decode()) == (130, "\nmodelarts-validate: interrupted\n")


@pytest.mark.parametrize("value", ["-1", "x", "1.5"])
def test_jobs_must_be_a_count(value: str) -> None:
    run = cli("traffic", "--jobs", value, TRAFFIC / "valid")
    assert run.code == 2
    assert "--jobs" in run.stderr
    assert "Traceback" not in run.stderr


def test_jobs_0_is_one_per_cpu() -> None:
    run = cli("traffic", "--jobs", "0", "--format", "json", TRAFFIC / "valid")
    assert run == cli("traffic", "--format", "json", TRAFFIC / "valid")
    assert planning.default_jobs() >= 1


@pytest.mark.usefixtures("small_ranges")
def test_coverage_and_suggestions_are_the_same_with_jobs(
    generated: dict[str, Path], tmp_path: Path
) -> None:
    # each worker counts its ranges; the main process adds up the tallies of the ranges it
    # applies (never those of a guessed HAR range it reads again), so nothing is approximated
    results = {}
    for jobs in ("1", *parallel_jobs()):
        written = tmp_path / f"coverage-{jobs}.json"
        suggested = tmp_path / f"suggest-{jobs}.yaml"
        argv = ("--coverage", written, "--suggest", suggested)
        run = cli("traffic", "--jobs", jobs, *argv, generated["har"], generated["ndjson"])
        results[jobs] = (run, written.read_bytes(), suggested.read_bytes())
    for jobs in parallel_jobs():
        assert results[jobs] == results["1"], f"--jobs {jobs}"
    document = json.loads(results["1"][1])
    assert (
        document["exchanges"]
        == json.loads(
            cli("traffic", "--format", "json", generated["har"], generated["ndjson"]).stdout
        )["summary"]["checked"]
    )
    assert "coverage: " in results["1"][0].stdout
    assert b"x-observed-properties" in results["1"][2]
