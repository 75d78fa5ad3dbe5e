"""``contract.rs_import``: jsonschema-rs imported with a stand-in for ``email.utils`` (issue 18),
which reads dates as ``email.utils.parsedate_to_datetime`` does and hands anything else to it."""

from __future__ import annotations

import email.utils
import json
import subprocess
import sys

import pytest
from modelarts_validators.contract import rs_import

DATES = [
    "Tue, 27 Oct 2026 10:17:51 +0000",  # jsonschema-rs's build date, as pyo3-built writes it
    "Mon, 1 Jan 2024 00:00:00 +0000",
    "Sun, 31 Dec 2023 23:59:59 +0530",
    "Fri, 09 Feb 2001 12:30:00 -0800",
    "Wed, 29 Feb 2023 10:00:00 +0000",  # no such day
    "Thu, 01 Jan 1970 24:00:00 +0000",  # no such hour
    "Tue, 27 Oct 2026 10:17:51 -0000",  # no zone: naive
    "Tue, 27 oct 2026 10:17:51 +0100",
    "Tue, 27 Foo 2026 10:17:51 +0000",
    "27 Oct 2026 10:17:51 GMT",
    "Tue, 27 Oct 2026 10:17 +0000",
    "not a date",
    "",
]


def _parsed(parse: object, date: str) -> object:
    try:
        return parse(date)  # type: ignore[operator]
    except Exception as error:  # the error is what is compared
        return type(error)


@pytest.mark.parametrize("date", DATES)
def test_the_stand_in_reads_a_date_as_email_utils_does(date: str) -> None:
    ours = _parsed(rs_import.parsedate_to_datetime, date)
    real = _parsed(email.utils.parsedate_to_datetime, date)
    assert ours == real
    if hasattr(real, "tzinfo"):
        assert ours.tzinfo == real.tzinfo  # type: ignore[attr-defined]


def test_any_other_name_is_the_real_modules() -> None:
    stand_in = rs_import._stand_in()
    assert stand_in.formatdate is email.utils.formatdate
    assert stand_in.parseaddr is email.utils.parseaddr
    with pytest.raises(AttributeError):
        stand_in.__wrapped__  # noqa: B018


def _fresh(code: str) -> dict[str, object]:
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(process.stdout)
    return result


PROBE = """
import json, sys
{imports}
import jsonschema_rs
import email.utils
print(json.dumps({{
    "build": repr(jsonschema_rs.jsonschema_rs.__build__),
    "stand_in_left": type(sys.modules["email.utils"]).__name__,
    "package_attribute": email.utils is sys.modules["email.utils"],
    "loaded_before": {loaded_before},
}}))
"""


def test_jsonschema_rs_is_the_same_without_email_utils() -> None:
    """Its build information (the one thing it reads with ``email.utils``) is what a plain
    import gives; nothing of the stand-in is left after; ``email.utils`` is not imported."""
    ours = _fresh(
        PROBE.format(
            imports="from modelarts_validators.contract.rs_import import jsonschema_rs\n"
            "loaded = 'email.utils' in sys.modules or 'socket' in sys.modules",
            loaded_before="loaded",
        )
    )
    plain = _fresh(PROBE.format(imports="", loaded_before="None"))
    assert ours["build"] == plain["build"]
    assert "datetime.timezone.utc" in str(ours["build"])
    assert ours["stand_in_left"] == plain["stand_in_left"] == "module"
    assert ours["package_attribute"] is True
    assert ours["loaded_before"] is False


def test_with_email_utils_imported_jsonschema_rs_is_imported_as_usual() -> None:
    ours = _fresh(
        PROBE.format(
            imports="import email.utils\nreal = email.utils\n"
            "from modelarts_validators.contract.rs_import import jsonschema_rs",
            loaded_before="sys.modules['email.utils'] is real",
        )
    )
    assert ours["loaded_before"] is True
