"""modelarts-mock over real loopback HTTP: the generated client and the official SDK against it,
paging and every filter against a brute-force reference over the same data set, its recorded HAR
judged clean, bad requests and bad signatures refused."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from modelarts_training_client import (
    AkSkAuth,
    AuthenticatedClient,
    Client,
    ModelArtsApiError,
    iter_training_jobs,
)
from modelarts_training_client.models import Filter, FilterOperator, JobSearches
from modelarts_validators import Contract
from modelarts_validators.cli import main as validate_main
from modelarts_validators.mock import MockConfig, MockServer
from modelarts_validators.mock.data import make_jobs

PROJECT = "0123456789abcdef0123456789abcdef"
AK, SK = "MOCKACCESSKEY0000001", "mock-secret-key"
JOBS, SEED = 37, 11
PATH = f"/v2/{PROJECT}/training-job-searches"


@pytest.fixture(scope="module")
def contract() -> Contract:
    return Contract.load()


@pytest.fixture(scope="module")
def mock(contract: Contract, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockServer]:
    har = tmp_path_factory.mktemp("mock") / "served.har"
    config = MockConfig(jobs=JOBS, seed=SEED, record=har, credentials=(AK, SK))
    with MockServer(config, contract) as server:
        yield server


def post(server: MockServer, body: Any, **headers: str) -> httpx.Response:
    headers = {"X-Auth-Token": "token", **headers}
    return httpx.post(f"{server.url}{PATH}", json=body, headers=headers)


def reference(body: dict[str, Any]) -> list[str]:
    """Names of the jobs a search should return, computed the slow, obvious way."""
    jobs = make_jobs(JOBS, SEED)
    for f in body.get("filters", []):
        values = [v for v in f["value"] if v]
        if not values:
            continue
        key, op = f["key"], f["operator"]
        if key == "create_time":
            low = int(f["value"][0]) if f["value"][0] else -1
            high = int(f["value"][1]) if f["value"][1] else 2**63
            jobs = [j for j in jobs if low <= j["metadata"]["create_time"] <= high]
            continue
        where = {
            "name": ("metadata", "name"),
            "algorithm_name": ("algorithm", "name"),
            "phase": ("status", "phase"),
            "kind": ("kind",),
        }[key]

        def get(job: dict[str, Any], where: tuple[str, ...] = where) -> str:
            for part in where:
                job = job[part]
            return str(job)

        if op == "like":
            jobs = [j for j in jobs if any(v in get(j) for v in values)]
        elif op == "in":
            jobs = [j for j in jobs if get(j) in values]
        else:
            jobs = [j for j in jobs if get(j) not in values]
    ordered = sorted(jobs, key=lambda j: j["metadata"]["create_time"])
    if body.get("order", "desc") == "desc":
        ordered.reverse()
    return [j["metadata"]["name"] for j in ordered]


def test_data_set_is_deterministic_and_conforms(contract: Contract) -> None:
    assert make_jobs(JOBS, SEED) == make_jobs(JOBS, SEED)
    assert make_jobs(JOBS, SEED) != make_jobs(JOBS, SEED + 1)
    page = {"total": JOBS, "count": JOBS, "limit": 50, "offset": 0, "items": make_jobs(JOBS, SEED)}
    assert (
        contract.check_response(
            200, {"content-type": "application/json"}, json.dumps(page).encode()
        )
        == []
    )


def test_drift_data_set_drifts_without_errors(contract: Contract) -> None:
    page = {"items": make_jobs(15, SEED, drift=True)}
    findings = contract.check_response(
        200, {"content-type": "application/json"}, json.dumps(page).encode()
    )
    assert findings
    assert {f.severity for f in findings} == {"warning"}
    assert {f.kind.value for f in findings} == {"undocumented-field", "undocumented-value"}


FILTERS = [
    [],
    [{"key": "name", "operator": "like", "value": ["resnet"]}],
    [{"key": "algorithm_name", "operator": "like", "value": ["bert", "yolo"]}],
    [{"key": "phase", "operator": "in", "value": ["Running", "Failed"]}],
    [{"key": "phase", "operator": "not", "value": ["Running", "Failed"]}],
    [{"key": "kind", "operator": "in", "value": ["job"]}],
    [{"key": "create_time", "operator": "between", "value": ["1636500000000", "1636550000000"]}],
    [{"key": "create_time", "operator": "between", "value": ["", "1636500000000"]}],
    [
        {"key": "phase", "operator": "not", "value": ["Abnormal"]},
        {"key": "name", "operator": "like", "value": ["trainjob"]},
        {"key": "user_id", "operator": "in", "value": [""]},
    ],
]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_every_filter_and_page_matches_the_reference(
    mock: MockServer, filters: list[Any], order: str
) -> None:
    expected = reference({"filters": filters, "order": order})
    seen: list[str] = []
    for offset in range(10):
        answer = post(mock, {"filters": filters, "order": order, "limit": 4, "offset": offset})
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert (page["total"], page["count"], page["offset"], page["limit"]) == (
            JOBS,
            len(expected),
            offset,
            4,
        )
        seen += [job["metadata"]["name"] for job in page["items"]]
        if len(page["items"]) < 4:
            break
    assert seen == expected


def test_generated_client_pages_through_everything_with_token_and_aksk(mock: MockServer) -> None:
    search = JobSearches(
        limit=5, filters=[Filter(key="phase", operator=FilterOperator.NOT, value=["Abnormal"])]
    )
    expected = reference({"filters": [{"key": "phase", "operator": "not", "value": ["Abnormal"]}]})
    with AuthenticatedClient(base_url=mock.url, token="iam-token") as client:
        names = [job.metadata.name for job in iter_training_jobs(client, PROJECT, search)]  # type: ignore[union-attr]
    assert names == expected
    auth = AkSkAuth(AK, SK, PROJECT)
    with Client(base_url=mock.url, httpx_args={"auth": auth}) as client:
        names = [job.metadata.name for job in iter_training_jobs(client, PROJECT, search)]  # type: ignore[union-attr]
    assert names == expected


def test_official_sdk_against_the_mock(mock: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkmodelarts.v1 import ModelArtsClient
    from huaweicloudsdkmodelarts.v1.model import Filter as SdkFilter
    from huaweicloudsdkmodelarts.v1.model import JobSearches as SdkJobSearches
    from huaweicloudsdkmodelarts.v1.model import ListTrainingJobsRequest

    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "http_proxy",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    client = (
        ModelArtsClient.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials(AK, SK, PROJECT))
        .with_endpoints([mock.url])
        .build()
    )
    body = SdkJobSearches(
        limit=3,
        offset=1,
        order="asc",
        filters=[SdkFilter(key="name", operator="like", value=["bert"])],
    )
    response = client.list_training_jobs(ListTrainingJobsRequest(body=body))
    expected = reference(
        {"filters": [{"key": "name", "operator": "like", "value": ["bert"]}], "order": "asc"}
    )
    assert response.count == len(expected)
    assert [job.metadata.name for job in response.items] == expected[3:6]


def test_bad_requests_are_refused(mock: MockServer) -> None:
    answer = post(mock, {"limit": 51})
    assert answer.status_code == 400
    assert answer.json()["error_code"] == "ModelArts.2787"
    assert (
        answer.json()["error_msg"]
        == "Invalid request at /limit: 51 is greater than the maximum of 50"
    )
    answer = post(mock, {"filters": [{"key": "name", "operator": "equals", "value": ["x"]}]})
    assert (answer.status_code, answer.json()["error_code"]) == (400, "ModelArts.2808")
    assert answer.json()["error_msg"].startswith("Invalid request at /filters/0/operator: ")
    answer = post(mock, {"filters": [{"key": "owner", "operator": "in", "value": ["x"]}]})
    assert (answer.status_code, answer.json()["error_code"]) == (400, "ModelArts.2807")
    answer = post(mock, {"sort_by": "name"})
    assert (answer.status_code, answer.json()["error_code"]) == (400, "ModelArts.2790")
    answer = httpx.post(
        f"{mock.url}{PATH}",
        content=b"{not json",
        headers={"X-Auth-Token": "t", "Content-Type": "application/json"},
    )
    assert (answer.status_code, answer.json()["error_code"]) == (400, "ModelArts.2787")


def test_auth_is_required_and_signatures_are_checked(mock: MockServer) -> None:
    unauthenticated = httpx.post(f"{mock.url}{PATH}", json={})
    assert (unauthenticated.status_code, unauthenticated.json()["error_code"]) == (
        401,
        "ModelArts.0201",
    )
    wrong_key = httpx.post(
        f"{mock.url}{PATH}", json={}, auth=AkSkAuth(AK, "not-the-secret", PROJECT)
    )
    assert (wrong_key.status_code, wrong_key.json()["error_code"]) == (401, "ModelArts.0203")
    # Sign one body, send another: the signature no longer matches.
    signed = httpx.Request("POST", f"{mock.url}{PATH}", json={"limit": 1})
    flow = AkSkAuth(AK, SK, PROJECT).sync_auth_flow(signed)
    request = next(flow)
    headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
    tampered = httpx.post(str(request.url), content=b'{"limit":2}', headers=headers)
    assert tampered.status_code == 401
    assert "signature" in tampered.json()["error_msg"]
    other_project = post(mock, {}, **{"X-Project-Id": "another-project"})
    assert (other_project.status_code, other_project.json()["error_code"]) == (
        403,
        "ModelArts.0210",
    )
    assert httpx.get(f"{mock.url}/v2/{PROJECT}/training-jobs").status_code == 404


def test_recorded_har_is_clean_and_holds_no_secret(tmp_path: Path, contract: Contract) -> None:
    har = tmp_path / "served.har"
    with MockServer(MockConfig(jobs=12, seed=3, record=har), contract) as server:
        with AuthenticatedClient(base_url=server.url, token="secret-iam-token") as client:
            jobs = list(iter_training_jobs(client, PROJECT, JobSearches(limit=5)))
        assert len(jobs) == 12
        with (
            pytest.raises(ModelArtsApiError),
            AuthenticatedClient(base_url=server.url, token="secret-iam-token") as client,
        ):
            list(iter_training_jobs(client, "bad_project!", JobSearches(limit=5)))
    text = har.read_text()
    assert "secret-iam-token" not in text
    out, err = io.StringIO(), io.StringIO()
    status = validate_main(["traffic", "--format", "json", str(har)], out, err)
    report = json.loads(out.getvalue())
    assert report["summary"]["entries"] == 4
    # The three pages conform; the bad project ID is reported on the request side, and the
    # mock's 400 answer is itself a conforming error body.
    assert report["summary"]["conforming"] == 3
    assert {f["kind"] for f in report["findings"]} == {"invalid-path-parameter"}
    assert status == 1


def test_console_script_prints_its_port_and_stops_cleanly(tmp_path: Path) -> None:
    har = tmp_path / "cli.har"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "modelarts_validators.mock",
            "--port",
            "0",
            "--jobs",
            "3",
            "--record",
            str(har),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_PROXY": "127.0.0.1"},
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        answer = httpx.post(f"{url}{PATH}", json={"limit": 50}, headers={"X-Auth-Token": "t"})
        assert answer.json()["count"] == 3
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    assert len(json.loads(har.read_text())["log"]["entries"]) == 1


def test_recorded_har_opens_in_another_tool(tmp_path: Path, contract: Contract) -> None:
    """Redocly CLI (installed by `make setup` from package-lock.json) reads the mock's HAR and
    finds every exchange documented."""
    redocly = Path(__file__).resolve().parents[2] / "node_modules" / ".bin" / "redocly"
    assert redocly.exists(), "run `make setup`: Redocly CLI comes from package-lock.json"
    har = tmp_path / "served.har"
    with (
        MockServer(MockConfig(jobs=9, seed=5, record=har), contract) as server,
        AuthenticatedClient(base_url=server.url, token="t") as client,
    ):
        assert len(list(iter_training_jobs(client, PROJECT, JobSearches(limit=4)))) == 9
    spec = Path(__file__).resolve().parents[2] / "openapi" / "training-job-searches.yaml"
    result = subprocess.run(
        [
            str(redocly),
            "drift",
            str(har),
            "--api",
            str(spec),
            "--match-mode",
            "basepath",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    run = json.loads(result.stdout[result.stdout.index("{") :])["run"]
    assert (run["totalExchanges"], run["documentedExchanges"], run["skippedExchanges"]) == (3, 3, 0)
    assert run["findingsBySeverity"]["error"] == 0


def test_usage_goes_to_the_given_streams() -> None:
    from modelarts_validators.mock import main

    out, err = io.StringIO(), io.StringIO()
    assert main(["--help"], out, err) == 0
    assert out.getvalue().startswith("usage: modelarts-mock")
    out, err = io.StringIO(), io.StringIO()
    assert main(["--jobs", "many"], out, err) == 2
    assert "invalid int value: 'many'" in err.getvalue()
    assert main(["--check-signature", "no-colon"], out, err) == 2
    assert err.getvalue().splitlines()[-1] == "modelarts-mock: --check-signature takes AK:SK"
