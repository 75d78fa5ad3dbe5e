"""The checks around ``make apply-overlay``, before and after openapi-format applies an overlay.

    python scripts/overlay_apply.py read OVERLAY OUT.json
        Read OVERLAY (YAML or JSON), hold it to the Overlay 1.0 JSON Schema
        (``tests/data/overlay/overlay-1.0.schema.json``) and write it to OUT.json as JSON: the
        file openapi-format is given. openapi-format applies an overlay it cannot parse as if it
        were empty, reads YAML by YAML 1.2 (``1e3`` is a number there, a string to PyYAML, which
        wrote it) and drops every action of a YAML overlay with a member named ``$ref``; as JSON,
        the overlay means what the YAML reader of this project read.

    python scripts/overlay_apply.py applied OVERLAY.json SPEC MERGED
        Whether openapi-format applied every action: each ``update`` whose target (a JSONPath of
        names, as ``--suggest`` writes them) selects a node of SPEC must be found in that node of
        MERGED, with the updates of the same target after it merged in (an action another one
        after it removes, or changes above or below its target, is not checked). An action that selects nothing in SPEC is a warning (the Overlay specification
        lets it change nothing); a target of other JSONPath syntax is not checked. Exit 2 and
        MERGED removed when an action was not applied.

Each failure is one line on stderr, starting ``apply-overlay:``, and exit code 2.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "tests" / "data" / "overlay" / "overlay-1.0.schema.json"

#: One step of a target as ``--suggest`` writes it: ``.name`` or ``['name']`` (``\\`` and ``\'``
#: escaped).
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\['((?:[^'\\]|\\.)*)'\]")
_ESCAPE = re.compile(r"\\(.)")
_MISSING = object()


def fail(message: str) -> None:
    print(f"apply-overlay: {message}", file=sys.stderr)
    sys.exit(2)


def read(name: str, out: str) -> None:
    import jsonschema
    import yaml

    try:
        with open(name, encoding="utf-8") as stream:
            overlay = yaml.safe_load(stream)
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        actions = schema.get("properties", {}).get("actions", {})
        if actions.pop("uniqueItems", False):  # (jsonschema compares every pair: hours on
            unique(overlay)  # an overlay of 20,000 actions; the same check, by hashing)
        jsonschema.validate(overlay, schema)
        text = json.dumps(overlay, indent=2, ensure_ascii=False, default=str)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, jsonschema.ValidationError) as error:
        message = getattr(error, "message", None) or " ".join(str(error).split())
        fail(f"{name} is not an Overlay 1.0 document: {message}")
    Path(out).write_text(text + "\n", encoding="utf-8")


def unique(overlay: Any) -> None:
    """The ``uniqueItems`` of the schema's ``actions``, checked by hashing each action's JSON
    (keys sorted: equal JSON values, equal texts) rather than comparing every pair."""
    import jsonschema

    actions = overlay.get("actions") if isinstance(overlay, dict) else None
    if not isinstance(actions, list):
        return  # (the schema says what is wrong)
    seen: set[str] = set()
    for action in actions:
        text = json.dumps(action, sort_keys=True, ensure_ascii=False, default=str)
        if text in seen:
            raise jsonschema.ValidationError(f"{action!r} is a second copy of an action")
        seen.add(text)


def steps(target: str) -> list[str] | None:
    """The names a target selects one after another; None when it is not a path of names."""
    if not target.startswith("$"):
        return None
    names: list[str] = []
    at = 1
    while at < len(target):
        found = _STEP.match(target, at)
        if found is None:
            return None
        plain, quoted = found.groups()
        names.append(plain if plain is not None else _ESCAPE.sub(r"\1", quoted))
        at = found.end()
    return names


def select(document: Any, names: list[str]) -> Any:
    node = document
    for name in names:
        if not isinstance(node, dict) or name not in node:
            return _MISSING
        node = node[name]
    return node


def holds(node: Any, update: Any) -> bool:
    """Whether ``node`` has everything ``update`` merges into it (objects deeply; each item of
    an array; any other value equal)."""
    if isinstance(update, dict):
        return isinstance(node, dict) and all(
            key in node and holds(node[key], value) for key, value in update.items()
        )
    if isinstance(update, list):
        return isinstance(node, list) and all(item in node for item in update)
    return bool(node == update)


def merge(mine: Any, later: Any) -> Any:
    """What an update merges into: objects deeply, anything else replaced."""
    if isinstance(mine, dict) and isinstance(later, dict):
        merged = dict(mine)
        for key, value in later.items():
            merged[key] = merge(mine[key], value) if key in mine else value
        return merged
    return later


def later_state(update: Any, names: list[str], later: list[tuple[Any, Any]]) -> Any:
    """What ``update`` should still be found as after the actions that follow it (actions apply
    in order): later updates of the same target merged in; None when a later action removes
    it, or changes a node above or below it, or has a target this check cannot place."""
    expected = update
    for action, other in later:
        if other is None:
            return None
        if other == names:
            if action.get("remove"):
                return None
            if isinstance(action.get("update"), dict):
                expected = merge(expected, action["update"])
        elif other[: len(names)] == names or names[: len(other)] == other:
            return None
    return expected


def applied(overlay_name: str, spec_name: str, merged_name: str) -> None:
    import yaml

    overlay = json.loads(Path(overlay_name).read_text(encoding="utf-8"))
    spec = yaml.safe_load(Path(spec_name).read_text(encoding="utf-8"))
    merged = json.loads(Path(merged_name).read_text(encoding="utf-8"))
    missed: list[str] = []
    nothing: list[str] = []
    checked = 0
    actions = [(a, steps(a.get("target", ""))) for a in overlay.get("actions", [])]
    for index, (action, names) in enumerate(actions):
        update = action.get("update")
        if not update or action.get("remove") or names is None:
            continue
        if select(spec, names) is _MISSING:
            nothing.append(action["target"])
            continue
        expected = later_state(update, names, actions[index + 1 :])
        if expected is None:
            continue  # (a later action changes it in a way this check does not follow)
        checked += 1
        if not holds(select(merged, names), expected):
            missed.append(action["target"])
    for target in nothing:
        print(f"apply-overlay: warning: {target} selects nothing in {spec_name}", file=sys.stderr)
    if missed:
        Path(merged_name).unlink(missing_ok=True)
        fail(
            f"openapi-format did not apply {len(missed)} of the {checked} actions checked"
            f" (the first: {missed[0]}); nothing was written"
        )


def main(argv: list[str]) -> None:
    if len(argv) == 3 and argv[0] == "read":
        read(argv[1], argv[2])
    elif len(argv) == 4 and argv[0] == "applied":
        applied(argv[1], argv[2], argv[3])
    else:
        fail("usage: overlay_apply.py read OVERLAY OUT.json | applied OVERLAY.json SPEC MERGED")


if __name__ == "__main__":
    main(sys.argv[1:])
