"""Generate the typed client from the spec, or check that the committed one is up to date.

    python codegen/generate.py          # rewrite generated/modelarts_training_client/
    python codegen/generate.py --check  # regenerate into a temporary folder, diff, exit 1 on drift

(``make generate``, ``make check-generated``.) ``codegen/`` is build-time only: neither the
validators nor the generated client import anything from it, and it imports neither of them.

The generated package is a pure function of files in the repository and of the pinned tools:

- openapi/training-job-searches.yaml, the spec;
- codegen/client-config.yaml, the generator's configuration (names, ruff post-hooks);
- codegen/templates/, custom templates that replace some of the generator's own;
- codegen/extras/*.py, hand-written modules copied into the package unchanged;
- openapi-python-client and ruff at the versions pinned in pyproject.toml. The generator's
  post-hooks call `ruff` through PATH, so this script puts the ruff of its own environment first
  on PATH and refuses to run with versions other than the pinned ones.

openapi-python-client writes into a fresh temporary folder (its `--overwrite` would delete the
whole output folder, and `--meta none` leaves no py.typed); this script then restores class
names that the generator's casing changed (see `component_renames`), adds `py.typed`, drops tool
caches, copies the extras in, and only then replaces
generated/modelarts_training_client/. Nothing else in the repository is written.

Exit status: 0 done / up to date, 1 the committed package differs (--check), 2 the generator or a
tool failed.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import yaml
from openapi_python_client.strings import ClassName

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "training-job-searches.yaml"
CONFIG = ROOT / "codegen" / "client-config.yaml"
TEMPLATES = ROOT / "codegen" / "templates"
EXTRAS = ROOT / "codegen" / "extras"
#: The one place the version is written (read as text: codegen imports nothing of the packages).
VERSION_FILE = ROOT / "validators" / "modelarts_validators" / "_version.py"
LICENSE = ROOT / "LICENSE"
PACKAGE_NAME = "modelarts_training_client"
TARGET = ROOT / "generated" / PACKAGE_NAME
PYPROJECT = ROOT / "pyproject.toml"

#: Tool output that must never end up in the package.
CACHE_NAMES = frozenset({".ruff_cache", "__pycache__", ".mypy_cache", ".pytest_cache"})
#: What the generator itself writes into py.typed when it writes one.
PY_TYPED = "# Marker file for PEP 561"
#: The distributions whose exact versions decide the output.
PINNED_TOOLS = ("openapi-python-client", "ruff")


class ToolError(Exception):
    """The generator or a pinned tool is missing, at the wrong version, or failed."""


def pinned_versions(pyproject: Path = PYPROJECT) -> dict[str, str]:
    """The `name==version` pins of PINNED_TOOLS in pyproject's `dev` extra."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    dev: list[str] = data["project"]["optional-dependencies"]["dev"]
    pins: dict[str, str] = {}
    for requirement in dev:
        match = re.fullmatch(r"\s*([A-Za-z0-9._-]+)\s*==\s*([^\s;]+)\s*", requirement)
        if match and match[1].lower() in PINNED_TOOLS:
            pins[match[1].lower()] = match[2]
    missing = sorted(set(PINNED_TOOLS) - set(pins))
    if missing:
        raise ToolError(f"{pyproject}: no exact pin for {', '.join(missing)} in the dev extra")
    return pins


def check_tools(scripts_dir: Path) -> None:
    """Refuse to generate with tools other than the pinned ones."""
    for name, wanted in pinned_versions().items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            raise ToolError(f"{name} is not installed; run `make setup`") from None
        if installed != wanted:
            raise ToolError(f"{name} {installed} is installed, pyproject.toml pins {wanted}")
    ruff = scripts_dir / "ruff"
    if not ruff.exists():
        raise ToolError(f"no ruff executable in {scripts_dir}")
    version = subprocess.run(
        [str(ruff), "--version"], capture_output=True, text=True, check=False
    ).stdout.split()
    if version[-1:] != [pinned_versions()["ruff"]]:
        raise ToolError(f"{ruff} reports {' '.join(version)!r}, not the pinned version")


def component_renames(spec: Path = SPEC) -> dict[str, str]:
    """Generated class name -> component name, for components the generator's casing changes.

    openapi-python-client PascalCases every schema name, splitting it at digits: the component
    ``ParameterI18nDescription`` becomes the class ``ParameterI18NDescription``, and a
    ``class_overrides`` entry cannot undo it (its ``class_name`` goes through the same casing).
    """
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    renames: dict[str, str] = {}
    for name in document.get("components", {}).get("schemas", {}):
        generated = ClassName(name, "field_")
        if generated != name and name.isidentifier():
            renames[str(generated)] = name
    return renames


def restore_component_names(package: Path, renames: dict[str, str]) -> None:
    """Rename classes back to their component names, as whole words in every module.

    The names differ only in letter case, so the result keeps ruff's formatting. A component name
    that the output already uses for something else is a tool error, not a silent merge.
    """
    if not renames:
        return
    modules = sorted(package.rglob("*.py"))
    texts = {path: path.read_text(encoding="utf-8") for path in modules}
    for generated, wanted in renames.items():
        if any(re.search(rf"\b{re.escape(wanted)}\b", text) for text in texts.values()):
            raise ToolError(f"cannot rename class {generated} to {wanted}: the name is taken")
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(renames))) + r")\b")
    for path, text in texts.items():
        renamed = pattern.sub(lambda match: renames[match[1]], text)
        if renamed != text:
            path.write_text(renamed, encoding="utf-8")


def _ignore_caches(_directory: str, names: list[str]) -> set[str]:
    return {name for name in names if name in CACHE_NAMES or name.endswith(".pyc")}


def build(workdir: Path) -> Path:
    """Generate the complete package inside ``workdir``; return the package folder."""
    scripts_dir = Path(sysconfig.get_path("scripts"))
    check_tools(scripts_dir)
    workdir.mkdir(parents=True, exist_ok=True)
    output = workdir / "openapi-python-client-output"
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(SPEC),
        "--config",
        str(CONFIG),
        "--custom-template-path",
        str(TEMPLATES),
        "--meta",
        "none",
        "--output-path",
        str(output),
        "--file-encoding",
        "utf-8",
        "--fail-on-warning",
    ]
    # The pinned ruff first on PATH: the post-hooks in client-config.yaml call plain `ruff`.
    env = {**os.environ, "PATH": os.pathsep.join([str(scripts_dir), os.environ.get("PATH", "")])}
    result = subprocess.run(
        command, cwd=workdir, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ToolError(
            f"openapi-python-client failed (exit {result.returncode}):\n{result.stdout}{result.stderr}"
        )

    package = workdir / PACKAGE_NAME
    shutil.copytree(output, package, ignore=_ignore_caches, copy_function=shutil.copyfile)
    restore_component_names(package, component_renames())
    (package / "py.typed").write_text(PY_TYPED, encoding="utf-8")
    for extra in sorted(EXTRAS.glob("*.py")):
        destination = package / extra.name
        if destination.exists():
            raise ToolError(f"{extra.relative_to(ROOT)} would replace the generated {extra.name}")
        shutil.copyfile(extra, destination)
    shutil.copyfile(LICENSE, package / "LICENSE")
    version, spec_version = versions()
    (package / "_version.py").write_text(version_module(version, spec_version), encoding="utf-8")
    init = package / "__init__.py"
    text = init.read_text(encoding="utf-8")
    text = text.replace("@@VERSION@@", version).replace("@@SPEC_VERSION@@", spec_version)
    init.write_text(text, encoding="utf-8")
    return package


def versions(version_file: Path = VERSION_FILE, spec: Path = SPEC) -> tuple[str, str]:
    """The kit's version (its one source, read as text) and the spec's ``info.version``."""
    found = re.search(r'^__version__ = "([^"]+)"$', version_file.read_text(encoding="utf-8"), re.M)
    if found is None:
        raise ToolError(f'{version_file.relative_to(ROOT)}: no __version__ = "..." line')
    info = yaml.safe_load(spec.read_text(encoding="utf-8")).get("info", {})
    return found[1], str(info.get("version", ""))


def version_module(version: str, spec_version: str) -> str:
    """``_version.py`` of the generated package, so that a team can tell what it copied."""
    return (
        '"""The version of this client: the contract kit\'s it was generated with, and the\n'
        'version of the spec it was generated from (``info.version``)."""\n\n'
        f'__version__ = "{version}"\n'
        f'SPEC_VERSION = "{spec_version}"\n'
    )


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its POSIX relative path, tool caches left out."""
    files: dict[str, bytes] = {}
    if not root.is_dir():
        return files
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in CACHE_NAMES for part in relative.parts) or path.suffix == ".pyc":
            continue
        if path.is_file():
            files[relative.as_posix()] = path.read_bytes()
    return files


def diff_trees(expected: dict[str, bytes], actual: dict[str, bytes], label: str) -> list[str]:
    """A unified diff from ``actual`` (the committed files) to ``expected`` (regenerated)."""
    lines: list[str] = []
    for name in sorted(expected.keys() | actual.keys()):
        old, new = actual.get(name), expected.get(name)
        if old == new:
            continue
        old_text = [] if old is None else old.decode("utf-8", "replace").splitlines(keepends=True)
        new_text = [] if new is None else new.decode("utf-8", "replace").splitlines(keepends=True)
        old_name = "/dev/null" if old is None else f"{label}/{name}"
        new_name = "/dev/null" if new is None else f"regenerated/{name}"
        diff = list(difflib.unified_diff(old_text, new_text, old_name, new_name))
        if not diff:  # an empty file on one side, or the same text in different bytes
            note = (
                "empty file" if not (old or new) else "same text, different bytes (line endings?)"
            )
            diff = [f"--- {old_name}\n", f"+++ {new_name}\n", f"({note})\n"]
        lines.extend(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            for line in diff
        )
    return lines


def generate(stderr: TextIO) -> int:
    with tempfile.TemporaryDirectory(prefix="generate-client-") as tmp:
        package = build(Path(tmp))  # any failure happens here, before TARGET is touched
        shutil.rmtree(TARGET, ignore_errors=True)
        shutil.copytree(package, TARGET, copy_function=shutil.copyfile)
    print(f"wrote {TARGET.relative_to(ROOT)}/ ({len(read_tree(TARGET))} files)", file=stderr)
    return 0


def check(stdout: TextIO, stderr: TextIO) -> int:
    with tempfile.TemporaryDirectory(prefix="check-generated-") as tmp:
        expected = read_tree(build(Path(tmp)))
    label = TARGET.relative_to(ROOT).as_posix()
    lines = diff_trees(expected, read_tree(TARGET), label)
    if lines:
        stdout.writelines(lines)
        print(
            f"{label}/ differs from what the spec, codegen/client-config.yaml, codegen/templates/ "
            "and codegen/extras/ generate; run `make generate` and commit the result",
            file=stderr,
        )
        return 1
    print(f"{label}/ is up to date ({len(expected)} files)", file=stderr)
    return 0


def main(
    argv: Sequence[str] | None = None, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr
) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check",
        action="store_true",
        help="regenerate into a temporary folder and fail with a diff if the committed package differs",
    )
    args = parser.parse_args(argv)
    try:
        return check(stdout, stderr) if args.check else generate(stderr)
    except ToolError as error:
        print(f"generate: {error}", file=stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
