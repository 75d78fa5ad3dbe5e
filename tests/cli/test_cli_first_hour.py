"""What a new user meets first: versions that say what was installed or copied, the licence,
help that matches the behaviour."""

from __future__ import annotations

import importlib.metadata
import io
from pathlib import Path

import modelarts_training_client
import modelarts_validators
import yaml
from modelarts_validators.mock import main as mock_main

from tests.support.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def test_both_commands_say_their_version() -> None:
    run = cli("--version")
    assert (run.code, run.stdout) == (0, f"modelarts-validate {modelarts_validators.__version__}\n")
    out = io.StringIO()
    assert mock_main(["--version"], out, io.StringIO()) == 0
    assert out.getvalue() == f"modelarts-mock {modelarts_validators.__version__}\n"


def test_the_version_has_one_source() -> None:
    text = (ROOT / "validators/modelarts_validators/_version.py").read_text()
    assert f'__version__ = "{modelarts_validators.__version__}"' in text
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version", "dependencies"]' in pyproject
    assert 'version = { attr = "modelarts_validators._version.__version__" }' in pyproject
    assert "\nversion = " not in pyproject.split("[tool.setuptools.dynamic]")[0]
    # The validators require the client at exactly their version, computed (setup.py) from the
    # same file, not written a second time.
    requires = importlib.metadata.requires("modelarts-training-contract") or []
    assert f"modelarts-training-client=={modelarts_validators.__version__}" in requires
    assert modelarts_validators.__version__ not in (ROOT / "setup.py").read_text()


def test_the_vendored_client_says_which_kit_and_spec_it_came_from() -> None:
    spec = yaml.safe_load((ROOT / "openapi/training-job-searches.yaml").read_text())
    assert modelarts_training_client.__version__ == modelarts_validators.__version__
    assert spec["info"]["version"] == modelarts_training_client.SPEC_VERSION
    first_lines = Path(modelarts_training_client.__file__).read_text().splitlines()[:5]
    assert any(modelarts_validators.__version__ in line for line in first_lines)
    assert any(spec["info"]["version"] in line for line in first_lines)


def test_the_licence_is_in_the_repository_and_the_vendored_folder() -> None:
    licence = (ROOT / "LICENSE").read_text()
    assert licence.lstrip().startswith("Apache License")
    assert "Version 2.0, January 2004" in licence
    folder = Path(modelarts_training_client.__file__).parent
    assert (folder / "LICENSE").read_text() == licence
    assert 'license = "Apache-2.0"' in (ROOT / "pyproject.toml").read_text()


def test_strict_help_says_what_strict_changes() -> None:
    help_text = " ".join(cli("traffic", "--help").stdout.split())
    assert "an undocumented status is an error either way" in help_text
    assert "drift (undocumented fields and values, integers beyond their format)" in help_text
