"""Load the OpenAPI document and check it before any traffic is judged.

A broken spec is a tool error, not a finding: every problem here raises ``SpecError`` with a
one-line message (the CLI maps it to exit code 2). What is checked: the file parses as YAML into
JSON-compatible data; it is OpenAPI 3.1 with exactly one operation; every schema validates
against the JSON Schema 2020-12 metaschema; every ``$ref`` is local and resolves. The result,
``Spec``, names the parts of the operation the checks need, each with its location in the
document, so that findings can point into the spec.

Locations are tuples of reference tokens (``("components", "schemas", "Filter")``);
``pointers.fragment`` renders one as an RFC 6901 URI fragment.

``load_document`` is the one reader of the spec file (the packaged copy by default): the
contract checks what it reads, the Hypothesis strategies walk it.

The packaged spec is also shipped parsed, as JSON (``SPEC_JSON``, written by ``derive_json`` from
the YAML: ``scripts/derive_spec.py``, checked by ``make check-generated`` and the tests): parsing
the YAML is most of the time a one-entry run takes after start-up, reading the JSON is a
hundredth of it. The JSON names the SHA-256 of the YAML it was made from, and is used only when
that is the YAML's: a spec edited since is parsed from its YAML, never judged by a stale copy.
The JSON also holds, made with it, the spec's drift-aware schemas (``schemas.derive``, written by
``schemas.encode``), which ``Contract.load()`` reads instead of deriving them (``load_packaged``),
and the document read from it is not checked against the metaschema again: the generation
checked it (``derive_json`` fails on a spec ``check_document`` refuses), and so do the tests.
A spec named by its path is always parsed, checked and derived.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._frozen import frozen
from .digest import sha256_hex
from .lazy_re import lazy_compile
from .pointers import Location, fragment, parse_fragment
from .rs_import import jsonschema_rs

if TYPE_CHECKING:
    import yaml

#: The folder and file name of the spec inside the package.
DATA_FOLDER = "_data"
SPEC_RESOURCE = "training-job-searches.yaml"
#: The packaged spec parsed (``derive_json``), beside it.
SPEC_JSON = "training-job-searches.json"


def _loader() -> type[yaml.SafeLoader]:
    """libyaml's safe loader when PyYAML was built with it (about 17x faster on the spec), the
    pure-Python one otherwise. PyYAML is imported only when a YAML document is parsed."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
#: Keywords whose value is one subschema, a list of subschemas, or a map of subschemas.
SUBSCHEMA = frozenset(
    {"additionalProperties", "items", "contains", "propertyNames", "not", "if", "then", "else"}
    | {"unevaluatedItems", "unevaluatedProperties", "contentSchema"}
)
SUBSCHEMA_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
SUBSCHEMA_MAP = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})


class SpecError(Exception):
    """The spec cannot be used: unreadable, not OpenAPI 3.1, or with an invalid schema."""


@frozen
class MediaType:
    """One media type of a request body or response, and where its schema is written."""

    name: str  # as written in the spec, e.g. "application/json;charset=utf-8"
    location: Location  # of the media type object
    schema: Location | None  # of its schema, None when it documents no schema

    def __init__(
        self,
        name: str,
        location: Location,
        schema: Location | None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "name", name)
        set_(self, "location", location)
        set_(self, "schema", schema)


@frozen
class Content:
    """A request body or a response: where it is written, and the media types it documents."""

    location: Location
    media_types: tuple[MediaType, ...]
    required: bool = False

    def __init__(
        self,
        location: Location,
        media_types: tuple[MediaType, ...],
        required: bool = False,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "location", location)
        set_(self, "media_types", media_types)
        set_(self, "required", required)


@frozen
class Operation:
    """The document's one operation: each part the checks need, with its location."""

    method: str  # upper case
    path: str  # the template, e.g. "/v2/{project_id}/training-job-searches"
    location: Location
    path_parameters: dict[str, Location]  # name -> location of its schema
    request_body: Content | None
    responses: dict[str, Content]  # "200", "4XX", "default" (as written) -> response
    responses_location: Location
    #: The security requirements (any one suffices), each the headers that must all be there
    #: (lower case); ``None`` when the spec requires nothing.
    security: tuple[tuple[str, ...], ...] | None = None
    security_location: Location = ()
    #: The names of the documented query parameters (none for this operation): any other one a
    #: request carries is drift.
    query_parameters: tuple[str, ...] = ()

    def __init__(
        self,
        method: str,
        path: str,
        location: Location,
        path_parameters: dict[str, Location],
        request_body: Content | None,
        responses: dict[str, Content],
        responses_location: Location,
        security: tuple[tuple[str, ...], ...] | None = None,
        security_location: Location = (),
        query_parameters: tuple[str, ...] = (),
    ) -> None:
        set_ = object.__setattr__
        set_(self, "method", method)
        set_(self, "path", path)
        set_(self, "location", location)
        set_(self, "path_parameters", path_parameters)
        set_(self, "request_body", request_body)
        set_(self, "responses", responses)
        set_(self, "responses_location", responses_location)
        set_(self, "security", security)
        set_(self, "security_location", security_location)
        set_(self, "query_parameters", query_parameters)


@frozen
class Spec:
    """The checked spec: its document, where it was read from, its operation and schemas."""

    document: dict[str, Any]
    source: str
    operation: Operation
    schemas: tuple[Location, ...]  # every schema written outside another schema

    def __init__(
        self,
        document: dict[str, Any],
        source: str,
        operation: Operation,
        schemas: tuple[Location, ...],
    ) -> None:
        set_ = object.__setattr__
        set_(self, "document", document)
        set_(self, "source", source)
        set_(self, "operation", operation)
        set_(self, "schemas", schemas)


def parse_ref(ref: str) -> Location:
    """A local ``$ref`` (``#/components/schemas/Filter``) to a location."""
    location = parse_fragment(ref)
    if location is None:
        raise SpecError(f"$ref {ref!r} is not a local JSON pointer (#/...)")
    return location


def resolve(document: Any, location: Location) -> Any:
    node = document
    for token in location:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise SpecError(f"{fragment(location)} does not exist")
    return node


def _read(path: str | Path | None) -> tuple[bytes, str]:
    """The bytes of the spec, and how messages name it."""
    if path is None:
        source = f"modelarts_validators/{DATA_FOLDER}/{SPEC_RESOURCE}"
        try:
            return _packaged(SPEC_RESOURCE), source
        except OSError as error:
            raise SpecError(f"cannot read the packaged spec {source}: {error}") from None
    source = str(path)
    try:
        return Path(path).read_bytes(), source
    except OSError as error:
        raise SpecError(f"cannot read spec {source}: {error.strerror or error}") from None


def _packaged(name: str) -> bytes:
    """The bytes of the package's data file ``name``: from the folder beside this module, or
    through ``importlib.resources`` when the package is not in a folder (a zip). The folder is
    tried first because importing ``importlib.resources`` costs more than reading the spec."""
    try:
        return (Path(__file__).resolve().parent.parent / DATA_FOLDER / name).read_bytes()
    except OSError:
        from importlib import resources

        return resources.files("modelarts_validators").joinpath(DATA_FOLDER, name).read_bytes()


def load_document(path: str | Path | None = None) -> dict[str, Any]:
    """The spec as JSON-compatible data, not checked as OpenAPI: the packaged copy by default,
    or the file at ``path``. ``SpecError`` when it cannot be read or parsed."""
    raw, source = _read(path)
    try:
        shipped = _shipped(raw) if path is None else None
        return parse_document(raw) if shipped is None else shipped["document"]
    except SpecError as error:
        raise SpecError(f"spec {source}: {error}") from None


def load_spec(path: str | Path | None = None) -> Spec:
    """Read, parse and check the spec: the packaged copy by default, or the file at ``path``."""
    if path is None:
        return load_packaged()[0]
    raw, source = _read(path)
    try:
        return check_spec(raw, source)
    except SpecError as error:
        raise SpecError(f"spec {source}: {error}") from None


def load_packaged() -> tuple[Spec, dict[str, Any] | None]:
    """The packaged spec, checked (``load_spec()``), and its drift-aware schemas as ``SPEC_JSON``
    holds them (``schemas.decode`` reads them): None when that JSON is not the packaged YAML's
    (the spec is then parsed from the YAML and checked in full)."""
    raw, source = _read(None)
    try:
        shipped = _shipped(raw)
        if shipped is None:
            return check_spec(raw, source), None
        spec = check_document(shipped["document"], source, check_schemas=False)
        derived = shipped.get("derived")
        return spec, derived if isinstance(derived, dict) else None
    except SpecError as error:
        raise SpecError(f"spec {source}: {error}") from None


def derive_json(raw: bytes) -> bytes:
    """The packaged spec's parsed form (``SPEC_JSON``) for its YAML text ``raw``: the document
    ``parse_document`` reads from it, the SHA-256 of ``raw``, and the drift-aware schemas derived
    from the document (``schemas.encode``), as UTF-8 JSON. ``SpecError`` when the document is no
    spec ``check_document`` accepts (so the JSON is only ever made of one that passes it)."""
    from .schemas import derive, encode  # (schemas imports this module)

    document = parse_document(raw)
    spec = check_document(document)
    derived = encode(derive(spec), spec)  # derive copies what it adds to
    shipped = {"yaml_sha256": sha256_hex(raw), "document": document, "derived": derived}
    return (json.dumps(shipped, ensure_ascii=False, indent=1) + "\n").encode()


def _shipped(raw: bytes) -> dict[str, Any] | None:
    """``SPEC_JSON`` read, when it was derived from ``raw`` (the packaged YAML's bytes), else
    None (missing, unreadable, or made from other YAML)."""
    try:
        shipped = json.loads(_packaged(SPEC_JSON))
    except (OSError, ValueError):
        return None
    if not isinstance(shipped, dict) or not isinstance(shipped.get("document"), dict):
        return None
    if shipped.get("yaml_sha256") != sha256_hex(raw):
        return None
    return shipped


def _pure_python_error(raw: bytes) -> yaml.YAMLError:
    """The error PyYAML's pure-Python loader reports for ``raw``, which names what it found."""
    import yaml

    try:
        yaml.load(raw, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        return error
    return yaml.YAMLError("libyaml rejected the document")


#: How deep the flow collections (``[...]``, ``{...}``) of a spec may nest, and how far its lines
#: may be indented: libyaml's composer recurses in C and crashes the process on a document
#: nested some tens of thousands of levels deep, so such a document is refused unread.
MAX_FLOW_DEPTH = 256
MAX_INDENT = 4096
#: How many values a spec may expand to through YAML aliases (a "billion laughs" document is a
#: few lines that expand to billions).
MAX_ALIASED_VALUES = 1_000_000
_FLOW = lazy_compile(rb"[\[\]{}]")
_INDENTS = lazy_compile(rb"^ +", re.MULTILINE)
_ALIAS = lazy_compile(rb"(?:^|[\s,\[{:-])\*[^\s,\[\]{}*]")


def _check_shape(raw: bytes) -> None:
    """Refuse, before parsing, a document nested deeper than a parser can take. Brackets in
    strings and comments are counted too: an over-estimate, far below the limit in a real spec."""
    if raw.count(b"[") + raw.count(b"{") > MAX_FLOW_DEPTH:
        level = 0
        for bracket in _FLOW.findall(raw):
            level += 1 if bracket in (b"[", b"{") else -1
            if level > MAX_FLOW_DEPTH:
                raise SpecError(f"nested deeper than {MAX_FLOW_DEPTH} levels")
    if max(map(len, _INDENTS.findall(raw)), default=0) > MAX_INDENT:
        raise SpecError(f"indented deeper than {MAX_INDENT} columns")


def _check_expansion(loaded: Any) -> None:
    """Refuse a document whose aliases expand to more than ``MAX_ALIASED_VALUES`` values (the
    loaded data shares aliased values; writing them out would expand them)."""
    budget = MAX_ALIASED_VALUES
    stack = [loaded]
    while stack:
        node = stack.pop()
        budget -= 1
        if budget < 0:
            raise SpecError(
                f"expands to more than {MAX_ALIASED_VALUES:,} values through YAML aliases"
            )
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


#: An ``openapi`` key at the top of a YAML or JSON document (how a broken spec is told from a
#: file that is no spec at all).
_OPENAPI_KEY = lazy_compile(rb'^[ \t]*[{]?[ \t]*["\']?openapi["\']?[ \t]*:', re.MULTILINE)


def parse_document(raw: bytes) -> dict[str, Any]:
    """YAML (or JSON) text as JSON-compatible data with a mapping at the top."""
    import yaml

    _check_shape(raw)
    try:
        loaded = yaml.load(raw, Loader=_loader())
    except yaml.YAMLError:
        error = _pure_python_error(raw)  # libyaml's messages say less ("did not find ...")
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or type(error).__name__
        raise SpecError(f"not valid YAML{where}: {problem}") from None
    except RecursionError:
        raise SpecError("nested too deeply to be read") from None
    if b"&" in raw and _ALIAS.search(raw):
        _check_expansion(loaded)
    try:  # also turns integer keys (an unquoted 200:) into strings, as JSON has them
        document = json.loads(json.dumps(loaded, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise SpecError(f"not JSON-compatible data: {error}") from None
    except RecursionError:
        raise SpecError("nested too deeply to be read") from None
    if not isinstance(document, dict):
        raise SpecError("not a mapping at the top level")
    return document


def check_spec(raw: bytes, source: str = "<spec>") -> Spec:
    """The spec in ``raw``, checked: OpenAPI 3.1, one operation, valid schemas, local refs."""
    try:
        document = parse_document(raw)
    except SpecError as error:
        if str(error).startswith("not valid YAML") and not _OPENAPI_KEY.search(raw):
            raise SpecError(
                f"not an OpenAPI document (no top-level 'openapi' key); read as YAML it is {error}"
            ) from None
        raise
    return check_document(document, source)


def check_document(
    document: dict[str, Any], source: str = "<spec>", *, check_schemas: bool = True
) -> Spec:
    """The spec ``document`` (parsed), checked: OpenAPI 3.1, one operation, valid schemas,
    local refs. ``check_schemas=False``: the schemas are not checked against the metaschema nor
    their ``$ref`` followed (for the packaged spec's JSON only, checked when it was made)."""
    version = document.get("openapi")
    if "openapi" not in document:
        swagger = (
            " (a Swagger 2.0 document; expected OpenAPI 3.1.x)" if "swagger" in document else ""
        )
        raise SpecError(f"not an OpenAPI document: no top-level 'openapi' key{swagger}")
    if not isinstance(version, str) or not version.startswith("3.1."):
        raise SpecError(f"'openapi' is {version!r}, expected 3.1.x")
    operation = read_operation(document)
    schemas = tuple(_schema_roots(document, operation))
    if check_schemas:
        _check_schemas(document, schemas)
    for kind, objects in document.get("components", {}).items():
        if kind not in ("schemas", "securitySchemes") and isinstance(objects, dict):
            for name in objects:  # components other than schemas may be Reference Objects
                _follow(document, ("components", kind, name))
    return Spec(document, source, operation, schemas)


def _follow(document: dict[str, Any], location: Location) -> tuple[Location, dict[str, Any]]:
    """An OpenAPI object that may be a Reference Object: where it is really written, and it."""
    node = resolve(document, location)
    seen = {location}
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        location = parse_ref(node["$ref"])
        if location in seen:
            raise SpecError(f"circular $ref at {fragment(location)}")
        seen.add(location)
        node = resolve(document, location)
    if not isinstance(node, dict):
        raise SpecError(f"{fragment(location)} is not an object")
    return location, node


def read_operation(document: dict[str, Any]) -> Operation:
    """The document's one operation, with the location of each of its parts."""
    paths = document.get("paths")
    if not isinstance(paths, dict):
        raise SpecError("'paths' is missing")
    found = [
        (p, m) for p, item in paths.items() if isinstance(item, dict) for m in _METHODS if m in item
    ]
    if len(found) != 1:
        raise SpecError(f"expected exactly one operation, found {len(found)}")
    path, method = found[0]
    where: Location = ("paths", path, method)
    _, op = _follow(document, where)
    parameters: dict[str, Location] = {}
    query: list[str] = []
    for owner, holder in ((("paths", path), paths[path]), (where, op)):
        listed = holder.get("parameters", [])
        if not isinstance(listed, list):
            raise SpecError(f"{fragment((*owner, 'parameters'))} is not a list")
        for index in range(len(listed)):
            loc, parameter = _follow(document, (*owner, "parameters", str(index)))
            if parameter.get("in") == "path":
                if "schema" not in parameter:
                    raise SpecError(f"{fragment(loc)} has no schema")
                parameters[str(parameter.get("name"))] = (*loc, "schema")
            elif parameter.get("in") == "query":
                query.append(str(parameter.get("name")))
    names = {p[1:-1] for p in path.split("/") if p.startswith("{") and p.endswith("}")}
    if names != set(parameters):
        raise SpecError(f"path {path} and its path parameters {sorted(parameters)} disagree")
    body = _content(document, (*where, "requestBody")) if "requestBody" in op else None
    if not isinstance(op.get("responses"), dict) or not op["responses"]:
        raise SpecError(f"{fragment(where)} documents no responses")
    responses = {key: _content(document, (*where, "responses", key)) for key in op["responses"]}
    security, security_location = _security(document, op, where)
    return Operation(
        method.upper(),
        path,
        where,
        parameters,
        body,
        responses,
        (*where, "responses"),
        security,
        security_location,
        tuple(query),
    )


def _security(
    document: dict[str, Any], op: dict[str, Any], where: Location
) -> tuple[tuple[tuple[str, ...], ...] | None, Location]:
    """The operation's security requirements (its own, else the document's) as the request
    headers each needs. A requirement with a scheme that a header cannot show (OAuth, a cookie,
    a query parameter) is taken as met: the checks cannot tell, and say nothing."""
    location: Location = (*where, "security") if "security" in op else ("security",)
    requirements = op.get("security", document.get("security"))
    if requirements is None:
        return None, location
    if not isinstance(requirements, list):
        raise SpecError(f"{fragment(location)} is not a list")
    schemes = document.get("components", {}).get("securitySchemes", {})
    needs: list[tuple[str, ...]] = []
    for index, requirement in enumerate(requirements):
        if not isinstance(requirement, dict):
            raise SpecError(f"{fragment((*location, str(index)))} is not an object")
        headers: list[str] = []
        for name in requirement:
            scheme = schemes.get(name) if isinstance(schemes, dict) else None
            if not isinstance(scheme, dict):
                raise SpecError(f"{fragment((*location, str(index)))}: no security scheme {name!r}")
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                headers.append(str(scheme.get("name", "")).lower())
            elif scheme.get("type") == "http":
                headers.append("authorization")
            else:
                return None, location  # met by what no header shows
        if not headers:
            return None, location  # an empty requirement: credentials are optional
        needs.append(tuple(headers))
    return (tuple(needs) or None), location


def _content(document: dict[str, Any], location: Location) -> Content:
    location, node = _follow(document, location)
    content = node.get("content", {})
    if not isinstance(content, dict):
        raise SpecError(f"{fragment((*location, 'content'))} is not an object")
    media: list[MediaType] = []
    for name, value in content.items():
        where = (*location, "content", name)
        if not isinstance(value, dict):
            raise SpecError(f"{fragment(where)} is not an object")
        for example in value.get("examples", {}):  # Example Objects, each maybe a $ref
            _follow(document, (*where, "examples", example))
        media.append(MediaType(name, where, (*where, "schema") if "schema" in value else None))
    return Content(location, tuple(media), bool(node.get("required", False)))


def _schema_roots(document: dict[str, Any], operation: Operation) -> Iterator[Location]:
    """Every schema written outside another schema: the components, and those the operation
    writes inline (its parameters', request body's and responses' schemas)."""
    components = document.get("components", {}).get("schemas", {})
    if not isinstance(components, dict):
        raise SpecError("#/components/schemas is not an object")
    yield from (("components", "schemas", name) for name in components)
    yield from operation.path_parameters.values()
    contents = [*operation.responses.values()]
    if operation.request_body is not None:
        contents.append(operation.request_body)
    for content in contents:
        yield from (m.schema for m in content.media_types if m.schema is not None)


def walk(node: Any, location: Location) -> Iterator[tuple[Location, Any]]:
    """Every subschema of a schema, itself first, without following ``$ref``."""
    yield location, node
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in SUBSCHEMA:
            yield from walk(value, (*location, key))
        elif key in SUBSCHEMA_LIST and isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*location, key, str(index)))
        elif key in SUBSCHEMA_MAP and isinstance(value, dict):
            for name, item in value.items():
                yield from walk(item, (*location, key, name))


def _meta_error(schema: Any, root: Location) -> None:
    """Raise ``SpecError`` for the metaschema error python jsonschema finds in ``schema``.
    Imported here only: loading jsonschema takes longer than checking a capture of thousands of
    exchanges."""
    import jsonschema

    meta = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
    error = jsonschema.exceptions.best_match(meta.iter_errors(schema))
    if error is not None:
        where = fragment((*root, *(str(t) for t in error.absolute_path)))
        message = error.message.replace("\n", " ")
        raise SpecError(f"{where} is not a valid JSON Schema 2020-12: {message}")


def _check_schemas(document: dict[str, Any], roots: tuple[Location, ...]) -> None:
    for root in roots:
        schema = resolve(document, root)
        if not jsonschema_rs.meta.is_valid(schema):  # in Rust; python jsonschema for the words
            _meta_error(schema, root)
        for location, node in walk(schema, root):
            if isinstance(node, dict) and "$ref" in node:
                try:
                    target = resolve(document, parse_ref(node["$ref"]))
                except SpecError as error:
                    raise SpecError(f"{fragment(location)}/$ref: {error}") from None
                if not isinstance(target, dict | bool):
                    raise SpecError(f"{fragment(location)}/$ref: the target is not a schema")
