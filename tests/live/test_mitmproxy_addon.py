"""The mitmproxy addon run for real: ``mitmdump`` (11.0.2, in its own venv: ``mitm_env``) in
reverse-proxy mode in front of the mock, the official SDK and httpx sending through it. Its
report holds the command line's verdict on the same traffic (the mock's own HAR), it prints one
line per finding as the flows complete, and the proxy keeps answering after an exchange whose
check fails inside the addon."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from modelarts_validators.live import mitmproxy_addon
from modelarts_validators.mock import MockConfig, MockServer

from tests.live.conftest import AK, PATH, PROJECT, SK, TOKEN, cli_summary
from tests.live.mitm_env import PYTHONPATH, mitmdump

#: Loaded into mitmdump beside the addon: the contract check fails, by raising, on a request
#: that carries this header (an exchange that breaks the addon's check from inside).
BREAKER = """
from modelarts_validators.contract.contract import Contract

_check = Contract.check_exchange


def check_exchange(self, exchange):
    if exchange.request.headers.get("x-break-the-check"):
        raise RuntimeError("the check broke on purpose")
    return _check(self, exchange)


Contract.check_exchange = check_exchange
"""
NOTHING = {"limit": 1, "filters": [{"key": "name", "operator": "like", "value": ["no-such-job"]}]}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"mitmdump exited: {process.communicate()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("mitmdump did not start listening")


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str], Path, Path]]:
    """(proxy URL, the mitmdump process, its report, the mock's HAR)."""
    binary = mitmdump()
    har, report = tmp_path / "served.har", tmp_path / "contract.json"
    (tmp_path / "breaker.py").write_text(BREAKER)
    port = free_port()
    with MockServer(MockConfig(jobs=23, seed=3, drift=True, record=har)) as mock:
        env = {**os.environ, "PYTHONPATH": PYTHONPATH, "NO_PROXY": "*"}
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
            env.pop(name, None)
        process = subprocess.Popen(
            [
                str(binary),
                "--mode",
                f"reverse:{mock.url}",
                "--listen-host",
                "127.0.0.1",
                "--listen-port",
                str(port),
                "-s",
                mitmproxy_addon.__file__,
                "-s",
                str(tmp_path / "breaker.py"),
                "--set",
                f"modelarts_report={report}",
                "--set",
                f"confdir={tmp_path / 'conf'}",
                "--set",
                "flow_detail=0",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_for(port, process)
            yield f"http://127.0.0.1:{port}", process, report, har
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def sdk_call(base_url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkmodelarts.v1 import ModelArtsClient
    from huaweicloudsdkmodelarts.v1.model import JobSearches as SdkJobSearches
    from huaweicloudsdkmodelarts.v1.model import ListTrainingJobsRequest

    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    client = (
        ModelArtsClient.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials(AK, SK, PROJECT))
        .with_endpoints([base_url])
        .build()
    )
    response = client.list_training_jobs(ListTrainingJobsRequest(body=SdkJobSearches(limit=4)))
    return len(response.items)


def test_mitmdump_with_the_addon_reports_what_the_cli_reports_and_keeps_answering(
    proxied: tuple[str, subprocess.Popen[str], Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    base_url, process, report, har = proxied
    url = f"{base_url}{PATH}"
    with httpx.Client(headers={"X-Auth-Token": TOKEN}, trust_env=False) as client:
        assert client.post(url, json={"limit": 3}).status_code == 200
        assert client.post(url, json={"limit": 99}).status_code == 400
        broken = client.post(url, json=NOTHING, headers={"X-Break-The-Check": "1"})
        assert broken.status_code == 200  # the flow passed untouched
        assert broken.json()["count"] == 0
        assert client.post(url, json={"limit": 2, "offset": 1}).status_code == 200  # still up
        assert client.get(f"{base_url}/v2/other").status_code == 404  # other traffic
    assert sdk_call(base_url, monkeypatch) == 4
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=60)
    lines = [line for line in output.splitlines() if line.startswith("modelarts-contract: ")]
    assert any("request /limit: schema-violation: 99 is greater than" in line for line in lines)
    assert any("the contract check failed: RuntimeError: the check broke" in line for line in lines)
    assert lines[-1] == f"modelarts-contract: report written to {report}"
    assert TOKEN not in output
    assert SK not in output
    # the mock's own HAR of the same traffic, judged by the command line
    expected = cli_summary(har)
    written = json.loads(report.read_text())["summary"]
    assert expected["checked"] == 5
    # the one flow whose check broke is an unreadable finding instead of conforming
    assert written["checked"] == expected["checked"]
    assert written["conforming"] == expected["conforming"] - 1
    assert written["with_errors"] == expected["with_errors"] + 1
    assert written["drift_only"] == expected["drift_only"]
    assert written["by_kind"] == {**expected["by_kind"], "unreadable": 1}
    assert TOKEN not in report.read_text()


def test_the_addon_module_prints_its_own_path() -> None:
    import sys

    printed = subprocess.run(
        [sys.executable, "-m", "modelarts_validators.live.mitmproxy_addon"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert printed == str(Path(mitmproxy_addon.__file__).resolve())
    assert Path(printed).is_file()
