"""The JSON report, a stable interface that scripts parse (its shape is pinned by
``tests/report.schema.json``)::

    {"summary": {"entries", "checked", "unmatched", "unreadable", "conforming", "with_errors",
                 "drift_only", "by_kind": {kind: count}, "nothing_checked", "ignored",
                 "baseline": null | {"file", "new", "known", "resolved": [entry],
                                     "expired": [entry]}, "skipped_files",
                 "coverage_shortfalls": [line]},
     "findings": [{"entry", "method", "url", "side", "kind", "severity", "pointer",
                   "schema_pointer", "message", "expected", "actual", "fingerprint"}, ...]}

``nothing_checked`` is true when no exchange of the operation was checked (the run fails unless
``--allow-empty``); ``ignored`` counts the request findings of rejected requests set aside by
``--ignore-rejected-requests``; ``baseline`` counts the new and known findings and lists the
entries nothing matched (resolved) and the expired ones whose findings came back;
``skipped_files`` counts the files directory searches did not read; ``coverage_shortfalls``
lists the ``--min-coverage`` thresholds not reached (the run fails on them). ``fingerprint``
is the finding's stable fingerprint (``contract.fingerprint``), the one a baseline entry has.

The summary comes first but is known only at the end, and a run may produce millions of
findings. Findings are therefore serialised as they arrive into a ``base.Spool`` (in memory up
to ``SPOOL_IN_MEMORY`` bytes, on disk beyond), and the document is assembled at the end: the
summary, then the spooled findings copied through. Memory stays flat whatever the
number of findings; nothing but findings is kept (not exchanges, not bodies). One finding is
one line of the ``findings`` array.

An unreadable record is a finding with ``kind`` ``unreadable``, ``side``, ``method`` and ``url``
``null``. ``entry`` is the record's 0-based position in its input (``null`` for the lone body of
``request`` and ``response``); ``url`` is redacted, ``message`` and string values are scrubbed.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from .._deferred import orjson
from ..capture.records import Unreadable
from ..contract.findings import Finding, Origin
from ..contract.fingerprint import UNREADABLE_FINGERPRINT, fingerprint
from ..contract.redact import redact_url, scrub
from ..contract.wire import TOO_LONG, describe_long
from ..run.summary import Summary
from .base import DEFAULT_OPTIONS, ReportOptions, Spool
from .gate import baseline_json, nothing_checked


def finding_json(origin: Origin, finding: Finding) -> dict[str, Any]:
    """One element of ``findings``, every key present, in the documented order."""
    return {
        "entry": origin.entry,
        "method": origin.method,
        "url": redact_url(origin.url) if origin.url else None,
        "side": finding.side,
        "kind": str(finding.kind),
        "severity": finding.severity,
        "pointer": finding.pointer,
        "schema_pointer": finding.schema_pointer,
        "message": scrub(finding.message),
        "expected": _value(finding.expected),
        "actual": _value(finding.actual),
        "fingerprint": fingerprint(finding),
    }


def unreadable_json(record: Unreadable) -> dict[str, Any]:
    return {
        "entry": record.entry,
        "method": None,
        "url": None,
        "side": None,
        "kind": "unreadable",
        "severity": "error",
        "pointer": "",
        "schema_pointer": None,
        "message": scrub(record.message),
        "expected": None,
        "actual": None,
        "fingerprint": UNREADABLE_FINGERPRINT,
    }


def _value(value: Any) -> Any:
    if isinstance(value, int) and abs(value) == TOO_LONG:
        return describe_long(value)  # its digits were not kept: say what it was
    return scrub(value) if isinstance(value, str) else value


def _default(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def dumps(document: Any) -> str:
    """orjson, with stdlib json for what orjson refuses (integers beyond 64 bits, which the
    checks report as ``integer-out-of-range`` with the value as it was sent)."""
    try:
        return orjson.dumps(document, default=_default, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return json.dumps(document, default=_default, ensure_ascii=False, allow_nan=False)


class JsonReporter:
    needs_passed = False

    def __init__(self, out: TextIO, options: ReportOptions = DEFAULT_OPTIONS) -> None:
        self._out = out
        self._options = options
        self._spool = Spool()

    def _add(self, documents: list[dict[str, Any]]) -> None:
        separator = "" if self._spool.empty else ",\n"
        self._spool.write(separator + ",\n".join(dumps(d) for d in documents))

    def checked(self, origin: Origin, findings: list[Finding]) -> None:
        if findings:
            self._add([finding_json(origin, finding) for finding in findings])

    def unreadable(self, record: Unreadable) -> None:
        self._add([unreadable_json(record)])

    def finish(self, summary: Summary) -> None:
        out = self._out
        document = summary.as_json()
        document["nothing_checked"] = nothing_checked(summary)
        document["ignored"] = summary.ignored
        document["baseline"] = baseline_json(summary, self._options.baseline)
        document["skipped_files"] = self._options.skipped_files
        document["coverage_shortfalls"] = list(summary.coverage_shortfalls)
        out.write('{"summary": ' + dumps(document) + ',\n"findings": [')
        if not self._spool.empty:
            out.write("\n")
            self._spool.copy_to(out)
            out.write("\n")
        out.write("]}\n")
