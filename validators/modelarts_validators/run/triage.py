"""What a run sets apart before it counts an exchange's findings: ``Triage``.

Two things, both decided by the team running the gate, not by the contract:

- ``ignore_rejected`` (``--ignore-rejected-requests``): the request findings of an exchange the
  service answered with a 4XX are not counted (a negative test sends a bad request on purpose
  and the service rejected it, as it should); ``Summary.ignored`` counts them.
- ``baseline`` (``--baseline``): findings an entry in force accepts are known, not new
  (``Summary.known``, and ``Summary.matched`` by entry).

A triage is applied where each exchange is counted, by the sink of the one record loop: in this
process for a one-process run, in each worker for ``--jobs N`` (it travels in the ``Recipe``,
so a spawned worker has it too). A worker's summary then already counts what the report shows,
and the main process merges the summaries as it always does: the report is the same whatever
``N``, and the work of fingerprinting findings is spread over the workers too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._frozen import frozen
from ..contract.findings import Finding
from ..contract.model import Exchange
from .summary import Summary

if TYPE_CHECKING:  # a run without --baseline does not read one
    from .baseline import Baseline


@frozen
class Triage:
    """How findings are set apart before they are counted (picklable)."""

    baseline: Baseline | None = None
    ignore_rejected: bool = False

    def __init__(
        self,
        baseline: Baseline | None = None,
        ignore_rejected: bool = False,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "baseline", baseline)
        set_(self, "ignore_rejected", ignore_rejected)

    def __bool__(self) -> bool:
        return self.baseline is not None or self.ignore_rejected

    def apply(self, exchange: Exchange, findings: list[Finding], summary: Summary) -> list[Finding]:
        """The findings of ``exchange`` that count; what is set apart is counted in
        ``summary``."""
        if not findings:
            return findings
        response = exchange.response
        if self.ignore_rejected and response is not None and 400 <= response.status <= 499:
            kept = [f for f in findings if f.side != "request"]
            if len(kept) != len(findings):
                summary.add_ignored(len(findings) - len(kept))
                findings = kept
        if self.baseline is not None and findings:
            findings = self.baseline.triage(findings, summary)
        return findings


#: The triage of a run that sets nothing apart.
NO_TRIAGE = Triage()
