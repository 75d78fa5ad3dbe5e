"""Reports hold no memory per record (issue 18: peak memory flat however many exchanges): a
finding's location (its entry number, new for every record) is scrubbed without ``scrub``'s cache,
and the cache keeps the most recent 4,096 texts. Before, every location stayed in a cache of 65,536:
a text report of 120,000 exchanges grew to 41 MB where the JSON one held 37."""

from __future__ import annotations

import io

from modelarts_validators.contract.findings import Finding, Kind, Origin
from modelarts_validators.contract.redact import REDACTED, scrub, scrub_once
from modelarts_validators.report.base import location
from modelarts_validators.report.text import TextReporter


def test_locations_do_not_fill_the_scrub_cache() -> None:
    scrub.cache_clear()
    for entry in range(3000):
        origin = Origin("c.har", entry, "POST", f"https://h/v2/p{entry}/training-job-searches")
        assert location(origin, show_source=True).startswith(f"c.har entry {entry} POST")
    assert scrub.cache_info().currsize == 0


def test_a_text_report_caches_its_messages_not_its_locations() -> None:
    scrub.cache_clear()
    out = io.StringIO()
    reporter = TextReporter(out)
    finding = Finding(Kind.UNDOCUMENTED_FIELD, "warning", "response", "a message", "/x")
    for entry in range(2000):
        reporter.checked(Origin("c.har", entry, "POST", "https://h/v2/p/x"), [finding])
    assert out.getvalue().count("a message") == 2000
    assert scrub.cache_info().currsize == 1  # the message, once


def test_the_scrub_cache_is_bounded() -> None:
    scrub.cache_clear()
    for n in range(5000):
        scrub(f"message {n}")
    assert scrub.cache_info().currsize == 4096


def test_scrub_once_scrubs_as_scrub_does() -> None:
    for text in (
        "https://user:pw@h/x?token=abc entry 3",
        "Authorization: Bearer abc",
        "entry 7 POST https://h/v2/p/x?X-Amz-Signature=sig",
        "nothing secret",
    ):
        assert scrub_once(text) == scrub(text)
    assert REDACTED in scrub_once("https://h/x?token=abc")
