"""The checks of one exchange against the contract: routing, request, response, drift.

``Contract.load`` reads and checks the spec, derives the drift-aware schemas (the packaged
spec's are shipped derived, with its parsed copy: ``spec.load_packaged``) and compiles the
engine's validators, once; every check afterwards only validates. Each check returns every
finding, never just the first (the raising helpers of ``violations`` wrap them).

Decisions a user may want to know:

- A request body is optional unless the spec sets ``requestBody.required``; an empty request
  body (``b""``) then has nothing to check. A documented response with an empty body is
  ``missing-body``.
- A body whose Content-Type is not a documented one is still validated when it parses as
  JSON; when it does not, ``wrong-content-type`` alone is reported (the body never claimed to
  be JSON).
- A response is looked up by its exact status, then its range (``4XX``), then ``default``.
- With the ``rs`` engine, a body is first judged from its bytes by the fast path (``judge``,
  or the typed decoders of ``typed`` where the C judge is not built): a body it accepts
  conforms, with no finding, and is never parsed into Python objects. A body the judge refuses
  has the errors the engine would raise of it worked out from its bytes too, wherever the judge
  knows the keyword each failure fails (``Judge.errors``); any other body is parsed and judged
  by the engine. ``explain`` words every finding, from the judge's errors as from the
  engine's (``fast=False`` turns the fast path off; the ``python`` engine, the reference, never
  uses it).
- With the fast path, what is judged of an exchange besides its bodies (route, path
  parameters, query, credentials, status, Content-Types) is worked out once per request line,
  credentials present or not, status and Content-Types (``Contract._plan``): an exchange whose
  key has no finding of its own has only its bodies judged. Its findings are the same.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from .._deferred import replace
from .engines import ENGINE_NAMES, Engine, RawError, compile_validators
from .findings import NOWHERE, Finding, Kind, Origin, Side, severity_of
from .model import Exchange, Request, Response
from .pointers import Location, fragment
from .redact import redact_url
from .schemas import DerivedSchemas, decode, derive
from .short_cache import LONGEST, short
from .spec import Content, Spec, SpecError, load_packaged, load_spec
from .wire import (
    CACHED,
    Route,
    Server,
    depth,
    has_long_integer,
    header,
    is_json,
    parse_json,
    parse_json_exact,
    parse_server,
    pick_media_type,
    raw_depth,
    split_url,
)

if TYPE_CHECKING:
    from .explain import Explainer  # imported when a body first fails
    from .judge import Judge  # imported when the fast path is translated
    from .typed import Decode  # imported when the fast path is translated (with msgspec)

#: Bodies judged by the engine before the typed fast path is translated (``Contract.fast_path``).
TYPED_AFTER = 4
#: A body this long is worth translating the fast path for at once (it decodes in 2x its size
#: where parsing and the engine's copy take 3x).
_WORTH_TRANSLATING = 1 << 20


#: The most keys ``Contract._plans`` holds (a capture repeats a few request lines, statuses and
#: Content-Types; each key's texts together are at most ``short_cache.LONGEST`` characters).
_PLANS = 1024
#: What is judged of a planned exchange: the judge of its request body and the schema it
#: judges, then the same of its response body; and, when the contract tells ``checked`` of the
#: exchanges it checks (``observing``), how many such exchanges conformed without being told (a
#: one-item list, ``checked_counts``), else None.
_Plan = tuple["Judge", Location, "Judge", Location, list[int] | None]


def _number(status: Any) -> None:
    """A response status of another type than a number: a ``TypeError`` naming it."""
    if not isinstance(status, int | float):
        raise TypeError(f"a response status is an int, not {type(status).__name__} {status!r}")


def _inexact(value: Any) -> bool:
    """A float orjson may have made of an integer beyond the 64-bit range (or of one just
    below -2**63, which it rounds to -2**63)."""
    return isinstance(value, float) and abs(value) >= 2**63


class Contract:
    """The compiled contract of the spec's one operation. Build it with ``Contract.load``."""

    def __init__(
        self,
        spec: Spec,
        *,
        engine: Engine = "rs",
        strict: bool = False,
        servers: Sequence[str | Server] = (),
        fast: bool = True,
        derived: DerivedSchemas | None = None,
    ) -> None:
        """``derived``: ``derive(spec)`` when it is known already (``Contract.load()`` passes
        the packaged spec's, shipped precomputed); None: derived here."""
        if engine not in ENGINE_NAMES:
            raise ValueError(f"unknown engine {engine!r}, expected 'rs' or 'python'")
        self.spec = spec
        #: Called with (side, schema location, value) for every body parsed as JSON: what the
        #: checks validate, handed on without parsing it again (``observing``); None: nothing.
        self.observe: Callable[[str, Location, Any], None] | None = None
        #: Called with (side, schema location, decoded value) for every body the typed fast
        #: path accepts, its value as the typed decoder built it (``typed``); None: such bodies
        #: are parsed and handed to ``observe`` instead.
        self.observe_typed: Callable[[str, Location, Any], None] | None = None
        #: Told of each exchange of this operation before its bodies are judged, but those of
        #: the fast path that conform, which are only counted (``checked_counts``); None.
        self.checked: Callable[[Exchange], None] | None = None
        self.engine: Engine = engine
        self.strict = strict
        #: The base URLs the operation is matched under (empty: any host, the exact path).
        self.servers: tuple[Server, ...] = tuple(_server(s) for s in servers)
        self._operation = operation = spec.operation
        self._route = Route(operation.method, operation.path, self.servers)
        self._valid_parameters: set[tuple[str, str]] = set()  # seen and conforming, up to CACHED
        self._responses = {key.upper(): value for key, value in operation.responses.items()}
        contents = [*operation.responses.values()]
        if operation.request_body is not None:
            contents.append(operation.request_body)
        schemas = [m.schema for c in contents for m in c.media_types if m.schema is not None]
        schemas += operation.path_parameters.values()
        try:
            if derived is None:
                derived = derive(spec)
            entries = {location: derived.entry(location) for location in schemas}
            compiled = compile_validators(derived, sorted(set(entries.values())), engine)
        except SpecError as error:
            raise SpecError(f"spec {spec.source}: {error}") from None
        self._derived = derived
        self._explainer: Explainer | None = None  # made when a body first fails
        self._validators = {location: compiled[entry] for location, entry in entries.items()}
        #: Whether bodies go through the typed fast path first (``typed``).
        self.fast = fast and engine == "rs"
        self._typed: dict[Location, Decode] = {}
        #: The judges of the fast path (``judge``): bodies decided from their bytes, in C.
        self._judges: dict[Location, Judge] = {}
        #: The translated type of each schema location with a fast path (``typed``).
        self._kinds: dict[Location, Any] = {}
        #: Makes a judge that also counts what it accepts (``observing``'s ``judging``).
        self._judging: Callable[[str, Location, Any], Judge | None] | None = None
        self._counting: dict[tuple[str, Location], Judge | None] = {}
        # translated once TYPED_AFTER bodies have been judged (``fast_path``): a run of a few
        # requests does not pay for it, and the findings are the same either way
        self._untranslated = (derived, entries) if self.fast else None
        self._bodies = 0
        self._security = operation.security
        #: What is judged of an exchange with this request line, credentials (present or not),
        #: status and Content-Types, once its contract is translated: ``_plan``, up to _PLANS.
        self._plans: dict[tuple[Any, ...], _Plan | None] = {}

    @classmethod
    def load(
        cls,
        spec: str | Path | None = None,
        *,
        engine: Engine = "rs",
        strict: bool = False,
        servers: Sequence[str | Server] = (),
        fast: bool = True,
    ) -> Contract:
        """Load the spec (the packaged copy by default), check it, and compile it once for
        ``engine``. ``servers``: base URLs (``https://gw.example.com/modelarts``) under which
        the operation's path is matched, scheme and host included; none: any host, the exact
        path. Raises ``SpecError`` when the spec is broken, ``ValueError`` for an unknown
        engine or a server that is not an absolute http(s) URL. ``fast``: decode bodies with the
        typed fast path first (``rs`` only; the findings are the same either way)."""
        derived = None
        if spec is None:  # the packaged spec: its derived schemas are shipped with it
            loaded, shipped = load_packaged()
            derived = None if shipped is None else decode(shipped, loaded)
        else:
            loaded = load_spec(spec)
        return cls(
            loaded, engine=engine, strict=strict, servers=servers, fast=fast, derived=derived
        )

    def observing(
        self,
        observe: Callable[[str, Location, Any], None],
        typed: Callable[[str, Location, Any], None] | None = None,
        judging: Callable[[str, Location, Any], Judge | None] | None = None,
        checked: Callable[[Exchange], None] | None = None,
    ) -> Contract:
        """This contract (sharing its compiled validators), handing every body it parses as
        JSON to ``observe(side, schema location, value)`` before judging it; with ``typed``, a
        body the typed fast path accepts goes to ``typed(side, schema location, decoded)``
        instead, as decoded (msgspec structures, ``msgspec.UNSET`` for an absent field). With
        ``judging``, a body is first given to ``judging(side, schema location, translated
        type)``'s judge (made once per side and location; None: there is none), which counts
        what it accepts itself: such a body goes to neither observer. With ``checked``, each
        exchange of the operation (one ``check_exchange`` does not return None for) is first
        told to ``checked(exchange)``, but one whose bodies the fast path finds conforming: such
        exchanges are only counted, and ``checked_counts()`` hands the counts back (the
        per-exchange call would cost a run with coverage a tenth of its time). The contract
        itself is left as it was."""
        clone = copy.copy(self)
        clone.observe = observe
        clone.observe_typed = typed
        clone.checked = checked
        clone._judging = judging
        clone._counting = {}
        clone._plans = {}
        return clone

    def fast_path(self) -> dict[Location, Decode]:
        """The typed decoders of the fast path, by schema location, translated now if they are
        not yet (empty without the fast path)."""
        untranslated = self._untranslated  # (read once: another thread may translate too)
        if untranslated is not None:
            import msgspec

            from .judge import judge_of
            from .typed import translations

            derived, entries = untranslated
            kinds = translations(derived, set(entries.values()))
            decoders = {e: msgspec.json.Decoder(kind).decode for e, kind in kinds.items()}
            # (a contract that observes its bodies judges them with judges that count)
            judges = {} if self.observe is not None else {e: judge_of(k) for e, k in kinds.items()}
            self._judges = {
                loc: judge for loc, e in entries.items() if (judge := judges.get(e)) is not None
            }
            self._typed = {loc: decoders[e] for loc, e in entries.items() if e in decoders}
            self._kinds = {loc: kinds[e] for loc, e in entries.items() if e in kinds}
            self._untranslated = None
        return self._typed

    # -- routing ---------------------------------------------------------------------------

    def match(self, method: str, url: str) -> str | None:
        """The ``project_id`` of a request for this operation, or None for other traffic.

        A path that matches the template but whose ``project_id`` breaks its constraint is
        matched (``check_request`` reports ``invalid-path-parameter``)."""
        params = self._route.match(method, url)
        return None if params is None else next(iter(params.values()), "")

    def near_miss(self, method: str, url: str) -> str | None:
        """For a request ``match`` refuses: the base URL it went to (``https://gw.example.com
        /modelarts``, no credentials) when its method is the operation's and its path ends in
        the operation's path: traffic of this operation under a base no ``servers`` names."""
        return self._route.near(method, url)

    def check_exchange(self, exchange: Exchange) -> list[Finding] | None:
        """Every finding of both sides, located with the exchange's entry, method and URL;
        None when the request is not for this operation (the caller counts it unmatched).
        A body given as ``str`` is judged as its UTF-8 bytes; one of another type than bytes
        is a ``TypeError``, as is a status that is not a number."""
        request, response = exchange.request, exchange.response
        if (type(request.body) is not bytes and request.body is not None) or (
            response is not None and type(response.body) is not bytes and response.body is not None
        ):
            exchange = _bytes_bodies(exchange)
            request, response = exchange.request, exchange.response
        if (
            self._untranslated is None
            and response is not None
            and request.body
            and response.body
            and self.fast
        ):
            # The usual exchange: everything but its bodies is judged once per request line,
            # credentials, status and Content-Types (``_plan``), and its bodies by their judges.
            plan = self._planned(request, response)
            if plan is not None:
                ask, asked, answer, answered, conformed = plan
                findings: list[Finding] = []
                origin = None
                if not ask(request.body):
                    origin = self._checking(exchange)
                    findings = self._refused("request", asked, ask, request.body, origin)
                if not answer(response.body):
                    if origin is None:
                        origin = self._checking(exchange)
                    findings += self._refused("response", answered, answer, response.body, origin)
                elif origin is None and conformed is not None:
                    conformed[0] += 1
                return findings
        params = self._route.match(request.method, request.url)
        if params is None:
            return None
        if response is not None:
            _number(response.status)  # (before ``checked`` is told of it)
        origin = self._checking(exchange)
        findings = self._request(request, params, origin)
        if response is None:
            message = "no response was captured"
            findings.append(self._finding(Kind.BODY_NOT_CAPTURED, "response", message, origin))
        else:
            findings += self._response(response.status, response.headers, response.body, origin)
        return findings

    def _checking(self, exchange: Exchange) -> Origin:
        """Where an exchange of the operation comes from, once ``checked`` is told of it."""
        if self.checked is not None:
            self.checked(exchange)
        request = exchange.request
        return Origin(exchange.source, exchange.entry, request.method, request.url)

    def checked_counts(self) -> list[tuple[tuple[str | None, int, str | None], int]]:
        """How many exchanges the fast path found conforming, not told to ``checked``
        (``observing``), since the last call: by (request Content-Type, status, response
        Content-Type), each with a non-empty body on both sides."""
        counts: dict[tuple[str | None, int, str | None], int] = {}
        for (_, _, sent, _, status, received), plan in self._plans.items():
            conformed = None if plan is None else plan[4]
            if conformed and conformed[0]:
                key = (sent, status, received)
                counts[key] = counts.get(key, 0) + conformed[0]
                conformed[0] = 0
        return list(counts.items())

    def _planned(self, request: Request, response: Response) -> _Plan | None:
        """``_plan`` of an exchange's key, kept for up to ``_PLANS`` keys of short texts."""
        headers = request.headers
        method, url, status = request.method, request.url, response.status
        sent = header(headers, "content-type")
        received = header(response.headers, "content-type")
        if len(url) + len(method) + len(sent or "") + len(received or "") > LONGEST:
            return None  # (a key that long is not kept: checked step by step)
        if type(status) is not int:
            return None  # (200.0 == 200, but a status is looked up by its text: "200.0")
        credentials = _credentialed(self._security, headers)
        key = (method, url, sent, credentials, status, received)
        try:
            return self._plans[key]
        except KeyError:
            pass
        if len(self._plans) >= _PLANS or not (
            short(url) and short(sent or "") and short(received or "")
        ):
            return None  # (no room, or texts too wide to keep: checked step by step)
        plan = self._plan(method, url, sent, credentials, status, received)
        if plan is not None or self._route.match(method, url) is not None:
            self._plans[key] = plan  # (other traffic: the route remembers it)
        return plan

    def _plan(
        self,
        method: str,
        url: str,
        sent: str | None,
        credentials: bool,
        status: int,
        received: str | None,
    ) -> _Plan | None:
        """For exchanges with non-empty bodies and this request line, credentials (present or
        not), status and Content-Types: the judges of their request and response bodies and
        the schemas they judge, when nothing else of such an exchange has a finding and both
        bodies have a judge; None otherwise (each such exchange is checked step by step)."""
        params = self._route.match(method, url)
        if params is None or not credentials or self._query(url, NOWHERE):
            return None
        if self._parameters(params, NOWHERE):
            return None
        request_body = self._operation.request_body
        if request_body is None:
            return None
        asked = self._body_schema(request_body, sent)
        key = self._documented(status)
        answered = None if key is None else self._body_schema(self._responses[key], received)
        if asked is None or answered is None:
            return None
        ask, answer = self._judge_of("request", asked), self._judge_of("response", answered)
        if ask is None or answer is None:
            return None
        return ask, asked, answer, answered, None if self.checked is None else [0]

    def _body_schema(self, content: Content, value: str | None) -> Location | None:
        """The schema a non-empty body of ``content`` sent with Content-Type ``value`` is
        judged against, when that is all there is to check of it; None otherwise."""
        media = pick_media_type(content, value)
        if media is None or media.schema is None or not is_json(media):
            return None
        return media.schema

    def _judge_of(self, side: Side, schema: Location) -> Judge | None:
        """The judge of ``side``'s bodies of ``schema``: one that counts when this contract
        observes its bodies (``observing``)."""
        return self._judges.get(schema) if self.observe is None else self._counted(side, schema)

    # -- request ---------------------------------------------------------------------------

    def check_request(self, request: Request) -> list[Finding]:
        """Path parameters, Content-Type, and the body. Raises ``ValueError`` when the URL is set
        but is not one of this operation's (use ``match`` or ``check_exchange`` to route)."""
        params: dict[str, str] = {}
        if request.url:
            found = self._route.match(self._route.method, request.url)
            if found is None:
                operation = f"{self._route.method} {self._operation.path}"
                raise ValueError(f"{request.url!r} is not a URL of {operation}")
            params = found
        if type(request.body) is not bytes and request.body is not None:
            request = replace(request, body=_as_body(request.body, "request"))
        return self._request(request, params, NOWHERE)

    def check_request_body(self, body: bytes | object) -> list[Finding]:
        """The request body alone: bytes are parsed as JSON, anything else (including ``str``)
        is taken as an already parsed JSON value."""
        content = self._operation.request_body
        if content is None or content.media_types[0].schema is None:
            return []
        schema = content.media_types[0].schema
        if not isinstance(body, bytes | bytearray | memoryview):
            return self._validate("request", schema, body, None, NOWHERE)
        if not body:
            return [self._missing("request", content, NOWHERE)] if content.required else []
        return self._json("request", schema, bytes(body), NOWHERE)

    def _request(self, request: Request, params: dict[str, str], origin: Origin) -> list[Finding]:
        findings = self._parameters(params, origin)
        findings += self._query(request.url, origin)
        security = self._security
        if security and not _credentialed(security, request.headers):
            findings.append(self._no_credentials(security, origin))
        body = self._operation.request_body
        if body is not None:
            findings += self._message("request", body, request.headers, request.body, origin)
        return findings

    def _parameters(self, params: dict[str, str], origin: Origin) -> list[Finding]:
        findings: list[Finding] = []
        for name, value in params.items():
            if (name, value) in self._valid_parameters:  # a capture repeats a few project ids
                continue
            schema = self._operation.path_parameters[name]
            wrong = self._validate("request", schema, value, None, origin)
            if not wrong and len(self._valid_parameters) < CACHED and short(value):
                self._valid_parameters.add((name, value))
            for f in wrong:
                message = f"path parameter {name}: {f.message}"
                findings.append(replace(f, kind=Kind.INVALID_PATH_PARAMETER, message=message))
        return findings

    def _query(self, url: str, origin: Origin) -> list[Finding]:
        """Each query parameter the operation does not document, once per name (drift: the
        route ignores the query, and the service may read one the page does not name). Only the
        name is reported: a value may be a credential."""
        if "?" not in url:  # nearly every request: no second split of the URL
            return []
        query = split_url(url).query
        if not query:
            return []
        documented = self._operation.query_parameters
        names = dict.fromkeys(name for name, _ in parse_qsl(query, keep_blank_values=True))
        which = (
            f"documented: {', '.join(documented)}"
            if documented
            else "the operation documents no query parameters"
        )
        where = fragment(self._operation.location)
        return [
            self._finding(
                Kind.UNDOCUMENTED_PARAMETER,
                "request",
                f"query parameter {name!r} is not documented ({which})",
                origin,
                where,
                list(documented),
                name,
            )
            for name in names
            if name not in documented
        ]

    def _no_credentials(self, security: tuple[tuple[str, ...], ...], origin: Origin) -> Finding:
        """A request that carries no credentials the spec's security requirement accepts (a
        header redacted in the capture still counts: it was there)."""
        wanted = " or ".join(" and ".join(_header_name(h) for h in need) for need in security)
        message = f"the request carries no credentials: expected {wanted}"
        where = fragment(self._operation.security_location)
        expected = [list(need) for need in security]
        return self._finding(Kind.MISSING_CREDENTIALS, "request", message, origin, where, expected)

    # -- response --------------------------------------------------------------------------

    def check_response(
        self, status: int, headers: Mapping[str, str], body: bytes | None
    ) -> list[Finding]:
        """The status is documented; then Content-Type and the body, against the schema of the
        response documented for that status."""
        return self._response(status, headers, _as_body(body, "response"), NOWHERE)

    def _response(
        self, status: int, headers: Mapping[str, str], body: bytes | None, origin: Origin
    ) -> list[Finding]:
        key = self._documented(status)
        if key is None:
            documented = list(self._operation.responses)
            message = f"status {status} is not documented (documented: {', '.join(documented)})"
            where = fragment(self._operation.responses_location)
            return [
                self._finding(
                    Kind.UNDOCUMENTED_STATUS, "response", message, origin, where, documented, status
                )
            ]
        return self._message("response", self._responses[key], headers, body, origin)

    def _documented(self, status: int) -> str | None:
        """The documented response a status selects: its exact status, then its range
        (``4XX``), then ``DEFAULT``; None when none is documented."""
        responses = self._responses
        _number(status)
        keys = (str(status), f"{status // 100}XX", "DEFAULT")
        return next((k for k in keys if k in responses), None)

    # -- shared ----------------------------------------------------------------------------

    def _message(
        self,
        side: Side,
        content: Content,
        headers: Mapping[str, str],
        body: bytes | None,
        origin: Origin,
    ) -> list[Finding]:
        if body is None:
            message = f"the {side} body was not captured"
            return [self._finding(Kind.BODY_NOT_CAPTURED, side, message, origin)]
        if not content.media_types:
            return []
        if not body:
            required = side == "response" or content.required
            return [self._missing(side, content, origin)] if required else []
        findings: list[Finding] = []
        value = header(headers, "content-type")
        media = pick_media_type(content, value)
        if media is None:
            names = [m.name for m in content.media_types]
            got = "no Content-Type" if value is None else f"Content-Type {value!r}"
            message = f"{got}, expected {' or '.join(names)}"
            where = fragment((*content.location, "content"))
            findings.append(
                self._finding(Kind.WRONG_CONTENT_TYPE, side, message, origin, where, names, value)
            )
        target = media or content.media_types[0]
        if target.schema is not None and is_json(target):
            findings += self._json(side, target.schema, body, origin, claimed=media is not None)
        return findings

    def _json(
        self, side: Side, schema: Location, raw: bytes, origin: Origin, *, claimed: bool = True
    ) -> list[Finding]:
        if self._untranslated is not None:
            self._bodies += 1
            if self._bodies > TYPED_AFTER or len(raw) > _WORTH_TRANSLATING:
                self.fast_path()
        observe_typed = self.observe_typed
        refused = False
        judge = self._judge_of(side, schema)
        if judge is not None:
            if judge(raw):
                return []
            return self._refused(side, schema, judge, raw, origin, claimed=claimed)
        if (self.observe is None or observe_typed is not None) and (
            typed := self._typed.get(schema)
        ) is not None:
            try:
                decoded = typed(raw)
            except Exception:  # anything but a conforming body: the engine judges and words it
                refused = True
            else:
                if observe_typed is not None:
                    observe_typed(side, schema, decoded)
                return []
        return self._parsed(side, schema, raw, origin, claimed=claimed, refused=refused)

    def _refused(
        self,
        side: Side,
        schema: Location,
        judge: Judge,
        raw: bytes,
        origin: Origin,
        *,
        claimed: bool = True,
    ) -> list[Finding]:
        """A body its judge refused (nearly always a finding). When the judge knows the keyword
        each of its failures fails (``Judge.errors``: a value of another type, out of bounds,
        not among an enumeration's, an undocumented field, a required property missing...), the
        errors the engine would raise are worked out from its bytes; otherwise the engine parses
        and judges it. Either way ``explain`` words the findings."""
        recorded = judge.errors(raw)
        if recorded is None:
            return self._parsed(side, schema, raw, origin, claimed=claimed, refused=True)
        errors = [RawError(where, path, value) for (_, where, _), path, value, _ in recorded]
        return self._explain(errors, side, origin)

    def _parsed(
        self,
        side: Side,
        schema: Location,
        raw: bytes,
        origin: Origin,
        *,
        claimed: bool = True,
        refused: bool = False,
    ) -> list[Finding]:
        """A body parsed and judged by the engine (``refused``: the fast path refused it)."""
        value, error = parse_json(raw)
        if error is None:
            if self.observe is not None:
                self.observe(side, schema, value)
            return self._validate(side, schema, value, raw, origin, likely_invalid=refused)
        if not claimed:
            return []
        if error.startswith("depth limit exceeded"):  # valid JSON, deeper than orjson reads
            return [self._too_deep(side, raw_depth(raw), origin)]
        if error.startswith("number is infinity"):  # valid JSON: an integer beyond a double
            try:
                exact = parse_json_exact(raw)
            except (ValueError, RecursionError):
                pass
            else:
                return self._validate(side, schema, exact, None, origin)
        return [self._finding(Kind.INVALID_JSON, side, f"the body is not JSON: {error}", origin)]

    def _counted(self, side: Side, schema: Location) -> Judge | None:
        """The judge that counts bodies of ``schema`` on ``side`` (``observing``), or None."""
        key = (side, schema)
        try:
            return self._counting[key]
        except KeyError:
            pass
        kind = self._kinds.get(schema)
        judge = None if kind is None or self._judging is None else self._judging(side, schema, kind)
        if self._untranslated is None:  # (before the translation, asked again after it)
            self._counting[key] = judge
        return judge

    def _validate(
        self,
        side: Side,
        schema: Location,
        value: Any,
        raw: bytes | None,
        origin: Origin,
        *,
        likely_invalid: bool = False,
    ) -> list[Finding]:
        """The happy path is one ``is_valid`` call; errors are worked out only on failure.
        ``likely_invalid`` (the fast path refused the body: nearly always a finding): the
        errors at once, without the ``is_valid`` pass that would only find there are some."""
        validator = self._validators[schema]
        try:
            if not likely_invalid and validator.is_valid(value):
                return []
            errors = list(validator.errors(value))
            if not errors:
                return []
            inexact = any(_inexact(e.instance) for e in errors)
            if raw is not None and inexact and has_long_integer(raw):
                errors = list(validator.errors(parse_json_exact(raw)))
        except (RecursionError, ValueError) as error:  # jsonschema-rs: "Recursion limit reached"
            if isinstance(error, ValueError) and "ecursion" not in str(error):
                raise
            return [self._too_deep(side, depth(value), origin)]
        return self._explain(errors, side, origin)

    def _explain(self, errors: list[RawError], side: Side, origin: Origin) -> list[Finding]:
        explainer = self._explainer
        if explainer is None:
            from .explain import Explainer

            explainer = self._explainer = Explainer(self._derived, strict=self.strict)
        return explainer.explain(errors, side, origin)

    def _too_deep(self, side: Side, levels: int, origin: Origin) -> Finding:
        message = f"the {side} body is nested {levels} levels deep, too deep to be judged"
        return self._finding(Kind.BODY_TOO_DEEP, side, message, origin, None, None, levels)

    def _missing(self, side: Side, content: Content, origin: Origin) -> Finding:
        where = fragment((*content.location, "content"))
        return self._finding(Kind.MISSING_BODY, side, f"the {side} body is empty", origin, where)

    def _finding(
        self,
        kind: Kind,
        side: Side,
        message: str,
        origin: Origin,
        schema_pointer: str | None = None,
        expected: Any = None,
        actual: Any = None,
    ) -> Finding:
        severity = severity_of(kind, self.strict, side)
        return Finding(kind, severity, side, message, "", schema_pointer, expected, actual, origin)


def _as_body(body: object, side: str) -> bytes | None:
    """A body as the checks take it: bytes or None; a ``str`` as its UTF-8 bytes (a lone
    surrogate kept as such bytes, which are not UTF-8: not JSON); other bytes-like objects
    copied to bytes."""
    if body is None or type(body) is bytes:
        return body
    if isinstance(body, str):
        return body.encode("utf-8", "surrogatepass")
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    raise TypeError(f"the {side} body is bytes (or None), not {type(body).__name__}")


def _bytes_bodies(exchange: Exchange) -> Exchange:
    """``exchange`` with its bodies as ``_as_body`` takes them (a copy: the caller's is kept)."""
    request, response = exchange.request, exchange.response
    request = replace(request, body=_as_body(request.body, "request"))
    if response is not None:
        response = replace(response, body=_as_body(response.body, "response"))
    return replace(exchange, request=request, response=response)


def _credentialed(security: tuple[tuple[str, ...], ...] | None, headers: Mapping[str, str]) -> bool:
    """Whether ``headers`` carry the credentials of one of ``security``'s requirements (each
    the header names it needs), or none are asked for."""
    if not security:
        return True
    for need in security:
        for name in need:
            if name not in headers:
                break
        else:
            return True
    return False


def _server(server: str | Server) -> Server:
    if isinstance(server, Server):
        return server
    try:
        return parse_server(server)
    except ValueError as error:
        raise ValueError(f"server {redact_url(server)!r}: {error}") from None


def _header_name(name: str) -> str:
    """``x-auth-token`` -> ``X-Auth-Token``."""
    return "-".join(part[:1].upper() + part[1:] for part in name.split("-"))


@cache
def default_contract() -> Contract:
    """The packaged spec, compiled once per process, for the helpers that take no contract."""
    return Contract.load()
