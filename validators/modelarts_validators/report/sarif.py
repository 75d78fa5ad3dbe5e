"""The SARIF 2.1.0 report (``--format sarif``), for code-scanning views (GitHub, GitLab, Azure).

One run of one tool, ``modelarts-validate``, with one rule per kind of finding (its help text says
what the kind means and what to do). Each result is one finding: its physical location is the
spec file, at the line and column where its ``schema_pointer`` is written (so the annotation
lands on the rule that was broken); where it happened (input, entry, method, redacted URL, side,
body pointer) is in its ``properties``. ``partialFingerprints`` carries the finding's stable
fingerprint (``contract.fingerprint``), which code scanning uses to follow a result from run to
run, as a baseline does. An unreadable record is located in its capture file.

With ``--baseline`` every result is new (``baselineState``); the known findings are not results
and the run's ``properties`` carry the counts. Results are spooled like the JSON report's
findings, so memory stays flat; the document is written at the end.
"""

from __future__ import annotations

from typing import Any, TextIO

from .._version import __version__
from ..capture.records import Unreadable
from ..contract.findings import DRIFT_KINDS, Finding, Kind, Origin
from ..contract.fingerprint import UNREADABLE_FINGERPRINT, fingerprint
from ..contract.redact import redact_url, scrub
from ..run.summary import Summary
from .base import DEFAULT_OPTIONS, ReportOptions, Spool, finding_location, printable
from .gate import baseline_json, coverage_lines, nothing_checked
from .json import dumps
from .spec_lines import SpecLines

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "modelartsFinding/v1"

#: What each kind means, for the rule's help: the reader of an annotation sees this first.
RULE_HELP: dict[Kind, tuple[str, str]] = {
    Kind.SCHEMA_VIOLATION: (
        "A body breaks a rule of the documented schema.",
        "The value at the body pointer breaks the keyword at the schema pointer (a type, a "
        "limit, an enumeration, a required field). Fix the client or the service, or the spec "
        "when the documentation is wrong.",
    ),
    Kind.INVALID_PATH_PARAMETER: (
        "A path parameter breaks its documented constraint.",
        "project_id is 1-64 letters, digits and hyphens. The request went to a URL the "
        "service rejects.",
    ),
    Kind.WRONG_CONTENT_TYPE: (
        "A body was sent with a Content-Type the operation does not document.",
        "The operation documents application/json (and the SDK's "
        "application/json;charset=utf-8). The body is still validated when it parses as JSON.",
    ),
    Kind.INVALID_JSON: (
        "A body that claims to be JSON does not parse.",
        "The Content-Type says JSON and the bytes are not JSON: a truncated capture, or a "
        "client or proxy that broke the body.",
    ),
    Kind.BODY_NOT_CAPTURED: (
        "The capture holds no body (or no response) to check.",
        "The recording tool left the body out (HAR without content.text) or the request got "
        "no answer. Record bodies to have them checked.",
    ),
    Kind.MISSING_BODY: (
        "A body the operation requires is empty.",
        "A documented response has no body, or a required request body is empty.",
    ),
    Kind.UNDOCUMENTED_STATUS: (
        "The response status is not documented for the operation.",
        "The operation documents 200, 4XX and 5XX; anything else (a redirect, a 1XX) is not "
        "part of the contract.",
    ),
    Kind.UNDOCUMENTED_FIELD: (
        "Drift: a field the documentation does not name.",
        "The live service (or the SDK) uses a field the published page does not document. "
        "Accept it in a baseline once reviewed; it fails only under --strict.",
    ),
    Kind.UNDOCUMENTED_VALUE: (
        "Drift: a value of an open enumeration the documentation does not list.",
        "Open enumerations (phase, kind, Filter.key, ...) may grow. A typo such as 'Runing' "
        "shows here too. Accept it in a baseline once reviewed; it fails only under --strict.",
    ),
    Kind.INTEGER_OUT_OF_RANGE: (
        "Drift: an integer outside its documented format's range.",
        "An int32 or int64 value beyond its range: generated clients may overflow. It fails "
        "only under --strict.",
    ),
    Kind.UNDOCUMENTED_PARAMETER: (
        "Drift: a query parameter the documentation does not name.",
        "The operation documents no query parameters; a request that sends one (workspace_id, "
        "limit) relies on something the page does not promise. It fails only under --strict.",
    ),
    Kind.UNREADABLE: (
        "A record of the capture could not be read.",
        "The capture holds an entry that is not an exchange (broken JSON, a missing request, "
        "bad base64). It is never accepted by a baseline.",
    ),
}


def rules() -> list[dict[str, Any]]:
    """One rule per kind, in ``Kind`` order (a result's ``ruleIndex`` is its kind's place)."""
    listed = []
    for kind in Kind:
        short, full = RULE_HELP.get(kind, (str(kind), str(kind)))
        level = "warning" if kind in DRIFT_KINDS else "error"
        listed.append(
            {
                "id": str(kind),
                "name": "".join(part.capitalize() for part in str(kind).split("-")),
                "shortDescription": {"text": short},
                "fullDescription": {"text": full},
                "help": {"text": f"{short} {full}"},
                "defaultConfiguration": {"level": level},
            }
        )
    return listed


class SarifReporter:
    needs_passed = False

    def __init__(self, out: TextIO, options: ReportOptions = DEFAULT_OPTIONS) -> None:
        self._out = out
        self._options = options
        self._lines = SpecLines(options.spec_text)
        self._index = {kind: i for i, kind in enumerate(Kind)}
        self._spool = Spool()

    def _add(self, result: dict[str, Any]) -> None:
        self._spool.write(("" if self._spool.empty else ",\n") + dumps(result))

    def _result(self, kind: Kind, level: str, message: str, print_: str) -> dict[str, Any]:
        result: dict[str, Any] = {
            "ruleId": str(kind),
            "ruleIndex": self._index[kind],
            "level": level,
            "message": {"text": message},
        }
        if self._options.baseline is not None:
            result["baselineState"] = "new"
        result["partialFingerprints"] = {FINGERPRINT_KEY: print_}
        return result

    def checked(self, origin: Origin, findings: list[Finding]) -> None:
        for finding in findings:
            message = f"{finding_location('', finding)}: {scrub(finding.message)}"
            result = self._result(finding.kind, finding.severity, message, fingerprint(finding))
            region: dict[str, Any] = {}
            place = self._lines.locate(finding.schema_pointer)
            if place is not None:
                region = {"region": {"startLine": place[0], "startColumn": place[1]}}
            result["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": self._options.spec_name or "openapi.yaml"},
                        **region,
                    }
                }
            ]
            result["properties"] = {
                "input": printable(scrub(origin.source)),
                "entry": origin.entry,
                "method": origin.method,
                "url": redact_url(origin.url) if origin.url else None,
                "side": finding.side,
                "pointer": finding.pointer,
                "schemaPointer": finding.schema_pointer,
            }
            self._add(result)

    def unreadable(self, record: Unreadable) -> None:
        message = f"entry {record.entry}: {printable(scrub(record.message))}"
        result = self._result(Kind.UNREADABLE, "error", message, UNREADABLE_FINGERPRINT)
        if record.source:
            result["locations"] = [
                {"physicalLocation": {"artifactLocation": {"uri": printable(scrub(record.source))}}}
            ]
        result["properties"] = {"input": printable(scrub(record.source)), "entry": record.entry}
        self._add(result)

    def finish(self, summary: Summary) -> None:
        properties = summary.as_json()
        properties["nothing_checked"] = nothing_checked(summary)
        properties["ignored"] = summary.ignored
        properties["baseline"] = baseline_json(summary, self._options.baseline)
        properties["coverage_shortfalls"] = list(summary.coverage_shortfalls)
        driver = {
            "name": "modelarts-validate",
            "version": __version__,
            "rules": rules(),
        }
        successful = not summary.failed_inputs
        head = {"$schema": SCHEMA_URI, "version": "2.1.0"}
        out = self._out
        out.write(dumps(head)[:-1] + ',\n"runs": [{"tool": {"driver": ' + dumps(driver) + "},\n")
        invocation: dict[str, Any] = {"executionSuccessful": successful}
        notes = [{"level": "error", "message": {"text": line}} for line in coverage_lines(summary)]
        if notes:
            invocation["toolExecutionNotifications"] = notes
        out.write('"invocations": [' + dumps(invocation) + "],\n")
        out.write('"properties": ' + dumps(properties) + ',\n"results": [')
        if not self._spool.empty:
            out.write("\n")
            self._spool.copy_to(out)
            out.write("\n")
        out.write("]}]}\n")
