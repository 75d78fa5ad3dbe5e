"""Suggested spec updates (``--suggest FILE``): an OpenAPI Overlay 1.0.0 document with one
action per drift the traffic showed.

- an undocumented field is recorded under ``x-observed-properties`` of the schema it appeared
  in: ``{name: {types: [...], count: N, first_seen: ..., last_seen: ...}}`` (the dates when
  the capture has timestamps, HAR's ``startedDateTime``, in UTC);
- an undocumented value of an open enumeration (``x-documented-values``) under
  ``x-observed-values`` of the field's schema: ``{value: {count: N, first_seen, last_seen}}``.

Names and values pass through the reports' credential scrubbing (a token sent as a filter key
is written ``[REDACTED]``). Nothing else is touched: types, enumerations, ``required`` and descriptions stay as the page
says; the overlay only adds ``x-observed-*`` extensions, which a reviewer can accept into the
transcription or not. The document depends only on the traffic (no clock, no paths): the same
traffic gives the same bytes, more traffic updates the counts and dates.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from ..contract.pointers import Location, fragment
from ..contract.redact import scrub
from ..contract.short_cache import LONGEST
from ..run.coverage import MAX_OBSERVED, CoveragePlan, Tally

OVERLAY_VERSION = "1.0.0"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def json_path(location: Location) -> str:
    """A location as a JSONPath selecting exactly that node: ``$.components.schemas.Status``,
    with bracket notation for names that are not plain identifiers."""
    parts = ["$"]
    for token in location:
        if _NAME.match(token):
            parts.append(f".{token}")
        else:
            escaped = token.replace("\\", "\\\\").replace("'", "\\'")
            parts.append(f"['{escaped}']")
    return "".join(parts)


def _seen(count: int, times: tuple[str, str] | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"count": count}
    if times is not None:
        entry["first_seen"], entry["last_seen"] = times
    return entry


#: What ``x-unrecorded`` counts, at the root of an overlay with drift it does not list.
UNRECORDED = (
    f"occurrences of undocumented fields and values not listed here: a name or value longer than"
    f" {LONGEST} characters, or new after {MAX_OBSERVED:,} distinct ones were listed"
)


def suggestion_overlay(plan: CoveragePlan, tally: Tally) -> dict[str, Any]:
    """The Overlay document of what ``tally`` saw undocumented (no action: an empty list)."""
    tally.drain()  # (the counts kept elsewhere while checking: the exchanges it names)
    fields: dict[tuple[Location, str], dict[str, Any]] = {}
    for (_side, location, name), count in tally.observed_fields.items():
        key = (location, scrub(name))
        known = fields.setdefault(key, {"types": set(), "count": 0, "times": None})
        known["count"] += count
        known["types"] |= tally.observed_field_types.get((_side, location, name), set())
        known["times"] = _union(known["times"], tally.field_times.get((_side, location, name)))
    values: dict[tuple[Location, str], dict[str, Any]] = {}
    for (_side, location, value), count in tally.observed_values.items():
        known = values.setdefault((location, scrub(value)), {"count": 0, "times": None})
        known["count"] += count
        known["times"] = _union(known["times"], tally.value_times.get((_side, location, value)))
    actions: list[dict[str, Any]] = []
    for (location, name), seen in sorted(fields.items()):
        entry = {"types": sorted(seen["types"]), **_seen(seen["count"], seen["times"])}
        actions.append(
            {
                "target": json_path(location),
                "description": f"{name!r} is sent in {fragment(location)}, which does not "
                "document it",
                "update": {"x-observed-properties": {name: entry}},
            }
        )
    for (location, value), seen in sorted(values.items()):
        actions.append(
            {
                "target": json_path(location),
                "description": f"{value!r} is sent as {fragment(location)}, whose documented "
                "values do not list it",
                "update": {"x-observed-values": {value: _seen(seen["count"], seen["times"])}},
            }
        )
    if not actions:  # the format wants at least one action: one that changes nothing
        actions.append({"target": "$.info", "description": "no drift was observed", "update": {}})
    info = plan.spec.document.get("info", {})
    title = info.get("title", "the contract") if isinstance(info, dict) else "the contract"
    version = info.get("version", "") if isinstance(info, dict) else ""
    document: dict[str, Any] = {
        "overlay": OVERLAY_VERSION,
        "info": {
            "title": f"Observed drift from {title}",
            "version": f"{version}+observed.{tally.exchanges}",
        },
        "actions": actions,
    }
    if tally.unrecorded_fields or tally.unrecorded_values:
        document["x-unrecorded"] = {
            "fields": tally.unrecorded_fields,
            "values": tally.unrecorded_values,
            "description": UNRECORDED,
        }
    return document


def _union(mine: tuple[str, str] | None, other: tuple[str, str] | None) -> tuple[str, str] | None:
    if mine is None or other is None:
        return mine or other
    return (min(mine[0], other[0]), max(mine[1], other[1]))


def overlay_text(document: dict[str, Any], name: str) -> str:
    """The overlay as JSON when ``name`` ends in ``.json``, as YAML otherwise."""
    if name.lower().endswith(".json"):
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    import yaml  # here: a run with --coverage and no --suggest need not load it

    return yaml.dump(document, Dumper=_dumper(), sort_keys=False, allow_unicode=True, width=100)


#: A plain scalar YAML 1.2's core schema reads as something other than a string (PyYAML, which
#: writes YAML 1.1, leaves ``1e3``, ``0o17`` or ``+.5`` plain; openapi-format reads them as
#: numbers).
_NOT_A_STRING_IN_YAML_12 = re.compile(
    r"(?:null|Null|NULL|~|true|True|TRUE|false|False|FALSE"
    r"|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)


@cache
def _dumper() -> Any:
    """PyYAML's safe dumper, quoting every string a YAML 1.1 or 1.2 reader would take for
    another type: the overlay means the same to either."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def string(dumper: Any, value: str) -> Any:
        style = "'" if _NOT_A_STRING_IN_YAML_12.match(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, string)
    return Dumper
