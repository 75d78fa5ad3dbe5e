"""A baseline: the findings a team has seen and accepts, in a YAML file it keeps in its repository.

    version: 1
    entries:
      - kind: undocumented-field
        side: response
        schema_pointer: "#/components/schemas/Status"
        pointer: /items/*/status/retention_time
        reason: the live service sends it; the SDK knows it
        expires: 2026-06-30

An entry names what a finding is, never where it happened: kind, side, schema pointer, body
pointer (array indices as ``*``; digits written there are folded too) and, for
``undocumented-value`` only, ``value``. Its fingerprint (``contract.fingerprint``) is the
finding's. ``reason`` is required for the kinds that are errors (a violation is accepted only
with a reason a person wrote); drift may leave it out. From the day after ``expires`` the entry no
longer applies: its findings count again, and the report lists it as expired.

A file that cannot be used stops the run before anything is checked (``BaselineError``: exit 2,
one line naming the file, the line and the problem): not YAML, not the shape above, an unknown
kind or side or key, a date that is not a date, an error without a reason, two entries with the
same fingerprint.

``BaselineWriter`` collects the new findings of a run and ``write`` writes the file back: every
existing entry as it was (reason and expiry kept; entries nothing matched are listed by the
report as resolved, for a person to remove), then one entry per new fingerprint in the order the
run met them. New drift gets ``DEFAULT_REASON``; a new error is written commented out, to be
accepted only once someone writes its reason.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, get_args

from .._deferred import dataclass, field
from ..capture.records import Unreadable
from ..contract.findings import DRIFT_KINDS, Finding, Kind, Origin, Side
from ..contract.fingerprint import fingerprint, fingerprint_of, fingerprint_value, fold
from ..contract.pointers import tokens
from .summary import Summary

if TYPE_CHECKING:  # PyYAML is imported where a baseline is read: a run without one needs none
    import yaml

#: The reason ``--update-baseline`` gives the drift it accepts.
DEFAULT_REASON = "drift seen in traffic and accepted (written by --update-baseline)"

_KEYS = ("kind", "side", "schema_pointer", "pointer", "value", "reason", "expires")


def _loader() -> type[yaml.SafeLoader]:
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


class BaselineError(Exception):
    """The baseline file cannot be used: ``FILE:LINE: problem`` (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One accepted finding. ``line`` is where it starts in its file (1-based; 0 when new)."""

    kind: Kind
    side: Side
    schema_pointer: str | None
    pointer: str
    value: Any = None
    reason: str | None = None
    expires: date | None = None
    line: int = 0
    fingerprint: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        print_ = fingerprint_of(self.kind, self.side, self.schema_pointer, self.pointer, self.value)
        object.__setattr__(self, "fingerprint", print_)
        object.__setattr__(self, "pointer", fold(self.pointer))

    @classmethod
    def of(cls, finding: Finding) -> Entry:
        """The entry that accepts ``finding`` (no reason, no expiry)."""
        value = fingerprint_value(str(finding.kind), finding.actual)
        return cls(finding.kind, finding.side, finding.schema_pointer, finding.pointer, value)

    @property
    def is_error(self) -> bool:
        """Whether its kind is a violation (an error whatever ``--strict`` says)."""
        return self.kind not in DRIFT_KINDS

    def expired(self, today: date) -> bool:
        return self.expires is not None and today > self.expires

    def describe(self) -> str:
        """``undocumented-value response /items/*/status/phase 'Runing'``: one line."""
        text = f"{self.kind} {self.side} {self.pointer or '-'}"
        return text if self.kind != Kind.UNDOCUMENTED_VALUE else f"{text} {self.value!r}"

    def as_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "kind": str(self.kind),
            "side": self.side,
            "schema_pointer": self.schema_pointer,
            "pointer": self.pointer,
            "value": self.value,
            "reason": self.reason,
            "expires": None if self.expires is None else self.expires.isoformat(),
            "line": self.line,
        }


@dataclass(frozen=True, slots=True)
class Baseline:
    """The entries of a baseline file, as of ``today`` (which decides what has expired).
    Picklable: a ``--jobs`` worker triages with it."""

    path: str
    entries: tuple[Entry, ...] = ()
    today: date = field(default_factory=lambda: datetime.now(UTC).date())
    _index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({e.fingerprint: i for i, e in enumerate(self.entries)})

    def triage(self, findings: list[Finding], summary: Summary) -> list[Finding]:
        """The findings no entry in force accepts; the others are counted in ``summary`` as
        known, by entry (a finding an expired entry names is counted there too, and kept)."""
        index, entries = self._index, self.entries
        new: list[Finding] = []
        for finding in findings:
            at = index.get(fingerprint(finding))
            if at is None:
                new.append(finding)
                continue
            accepted = not entries[at].expired(self.today)
            summary.add_matched(at, accepted=accepted)
            if not accepted:
                new.append(finding)
        return new

    def resolved(self, summary: Summary) -> list[Entry]:
        """The entries nothing matched (their findings are gone: the file can lose them)."""
        return [e for i, e in enumerate(self.entries) if not summary.matched[i]]

    def expired(self, summary: Summary) -> list[Entry]:
        """The expired entries whose findings came back (they count as new again)."""
        return [
            e for i, e in enumerate(self.entries) if summary.matched[i] and e.expired(self.today)
        ]

    def knows(self, fingerprint: str) -> bool:
        return fingerprint in self._index


# -- reading ----------------------------------------------------------------------------------


def load_baseline(path: str, *, missing_ok: bool = False, today: date | None = None) -> Baseline:
    """Read and check a baseline file; a missing one is an empty baseline when ``missing_ok``
    (``--update-baseline`` creates it). Raises ``BaselineError``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing_ok:
            return _baseline(path, (), today)
        raise BaselineError(f"{path}: no such file (--update-baseline creates it)") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise BaselineError(f"{path}: cannot read it: {reason or error}") from None
    return _baseline(path, tuple(_entries(path, text)), today)


def _baseline(path: str, entries: tuple[Entry, ...], today: date | None) -> Baseline:
    return Baseline(path, entries) if today is None else Baseline(path, entries, today)


def _entries(path: str, text: str) -> Iterator[Entry]:
    import yaml

    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = error.problem or error.context or "not YAML"
        raise BaselineError(f"{path}:{line}: not YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise BaselineError(f"{path}:1: not YAML: {' '.join(str(error).split())}") from None
    if root is None:
        return
    top = _mapping(path, root, "the file", ("version", "entries"))
    version = top.get("version")
    if version is not None and _scalar(path, version, "version") != "1":
        raise BaselineError(f"{path}:{_line(version)}: version must be 1")
    listed = top.get("entries")
    if listed is None or (isinstance(listed, yaml.ScalarNode) and listed.value in ("", "~")):
        return
    if not isinstance(listed, yaml.SequenceNode):
        raise BaselineError(f"{path}:{_line(listed)}: entries must be a list")
    seen: dict[str, int] = {}
    for node in listed.value:
        entry = _entry(path, node)
        if entry.fingerprint in seen:
            first = seen[entry.fingerprint]
            raise BaselineError(
                f"{path}:{entry.line}: duplicate entry: the same finding as the entry on line "
                f"{first} ({entry.describe()})"
            )
        seen[entry.fingerprint] = entry.line
        yield entry


def _entry(path: str, node: yaml.Node) -> Entry:
    import yaml

    fields = _mapping(path, node, "an entry", _KEYS)
    line = _line(node)

    def text(key: str, *, required: bool = False) -> str | None:
        value = fields.get(key)
        if value is None or (isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null")):
            if required:
                raise BaselineError(f"{path}:{line}: the entry has no {key}")
            return None
        return _scalar(path, value, key)

    kind_text = cast(str, text("kind", required=True))
    kinds = {str(k) for k in Kind} - {str(Kind.UNREADABLE)}
    if kind_text not in kinds:
        at = _line(fields["kind"])
        if kind_text == Kind.UNREADABLE:
            raise BaselineError(
                f"{path}:{at}: kind unreadable cannot be accepted (a broken record)"
            )
        raise BaselineError(
            f"{path}:{at}: unknown kind {kind_text!r} (one of {', '.join(sorted(kinds))})"
        )
    kind = Kind(kind_text)
    side = text("side", required=True)
    if side not in get_args(Side):
        at = _line(fields["side"])
        raise BaselineError(f"{path}:{at}: side {side!r} is not request or response")
    pointer = text("pointer") or ""
    if pointer and not pointer.startswith("/"):
        at = _line(fields["pointer"])
        raise BaselineError(f"{path}:{at}: pointer {pointer!r} is not a JSON pointer (/a/*/b)")
    tokens(pointer)
    schema_pointer = text("schema_pointer")
    if schema_pointer is not None and not schema_pointer.startswith("#"):
        at = _line(fields["schema_pointer"])
        raise BaselineError(
            f"{path}:{at}: schema_pointer {schema_pointer!r} is not a URI fragment (#/...)"
        )
    value: Any = None
    if "value" in fields:
        if kind != Kind.UNDOCUMENTED_VALUE:
            at = _line(fields["value"])
            raise BaselineError(f"{path}:{at}: only an undocumented-value entry has a value")
        value = yaml.load(yaml.serialize(fields["value"]), Loader=_loader())
    elif kind == Kind.UNDOCUMENTED_VALUE:
        raise BaselineError(f"{path}:{line}: an undocumented-value entry needs its value")
    reason = text("reason")
    if kind not in DRIFT_KINDS and not (reason or "").strip():
        raise BaselineError(
            f"{path}:{line}: a {kind} entry needs a reason (an error is accepted only with one)"
        )
    expires = None
    expiry = text("expires")
    if expiry is not None:
        try:
            expires = date.fromisoformat(expiry)
        except ValueError:
            at = _line(fields["expires"])
            raise BaselineError(
                f"{path}:{at}: expires {expiry!r} is not a date (YYYY-MM-DD)"
            ) from None
    return Entry(kind, cast(Side, side), schema_pointer, pointer, value, reason, expires, line)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _mapping(path: str, node: yaml.Node, what: str, keys: tuple[str, ...]) -> dict[str, yaml.Node]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise BaselineError(f"{path}:{_line(node)}: {what} must be a mapping of {', '.join(keys)}")
    fields: dict[str, yaml.Node] = {}
    for key, value in node.value:
        name = _scalar(path, key, "a key")
        if name not in keys:
            raise BaselineError(
                f"{path}:{_line(key)}: unknown key {name!r} in {what} (one of {', '.join(keys)})"
            )
        if name in fields:
            raise BaselineError(f"{path}:{_line(key)}: {name} is given twice")
        fields[name] = value
    return fields


def _scalar(path: str, node: yaml.Node, what: str) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise BaselineError(f"{path}:{_line(node)}: {what} must be a single value")
    return str(node.value)


# -- writing ----------------------------------------------------------------------------------


class BaselineWriter:
    """A listener between a run and its report: passes everything on, and keeps one entry per
    distinct new finding (by fingerprint, in the order the run met them) for ``write``."""

    def __init__(self, listener: Any, baseline: Baseline) -> None:
        self._listener = listener
        self._baseline = baseline
        self.new: dict[str, Entry] = {}

    @property
    def needs_passed(self) -> bool:
        return bool(self._listener.needs_passed)

    def checked(self, origin: Origin, findings: list[Finding]) -> None:
        new = self.new
        for finding in findings:
            entry = Entry.of(finding)
            if entry.fingerprint not in new and not self._baseline.knows(entry.fingerprint):
                new[entry.fingerprint] = entry
        self._listener.checked(origin, findings)

    def unreadable(self, record: Unreadable) -> None:
        self._listener.unreadable(record)

    def unaccepted(self) -> int:
        """New fingerprints the written file does not accept (errors wait for a reason)."""
        return sum(entry.is_error for entry in self.new.values())

    def still_failing(self, summary: Summary) -> bool:
        """Whether the file as written leaves a finding of this run failing: a new error (it
        waits for its reason), the finding of an expired entry (it waits for a new date), an
        unreadable record (a broken capture is never accepted)."""
        return bool(self.unaccepted() or self._baseline.expired(summary) or summary.unreadable)

    def outcome(self, summary: Summary) -> str:
        """The line that says what was written."""
        errors = self.unaccepted()
        kept = len(self._baseline.entries)
        text = (
            f"baseline {self._baseline.path} written: {kept} "
            f"{'entry' if kept == 1 else 'entries'} kept, {len(self.new) - errors} added"
        )
        if errors:
            text += f", {errors} new error {'finding' if errors == 1 else 'findings'} "
            text += "written commented out (accepted only once a reason is written)"
        return text

    def write(self) -> None:
        """Write the file (atomically: a temporary file beside it, then renamed)."""
        lines = [
            "# modelarts-validate baseline: findings seen and accepted. An entry names what a",
            "# finding is (kind, side, schema_pointer, pointer with array indices as *, and the",
            "# value of an undocumented-value), a reason (required for errors) and, if wanted,",
            "# an expiry date (YYYY-MM-DD) after which its findings count again.",
            "version: 1",
            "entries:" if self._baseline.entries or self.new else "entries: []",
        ]
        for entry in self._baseline.entries:
            lines += _entry_lines(entry, entry.reason)
        for entry in self.new.values():
            if entry.is_error:
                lines.append("  # an error is accepted only with a reason: write one, then")
                lines.append("  # remove the '# ' before each line of the entry")
                lines += ["  # " + line[2:] for line in _entry_lines(entry, "")]
            else:
                lines += _entry_lines(entry, DEFAULT_REASON)
        text = "\n".join(lines) + "\n"
        target = Path(self._baseline.path)
        folder = target.parent
        try:
            handle, temporary = tempfile.mkstemp(prefix=".baseline-", dir=folder)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, target)
        except OSError as error:
            raise BaselineError(f"{target}: cannot write it: {error.strerror or error}") from None


def _entry_lines(entry: Entry, reason: str | None) -> list[str]:
    lines = [f"  - kind: {entry.kind}", f"    side: {entry.side}"]
    if entry.schema_pointer is not None:
        lines.append(f"    schema_pointer: {_quoted(entry.schema_pointer)}")
    lines.append(f"    pointer: {_quoted(entry.pointer)}")
    if entry.kind == Kind.UNDOCUMENTED_VALUE:
        value = entry.value
        shown = _quoted(value) if isinstance(value, str) else json.dumps(value, default=str)
        lines.append(f"    value: {shown}")
    if reason is not None:
        lines.append(f"    reason: {_quoted(reason)}")
    if entry.expires is not None:
        lines.append(f"    expires: {entry.expires.isoformat()}")
    return lines


#: What YAML does not carry as it is in a double-quoted scalar: characters outside its printable
#: set, and the line breaks a reader would fold (NEL, LS, PS).
_NOT_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _quoted(text: str) -> str:
    """A string as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
