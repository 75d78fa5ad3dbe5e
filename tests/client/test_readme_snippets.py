"""The README's client example runs as written: every ``python`` block marked
``<!-- runs: ... -->`` is extracted, run against ``modelarts-mock`` on loopback (token and
AK/SK, the credentials from the environment as the README says), installed and vendored, and
checked with ``mypy --strict``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from modelarts_validators import Contract
from modelarts_validators.mock import MockConfig, MockServer
from modelarts_validators.mock.data import make_jobs

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- runs: tests/client/test_readme_snippets.py -->"
PROJECT = "0123456789abcdef0123456789abcdef"
AK, SK, TOKEN = "READMEACCESSKEY00001", "readme-secret-key", "readme-iam-token"
JOBS, SEED = 60, 4


def runnable_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(re.escape(MARKER) + r"\n```python\n(.*?)\n```", readme, re.DOTALL)


def test_the_readme_marks_its_client_example() -> None:
    blocks = runnable_blocks()
    assert len(blocks) == 1
    assert "from modelarts_training_client import" in blocks[0]


def running_names() -> list[str]:
    return [
        f"{job['metadata']['name']} {job['status']['phase']}"
        for job in make_jobs(JOBS, SEED)
        if job["status"]["phase"] == "Running"
    ]


@pytest.mark.parametrize("vendored", [False, True], ids=["installed", "vendored"])
def test_the_client_example_runs_against_the_mock(tmp_path: Path, vendored: bool) -> None:
    (code,) = runnable_blocks()
    if vendored:
        package = tmp_path / "yourapp"
        package.mkdir()
        (package / "__init__.py").write_text("")
        shutil.copytree(
            ROOT / "generated" / "modelarts_training_client",
            package / "modelarts_training_client",
        )
        code = code.replace(
            "from modelarts_training_client", "from yourapp.modelarts_training_client"
        )
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    har = tmp_path / "served.har"
    config = MockConfig(jobs=JOBS, seed=SEED, record=har, credentials=(AK, SK), tokens=(TOKEN,))
    with MockServer(config, Contract.load()) as server:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),  # no ~/.huaweicloud/credentials but the environment's
            "NO_PROXY": "127.0.0.1",
            "HUAWEICLOUD_SDK_PROJECT_ID": PROJECT,
            "HUAWEICLOUD_SDK_AK": AK,
            "HUAWEICLOUD_SDK_SK": SK,
            "MODELARTS_IAM_TOKEN": TOKEN,
            "HUAWEICLOUD_SDK_REGION_MODELARTS_CN_NORTH_4": server.url,
        }
        if vendored:
            env["PYTHONPATH"] = str(tmp_path)
        result = subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    expected = running_names()
    assert expected  # the seeded data has running jobs, so the filter is exercised
    *printed, last = result.stdout.splitlines()
    assert sorted(printed) == sorted(expected)  # in the server's order (newest first)
    assert last == f"{len(expected)} running jobs"
    entries = json.loads(har.read_text())["log"]["entries"]
    statuses = {e["response"]["status"] for e in entries}
    assert statuses == {200}
    signed = [
        e
        for e in entries
        if any(h["name"].lower() == "authorization" for h in e["request"]["headers"])
    ]
    assert 0 < len(signed) < len(entries)  # both the token pass and the AK/SK pass ran


def test_the_client_example_passes_mypy_strict(tmp_path: Path, pytestconfig: pytest.Config) -> None:
    (code,) = runnable_blocks()
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    mypy = Path(sys.executable).with_name("mypy")
    # mypy's incremental cache in pytest's cache folder: the first run analyses httpx, attrs and
    # the client (~10 s), later runs only what changed (mypy compares each file's hash)
    cached = getattr(pytestconfig, "cache", None)  # None with -p no:cacheprovider
    cache = cached.mkdir("mypy-readme-example") if cached else tmp_path
    command = [str(mypy), "--strict", "--cache-dir", str(cache), "--config-file", os.devnull]
    result = subprocess.run(
        [*command, str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(ROOT / "generated")},
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
