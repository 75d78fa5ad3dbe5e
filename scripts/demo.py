"""`make demo`: the whole loop on one machine, with no cloud account.

1. Start ``modelarts-mock`` on loopback (recording every exchange to a HAR file), serving a
   seeded data set that drifts the way the live service does.
2. Page through every job with the generated client, once with token auth and once with AK/SK
   signing (the mock checks the signatures for real), and once with the official SDK when it
   is installed.
3. Stop the mock and judge the recorded HAR with ``modelarts-validate``.
4. Show what a real violation looks like: a bad request, recorded and judged the same way.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from modelarts_training_client import AkSkAuth, AuthenticatedClient, Client, iter_training_jobs
from modelarts_training_client.models import Filter, FilterOperator, JobSearches
from modelarts_validators.mock import MockConfig, MockServer

PROJECT = "0123456789abcdef0123456789abcdef"
AK, SK = "DEMOACCESSKEY0000001", "demo-secret-key"


def validate(har: Path, shown: int = 4) -> int:
    """Run the validator as a user would and print its report (the first ``shown`` finding
    lines, then the summary); return its exit code."""
    report = har.with_suffix(".txt")
    command = [sys.executable, "-m", "modelarts_validators", "traffic", "--color", "never"]
    print(f"   $ modelarts-validate traffic {har.name}")
    status = subprocess.run([*command, "--output", str(report), str(har)], check=False).returncode
    lines = report.read_text(encoding="utf-8").splitlines()
    findings = lines[: lines.index("")] if "" in lines else lines
    for line in findings[:shown]:
        print(f"   {line}")
    if len(findings) > shown:
        print(f"   ... {len(findings) - shown} more finding lines in the full report")
    for line in lines[len(findings) :]:
        print(f"   {line}")
    return status


def official_sdk(url: str) -> str:
    try:
        from huaweicloudsdkcore.auth.credentials import BasicCredentials
        from huaweicloudsdkmodelarts.v1 import ModelArtsClient
        from huaweicloudsdkmodelarts.v1.model import JobSearches as SdkJobSearches
        from huaweicloudsdkmodelarts.v1.model import ListTrainingJobsRequest
    except ImportError:
        return "official SDK not installed: skipped"
    client = (
        ModelArtsClient.new_builder()
        .with_credentials(BasicCredentials(AK, SK, PROJECT))
        .with_endpoints([url])
        .build()
    )
    response = client.list_training_jobs(ListTrainingJobsRequest(body=SdkJobSearches(limit=10)))
    return f"official SDK (AK/SK): first page of {len(response.items)} of {response.count} jobs"


def run(workdir: Path) -> int:
    served = workdir / "served.har"
    config = MockConfig(jobs=120, seed=7, drift=True, record=served, credentials=(AK, SK))
    print("1. modelarts-mock: 120 seeded jobs on loopback, recording to a HAR file")
    with MockServer(config) as mock:
        print(f"   listening on {mock.url}")
        everything = JobSearches(limit=25)
        with AuthenticatedClient(base_url=mock.url, token="demo-iam-token") as client:
            jobs = list(iter_training_jobs(client, PROJECT, everything))
        print(f"2. generated client, token auth: {len(jobs)} jobs over 5 pages of 25")
        running = JobSearches(
            limit=10, filters=[Filter(key="phase", operator=FilterOperator.IN, value=["Running"])]
        )
        with Client(base_url=mock.url, httpx_args={"auth": AkSkAuth(AK, SK, PROJECT)}) as client:
            running_jobs = list(iter_training_jobs(client, PROJECT, running))
        print(f"   generated client, AK/SK auth: {len(running_jobs)} jobs in phase Running")
        print(f"   {official_sdk(mock.url)}")
    print("3. the recorded traffic, judged against the contract (drift is a warning):")
    status = validate(served)
    if status != 0:
        print(f"demo: the recorded traffic should conform, but modelarts-validate exited {status}")
        return 1

    print("4. and a request that breaks the contract (limit 51, order 'up'):")
    broken_har = workdir / "broken.har"
    with MockServer(MockConfig(jobs=5, record=broken_har)) as mock:
        answer = httpx.post(
            f"{mock.url}/v2/{PROJECT}/training-job-searches",
            json={"limit": 51, "order": "up"},
            headers={"X-Auth-Token": "demo-iam-token"},
        )
        error = answer.json()
        print(
            f"   the mock answered {answer.status_code} {error['error_code']}: {error['error_msg']}"
        )
    broken_status = validate(broken_har)
    if broken_status != 1:
        print(
            f"demo: the broken request should be caught, but modelarts-validate exited {broken_status}"
        )
        return 1
    print(
        "\ndemo: done. The client paged through everything with both kinds of auth, the recorded\n"
        "traffic conforms (drift reported as warnings, apart from violations), and a broken request\n"
        "was caught at its pointer. Next: `make test`, or check your own capture with\n"
        "`.venv/bin/modelarts-validate traffic your.har` (or `source .venv/bin/activate` first)."
    )
    return 0


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="modelarts-demo-") as workdir:
        return run(Path(workdir))


if __name__ == "__main__":
    sys.exit(main())
