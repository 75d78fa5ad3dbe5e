"""The checks of one exchange against the contract: routing, request, response, drift.

``Contract.load`` reads and checks the spec, derives the drift-aware schemas and compiles the
engine's validators, once; every check afterwards only validates. Each check returns every
finding, never just the first; the raising helpers (``validate_request_body``,
``validate_response``) are one-line wrappers over them.

Decisions a user may want to know:

- A request body is optional unless the spec sets ``requestBody.required``; an empty request
  body (``b""``) then has nothing to check. A documented response with an empty body is
  ``missing-body``.
- A body whose Content-Type is not a documented one is still validated when it parses as
  JSON; when it does not, ``wrong-content-type`` alone is reported (the body never claimed to
  be JSON).
- A response is looked up by its exact status, then its range (``4XX``), then ``default``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from .engines import Engine, compile_validators
from .explain import Explainer
from .findings import DRIFT_KINDS, Exchange, Finding, Kind, Request, Severity, Side
from .schemas import derive
from .spec import Content, Location, Spec, SpecError, fragment, load_spec
from .wire import (
    NEAR_INT64_MIN,
    Route,
    has_long_integer,
    header,
    is_json,
    parse_json,
    parse_json_exact,
    pick_media_type,
)

_BYTES = (bytes, bytearray, memoryview)


def _inexact(value: Any) -> bool:
    """A float orjson may have made of an integer beyond the 64-bit range."""
    return isinstance(value, float) and abs(value) >= 2**63


class Contract:
    """The compiled contract of the spec's one operation. Build it with ``Contract.load``."""

    def __init__(self, spec: Spec, *, engine: Engine = "rs", strict: bool = False) -> None:
        if engine not in ("rs", "python"):
            raise ValueError(f"unknown engine {engine!r}, expected 'rs' or 'python'")
        self.spec = spec
        self.engine: Engine = engine
        self.strict = strict
        self._operation = operation = spec.operation
        self._route = Route(operation.method, operation.path)
        contents = [*operation.responses.values()]
        if operation.request_body is not None:
            contents.append(operation.request_body)
        schemas = [m.schema for c in contents for m in c.media_types if m.schema is not None]
        schemas += operation.path_parameters.values()
        try:
            derived = derive(spec)
            entries = {location: derived.entry(location) for location in schemas}
            compiled = compile_validators(derived, sorted(set(entries.values())), engine)
        except SpecError as error:
            raise SpecError(f"spec {spec.source}: {error}") from None
        self._explainer = Explainer(derived, strict=strict)
        self._validators = {location: compiled[entry] for location, entry in entries.items()}

    @classmethod
    def load(
        cls, spec: str | Path | None = None, *, engine: Engine = "rs", strict: bool = False
    ) -> Contract:
        """Load the spec (the packaged copy by default), check it, and compile it once for
        ``engine``. Raises ``SpecError`` when the spec is broken, ``ValueError`` for an unknown
        engine."""
        return cls(load_spec(spec), engine=engine, strict=strict)

    # -- routing ---------------------------------------------------------------------------

    def match(self, method: str, url: str) -> str | None:
        """The ``project_id`` of a request for this operation, or None for other traffic.

        A path that matches the template but whose ``project_id`` breaks its constraint is
        matched (``check_request`` reports ``invalid-path-parameter``)."""
        params = self._route.match(method, url)
        return None if params is None else next(iter(params.values()), "")

    def check_exchange(self, exchange: Exchange) -> list[Finding] | None:
        """Every finding of both sides, located with the exchange's entry, method and URL;
        None when the request is not for this operation (the caller counts it unmatched)."""
        request = exchange.request
        if self._route.match(request.method, request.url) is None:
            return None
        findings = self.check_request(request)
        response = exchange.response
        if response is None:
            findings.append(
                self._finding(Kind.BODY_NOT_CAPTURED, "response", "no response was captured")
            )
        else:
            findings += self.check_response(response.status, response.headers, response.body)
        return [
            replace(f, entry=exchange.entry, method=request.method, url=request.url)
            for f in findings
        ]

    # -- request ---------------------------------------------------------------------------

    def check_request(self, request: Request) -> list[Finding]:
        """Path parameters, Content-Type, and the body. Raises ``ValueError`` when the URL is set
        but is not one of this operation's (use ``match`` or ``check_exchange`` to route)."""
        findings: list[Finding] = []
        if request.url:
            params = self._route.match(self._route.method, request.url)
            if params is None:
                raise ValueError(
                    f"{request.url!r} is not a URL of {self._route.method} {self._operation.path}"
                )
            for name, value in params.items():
                findings += self._path_parameter(name, value)
        body = self._operation.request_body
        if body is not None:
            findings += self._message("request", body, request.headers, request.body)
        return findings

    def check_request_body(self, body: bytes | object) -> list[Finding]:
        """The request body alone: bytes are parsed as JSON, anything else (including ``str``)
        is taken as an already parsed JSON value."""
        content = self._operation.request_body
        media = (
            next((m for m in content.media_types if m.schema is not None), None)
            if content
            else None
        )
        if content is None or media is None or media.schema is None:
            return []
        if isinstance(body, _BYTES):
            raw = bytes(body)
            if not raw:
                return [self._missing("request", content)] if content.required else []
            return list(self._json("request", media.schema, raw))
        return self._validate("request", media.schema, body, None)

    # -- response --------------------------------------------------------------------------

    def check_response(
        self, status: int, headers: Mapping[str, str], body: bytes | None
    ) -> list[Finding]:
        """The status is documented; then Content-Type and the body, against the schema of the
        response documented for that status."""
        responses = self._operation.responses
        key = next(
            (k for k in (str(status), f"{status // 100}XX", "DEFAULT") if k in responses), None
        )
        if key is None:
            documented = list(responses)
            message = f"status {status} is not documented (documented: {', '.join(documented)})"
            where = fragment(self._operation.responses_location)
            return [
                self._finding(
                    Kind.UNDOCUMENTED_STATUS, "response", message, where, documented, status
                )
            ]
        return list(self._message("response", responses[key], headers, body))

    # -- shared ----------------------------------------------------------------------------

    def _message(
        self, side: Side, content: Content, headers: Mapping[str, str], body: bytes | None
    ) -> Iterator[Finding]:
        if body is None:
            yield self._finding(Kind.BODY_NOT_CAPTURED, side, f"the {side} body was not captured")
            return
        if not content.media_types:
            return
        if not body:
            if side == "response" or content.required:
                yield self._missing(side, content)
            return
        value = header(headers, "content-type")
        media = pick_media_type(content, value)
        if media is None:
            names = [m.name for m in content.media_types]
            got = "no Content-Type" if value is None else f"Content-Type {value!r}"
            message = f"{got}, expected {' or '.join(names)}"
            where = fragment((*content.location, "content"))
            yield self._finding(Kind.WRONG_CONTENT_TYPE, side, message, where, names, value)
        target = media or content.media_types[0]
        if target.schema is not None and is_json(target):
            yield from self._json(side, target.schema, body, claimed=media is not None)

    def _json(
        self, side: Side, schema: Location, raw: bytes, *, claimed: bool = True
    ) -> Iterator[Finding]:
        value, error = parse_json(raw)
        if error is not None:
            if claimed:
                yield self._finding(Kind.INVALID_JSON, side, f"the body is not JSON: {error}")
            return
        yield from self._validate(side, schema, value, raw)

    def _validate(
        self, side: Side, schema: Location, value: Any, raw: bytes | None
    ) -> list[Finding]:
        validator = self._validators[schema]
        valid = validator.is_valid(value)
        near = raw is not None and NEAR_INT64_MIN in raw
        if valid and not near:
            return []
        errors = [] if valid else list(validator.errors(value))
        inexact = near or any(_inexact(e.instance) for e in errors)
        if raw is not None and inexact and has_long_integer(raw):
            errors = list(validator.errors(parse_json_exact(raw)))
        return self._explainer.explain(errors, side)

    def _path_parameter(self, name: str, value: str) -> list[Finding]:
        schema = self._operation.path_parameters[name]
        return [
            replace(
                f,
                kind=Kind.INVALID_PATH_PARAMETER,
                severity="error",
                pointer="",
                message=f"path parameter {name}: {f.message}",
            )
            for f in self._validate("request", schema, value, None)
        ]

    def _missing(self, side: Side, content: Content) -> Finding:
        where = fragment((*content.location, "content"))
        return self._finding(Kind.MISSING_BODY, side, f"the {side} body is empty", where)

    def _finding(
        self,
        kind: Kind,
        side: Side,
        message: str,
        schema_pointer: str | None = None,
        expected: Any = None,
        actual: Any = None,
    ) -> Finding:
        severity: Severity = "warning" if kind in DRIFT_KINDS and not self.strict else "error"
        return Finding(kind, severity, side, message, "", schema_pointer, expected, actual)


@cache
def default_contract() -> Contract:
    """The packaged spec, compiled once, for the convenience functions."""
    return Contract.load()


class ContractViolation(Exception):
    """Raised by the ``validate_*`` helpers; ``findings`` holds every finding (warnings too)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        errors = [f for f in findings if f.severity == "error"]
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{first.side} {first.pointer or '/'}: {first.message}{more}")


def _raise_on_error(findings: list[Finding]) -> None:
    if any(f.severity == "error" for f in findings):
        raise ContractViolation(findings)


def validate_request_body(body: bytes | object, *, contract: Contract | None = None) -> None:
    """Raise ``ContractViolation`` unless the request body conforms (drift only warns, unless
    the contract is strict)."""
    _raise_on_error((contract or default_contract()).check_request_body(body))


def validate_response(
    status: int, headers: Mapping[str, str], body: bytes | None, *, contract: Contract | None = None
) -> None:
    """Raise ``ContractViolation`` unless the response conforms (see ``validate_request_body``)."""
    _raise_on_error((contract or default_contract()).check_response(status, headers, body))
