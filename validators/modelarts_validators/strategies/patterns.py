"""The spec's string patterns: which ones strategies can draw from, and how.

A pattern must be anchored as ``^body$`` with no other anchor and no top-level ``|`` inside
(so that a full match of ``body`` is what the spec means, and ``$`` is the end of the string,
as ECMA-262 has it). Most of the spec's patterns are one atom with a quantifier
(``[A-Za-z0-9_-]+``): those are drawn as text over the atom's characters, which keeps
``minLength``/``maxLength`` cheap to meet; any other body is drawn with ``st.from_regex``.

The scan for anchors and groups is the validators' own (``engines.pattern_syntax``, which also
turns ``$`` into ``\\Z`` for the python engine), so both read a pattern the same way.
"""

from __future__ import annotations

import re

from .._deferred import dataclass
from ..contract.engines import pattern_syntax


class PatternError(ValueError):
    """The pattern cannot be drawn from; the message says why, after the pattern."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """An anchored ``^body$`` pattern; ``atom`` and ``low``/``high`` when the body is one atom with
    a quantifier (``[A-Za-z0-9_-]+``), which is drawn as text over the atom's characters."""

    regex: re.Pattern[str]  # of the body, used with fullmatch
    atom: re.Pattern[str] | None
    low: int
    high: int | None


_ATOM = r"\[(?:\\.|[^\]\\])+\]|\\.|[^\\\[\](){}|*+?.^$]"
_SIMPLE = re.compile(rf"(?P<atom>{_ATOM})(?P<quant>[+*?]|\{{(?P<m>\d+)(?P<comma>,(?P<n>\d*))?\}})?")


def parse_pattern(pattern: str) -> Pattern:
    """``pattern`` ready to draw from; ``PatternError`` when it is not of the supported form."""
    if not (pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")):
        raise PatternError("is not anchored as ^...$")
    body = pattern[1:-1]
    depth = 0
    for char, syntax in pattern_syntax(body):
        if not syntax:
            continue
        if char in "()":
            depth += 1 if char == "(" else -1
        elif char in "^$" or (char == "|" and depth == 0):
            raise PatternError(f"has {char!r} inside its anchors")
    try:
        regex = re.compile(body, re.ASCII)  # ECMA-262: \d, \w are ASCII
    except re.error as error:
        raise PatternError(f"is not a regular expression: {error}") from None
    simple = _SIMPLE.fullmatch(body)
    if simple is None:
        return Pattern(regex, None, 0, None)
    quant = simple["quant"]
    low, high = {None: (1, 1), "+": (1, None), "*": (0, None), "?": (0, 1)}.get(quant, (0, None))
    if simple["m"] is not None:
        low = int(simple["m"])
        high = low if simple["comma"] is None else (int(simple["n"]) if simple["n"] else None)
    return Pattern(regex, re.compile(simple["atom"], re.ASCII), low, high)
