"""What the generated models' ``from_dict`` use to read a response without breaking on it.

Two rules, one for each way a value can depart from the spec:

* **A value a closed enumeration does not list** (``order: "random"``, a new ``log_type``) is what
  the live service sends when it grows, and losing a whole page over it helps nobody: the field
  keeps the string, unchanged, and ``to_dict()`` writes it back. The field is typed
  ``TheEnum | str``, so that mypy makes the caller handle a value outside the enumeration (the
  enumeration is a ``(str, Enum)``: ``isinstance(value, TheEnum)`` tells the two apart). The
  validators still report such a value; only the client tolerates it.
* **A value of the wrong type** (a string where the spec says integer, an array where it says
  object) is not something a caller can work with: parsing fails with :class:`ResponseParseError`,
  a ``ValueError`` whose message starts with the RFC 6901 pointer of the field in the body
  (``/items/3/metadata/create_time: expected integer, got string '12'``).
"""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeVar

from .types import Unset

__all__ = ["ResponseParseError", "check", "check_list", "enum_value", "parse_enum"]

E = TypeVar("E", bound=Enum)

_JSON_NAMES = {str: "string", int: "integer", bool: "boolean", float: "number", list: "array"}


class ResponseParseError(ValueError):
    """A value in a response body does not have the type the spec gives its field.

    Attributes:
        path: The keys and indices from the body's root to the value.
        reason: What is wrong with the value, without its location.
    """

    path: tuple[str | int, ...]
    reason: str

    def __init__(self, reason: str, path: tuple[str | int, ...] = ()) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{self.pointer}: {reason}")

    @property
    def pointer(self) -> str:
        """``path`` as an RFC 6901 JSON pointer (``""`` for the root)."""
        return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in self.path)

    @classmethod
    def at(cls, error: Exception, key: str | int) -> ResponseParseError:
        """``error``, raised while reading the value under ``key``, located one level up."""
        if isinstance(error, ResponseParseError):
            return cls(error.reason, (key, *error.path))
        if isinstance(error, KeyError):
            return cls("required field is missing", (key,))
        return cls(f"cannot be read: {error}", (key,))


def _describe(value: Any) -> str:
    kind = "null" if value is None else _JSON_NAMES.get(type(value), "object")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        shown = repr(value)
        return f"{kind} {shown if len(shown) <= 40 else shown[:37] + '...'}"
    return kind


def check(value: Any, kind: type, required: bool = False) -> Any:
    """``value`` when it is of ``kind`` (``int`` excludes ``bool``; ``float`` takes ``int``), or
    ``Unset`` for an optional field left out; else ``ResponseParseError`` (the caller adds where)."""
    if isinstance(value, Unset):
        if required:
            raise ResponseParseError("required field is missing")
        return value
    if kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    else:
        ok = isinstance(value, kind)
    if not ok:
        raise ResponseParseError(
            f"expected {_JSON_NAMES.get(kind, kind.__name__)}, got {_describe(value)}"
        )
    return value


def check_list(value: Any, item_kind: type | None, required: bool = False) -> Any:
    """``check(value, list)``, and every item of ``item_kind`` (when given), the first one that is
    not raising ``ResponseParseError`` at its index."""
    value = check(value, list, required)
    if item_kind is not None and not isinstance(value, Unset):
        for index, item in enumerate(value):
            try:
                check(item, item_kind, required=True)
            except ResponseParseError as error:
                raise ResponseParseError.at(error, index) from None
    return value


def parse_enum(enum: type[E], value: Any) -> E | str:
    """The member of ``enum`` whose value is ``value``, or ``value`` itself, unchanged, when the
    enumeration does not list it; ``ResponseParseError`` when ``value`` is not a string."""
    if not isinstance(value, str):
        raise ResponseParseError(f"expected string, got {_describe(value)}")
    try:
        return enum(value)
    except ValueError:
        return value


def enum_value(value: Enum | str) -> Any:
    """What ``parse_enum`` read, as it goes back on the wire."""
    return value.value if isinstance(value, Enum) else value
