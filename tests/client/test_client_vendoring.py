"""The generated package works when copied into another project under another parent package,
with nothing installed but httpx and attrs (and what they depend on).

The copy goes to ``<tmp>/project/thirdparty/modelarts_training_client``. A child interpreter runs
with ``-I -S`` (no site-packages, no user site, no PYTHON* variables, no current directory) and a
``sys.path`` of the project folder plus a folder of links to exactly the distributions ``httpx``
and ``attrs`` need, computed from their installed metadata. It calls a loopback server run by this
test, with a token and with AK/SK, page by page (one page at a time and concurrently, through a
server whose pages fail once and are retried), and reports back what it saw and what it imported.
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from modelarts_training_client.signing import verify_signature
from packaging.requirements import Requirement

from tests.support.loopback import LoopbackServer, Recorded, Reply, make_job, spec_errors

PACKAGE = Path(__file__).resolve().parents[2] / "generated" / "modelarts_training_client"
RUNTIME = ("httpx", "attrs")
AK, SK = "VENDORAK", "vendor-secret"

CHILD = textwrap.dedent(
    """
    import asyncio, json, sys
    project, site, base_url = sys.argv[1:4]
    sys.path[:0] = [project, site]

    from thirdparty.modelarts_training_client import (
        AkSkAuth, AuthenticatedClient, Client, ModelArtsApiError, RetryPolicy,
        aiter_training_jobs, iter_training_jobs,
    )
    from thirdparty.modelarts_training_client.api.training_jobs import list_training_jobs
    from thirdparty.modelarts_training_client.models import JobSearches

    out = {}
    with AuthenticatedClient(base_url=base_url, token="vendored-token") as client:
        response = list_training_jobs.sync_detailed("p1", client=client, body=JobSearches(limit=2))
        out["status"] = int(response.status_code)
        out["page"] = response.parsed.to_dict()
        out["ids"] = [job.metadata.id for job in iter_training_jobs(client, "p1", JobSearches(limit=2))]
        try:
            list(iter_training_jobs(client, "broken", JobSearches(limit=2)))
        except ModelArtsApiError as error:
            out["error"] = [error.status_code, error.error_code]

    retried = []
    policy = RetryPolicy(backoff=0.0, jitter=0.0, on_retry=lambda a, r, d: retried.append(r))
    with AuthenticatedClient(base_url=base_url, token="vendored-token", retry=policy) as client:
        jobs = iter_training_jobs(client, "flaky", JobSearches(limit=2), concurrency=2)
        out["flaky_ids"] = [job.metadata.id for job in jobs]
    out["retried"] = retried

    async def signed():
        auth = AkSkAuth("%(ak)s", "%(sk)s", project_id="p1")
        async with Client(base_url=base_url, httpx_args={"auth": auth}) as client:
            jobs = aiter_training_jobs(client, "p1", JobSearches(limit=3), concurrency=2)
            return [job.metadata.id async for job in jobs]

    out["signed_ids"] = asyncio.run(signed())
    out["package_file"] = sys.modules["thirdparty.modelarts_training_client"].__file__
    out["top_level_modules"] = sorted({name.partition(".")[0] for name in sys.modules})
    out["importable"] = {}
    for name in ("modelarts_training_client", "yaml", "jsonschema", "huaweicloudsdkcore", "pytest"):
        try:
            __import__(name)
            out["importable"][name] = True
        except ImportError:
            out["importable"][name] = False
    print(json.dumps(out))
    """
) % {"ak": AK, "sk": SK}


def runtime_distributions(
    roots: tuple[str, ...] = RUNTIME,
) -> list[importlib.metadata.Distribution]:
    """``roots`` and everything they require at run time on this interpreter (no extras)."""
    found: dict[str, importlib.metadata.Distribution] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        distribution = importlib.metadata.distribution(name)
        key = distribution.metadata["Name"].lower().replace("_", "-")
        if key in found:
            continue
        found[key] = distribution
        for text in distribution.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return [found[key] for key in sorted(found)]


def top_level_paths(distribution: importlib.metadata.Distribution) -> set[Path]:
    """The importable top-level packages and modules a distribution installed."""
    paths: set[Path] = set()
    for file in distribution.files or []:
        parts = file.parts
        if (
            parts[0] == ".."
            or parts[0].endswith((".dist-info", ".pth"))
            or parts[0] == "__pycache__"
        ):
            continue
        if len(parts) > 1 or parts[0].endswith((".py", ".so")):
            paths.add(Path(str(distribution.locate_file(parts[0]))))
    return paths


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    jobs = [make_job(i) for i in range(1, 6)]
    flaky_pages_seen: set[int] = set()

    def respond(request: Recorded) -> Reply:
        if "/broken/" in request.target:
            return Reply(403, {"error_code": "ModelArts.0210", "error_msg": "project mismatch"})
        body = request.json()
        offset, limit = body.get("offset", 0), body["limit"]
        if "/flaky/" in request.target and offset not in flaky_pages_seen:
            flaky_pages_seen.add(offset)  # every page fails once, then answers
            return Reply(503, b"")
        return Reply(200, {"count": 5, "items": jobs[offset * limit : (offset + 1) * limit]})

    with LoopbackServer(respond) as running:
        yield running


def test_vendored_copy_runs_with_only_httpx_and_attrs(
    tmp_path: Path, server: LoopbackServer
) -> None:
    project = tmp_path / "project"
    (project / "thirdparty").mkdir(parents=True)
    (project / "thirdparty" / "__init__.py").write_text("")
    shutil.copytree(
        PACKAGE,
        project / "thirdparty" / "modelarts_training_client",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    site = tmp_path / "site"
    site.mkdir()
    distributions = runtime_distributions()
    names = {d.metadata["Name"].lower() for d in distributions}
    assert {"httpx", "attrs", "httpcore", "h11", "anyio", "idna", "certifi"} <= names
    for distribution in distributions:
        for path in top_level_paths(distribution):
            (site / path.name).symlink_to(path, target_is_directory=path.is_dir())

    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", CHILD, str(project), str(site), server.base_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out: dict[str, Any] = json.loads(result.stdout)

    assert out["status"] == 200
    assert out["page"] == {"count": 5, "items": [make_job(1), make_job(2)]}
    assert out["ids"] == [f"job-{i}" for i in range(1, 6)]
    assert out["signed_ids"] == [f"job-{i}" for i in range(1, 6)]
    assert out["error"] == [403, "ModelArts.0210"]
    assert out["flaky_ids"] == [f"job-{i}" for i in range(1, 6)]
    assert out["retried"] == ["HTTP 503"] * 3
    assert Path(out["package_file"]).is_relative_to(project)

    # Nothing but the standard library, the vendored copy and httpx/attrs and their dependencies.
    allowed = set(sys.stdlib_module_names) | {"thirdparty"} | {p.name for p in site.iterdir()}
    allowed |= {name.removesuffix(".py") for name in allowed}
    assert set(out["top_level_modules"]) - allowed - {"__main__"} == set()
    assert out["importable"] == dict.fromkeys(
        ["modelarts_training_client", "yaml", "jsonschema", "huaweicloudsdkcore", "pytest"], False
    )

    # And the server saw what the contract says.
    token_requests = [r for r in server.requests if r.header("X-Auth-Token") == "vendored-token"]
    signed_requests = [r for r in server.requests if r.header("Authorization")]
    assert (len(token_requests), len(signed_requests), len(server.requests)) == (11, 2, 13)
    for request in server.requests:
        assert spec_errors("JobSearches", request.json()) == []
    for request in signed_requests:
        reason = verify_signature(
            request.method, request.target, request.headers, request.body, AK, SK
        )
        assert reason is None
