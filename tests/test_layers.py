"""Imports run one way through the layers of ``modelarts_validators`` (ARCHITECTURE.md):

    contract <- capture <- run <- report <- cli        mock -> contract, strategies -> contract

A layer imports only from itself and the layers before it; ``mock`` and ``strategies`` stand
beside them on ``contract``; nothing imports ``cli``, ``mock`` or ``strategies`` but the package's
entry points. ``live`` is an application layer like ``cli`` (it stands on contract, capture, run
and report); only the package's ``__init__`` imports it, for the names it exports. Every import
statement counts, at module top or inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "modelarts_validators"
ROOT = Path(__file__).resolve().parent.parent / "validators" / PACKAGE

#: The layers in order; each may import the ones before it.
ORDER = ("contract", "capture", "run", "report", "cli")
#: What each part may import from the package (besides itself, ``_version``; ``_frozen``, the
#: frozen dataclasses every layer may make; and ``_deferred``, the standard modules imported
#: without what they load for one rarely made call).
ALLOWED: dict[str, set[str]] = {
    layer: set(ORDER[: index + 1]) for index, layer in enumerate(ORDER)
} | {
    "mock": {"mock", "contract"},
    "strategies": {"strategies", "contract"},
    "live": {"live", "contract", "capture", "run", "report"},
    "__init__": {"contract", "capture", "run", "live"},
    "__main__": {"cli"},
    "_version": set(),
    "_frozen": set(),
    "_deferred": set(),
}


def part_of(module: str) -> str:
    """``modelarts_validators.run.loop`` -> ``run``; the package's own ``__init__`` -> it."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def imported(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) for every import of the package in ``source``, relative ones resolved."""
    found: list[tuple[int, str]] = []
    base = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - node.level + 1]
                target = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # ``from . import worker``: the names may be modules of the package
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == PACKAGE]


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    """Each import in ``source`` that runs against the layering, as ``module:line -> target``."""
    mine = part_of(module)
    allowed = ALLOWED[mine] | {mine, "_version", "_frozen", "_deferred"}
    wrong = []
    for line, target in imported(source, module, is_package):
        if target == PACKAGE:
            wrong.append(f"{module}:{line} -> {target} (import the module, not the package)")
        elif part_of(target) not in allowed:
            wrong.append(f"{module}:{line} -> {target}")
    return wrong


def modules() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def test_every_part_of_the_package_is_placed() -> None:
    parts = {part_of(module_name(path)) for path in modules()}
    assert parts == set(ALLOWED), "a new subpackage: place it in ORDER or ALLOWED"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_run_one_way(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert violations(source, module_name(path), path.name == "__init__.py") == []


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("modelarts_validators.contract.spec", "from ..run import loop", ["run.loop"]),
        ("modelarts_validators.capture.har", "from ..report.text import x", ["report.text"]),
        ("modelarts_validators.run.loop", "def f():\n    import modelarts_validators.cli", ["cli"]),
        ("modelarts_validators.report.text", "from ..mock import data", ["mock"]),
        ("modelarts_validators.mock.server", "from ..capture import sources", ["capture"]),
        ("modelarts_validators.strategies.walk", "from ..run.summary import S", ["run.summary"]),
        ("modelarts_validators.run.parallel.worker", "from ...report import base", ["report"]),
        ("modelarts_validators.contract.wire", "from modelarts_validators import x", ["(import"]),
        ("modelarts_validators.cli.main", "from ..live import transport", ["live.transport"]),
        ("modelarts_validators.live.judge", "from ..cli import main", ["cli.main"]),
        ("modelarts_validators.live.judge", "from ..mock import server", ["mock.server"]),
    ],
)
def test_an_import_against_the_layers_is_caught(
    module: str, source: str, expected: list[str]
) -> None:
    found = violations(source, module)
    assert len(found) >= 1
    assert all(any(e in f for f in found) for e in expected), found


@pytest.mark.parametrize(
    ("module", "source"),
    [
        (
            "modelarts_validators.cli.main",
            "from ..run.parallel import Recipe\nfrom .arguments import p",
        ),
        ("modelarts_validators.run.parallel.worker", "from ...capture.har import HarSpan"),
        ("modelarts_validators.mock.recorder", "from .._version import __version__"),
        ("modelarts_validators.report.json", "import json\nimport orjson"),
        ("modelarts_validators.live.collector", "from ..report import make_reporter"),
        ("modelarts_validators", "from .live.transport import ContractTransport"),
    ],
)
def test_imports_along_the_layers_pass(module: str, source: str) -> None:
    assert violations(source, module) == []
