"""The repository builds two distributions, and each installs and runs on its own.

``modelarts-training-client`` (``generated/pyproject.toml``) is the client with httpx and attrs
only, for Python >= 3.10; ``modelarts-training-contract`` (the root ``pyproject.toml`` and
``setup.py``) is the validators, which need the client at exactly their own version.

The sdists are built from a copy of the sources (the checkout is not written to) with the
pinned build backend, and the wheels from the unpacked sdists, as ``python -m build`` does; once
per test session, shared by the xdist workers. Each test installs into a fresh virtual
environment (no pip in it: the dev venv's pip installs with ``--python``), our two wheels from
their folder and third-party packages from the configured index.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import modelarts_validators
import pytest
import yaml
from modelarts_validators.mock import MockConfig, MockServer
from modelarts_validators.mock.data import make_jobs
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
VERSION = modelarts_validators.__version__
SPEC = ROOT / "openapi" / "training-job-searches.yaml"
CLIENT, VALIDATORS = "modelarts-training-client", "modelarts-training-contract"
#: What the two builds read: the validators' project at the root, the client's in generated/.
SOURCES = (
    "pyproject.toml",
    "setup.py",
    "README.md",
    "LICENSE",
    "openapi/training-job-searches.yaml",  # the packaged spec is a link to it
    "validators/modelarts_validators",
    "generated/pyproject.toml",
    "generated/README.md",
    "generated/modelarts_training_client",
)
#: The validators' own dependencies: none of them (nor the validators) may come with the client.
VALIDATOR_ONLY = {"jsonschema", "jsonschema-rs", "orjson", "msgspec", "pyyaml", VALIDATORS}
TIMEOUT = 300


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def run(args: list[str | Path], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a command that must succeed; its output is the failure's message if it does not."""
    result = subprocess.run(
        [str(arg) for arg in args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        **kwargs,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))}: exit {result.returncode}\n{result.stdout}{result.stderr}"
    )
    return result


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a process in a fresh venv: nothing of the checkout on its path."""
    drop = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"}
    env = {k: v for k, v in os.environ.items() if k.upper() not in drop}
    return {**env, "NO_PROXY": "127.0.0.1", **extra}


def pip(venv_python: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """The dev venv's pip, working on another environment. (The tests install with
    ``--no-compile``: bytecode for every module of every dependency costs seconds, and only the
    modules run need it.)"""
    return run([sys.executable, "-m", "pip", "--python", venv_python, *args], env=child_env())


def fresh_venv(python: str | Path, where: Path) -> Path:
    """A new virtual environment without pip (so that it holds only what is installed into
    it); its interpreter."""
    run([python, "-m", "venv", "--without-pip", where])
    return where / "bin" / "python"


# --- building, once per session -------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    client_sdist: Path
    validators_sdist: Path
    wheels: Path  # the folder holding both wheels, for --find-links

    @property
    def client_wheel(self) -> Path:
        return self.wheels / f"modelarts_training_client-{VERSION}-py3-none-any.whl"

    @property
    def validators_wheel(self) -> Path:
        # a wheel for this interpreter and platform: it carries the compiled run/_counting.c
        python = f"cp{sys.version_info.major}{sys.version_info.minor}"
        platform = re.sub(r"[-.]", "_", sysconfig.get_platform())
        return (
            self.wheels / f"modelarts_training_contract-{VERSION}-{python}-{python}-{platform}.whl"
        )


def build_requirements() -> list[str]:
    """The build backend both projects pin (one pin, the same in both)."""
    pins = {
        tuple(tomllib.loads((ROOT / name).read_text())["build-system"]["requires"])
        for name in ("pyproject.toml", "generated/pyproject.toml")
    }
    assert len(pins) == 1, f"the two projects pin different build backends: {pins}"
    return list(pins.pop())


def build(where: Path) -> Built:
    source = where / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.so", "*.egg-info", "build", "dist")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=ignore)
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name, follow_symlinks=False)
    builder = fresh_venv(sys.executable, where / "build-env")
    pip(builder, "install", "--quiet", "--no-cache-dir", *build_requirements())
    sdists, wheels, unpacked = where / "sdist", where / "wheels", where / "unpacked"
    for project in (source / "generated", source):
        out = sdists / project.name
        script = "import sys, setuptools.build_meta as b; b.build_sdist(sys.argv[1])"
        run([builder, "-c", script, out], cwd=project)
        (sdist,) = out.glob("*.tar.gz")
        with tarfile.open(sdist) as archive:
            archive.extractall(unpacked, filter="data")
        project_dir = unpacked / sdist.name.removesuffix(".tar.gz")
        pip(
            builder,
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            wheels,
            project_dir,
        )
    (client_sdist,) = (sdists / "generated").glob("*.tar.gz")
    (validators_sdist,) = (sdists / source.name).glob("*.tar.gz")
    built = Built(client_sdist, validators_sdist, wheels)
    assert sorted(p.name for p in wheels.iterdir()) == sorted(
        [built.client_wheel.name, built.validators_wheel.name]
    )
    return built


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    # Under xdist the workers' temporary folders share a parent: the first worker builds there,
    # the others wait on the lock and reuse it.
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    where = shared / "distributions"
    where.mkdir(exist_ok=True)
    with (where / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = where / ".done"
        if not done.exists():
            build(where)
            done.write_text("")
    client_sdist = next((where / "sdist" / "generated").glob("*.tar.gz"))
    validators_sdist = next((where / "sdist" / "src").glob("*.tar.gz"))
    return Built(client_sdist, validators_sdist, where / "wheels")


# --- what is installed ----------------------------------------------------------------------

INVENTORY = """
import importlib.metadata, json, sys
print(json.dumps({
    "python": "%d.%d.%d" % sys.version_info[:3],
    "distributions": {
        d.metadata["Name"]: {"version": d.version, "requires": d.requires or [],
                             "location": str(d.locate_file(""))}
        for d in importlib.metadata.distributions()
    },
}))
"""


def inventory(venv_python: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(run([venv_python, "-I", "-c", INVENTORY]).stdout)
    return found


def needed(found: Mapping[str, Any], root: str) -> set[str]:
    """``root`` and everything its requirements pull in, as installed, markers evaluated for
    the environment's Python."""
    python = found["python"]
    environment = {"extra": "", "python_version": python.rsplit(".", 1)[0]}
    environment["python_full_version"] = python
    distributions = {normalize(name): info for name, info in found["distributions"].items()}
    seen: set[str] = set()
    pending = [normalize(root)]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for text in distributions[name]["requires"]:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate(environment):
                pending.append(normalize(requirement.name))
    return seen


def requires_of(found: Mapping[str, Any], name: str) -> list[Requirement]:
    return [Requirement(text) for text in found["distributions"][name]["requires"]]


# --- the tests ------------------------------------------------------------------------------


def wheel_files(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def metadata(files: Mapping[str, bytes]) -> dict[str, list[str]]:
    (name,) = [n for n in files if n.endswith(".dist-info/METADATA")]
    fields: dict[str, list[str]] = {}
    for line in files[name].decode().split("\n\n", 1)[0].splitlines():
        key, _, value = line.partition(": ")
        fields.setdefault(key, []).append(value)
    return fields


def test_each_wheel_carries_what_it_needs(built: Built) -> None:
    licence = (ROOT / "LICENSE").read_bytes()
    client = wheel_files(built.client_wheel)
    fields = metadata(client)
    assert fields["Name"] == [CLIENT]
    assert fields["Version"] == [VERSION]
    assert fields["Requires-Python"] == [">=3.10"]
    assert fields["License-Expression"] == ["Apache-2.0"]
    assert {Requirement(r).name for r in fields["Requires-Dist"]} == {"httpx", "attrs"}
    assert "modelarts_training_client/py.typed" in client
    assert client["modelarts_training_client/LICENSE"] == licence  # the package's own copy
    assert [n for n, data in client.items() if "/licenses/" in n and data == licence]
    assert {n.split("/")[0] for n in client} == {
        "modelarts_training_client",
        f"modelarts_training_client-{VERSION}.dist-info",
    }
    # Every module of the generated package is in the wheel.
    package = ROOT / "generated" / "modelarts_training_client"
    modules = {f"modelarts_training_client/{p.relative_to(package)}" for p in package.rglob("*.py")}
    assert modules <= client.keys()

    validators = wheel_files(built.validators_wheel)
    fields = metadata(validators)
    assert fields["Name"] == [VALIDATORS]
    assert fields["Version"] == [VERSION]
    assert fields["Requires-Python"] == [">=3.11"]
    assert f"{CLIENT}=={VERSION}" in fields["Requires-Dist"]  # exactly the same version
    assert "modelarts_validators/py.typed" in validators
    assert validators["modelarts_validators/_data/training-job-searches.yaml"] == SPEC.read_bytes()
    data = ROOT / "validators" / "modelarts_validators" / "_data"
    for packaged in data.iterdir():  # the spec and whatever is derived from it, as files
        assert validators[f"modelarts_validators/_data/{packaged.name}"] == packaged.read_bytes()
    assert [n for n, data in validators.items() if "/licenses/" in n and data == licence]
    assert not [n for n in validators if n.startswith("modelarts_training_client")]
    # coverage counting and the HAR entries' ends in C, compiled for this platform; their
    # sources are in the sdist
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    assert f"modelarts_validators/run/_counting{suffix}" in validators
    assert f"modelarts_validators/capture/_scan{suffix}" in validators
    assert "modelarts_validators/capture/_scan.pyi" in validators
    assert "modelarts_validators/contract/_judge.pyi" in validators
    assert "modelarts_validators/contract/_headers.pyi" in validators

    for sdist in (built.client_sdist, built.validators_sdist):
        with tarfile.open(sdist) as archive:
            names = archive.getnames()
            assert [n for n in names if n.endswith("/LICENSE")], sdist.name
    with tarfile.open(built.validators_sdist) as archive:
        names = archive.getnames()
    assert [n for n in names if n.endswith("validators/modelarts_validators/run/_counting.c")]
    assert [n for n in names if n.endswith("validators/modelarts_validators/capture/_scan.c")]
    assert [n for n in names if n.endswith("validators/modelarts_validators/contract/_judge.c")]
    assert [n for n in names if n.endswith("validators/modelarts_validators/contract/_headers.c")]
    assert not [n for n in names if n.endswith(".so")]  # built where it is installed


def test_the_client_wheel_alone_brings_only_httpx_and_attrs(built: Built, tmp_path: Path) -> None:
    python = fresh_venv(sys.executable, tmp_path / "venv")
    pip(python, "install", "--quiet", "--no-cache-dir", "--no-compile", built.client_wheel)
    found = inventory(python)
    installed = {normalize(name) for name in found["distributions"]}
    assert {r.name for r in requires_of(found, CLIENT)} == {"httpx", "attrs"}
    assert installed == needed(found, CLIENT)  # nothing the client does not pull in
    assert {"httpx", "attrs", "httpcore", "anyio"} <= installed
    assert installed & VALIDATOR_ONLY == set()

    code = (
        "import json, modelarts_training_client as c, importlib.util as u\n"
        "print(json.dumps([c.__version__, c.SPEC_VERSION, c.__file__,"
        " [u.find_spec(m) is not None for m in ('modelarts_validators', 'yaml', 'jsonschema')]]))"
    )
    done = run([python, "-I", "-c", code], cwd=tmp_path, env=child_env())
    version, spec_version, module, importable = json.loads(done.stdout)
    assert version == VERSION
    assert spec_version == str(yaml.safe_load(SPEC.read_text())["info"]["version"])
    assert Path(module).is_relative_to(tmp_path / "venv")
    assert importable == [False, False, False]


def test_the_validators_wheel_installs_with_the_client_wheel(built: Built, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    python = fresh_venv(sys.executable, venv)
    # Our two distributions from the wheels' folder only; third-party ones from the index.
    install: list[str | Path] = ["install", "--quiet", "--no-cache-dir", "--no-compile"]
    install += ["--find-links", built.wheels]
    pip(python, *install, built.validators_wheel)
    found = inventory(python)
    distributions = {normalize(n): info for n, info in found["distributions"].items()}
    assert distributions[CLIENT]["version"] == distributions[VALIDATORS]["version"] == VERSION
    assert {normalize(n) for n in found["distributions"]} == needed(found, VALIDATORS)
    pip(python, "check")

    env = child_env()
    for command in ("modelarts-validate", "modelarts-mock"):
        done = run([venv / "bin" / command, "--version"], cwd=tmp_path, env=env)
        assert done.stdout == f"{command} {VERSION}\n"
    # The contract comes from the installed package's own copy of the spec.
    body = tmp_path / "body.json"
    body.write_text('{"limit": 51}')
    checked = subprocess.run(
        [venv / "bin" / "modelarts-validate", "request", "--quiet", body],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    assert checked.returncode == 1, checked.stderr
    assert "/limit: schema-violation: 51 is greater than the maximum of 50" in checked.stdout
    code = (
        "import json, modelarts_validators as v, modelarts_training_client as c\n"
        "from modelarts_validators.run import coverage\n"
        "from modelarts_validators.capture import har_typed\n"
        "print(json.dumps([[v.__file__, c.__file__], [coverage.NATIVE, har_typed.NATIVE]]))"
    )
    modules, native = json.loads(run([python, "-I", "-c", code], cwd=tmp_path, env=env).stdout)
    for module in modules:
        assert Path(module).is_relative_to(venv)
    # coverage counts and HAR entries' ends are found in C, from the wheel's compiled extensions
    assert native == [True, True]


# --- Python 3.10 ----------------------------------------------------------------------------


def python310() -> Path:
    """The Python 3.10 interpreter: ``pyenv prefix 3.10``, pyenv's versions folder, or
    ``python3.10`` on PATH. Missing, the test fails: the claim it checks cannot go unchecked."""
    candidates: list[Path] = []
    try:
        prefix = subprocess.run(
            ["pyenv", "prefix", "3.10"], capture_output=True, text=True, timeout=60, check=False
        )
        if prefix.returncode == 0:
            candidates += [Path(p) / "bin" / "python" for p in prefix.stdout.split(os.pathsep)]
    except OSError:
        pass
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted(pyenv_root.glob("versions/3.10*/bin/python"), reverse=True)
    on_path = shutil.which("python3.10")
    candidates += [Path(on_path)] if on_path else []
    for candidate in candidates:
        candidate = Path(str(candidate).strip())
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(
        "no Python 3.10 found (`pyenv prefix 3.10`, $PYENV_ROOT/versions/3.10*/bin/python, "
        "python3.10 on PATH): the client's Python 3.10 support is unchecked; install one, "
        "e.g. `pyenv install 3.10`"
    )


PROJECT = "0123456789abcdef0123456789abcdef"
AK, SK, TOKEN = "PY310ACCESSKEY000001", "py310-secret-key", "py310-iam-token"
JOBS, SEED = 40, 11

#: Runs in the Python 3.10 venv: token and AK/SK calls, sync and async paging, a typed page,
#: the enumerations' behaviour, and the note on an error after retries (no add_note on 3.10).
ON_310 = """
import asyncio, json, sys
import httpx
from modelarts_training_client import (
    AkSkAuth, AuthenticatedClient, Client, RetryPolicy, aiter_training_jobs, iter_training_jobs,
)
from modelarts_training_client.api.training_jobs import list_training_jobs
from modelarts_training_client.models import (
    Filter, FilterOperator, JobSearches, JobSearchesOrder, ListTrainingJobsResponse,
)

base_url, closed_url, project, ak, sk, token = sys.argv[1:7]
search = JobSearches(
    limit=2, filters=[Filter(key="phase", operator=FilterOperator.IN, value=["Running"])]
)
name = lambda job: job.to_dict()["metadata"]["name"]
with AuthenticatedClient(base_url=base_url, token=token) as client:
    token_names = [name(job) for job in iter_training_jobs(client, project, search)]
    page = list_training_jobs.sync_detailed(project, client=client, body=JobSearches(limit=3))
with Client(base_url=base_url, httpx_args={"auth": AkSkAuth(ak, sk, project)}) as signed:
    signed_names = [name(job) for job in iter_training_jobs(signed, project, search)]

async def collect():
    async with AuthenticatedClient(base_url=base_url, token=token) as client:
        return [name(job) async for job in aiter_training_jobs(client, project, search)]

policy = RetryPolicy(attempts=2, backoff=0.01, jitter=0.0)
try:
    with AuthenticatedClient(base_url=closed_url, token=token, retry=policy) as client:
        list_training_jobs.sync_detailed(project, client=client, body=JobSearches())
    notes = None
except httpx.ConnectError as error:
    notes = getattr(error, "__notes__", None)

member = FilterOperator.IN
print(json.dumps({
    "python": list(sys.version_info[:2]),
    "token": token_names,
    "signed": signed_names,
    "async": asyncio.run(collect()),
    "page": [page.status_code, type(page.parsed).__name__, page.parsed.count,
             len(page.parsed.items)],
    "enum": [str(member), f"{member}", format(member, ">4"), "%s" % member, member == "in",
             isinstance(member, str), json.dumps(member), FilterOperator("in") is member,
             repr(member), [str(m) for m in JobSearchesOrder]],
    "notes": notes,
}))
"""


class Reference(StrEnum):
    """What the enumerations were: a StrEnum, for comparison with their Python 3.10 form."""

    IN = "in"


def enum_facts(member: Any, order: list[str]) -> list[Any]:
    """The behaviours ON_310 prints, of ``member`` here (``FilterOperator.IN``'s stand-in)."""
    return [
        str(member),
        f"{member}",
        format(member, ">4"),
        "%s" % member,  # noqa: UP031 - the %-format is one of the behaviours compared
        member == "in",
        isinstance(member, str),
        json.dumps(member),
        type(member)("in") is member,
        repr(member).replace("Reference", "FilterOperator"),
        order,
    ]


@pytest.fixture
def mock() -> Iterator[MockServer]:
    config = MockConfig(jobs=JOBS, seed=SEED, credentials=(AK, SK), tokens=(TOKEN,))
    with MockServer(config) as server:
        yield server


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_the_client_wheel_runs_on_python_3_10(
    built: Built, tmp_path: Path, mock: MockServer
) -> None:
    python = fresh_venv(python310(), tmp_path / "venv")
    pip(python, "install", "--quiet", "--no-cache-dir", "--no-compile", built.client_wheel)
    found = inventory(python)
    assert found["python"].startswith("3.10.")
    assert {normalize(n) for n in found["distributions"]} == needed(found, CLIENT)

    script = tmp_path / "on_310.py"
    script.write_text(ON_310)
    done = run(
        [
            python,
            "-I",
            script,
            mock.url,
            f"http://127.0.0.1:{closed_port()}",
            PROJECT,
            AK,
            SK,
            TOKEN,
        ],
        cwd=tmp_path,
        env=child_env(HOME=str(tmp_path)),
    )
    out = json.loads(done.stdout)
    assert out["python"] == [3, 10]
    running = sorted(
        job["metadata"]["name"]
        for job in make_jobs(JOBS, SEED)
        if job["status"]["phase"] == "Running"
    )
    assert len(running) > 2  # more than a page of 2: paging is exercised
    assert sorted(out["token"]) == sorted(out["signed"]) == sorted(out["async"]) == running
    assert out["page"] == [200, "ListTrainingJobsResponse", JOBS, 3]
    assert out["enum"] == enum_facts(Reference.IN, ["asc", "desc"])
    assert out["notes"] == ["(after 2 attempts)"]
