"""The committed client is what codegen/generate.py makes, every time, and has the intended shape:
the spec's component names as classes, one call module with four functions, py.typed, no tool
caches, the hand-written extras (codegen/extras/) copied verbatim, and a guarded public API."""

from __future__ import annotations

import importlib.util
import inspect
import io
from pathlib import Path
from types import ModuleType
from typing import Any

import modelarts_training_client
import pytest
from modelarts_training_client import models
from modelarts_training_client.api.training_jobs import list_training_jobs
from modelarts_training_client.models import JobSearches

from tests.support.reference import SPEC
from tests.support.shared import shared_folder

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "generated" / "modelarts_training_client"


def _load_generate() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_script", ROOT / "codegen" / "generate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate: Any = _load_generate()


@pytest.fixture(scope="module")
def built(request: pytest.FixtureRequest) -> Path:
    """The package as ``generate.build`` makes it: built once for the session (a build runs
    openapi-python-client and ruff, seconds), shared by the test workers; never written to."""
    folder = shared_folder(request, "generated-client", lambda folder: generate.build(folder))
    return folder / str(generate.PACKAGE_NAME)


def test_generation_is_deterministic_and_matches_the_committed_package(
    built: Path, tmp_path: Path
) -> None:
    first = generate.read_tree(built)
    second = generate.read_tree(generate.build(tmp_path / "second"))
    assert first == second
    assert generate.diff_trees(first, generate.read_tree(PACKAGE), "committed") == []


def test_build_output_has_py_typed_and_no_caches(built: Path) -> None:
    package = built
    names = {path.name for path in package.rglob("*")}
    assert (package / "py.typed").is_file()
    assert names.isdisjoint({".ruff_cache", "__pycache__", ".mypy_cache", ".pytest_cache"})
    assert not any(name.endswith(".pyc") for name in names)
    # Only the package: no pyproject.toml, README or .gitignore from the generator.
    assert sorted(path.name for path in package.iterdir() if path.is_file()) == [
        "LICENSE",
        "__init__.py",
        "_version.py",
        "api_errors.py",
        "client.py",
        "credentials.py",
        "errors.py",
        "logs.py",
        "paging.py",
        "parsing.py",
        "py.typed",
        "regions.py",
        "retries.py",
        "signing.py",
        "types.py",
    ]


def test_check_mode_reports_drift_as_a_diff(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --check compares what build() makes with the committed package; build() is the shared
    # build (deterministic, as the first test shows; make check-generated runs a real one)
    monkeypatch.setattr(generate, "build", lambda workdir: built)
    committed = tmp_path / "generated" / "modelarts_training_client"
    committed.mkdir(parents=True)
    for name, content in generate.read_tree(PACKAGE).items():
        (committed / name).parent.mkdir(parents=True, exist_ok=True)
        (committed / name).write_bytes(content)
    monkeypatch.setattr(generate, "TARGET", committed)
    monkeypatch.setattr(generate, "ROOT", tmp_path)

    stdout, stderr = io.StringIO(), io.StringIO()
    assert generate.main(["--check"], stdout, stderr) == 0
    assert stdout.getvalue() == ""

    types_py = committed / "types.py"
    types_py.write_text(types_py.read_text().replace("class Unset:", "class Unset:  # edited"))
    (committed / "stray.py").write_text("x = 1\n")
    (committed / "__pycache__").mkdir(exist_ok=True)  # caches are not drift
    (committed / "__pycache__" / "types.cpython-311.pyc").write_bytes(b"\0")
    stdout, stderr = io.StringIO(), io.StringIO()
    assert generate.main(["--check"], stdout, stderr) == 1
    diff = stdout.getvalue()
    assert "--- generated/modelarts_training_client/types.py\n+++ regenerated/types.py\n" in diff
    assert "-class Unset:  # edited\n+class Unset:\n" in diff
    assert (
        "--- generated/modelarts_training_client/stray.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x = 1\n"
        in diff
    )
    assert "pycache" not in diff
    assert "make generate" in stderr.getvalue()


def test_wrong_tool_version_is_a_tool_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        generate, "pinned_versions", lambda: {"openapi-python-client": "0.0.1", "ruff": "0.17.5"}
    )
    stderr = io.StringIO()
    assert generate.main(["--check"], io.StringIO(), stderr) == 2
    assert (
        "openapi-python-client 0.29.1 is installed, pyproject.toml pins 0.0.1" in stderr.getvalue()
    )


def test_pins_are_read_from_pyproject() -> None:
    assert generate.pinned_versions() == {"openapi-python-client": "0.29.1", "ruff": "0.17.5"}


def test_extras_are_copied_verbatim() -> None:
    extras = sorted((ROOT / "codegen" / "extras").glob("*.py"))
    assert [path.name for path in extras] == [
        "api_errors.py",
        "credentials.py",
        "logs.py",
        "paging.py",
        "parsing.py",
        "regions.py",
        "retries.py",
        "signing.py",
    ]
    for extra in extras:
        assert (PACKAGE / extra.name).read_bytes() == extra.read_bytes()


def test_classes_are_named_after_the_spec_components() -> None:
    schemas = SPEC["components"]["schemas"]
    objects = [name for name, schema in schemas.items() if schema.get("type") == "object"]
    assert len(objects) == len(schemas) - 1  # every component but ProjectId, a string
    for name in objects:
        cls = getattr(models, name)
        assert cls.__name__ == name
        assert hasattr(cls, "additional_properties")
    for name in (
        "JobSearches",
        "Filter",
        "ListTrainingJobsResponse",
        "JobResponse",
        "ModelArtsError",
    ):
        assert name in models.__all__


def test_the_call_module_has_the_four_functions() -> None:
    assert Path(list_training_jobs.__file__ or "") == (
        PACKAGE / "api" / "training_jobs" / "list_training_jobs.py"
    )
    assert not inspect.iscoroutinefunction(list_training_jobs.sync)
    assert not inspect.iscoroutinefunction(list_training_jobs.sync_detailed)
    assert inspect.iscoroutinefunction(list_training_jobs.asyncio)
    assert inspect.iscoroutinefunction(list_training_jobs.asyncio_detailed)
    parameters = inspect.signature(list_training_jobs.sync_detailed).parameters
    assert list(parameters) == ["project_id", "client", "body"]


def test_one_json_body_for_the_two_media_types() -> None:
    """The spec lists application/json and application/json;charset=utf-8 for one schema; the
    client has one body parameter and sends the first media type."""
    kwargs = list_training_jobs._get_kwargs("p", body=JobSearches(limit=1))
    assert kwargs["headers"] == {"Content-Type": "application/json"}
    assert kwargs["json"] == {"limit": 1, "sort_by": "create_time", "order": "desc"}
    source = (PACKAGE / "api" / "training_jobs" / "list_training_jobs.py").read_text()
    assert source.count("body.to_dict()") == 1
    assert "charset" not in source


def test_public_api() -> None:
    assert modelarts_training_client.__all__ == (
        "DEFAULT_TIMEOUT",
        "SPEC_VERSION",
        "AkSkAuth",
        "AuthenticatedClient",
        "Client",
        "Credentials",
        "CredentialsError",
        "ModelArtsApiError",
        "PagingError",
        "ResponseParseError",
        "RetryPolicy",
        "UnknownRegionError",
        "aget_training_job_page",
        "aiter_training_jobs",
        "endpoint",
        "get_training_job_page",
        "iter_training_jobs",
    )
    for name in modelarts_training_client.__all__:
        if name in ("DEFAULT_TIMEOUT", "SPEC_VERSION"):  # values, not definitions
            continue
        assert getattr(modelarts_training_client, name).__module__.startswith(
            "modelarts_training_client."
        )


def test_token_client_defaults() -> None:
    client = modelarts_training_client.AuthenticatedClient(
        base_url="http://127.0.0.1", token="secret"
    )
    assert (client.auth_header_name, client.prefix) == ("X-Auth-Token", "")
    assert client.get_httpx_client().headers["X-Auth-Token"] == "secret"
    assert "secret" not in repr(client)


def test_component_names_the_generator_recases_are_restored(tmp_path: Path) -> None:
    assert generate.component_renames() == {"ParameterI18NDescription": "ParameterI18nDescription"}
    module = tmp_path / "m.py"
    module.write_text("class ParameterI18NDescription: ...\nx: ParameterI18NDescriptionItem\n")
    generate.restore_component_names(
        tmp_path, {"ParameterI18NDescription": "ParameterI18nDescription"}
    )
    assert (
        module.read_text()
        == "class ParameterI18nDescription: ...\nx: ParameterI18NDescriptionItem\n"
    )
    module.write_text("class A: ...\nclass B: ...\n")
    with pytest.raises(generate.ToolError, match="the name is taken"):
        generate.restore_component_names(tmp_path, {"A": "B"})
