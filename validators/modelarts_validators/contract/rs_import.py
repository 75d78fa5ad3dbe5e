"""jsonschema-rs, imported without the e-mail package.

jsonschema-rs's extension module, as it loads, reads the date it was built
(``Tue, 27 Oct 2026 10:17:51 +0000``, its ``__build__`` information) with
``email.utils.parsedate_to_datetime``: importing ``email.utils`` for that one call imports socket,
random, calendar, the e-mail charsets and more, a third of what importing jsonschema-rs costs
and some 8% of a one-entry run (issue 18: callgrind, 350 M instructions -> 320 M).

When nothing has imported ``email.utils`` yet, ``jsonschema_rs`` is imported with a stand-in in
``sys.modules`` for as long as the extension loads: ``parsedate_to_datetime`` reads the one form
a build date takes (a day name, the date, the time, a ``+hhmm`` or ``-hhmm`` offset) as
``email.utils`` does; anything else, and any other name asked of the stand-in, is the real
``email.utils``'s, imported then (so a thread that imports ``email.utils`` meanwhile is served
by the real functions too). Afterwards the real module is imported as usual by whoever needs it.
The stand-in is used only while this thread is the process's only one (``_deferred.only_thread``):
another thread importing ``email.utils`` at that moment would get the stand-in, or lose the real
module as the stand-in is taken away.
"""

from __future__ import annotations

import datetime
import sys
import types
from typing import TYPE_CHECKING, Any

from .._deferred import only_thread
from .lazy_re import lazy_compile

_NAME = "email.utils"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE = lazy_compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{1,2}) ([A-Za-z]{3}) ([0-9]{4}) "
    r"([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-5][0-9])"
)


def _real() -> types.ModuleType:
    """The real ``email.utils`` (imported now if it is not yet)."""
    if isinstance(sys.modules.get(_NAME), _StandIn):
        del sys.modules[_NAME]
    import email.utils

    return email.utils


def parsedate_to_datetime(data: str) -> datetime.datetime:
    """``email.utils.parsedate_to_datetime(data)``: read here when ``data`` is a date such as
    ``Tue, 27 Oct 2026 10:17:51 +0000``, by the real function otherwise."""
    found = _DATE.fullmatch(data) if isinstance(data, str) else None
    month = found.group(2).lower() if found else ""
    if found is None or month not in _MONTHS or data.endswith("-0000"):  # -0000: no zone
        result: datetime.datetime = _real().parsedate_to_datetime(data)
        return result
    day, _, year, hour, minute, second, sign, zone_hours, zone_minutes = found.groups()
    offset = (int(zone_hours) * 3600 + int(zone_minutes) * 60) * (-1 if sign == "-" else 1)
    try:
        return datetime.datetime(
            int(year), _MONTHS.index(month) + 1, int(day), int(hour), int(minute), int(second),
            tzinfo=datetime.timezone(datetime.timedelta(seconds=offset)),
        )  # fmt: skip
    except ValueError:  # a day or an hour out of range: the real function's own error
        result = _real().parsedate_to_datetime(data)
        return result


class _StandIn(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real(), name)


def _stand_in() -> _StandIn:
    module = _StandIn(_NAME, "email.utils for jsonschema-rs's build date (contract.rs_import)")
    module.parsedate_to_datetime = parsedate_to_datetime  # type: ignore[attr-defined]
    return module


def _load() -> types.ModuleType:
    if _NAME in sys.modules or "jsonschema_rs.jsonschema_rs" in sys.modules or not only_thread():
        import jsonschema_rs
    else:
        import email  # (the package alone: its __init__ imports nothing)

        # in the package too: another thread's `import email.utils` finds both
        stand_in = sys.modules[_NAME] = email.utils = _stand_in()
        try:
            import jsonschema_rs
        finally:
            if sys.modules.get(_NAME) is stand_in:
                del sys.modules[_NAME]
            if getattr(email, "utils", None) is stand_in:
                del email.utils
    return jsonschema_rs


if TYPE_CHECKING:
    import jsonschema_rs as jsonschema_rs
else:
    jsonschema_rs = _load()
