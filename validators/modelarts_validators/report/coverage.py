"""The coverage documents of a traffic run (``--coverage FILE``): JSON, markdown, and the short
section of the text summary; and the ``--min-coverage`` verdict.

The JSON document lists every target of the plan in the plan's order (the spec's order), with
how often it was seen, so that two runs over the same traffic, with any ``--jobs``, write the
same bytes. Percentages are of targets seen at least once, to one decimal::

    {"exchanges": 3,
     "summary": {"overall": {"covered": 91, "total": 325, "percent": 28.0},
                 "fields": {...}, "values": {...}, "statuses": {...}, "media_types": {...},
                 "pairs": {...}},
     "request": {"fields": [{"pointer": "/limit", "schema_pointer": "#/...", "seen": 3}, ...],
                 "values": [{"pointer": "/order", "value": "asc", "closed": true, "seen": 0,
                             "schema_pointer": "#/..."}, ...],
                 "pairs": [{"pointer": "/filters/*", "key": "phase", "operator": "in",
                            "seen": 1, "schema_pointer": "#/..."}, ...],
                 "media_types": [{"media_type": "application/json", "seen": 0}, ...]},
     "response": {"fields": [...], "values": [...], "pairs": [],
                  "statuses": [{"status": "200", "seen": 2}, ...],
                  "media_types": [{"status": "200", "media_type": "application/json",
                                   "seen": 2}, ...]}}
"""

from __future__ import annotations

import json
from typing import Any

from .._deferred import orjson
from ..run.coverage import CATEGORIES, CoveragePlan, Tally

#: Targets never seen that a failed ``--min-coverage`` names.
NAMED_MISSING = 5

Thresholds = tuple[tuple[str, float], ...]  # ("overall" or a category, percent)


def _ratio(covered: int, total: int) -> dict[str, Any]:
    percent = round(100.0 * covered / total, 1) if total else 100.0
    return {"covered": covered, "total": total, "percent": percent}


def coverage_document(plan: CoveragePlan, tally: Tally) -> dict[str, Any]:
    """The JSON coverage document (see the module's docstring); counts ``tally``'s object
    shapes into its fields first."""
    plan.flush(tally)
    sides: dict[str, dict[str, list[dict[str, Any]]]] = {
        "request": {"fields": [], "values": [], "pairs": [], "media_types": []},
        "response": {"fields": [], "values": [], "pairs": [], "statuses": [], "media_types": []},
    }
    for target, seen in zip(plan.fields, tally.fields, strict=True):
        listed: dict[str, Any] = {
            "pointer": target.pointer,
            "schema_pointer": target.schema_pointer,
            "seen": seen,
        }
        if target.observed:
            listed["x-observed"] = True
        sides[target.side]["fields"].append(listed)
    for value, seen in zip(plan.values, tally.values, strict=True):
        entry: dict[str, Any] = {
            "pointer": value.pointer,
            "value": value.value,
            "closed": value.closed,
            "seen": seen,
            "schema_pointer": value.schema_pointer,
        }
        if value.observed:
            entry["x-observed"] = True
        sides[value.side]["values"].append(entry)
    for pair, seen in zip(plan.pairs, tally.pairs, strict=True):
        first, second = pair.names
        together: dict[str, Any] = {
            "pointer": pair.pointer,
            first: pair.values[0],
            second: pair.values[1],
            "seen": seen,
            "schema_pointer": pair.schema_pointer,
        }
        if pair.observed:
            together["x-observed"] = True
        sides[pair.side]["pairs"].append(together)
    for status, seen in zip(plan.statuses, tally.statuses, strict=True):
        sides["response"]["statuses"].append({"status": status, "seen": seen})
    for media, seen in zip(plan.media, tally.media, strict=True):
        row: dict[str, Any] = {"media_type": media.media_type, "seen": seen}
        if media.side == "response":
            row = {"status": media.status, **row}
        sides[media.side]["media_types"].append(row)
    counts = {  # of the documented contract: what an overlay recorded is listed, not counted
        "fields": [c for c, t in zip(tally.fields, plan.fields, strict=True) if not t.observed],
        "values": [c for c, t in zip(tally.values, plan.values, strict=True) if not t.observed],
        "statuses": tally.statuses,
        "media_types": tally.media,
    }
    summary = {
        name: _ratio(sum(1 for c in counts[name] if c), len(counts[name])) for name in counts
    }
    covered = sum(s["covered"] for s in summary.values())
    total = sum(s["total"] for s in summary.values())
    # values seen together (a filter's key by its operator): listed, not in the categories
    documented = [c for c, p in zip(tally.pairs, plan.pairs, strict=True) if not p.observed]
    pairs = _ratio(sum(1 for c in documented if c), len(documented))
    return {
        "exchanges": tally.exchanges,
        "summary": {"overall": _ratio(covered, total), **summary, "pairs": pairs},
        **sides,
    }


def coverage_json(document: dict[str, Any]) -> str:
    """``json.dumps(document, indent=2, ensure_ascii=False)`` and a newline, written by orjson
    (in C: ``json`` indents in Python, a few million instructions for a plan's document). The
    two lay out the same values the same way; a value each writes its own way (a float in
    exponent form, an integer beyond 64 bits, a key that is not a string, a lone surrogate)
    shows in their compact forms, written in C too, which must be the same bytes: else (or
    when orjson refuses the document) ``json`` writes it."""
    try:
        compact = orjson.dumps(document)
        if compact == json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode():
            return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"
    except (TypeError, ValueError, RecursionError, UnicodeError):
        pass
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _below(share: float, wanted: float) -> float:
    """``share`` rounded to one decimal, or to as many more as it takes to show it below
    ``wanted`` (10.294 against 10.3: 10.29)."""
    for digits in range(1, 16):
        shown = round(share, digits)
        if shown < wanted:
            return shown
    return share


def _missing(document: dict[str, Any], category: str) -> list[str]:
    """The targets of a category never seen, as a person names them."""
    names: list[str] = []
    for side in ("request", "response"):
        for row in document[side].get(category, []):
            if row["seen"] or row.get("x-observed"):
                continue
            if category == "values":
                names.append(f"{side} {row['pointer']} = {json.dumps(row['value'])}")
            elif category == "fields":
                names.append(f"{side} {row['pointer']}")
            elif category == "statuses":
                names.append(f"status {row['status']}")
            else:
                status = f"{row['status']} " if "status" in row else ""
                names.append(f"{side} {status}{row['media_type']}")
    return names


def coverage_markdown(document: dict[str, Any]) -> str:
    """For people: the percentages, then what was never seen, by category."""
    summary = document["summary"]
    lines = [
        "# Contract coverage",
        "",
        f"{document['exchanges']} checked exchanges.",
        "",
        "| category | covered | total | percent |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in ("overall", *CATEGORIES):
        row = summary[name]
        lines.append(f"| {name} | {row['covered']} | {row['total']} | {row['percent']}% |")
    pairs = summary.get("pairs")
    if pairs is not None and pairs["total"]:
        row = f"| pairs (not in overall) | {pairs['covered']} | {pairs['total']} | {pairs['percent']}% |"
        lines.append(row)
    for category in CATEGORIES:
        missing = _missing(document, category)
        if missing:
            lines += ["", f"## Never seen: {category} ({len(missing)})", ""]
            lines += [f"- `{name}`" for name in missing]
    unseen = _unseen_pairs(document)
    if unseen:
        lines += ["", f"## Never seen together ({len(unseen)})", ""]
        lines += [f"- `{name}`" for name in unseen]
    return "\n".join(lines) + "\n"


def _unseen_pairs(document: dict[str, Any]) -> list[str]:
    """The pairs of values never seen in one object (``request /filters/* key=phase
    operator=between``)."""
    names: list[str] = []
    for side in ("request", "response"):
        for row in document[side].get("pairs", []):
            if not row["seen"] and not row.get("x-observed"):
                both = " ".join(
                    f"{k}={v}"
                    for k, v in row.items()
                    if k not in ("pointer", "seen", "schema_pointer")
                )
                names.append(f"{side} {row['pointer']} {both}")
    return names


def coverage_lines(document: dict[str, Any]) -> list[str]:
    """The short section of the text summary: one line, the percentages."""
    summary = document["summary"]
    parts = [
        f"{name} {summary[name]['percent']}% ({summary[name]['covered']}/{summary[name]['total']})"
        for name in CATEGORIES
    ]
    return [f"coverage: {summary['overall']['percent']}% overall; " + ", ".join(parts)]


def shortfalls(document: dict[str, Any], thresholds: Thresholds) -> list[str]:
    """One line per threshold not reached, the largest shortfall first, naming what is missing
    (for ``overall``: of every category, the one furthest below complete first)."""
    from fractions import Fraction  # (only when a threshold is given)

    summary = document["summary"]
    failed: list[tuple[float, str]] = []
    for name, wanted in thresholds:
        covered, total = summary[name]["covered"], summary[name]["total"]
        # the exact share, not the rounded, against the threshold as written (64.4, not the float)
        if not total or 100 * covered >= Fraction(str(wanted)) * total:
            continue
        got = _below(100 * covered / total, wanted)
        if name == "overall":  # every category's, the furthest below complete first
            ranked = sorted(CATEGORIES, key=lambda c: (summary[c]["percent"], c))
            missing = [item for category in ranked for item in _missing(document, category)]
        else:
            missing = _missing(document, name)
        named = ", ".join(missing[:NAMED_MISSING])
        more = f" (and {len(missing) - NAMED_MISSING} more)" if len(missing) > NAMED_MISSING else ""
        failed.append(
            (
                got - wanted,
                f"coverage of {name} is {got}%, below {wanted:g}%: never seen: {named}{more}",
            )
        )
    return [line for _, line in sorted(failed, key=lambda item: item[0])]
