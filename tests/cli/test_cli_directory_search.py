"""A directory given to ``traffic``: the files it does not read are counted, with why, on one
stderr line and in the JSON summary (``skipped_files``); a ``*.json`` file that is a HAR
document is read as one."""

from __future__ import annotations

import shutil
from pathlib import Path

from modelarts_validators.capture.sources import find_sources, search_sources

from tests.support.cli import TRAFFIC, cli, json_report

HAR = TRAFFIC / "valid" / "sdk-mitmproxy.har"
NDJSON = TRAFFIC / "valid" / "log.ndjson"


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "captures"
    (root / "nested").mkdir(parents=True)
    shutil.copy(HAR, root / "a.har")
    shutil.copy(HAR, root / "nested" / "capture.json")  # a HAR saved under another name
    shutil.copy(NDJSON, root / "b.ndjson")
    (root / "README.md").write_text("# captures\n")
    (root / "nested" / "shot.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "settings.json").write_text('{"theme": "dark"}')
    return root


def test_skipped_files_are_counted_with_why_and_a_har_named_json_is_read(tmp_path: Path) -> None:
    root = folder(tmp_path)
    run, report = json_report("traffic", root)
    assert run.code == 0, run.stdout + run.stderr
    assert run.stderr == (
        f"modelarts-validate: skipped 3 files in {root}: 2 not named as captures"
        " (*.har, *.ndjson, *.jsonl, optionally .gz), 1 *.json not a HAR document\n"
    )
    assert report["summary"]["skipped_files"] == 3
    alone = json_report("traffic", HAR)[1]["summary"]["entries"]
    both = json_report("traffic", HAR, NDJSON)[1]["summary"]["entries"]
    # a.har, nested/capture.json (the same HAR) and b.ndjson are all read
    assert report["summary"]["entries"] == both + alone


def test_search_sources_reports_each_reason(tmp_path: Path) -> None:
    root = folder(tmp_path)
    sources, skipped = search_sources([str(root)])
    names = [Path(s.name).relative_to(root).as_posix() for s in sources]
    assert names == ["a.har", "b.ndjson", "nested/capture.json"]
    assert [s.format for s in sources] == ["har", "ndjson", "har"]
    assert skipped.total == 3
    assert dict(skipped.by_reason) == {"not-a-capture-name": 2, "json-not-har": 1}
    assert [s.name for s in find_sources([str(root)])] == [s.name for s in sources]


def test_a_file_named_directly_and_a_run_without_skips_say_nothing(tmp_path: Path) -> None:
    root = tmp_path / "only"
    root.mkdir()
    shutil.copy(HAR, root / "a.har")
    run, report = json_report("traffic", root)
    assert run.stderr == ""
    assert report["summary"]["skipped_files"] == 0
    run = cli("traffic", "--format", "json", HAR)
    assert run.stderr == ""
