"""What each benchmarked tool found, read from its own output, and how it compares with the
capture's ground truth (the manifest of ``capture``).

Every tool is reduced to the same verdicts: the entries (0-based positions in the capture) it
judged *violating* (at least one error), and, where it says so, those it did not judge because
they are not this operation (*unmatched*) and those with drift only.

- ``modelarts-validate --format json``: findings carry ``entry`` and ``severity``; the summary's
  ``with_errors`` must equal the number of entries with an error finding.
- the openapi-core driver (``openapi_core``): its JSON lists the violating entries.
- Redocly ``drift --format csv``: one row per finding with ``exchange_index`` and ``severity``;
  ``undocumented-endpoint`` rows are the traffic it does not know (unmatched), every other error
  row makes its exchange violating. (Its JSON report folds repeated findings into one problem
  with a count and the first exchange only, so it cannot give per-exchange verdicts.)

``compare`` sets a tool's violating entries against the manifest's and names, per injected
mutation, the entries it missed or flagged beyond the truth, with the known reason when there is
one (``REASONS``): an entry that carries several mutations is put down to the one with a known
reason.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson


@dataclass(slots=True)
class Verdicts:
    tool: str
    entries: int  # records the tool was given (a prefix for openapi-core)
    violating: set[int]
    unmatched: int | None = None
    drift_only: set[int] | None = None
    reported_with_errors: int | None = None  # the tool's own count, when it prints one


def ours(path: Path) -> Verdicts:
    report: dict[str, Any] = orjson.loads(path.read_bytes())
    summary = report["summary"]
    errors: set[int] = set()
    warnings: set[int] = set()
    for finding in report["findings"]:
        entry = finding.get("entry")
        if entry is None or finding.get("kind") == "unreadable":
            continue
        (errors if finding["severity"] == "error" else warnings).add(entry)
    return Verdicts(
        "modelarts-validate",
        summary["entries"],
        errors,
        summary["unmatched"],
        warnings - errors,
        summary["with_errors"],
    )


def openapi_core(path: Path) -> Verdicts:
    result: dict[str, Any] = orjson.loads(path.read_bytes())
    return Verdicts(
        "openapi-core",
        result["entries"],
        set(result["violating"]),
        result["unmatched"],
        None,
        result["with_errors"],
    )


def redocly(path: Path, entries: int) -> Verdicts:
    violating: set[int] = set()
    unmatched: set[int] = set()
    with path.open(newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            if row["severity"] != "error":
                continue
            index = int(row["exchange_index"])
            if row["rule_id"] == "undocumented-endpoint":
                unmatched.add(index)
            else:
                violating.add(index)
    return Verdicts("redocly drift", entries, violating, len(unmatched))


ANSWERED_4XX = "request violation answered 4XX"
#: Why a tool disagrees with the ground truth on an injected mutation: (tool, mutation) -> reason.
#: "missed": a violation the tool does not report; "extra": drift the tool reports as an error.
REASONS: dict[tuple[str, str], str] = {
    ("openapi-core", "exit-code-int32-overflow"): "extra: treats `format: int32` as an assertion;"
    " the contract reports an out-of-range integer as drift (integer-out-of-range, a warning)",
    ("redocly drift", "exit-code-int32-overflow"): "extra: treats `format: int32` as an assertion;"
    " the contract reports an out-of-range integer as drift (integer-out-of-range, a warning)",
    ("redocly drift", "status-302"): "missed: does not report an undocumented response status",
    ("redocly drift", "wrong-content-type"): "missed: does not check a response's Content-Type"
    " against the documented media types",
    ("redocly drift", ANSWERED_4XX): "missed: does not"
    " validate the request of an exchange whose response is a 4XX",
}
DRIFT_NOTE = (
    "drift (undocumented fields and values): only modelarts-validate reports it; objects are open"
    " and x-documented-values is an extension, so a schema validator passes both"
)


def compare(
    verdicts: Verdicts, manifest: dict[str, Any], limit: int | None = None
) -> dict[str, Any]:
    """The tool's violating entries against the truth, over the first ``limit`` entries."""
    limit = manifest["entries"] if limit is None else limit
    categories = manifest["categories"]
    truth = {e for e in categories["violation"] if e < limit}
    expected_unmatched = sum(1 for e in categories["unmatched"] if e < limit)
    injected: dict[str, list[dict[str, Any]]] = manifest["injected"]
    found = {e for e in verdicts.violating if e < limit}
    statuses: dict[str, int] = manifest.get("statuses", {})
    missed: Counter[str] = Counter()
    for entry in truth - found:
        errors = [i for i in injected[str(entry)] if i["severity"] == "error"]
        missed.update(_blame(verdicts.tool, errors, statuses.get(str(entry))))
    extra: Counter[str] = Counter()
    for entry in found - truth:
        extra.update(_blame(verdicts.tool, injected.get(str(entry), []), None))
    disagreeing = sorted(set(missed) | set(extra))
    result: dict[str, Any] = {
        "tool": verdicts.tool,
        "entries": limit,
        "expected_violating": len(truth),
        "found_violating": len(found),
        "agree": len(truth & found),
        "missed": len(truth - found),
        "extra": len(found - truth),
        "missed_by_mutation": dict(missed.most_common()),
        "extra_by_mutation": dict(extra.most_common()),
        "reasons": {n: REASONS.get((verdicts.tool, n), "unexplained") for n in disagreeing},
        "expected_unmatched": expected_unmatched,
        "found_unmatched": verdicts.unmatched,
    }
    if verdicts.reported_with_errors is not None:
        result["reported_with_errors"] = verdicts.reported_with_errors
    if verdicts.drift_only is not None:
        truth_drift = {e for e in categories["drift"] if e < limit}
        result["expected_drift_only"] = len(truth_drift)
        result["found_drift_only"] = len(verdicts.drift_only)
        result["drift_only_agree"] = len(truth_drift & verdicts.drift_only)
    return result


def _blame(tool: str, injected: list[dict[str, Any]], status: int | None) -> list[str]:
    """The mutations of one entry that explain a disagreement: those with a known reason for
    this tool when there are any (an entry can carry several), else all of them. Request
    violations of an exchange answered 4XX are one group (Redocly skips such requests)."""
    names = [i["name"] for i in injected]
    answered_4xx = status is not None and 400 <= status < 500
    requests_only = bool(injected) and all(i["side"] == "request" for i in injected)
    if (tool, ANSWERED_4XX) in REASONS and answered_4xx and requests_only:
        return [ANSWERED_4XX]
    known = [n for n in names if (tool, n) in REASONS]
    return known or names or ["(nothing injected)"]


def explain(comparison: dict[str, Any]) -> list[str]:
    """One line per disagreement, for the printed report."""
    tool = comparison["tool"]
    lines = []
    for kind in ("missed", "extra"):
        for name, count in comparison[f"{kind}_by_mutation"].items():
            reason = comparison["reasons"].get(name, "unexplained")
            lines.append(f"  {tool}: {kind} {count} entries with {name}: {reason}")
    return lines
