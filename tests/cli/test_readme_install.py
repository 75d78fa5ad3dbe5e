"""The README starts, for users, with how to install (before the contributors' ``make``), names
every extra of ``pyproject.toml`` and what it pulls in; the message of a missing Hypothesis is
a command that works without a package index entry."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"\n## {title}\n")
    end = readme.index("\n## ", start + 1)
    return readme[start:end]


def test_install_comes_before_the_contributors_first_steps() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.index("\n## Install\n") < readme.index("\n## First steps\n")


def test_install_names_each_extra_and_what_it_pulls_in() -> None:
    text = section("Install")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "pip install 'modelarts-training-contract @ git+" in text
    assert "pip install 'modelarts-training-contract[strategies] @ git+" in text
    assert ".whl[strategies]'" in text
    assert "Python >= 3.11" in text
    for extra, requirements in project["optional-dependencies"].items():
        if extra == "dev":
            continue
        assert f"`{extra}`" in text, extra
        for requirement in requirements:
            assert requirement.split(">")[0].split("=")[0].split("<")[0] in text
    # The validators' and the client's own requirements (setup.py and generated/pyproject.toml),
    # as installed: the extras' are checked above.
    for distribution in ("modelarts-training-contract", "modelarts-training-client"):
        for line in importlib.metadata.requires(distribution) or []:
            requirement = Requirement(line)
            if requirement.marker is None:
                assert f"`{requirement.name}`" in text, (distribution, requirement.name)


def test_a_missing_hypothesis_says_a_command_that_needs_no_index_entry() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import modelarts_validators.strategies\n"
        "except ImportError as error:\n    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    message = done.stdout.strip()
    assert "pip install 'hypothesis>=6.100'" in message
    # the extra's name alone is not a command (the distribution is not on a package index)
    assert "pip install 'modelarts-training-contract[strategies]'" not in message
    assert "README" in message
