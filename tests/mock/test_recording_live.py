"""The mock's recording is a valid HAR after every exchange, so a session can be validated while
the mock still runs: the file is read mid-recording, by ``json`` and by ``modelarts-validate``."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from modelarts_validators import Contract
from modelarts_validators.mock import MockConfig, MockServer
from modelarts_validators.mock.recorder import HarRecorder

from tests.support.cli import cli

PATH = "/v2/0123456789abcdef0123456789abcdef/training-job-searches"


def test_har_is_valid_after_every_exchange_while_the_mock_runs(tmp_path: Path) -> None:
    har = tmp_path / "live.har"
    with MockServer(MockConfig(jobs=5, seed=2, record=har), Contract.load()) as server:
        assert json.loads(har.read_text())["log"]["entries"] == []
        for n in range(1, 4):
            answer = httpx.post(
                f"{server.url}{PATH}",
                json={"limit": 2, "offset": n - 1},
                headers={"X-Auth-Token": "t"},
            )
            assert answer.status_code == 200
            entries = json.loads(har.read_text())["log"]["entries"]
            assert len(entries) == n
            assert json.loads(entries[-1]["request"]["postData"]["text"]) == {
                "limit": 2,
                "offset": n - 1,
            }
            run = cli("traffic", "--format", "json", str(har))
            report = json.loads(run.stdout)
            assert report["summary"]["entries"] == n
            assert report["summary"]["unreadable"] == 0
            assert run.code == 0, run.stdout + run.stderr
    assert len(json.loads(har.read_text())["log"]["entries"]) == 3


def test_close_leaves_one_document_and_a_second_close_is_harmless(tmp_path: Path) -> None:
    path = tmp_path / "r.har"
    recorder = HarRecorder(path)
    recorder.add({"a": 1})
    recorder.add({"b": "é"})
    recorder.close()
    recorder.close()
    recorder.add({"c": 3})
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["log"]["entries"] == [{"a": 1}, {"b": "é"}]
    assert text.endswith("]}}\n")
