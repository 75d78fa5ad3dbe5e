"""Start-up (issue 18): what ``modelarts-validate --help`` and ``--version``, a run on a 1-entry
capture, ``import modelarts_validators`` and ``Contract.load()`` import, checked in
``sys.modules`` of a fresh interpreter (no timing here: the times are ``make bench``'s start-up
section); the public names the package loads on first use; the packaged spec's parsed copy,
derived from the YAML.

Parsing the command line imports the argument parser and ``_version`` only: not the contract,
the engines, the readers, the reporters, nor jsonschema-rs, jsonschema, PyYAML, orjson, msgspec
or httpx. A one-process run imports the reporter of its format and nothing it does not use: no
other reporter, no parallel scheduler, no coverage, no baseline, no PyYAML."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import modelarts_validators
import pytest
from modelarts_validators import Contract
from modelarts_validators.capture.records import MAX_RECORD_SIZE
from modelarts_validators.capture.sources import SHORT_HAR
from modelarts_validators.cli import arguments, main
from modelarts_validators.contract import schemas, spec
from modelarts_validators.contract.contract import TYPED_AFTER
from modelarts_validators.contract.engines import ENGINE_NAMES
from modelarts_validators.report import REPORTERS

from benchmarks import capture as bench_capture

ROOT = Path(__file__).resolve().parents[2]
#: The module (the package's ``main`` attribute is the function).
cli_main = importlib.import_module("modelarts_validators.cli.main")
contract_module = importlib.import_module("modelarts_validators.contract.contract")
YAML = ROOT / "openapi" / "training-job-searches.yaml"
DERIVED = ROOT / "validators" / "modelarts_validators" / spec.DATA_FOLDER / spec.SPEC_JSON

#: Third-party libraries a run needs and parsing the command line must not load.
HEAVY = ("jsonschema_rs", "jsonschema", "yaml", "orjson", "msgspec", "httpx")
#: The package's layers below the command line.
LAYERS = ("contract", "capture", "run", "report", "live", "mock", "strategies")


def imported_by(code: str, tmp_path: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules loaded when ``code`` has run in a fresh interpreter (written at exit, so a
    ``SystemExit`` from the command line counts too), and the process."""
    listing = tmp_path / "modules.json"
    prologue = (
        "import atexit, json, sys\n"
        f"atexit.register(lambda: open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules))))\n"
    )  # fmt: skip
    process = subprocess.run(
        [sys.executable, "-c", prologue + code], capture_output=True, text=True, check=False
    )
    return set(json.loads(listing.read_text())), process


def command_line(*argv: str) -> str:
    """What the ``modelarts-validate`` console script runs, with ``argv``."""
    return (
        f"sys.argv = ['modelarts-validate', *{list(argv)!r}]\n"
        "from modelarts_validators.cli import console_main\n"
        "console_main()\n"
    )


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(
        name
        for name in modules
        if name.split(".")[0] in HEAVY
        or name.startswith(tuple(f"modelarts_validators.{layer}" for layer in LAYERS))
        or name == "modelarts_validators.cli.execute"
    )


@pytest.mark.parametrize(
    "argv",
    [("--help",), ("traffic", "--help"), ("response", "--help"), ("--engine", "nope", "traffic")],
    ids=["help", "traffic-help", "response-help", "usage-error"],
)
def test_help_and_usage_errors_import_only_the_argument_parser(
    argv: tuple[str, ...], tmp_path: Path
) -> None:
    modules, process = imported_by(command_line(*argv), tmp_path)
    assert process.returncode == (2 if argv[-1] == "traffic" else 0), process.stderr
    assert "usage: modelarts-validate" in process.stdout + process.stderr
    assert heavy_in(modules) == []
    assert "modelarts_validators.cli.arguments" in modules
    assert "shutil" not in modules  # the terminal's width without it (arguments._Formatter)


def test_version_imports_the_version_only(tmp_path: Path) -> None:
    modules, process = imported_by(command_line("--version"), tmp_path)
    assert (process.returncode, process.stdout) == (
        0,
        f"modelarts-validate {modelarts_validators.__version__}\n",
    )
    ours = {name for name in modules if name.startswith("modelarts_validators")}
    assert ours == {
        "modelarts_validators",
        "modelarts_validators._version",
        "modelarts_validators.cli",
        "modelarts_validators.cli.main",
    }
    assert not {"argparse", "dataclasses"} & modules
    assert heavy_in(modules) == []


def test_version_alone_says_what_the_parser_says() -> None:
    """``--version`` alone is answered before the parser is built: the same line as argparse's
    ``version`` action writes when ``--version`` comes with other options."""
    alone, through_parser = io.StringIO(), io.StringIO()
    assert main(["--version"], alone, io.StringIO()) == 0
    assert main(["--strict", "--version"], through_parser, io.StringIO()) == 0
    assert (
        alone.getvalue()
        == through_parser.getvalue()
        == (f"{arguments.PROG} {modelarts_validators.__version__}\n")
    )
    assert cli_main._PROG == arguments.PROG


def test_a_run_imports_what_it_needs(tmp_path: Path) -> None:
    """The other side: the same probe sees the stack when a run does happen (so the tests above
    cannot pass because the probe sees nothing)."""
    body = tmp_path / "body.json"
    body.write_text('{"limit": 10}')
    modules, process = imported_by(command_line("request", str(body)), tmp_path)
    assert process.returncode == 0, process.stderr
    assert {"jsonschema_rs", "modelarts_validators.cli.execute"} <= set(heavy_in(modules))


@pytest.fixture(scope="module")
def one_entry(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The benchmark's 1-entry capture (a search and its 200 answer), as HAR and NDJSON."""
    folder = tmp_path_factory.mktemp("one-entry")
    bench_capture.generate(1, 7, folder)
    return bench_capture.paths(folder, 1, 7)


#: What no one-process traffic run without ``--baseline``, ``--coverage`` or ``--suggest``
#: needs: the parallel scheduler (and multiprocessing), coverage, the overlay, spec lines, the
#: check for a capture given as a body (``request``/``response``'s), the baseline,
#: PyYAML, the python engine, the live layer, the mock, the strategies, httpx; nor XML and the
#: HTTP client modules that XML escaping imports (JUnit's); nor shutil (with bz2 and lzma), which
#: argparse imports to size help to the terminal; nor ``email.utils`` (with socket, random and
#: calendar), which jsonschema-rs reads its build date with (``contract.rs_import``); nor base64
#: (a capture's base64 body) and zlib (a gzip input, a read error).
NOT_IN_A_RUN = (
    "modelarts_validators.run.parallel",
    "modelarts_validators.run.coverage",
    "modelarts_validators.run.baseline",
    "modelarts_validators.report.coverage",
    "modelarts_validators.report.overlay",
    "modelarts_validators.report.spec_lines",
    "modelarts_validators.cli.misplaced",
    "modelarts_validators.live",
    "modelarts_validators.mock",
    "modelarts_validators.strategies",
    "multiprocessing",
    "concurrent",
    "yaml",
    "jsonschema",
    "referencing",
    "httpx",
    "xml",
    "urllib.request",
    "http",
    "ssl",
    "shutil",
    "email.utils",
    "socket",
    "random",
    "calendar",
    "base64",
    "zlib",
)


def loaded(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    """The names in ``modules`` that are one of ``prefixes`` or inside one."""
    return sorted(
        m for m in modules if m in prefixes or m.startswith(tuple(f"{p}." for p in prefixes))
    )


@pytest.mark.parametrize("kind", ["har", "ndjson"])
@pytest.mark.parametrize("format_", ["text", "json"])
def test_a_one_entry_run_imports_its_reporter_and_nothing_it_does_not_use(
    kind: str, format_: str, one_entry: dict[str, Path], tmp_path: Path
) -> None:
    report = tmp_path / "report"
    argv = ("traffic", str(one_entry[kind]), "--quiet", "--format", format_, "-o", str(report))
    modules, process = imported_by(command_line(*argv), tmp_path)
    assert process.returncode == 0, process.stderr
    checked = "1 checked (1 conforming" in report.read_text() if format_ == "text" else (
        json.loads(report.read_text())["summary"]["checked"] == 1
    )  # fmt: skip
    assert checked  # the run did check the exchange: the probe saw a real run
    assert loaded(modules, NOT_IN_A_RUN) == []
    reporters = {f"modelarts_validators.report.{name}" for name in REPORTERS}
    assert reporters & modules == {f"modelarts_validators.report.{format_}"}
    # what it does use: the engine; not msgspec: a short HAR is read by the text reader, and
    # two bodies are judged by the engine before the typed fast path is translated
    assert "jsonschema_rs" in modules
    assert loaded(modules, NOT_IN_A_SHORT_RUN) == []
    # the exchange conforms: nothing to explain; and the packaged spec's SHA-256 is computed
    # without hashlib, which loads OpenSSL's libcrypto (contract.digest)
    assert loaded(modules, ("modelarts_validators.contract.explain", "hashlib")) == []
    # dataclasses without inspect, orjson's uuid without platform (_deferred)
    assert loaded(modules, ("inspect", "platform")) == []
    # and the reader of the other format is not imported
    other = {"har": "ndjson", "ndjson": "har"}[kind]
    assert f"modelarts_validators.capture.{kind}" in modules
    assert f"modelarts_validators.capture.{other}" not in modules


#: What a run of a short capture (a HAR within ``SHORT_HAR``, no more than ``TYPED_AFTER``
#: bodies) does not need: msgspec, for the HAR bytes reader and the contract's typed fast path.
NOT_IN_A_SHORT_RUN = (
    "msgspec",
    "modelarts_validators.capture.har_typed",
    "modelarts_validators.contract.typed",
)


#: The dataclasses of the package whose methods a one-entry run still compiles (``@dataclass``):
#: none. Each would cost some 2-4 M instructions as it is made; those a run makes are made by
#: ``_frozen.frozen`` and ``_frozen.record``, which compile nothing.
COMPILED_IN_A_RUN: set[str] = set()


def test_a_one_entry_run_compiles_the_methods_of_no_other_dataclass(
    one_entry: dict[str, Path], tmp_path: Path
) -> None:
    listing = tmp_path / "compiled.json"
    probe = (
        "import atexit, dataclasses, json, sys\n"
        "def compiled():\n"
        "    found = set()\n"
        "    for name, module in list(sys.modules.items()):\n"
        "        if not name.startswith('modelarts_validators.'):\n"
        "            continue\n"
        "        for value in vars(module).values():\n"
        "            init = getattr(value, '__dict__', {}).get('__init__')\n"
        "            if (isinstance(value, type) and value.__module__ == name\n"
        "                    and dataclasses.is_dataclass(value)\n"
        "                    and getattr(init, '__code__', None) is not None\n"
        "                    and init.__code__.co_filename == '<string>'):\n"
        "                found.add(name.split('.', 1)[1] + '.' + value.__qualname__)\n"
        f"    open({str(listing)!r}, 'w').write(json.dumps(sorted(found)))\n"
        "atexit.register(compiled)\n"
    )
    argv = ("traffic", str(one_entry["har"]), "--quiet", "--format", "json", "-o", os.devnull)
    process = subprocess.run(
        [sys.executable, "-c", probe + command_line(*argv)], capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert process.returncode == 0, process.stderr
    assert set(json.loads(listing.read_text())) == COMPILED_IN_A_RUN


def compile_probe(listing: Path) -> str:
    """Code that watches ``compile``, ``exec`` and ``eval`` for source text and writes, at exit,
    each call made for the package (put down to the innermost frame outside the standard
    library) to ``listing``. The import system's compiling of a module is not counted."""
    return (
        "import atexit, builtins, json, os, sys\n"
        "STDLIB = os.path.dirname(os.__file__)\n"
        "seen = []\n"
        "def caller():\n"
        "    frame = sys._getframe(2)\n"
        "    while frame is not None and frame.f_code.co_filename.startswith((STDLIB, '<')):\n"
        "        frame = frame.f_back\n"
        "    return frame.f_code.co_filename if frame is not None else ''\n"
        "def watch(name):\n"
        "    real = getattr(builtins, name)\n"
        "    def watched(source, *args, **kwargs):\n"
        "        module = str(args[0] if args else '').endswith('.py')\n"
        "        if isinstance(source, (str, bytes)) and not module:\n"
        "            where = caller()\n"
        "            if 'modelarts_validators' in where:\n"
        "                seen.append(f'{name}: {source[:60]!r} from {where}')\n"
        "        return real(source, *args, **kwargs)\n"
        "    setattr(builtins, name, watched)\n"
        "for name in ('compile', 'exec', 'eval'):\n"
        "    watch(name)\n"
        f"atexit.register(lambda: open({str(listing)!r}, 'w').write(json.dumps(seen)))\n"
    )


def test_a_one_entry_run_compiles_no_source(one_entry: dict[str, Path], tmp_path: Path) -> None:
    """Nothing the package makes in a one-entry run compiles source text, as ``NamedTuple``,
    ``namedtuple``, ``@dataclass`` and typing's forward references do (``engines.RawError`` as a
    ``NamedTuple`` cost 10 M instructions of the run). Other libraries' are not counted:
    ``decimal``, imported by jsonschema-rs, makes a named tuple."""
    listing = tmp_path / "compiled.json"
    for kind in ("har", "ndjson"):
        argv = ("traffic", str(one_entry[kind]), "--quiet", "--format", "json", "-o", os.devnull)
        process = subprocess.run(
            [sys.executable, "-c", compile_probe(listing) + command_line(*argv)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert process.returncode == 0, process.stderr
        assert json.loads(listing.read_text()) == []


def test_the_compile_probe_sees_a_named_tuple_made_in_the_package(tmp_path: Path) -> None:
    listing = tmp_path / "compiled.json"
    made = (
        "source = 'import typing\\nclass R(typing.NamedTuple):\\n    a: int\\n'\n"
        "exec(compile(source, '/somewhere/modelarts_validators/made.py', 'exec'), {})\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", compile_probe(listing) + made], capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert process.returncode == 0, process.stderr
    seen = json.loads(listing.read_text())
    assert seen
    assert all(line.endswith("from /somewhere/modelarts_validators/made.py") for line in seen)


@pytest.mark.parametrize("entries", [3, 100])
def test_a_longer_run_imports_the_fast_paths_it_uses(entries: int, tmp_path: Path) -> None:
    """The other side of the short run: more than ``TYPED_AFTER`` bodies translate the typed
    fast path (msgspec); a HAR longer than ``SHORT_HAR`` is read by the bytes reader too."""
    files = bench_capture.paths(tmp_path, entries, 7)
    bench_capture.generate(entries, 7, tmp_path)
    har = files["har"]
    long_har = har.stat().st_size > SHORT_HAR
    assert long_har == (entries == 100)
    argv = ("traffic", str(har), "--quiet", "--format", "json", "-o", str(tmp_path / "r.json"))
    modules, process = imported_by(command_line(*argv), tmp_path)
    assert process.returncode in (0, 1), process.stderr
    assert 2 * entries > TYPED_AFTER
    assert {"jsonschema_rs", "msgspec", "modelarts_validators.contract.typed"} <= modules
    assert ("modelarts_validators.capture.har_typed" in modules) == long_har


def test_the_other_side_a_run_imports_what_its_options_ask_for(
    one_entry: dict[str, Path], tmp_path: Path
) -> None:
    """JUnit's XML, a baseline's PyYAML, coverage, the scheduler of ``--jobs``: each imported when
    asked for (so the absences above are the options', not the probe's)."""
    baseline = tmp_path / "baseline.yaml"
    baseline.write_text("version: 1\nentries: []\n")
    argv = (
        "traffic", str(one_entry["har"]), str(one_entry["ndjson"]), "--quiet", "--format", "junit",
        "-o", str(tmp_path / "report.xml"), "--baseline", str(baseline),
        "--coverage", str(tmp_path / "coverage.json"), "--jobs", "2",
    )  # fmt: skip
    modules, process = imported_by(command_line(*argv), tmp_path)
    assert process.returncode == 0, process.stderr
    assert {
        "xml.sax.saxutils",
        "yaml",
        "modelarts_validators.report.junit",
        "modelarts_validators.run.baseline",
        "modelarts_validators.run.coverage",
        "modelarts_validators.report.coverage",
        "modelarts_validators.run.parallel",
    } <= modules


def test_importing_the_package_imports_its_version_only(tmp_path: Path) -> None:
    modules, process = imported_by("import modelarts_validators", tmp_path)
    assert process.returncode == 0, process.stderr
    assert {n for n in modules if n.startswith("modelarts_validators")} == {
        "modelarts_validators",
        "modelarts_validators._version",
    }
    assert heavy_in(modules) == []


def test_loading_the_packaged_contract_parses_no_yaml_and_needs_no_python_engine(
    tmp_path: Path,
) -> None:
    modules, process = imported_by(
        "from modelarts_validators import Contract\nContract.load()\n", tmp_path
    )
    assert process.returncode == 0, process.stderr
    assert "jsonschema_rs" in modules
    assert not {"yaml", "jsonschema", "httpx", "modelarts_validators.live"} & modules
    assert not {"email.utils", "socket"} & modules  # contract.rs_import
    assert "importlib.resources" not in modules  # the data files are read from their folder


def test_the_data_files_are_read_through_importlib_resources_outside_a_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A package that is not in a folder (a zip): the folder beside the module does not exist."""
    monkeypatch.setattr(spec, "__file__", "/nonexistent/modelarts_validators/contract/spec.py")
    assert spec._packaged(spec.SPEC_RESOURCE) == YAML.read_bytes()
    assert spec._packaged(spec.SPEC_JSON) == DERIVED.read_bytes()


def test_every_public_name_is_the_one_its_module_defines() -> None:
    for name in modelarts_validators.__all__:
        module = modelarts_validators._LAZY[name]
        defined = getattr(__import__(f"modelarts_validators.{module}", fromlist=[name]), name)
        assert getattr(modelarts_validators, name) is defined, name
    assert set(modelarts_validators.__all__) == set(modelarts_validators._LAZY)
    assert set(modelarts_validators.__all__) <= set(dir(modelarts_validators))
    assert modelarts_validators.contract.spec is spec  # the layers, as attributes
    with pytest.raises(AttributeError, match="no attribute 'Contrakt'"):
        modelarts_validators.Contrakt  # noqa: B018


def test_the_parser_names_what_the_layers_define() -> None:
    """The option values written again in ``cli.arguments`` (so that parsing imports no layer)
    are the layers' own."""
    assert arguments.ENGINES == ENGINE_NAMES
    assert tuple(REPORTERS) == arguments.FORMATS
    assert arguments.MAX_RECORD_SIZE == MAX_RECORD_SIZE


# -- the packaged spec, parsed ---------------------------------------------------------------


def test_the_packaged_json_is_derived_from_the_spec_yaml() -> None:
    """Fails when ``openapi/training-job-searches.yaml`` changed and the JSON was not rewritten
    (``python scripts/derive_spec.py``; ``make check-generated`` checks it too)."""
    assert DERIVED.read_bytes() == spec.derive_json(YAML.read_bytes())
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "derive_spec.py"), "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (check.returncode, check.stderr) == (0, "")


def test_the_packaged_spec_read_from_json_is_the_one_parsed_from_yaml() -> None:
    raw = YAML.read_bytes()
    derived = json.loads(DERIVED.read_bytes())
    assert derived["yaml_sha256"] == hashlib.sha256(raw).hexdigest()
    assert derived["document"] == spec.parse_document(raw)
    shipped = spec._shipped(raw)
    assert shipped is not None
    assert shipped["document"] == spec.parse_document(raw)
    packaged = spec.load_spec()
    assert packaged == spec.check_spec(raw, packaged.source)
    assert spec.load_document() == spec.parse_document(raw)


def test_a_json_made_from_other_yaml_is_not_used() -> None:
    """A YAML edited after the JSON was derived is parsed itself: never judged by a stale copy."""
    edited = YAML.read_bytes() + b"\n# edited\n"
    assert spec._shipped(edited) is None


def test_the_check_fails_on_a_stale_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = importlib.util.spec_from_file_location(
        "derive_spec", ROOT / "scripts" / "derive_spec.py"
    )
    assert found is not None
    assert found.loader is not None
    derive_spec = importlib.util.module_from_spec(found)
    found.loader.exec_module(derive_spec)

    stale = tmp_path / spec.SPEC_JSON
    stale.write_bytes(spec.derive_json(YAML.read_bytes() + b"\n# edited\n"))
    monkeypatch.setattr(derive_spec, "DERIVED", stale)
    assert derive_spec.main(["--check"]) == 1
    assert derive_spec.main([]) == 0
    assert derive_spec.main(["--check"]) == 0
    assert stale.read_bytes() == DERIVED.read_bytes()


# -- the packaged spec's derived schemas, shipped ---------------------------------------------


def test_the_shipped_derived_schemas_are_those_derived_from_the_spec() -> None:
    """The drift-aware schemas in the JSON are ``derive`` of the spec, down to the order of keys
    (which the engines' errors follow). When the spec or the derivation changes and the JSON is
    not rewritten, this fails, and so does ``test_the_packaged_json_is_derived_from_the_spec_yaml``
    (``derive_json`` derives them; ``make check-generated``)."""
    expected = schemas.derive(spec.check_spec(YAML.read_bytes()))
    packaged, shipped = spec.load_packaged()
    assert shipped is not None
    derived = schemas.decode(shipped, packaged)
    assert derived == expected
    assert json.dumps(derived.document) == json.dumps(expected.document)
    assert list(derived.drift) == list(expected.drift)
    assert json.loads(DERIVED.read_bytes())["derived"] == shipped


def test_the_packaged_document_passes_the_schema_checks_it_is_read_without() -> None:
    """``load_spec()`` reads the packaged JSON without checking its schemas against the
    metaschema (``check_schemas=False``): they pass those checks, which the JSON was made with."""
    packaged = spec.load_spec()
    spec._check_schemas(packaged.document, packaged.schemas)
    assert spec.check_document(packaged.document, packaged.source) == packaged


def test_the_schema_checks_are_skipped_only_when_asked() -> None:
    document = spec.parse_document(YAML.read_bytes())
    document["components"]["schemas"]["Filter"] = {"type": 12}
    with pytest.raises(spec.SpecError, match="not a valid JSON Schema 2020-12"):
        spec.check_document(document)
    spec.check_document(document, check_schemas=False)


def test_contract_load_derives_only_a_spec_other_than_the_packaged_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``Contract.load()`` takes the packaged spec's derived schemas from its JSON; a spec named
    by its path (even a copy of the packaged one) is derived when it is loaded."""
    calls: list[str] = []

    def counted(loaded: spec.Spec) -> schemas.DerivedSchemas:
        calls.append(loaded.source)
        return schemas.derive(loaded)

    monkeypatch.setattr(contract_module, "derive", counted)
    shipped = Contract.load()
    assert calls == []
    copy = tmp_path / "spec.yaml"
    copy.write_bytes(YAML.read_bytes())
    derived_here = Contract.load(copy)
    assert calls == [str(copy)]
    assert shipped._derived == derived_here._derived


def test_a_stale_json_is_neither_read_nor_its_derived_schemas_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The packaged YAML edited after the JSON was made: parsed, checked and derived itself."""
    edited = YAML.read_bytes() + b"\n# edited\n"
    read = spec._packaged
    monkeypatch.setattr(
        spec, "_packaged", lambda name: edited if name == spec.SPEC_RESOURCE else read(name)
    )
    calls: list[str] = []

    def counted(loaded: spec.Spec) -> schemas.DerivedSchemas:
        calls.append(loaded.source)
        return schemas.derive(loaded)

    monkeypatch.setattr(contract_module, "derive", counted)
    packaged, shipped = spec.load_packaged()
    assert shipped is None
    assert packaged == spec.check_spec(edited, packaged.source)
    Contract.load()
    assert len(calls) == 1


def test_derived_schemas_made_for_other_roots_or_unreadable_are_not_used() -> None:
    packaged, shipped = spec.load_packaged()
    assert shipped is not None
    other = {**shipped, "roots": shipped["roots"][1:]}
    assert schemas.decode(other, packaged) is None
    assert schemas.decode({**shipped, "patches": shipped["patches"][1:]}, packaged) is None
    assert schemas.decode({**shipped, "drift": [["x"]]}, packaged) is None
    assert schemas.decode({}, packaged) is None


def test_the_derived_schemas_share_only_what_the_derivation_left_as_it_was() -> None:
    """The decoded document shares unchanged schemas with the spec's document; the spec's
    document is left as it was (the derivation adds to copies)."""
    packaged, shipped = spec.load_packaged()
    assert shipped is not None
    before = json.dumps(packaged.document)
    derived = schemas.decode(shipped, packaged)
    assert derived is not None
    assert json.dumps(packaged.document) == before
    assert packaged.document == spec.parse_document(YAML.read_bytes())


@pytest.mark.parametrize("form", ["har", "ndjson"])
def test_the_findings_are_the_same_with_the_shipped_or_derived_schemas(
    form: str, one_entry: dict[str, Path], tmp_path: Path
) -> None:
    """The benchmark's 1-entry and 100-entry captures, and the test captures, judged with the
    packaged spec (its shipped derived schemas) and with the same spec named by ``--spec``
    (derived)."""
    bench_capture.generate(100, 7, tmp_path)
    hundred = bench_capture.paths(tmp_path, 100, 7)[form]
    tests = sorted((ROOT / "tests" / "data" / "traffic").rglob(f"*.{form}"))
    captures = [one_entry[form], hundred, *tests]
    drift = 0
    for capture in captures:
        reports = []
        for extra in ([], ["--spec", str(YAML)]):
            out = tmp_path / "report.json"
            argv = ["traffic", str(capture), "--quiet", "--format", "json", "-o", str(out), *extra]
            code = main(argv, io.StringIO(), io.StringIO())
            report = json.loads(out.read_text())
            reports.append((code, report.get("findings"), report.get("summary")))
        assert reports[0] == reports[1], capture
        drift += sum(f["kind"].startswith("undocumented") for f in reports[0][1] or [])
    assert drift  # the drift keywords the derivation added were exercised


@pytest.mark.parametrize("argv", [("--help",), ("--version",)], ids=["help", "version"])
def test_the_mocks_help_and_version_import_no_server(argv: tuple[str, ...], tmp_path: Path) -> None:
    code = (
        f"sys.argv = ['modelarts-mock', *{list(argv)!r}]\n"
        "from modelarts_validators.mock import console_main\n"
        "console_main()\n"
    )
    modules, process = imported_by(code, tmp_path)
    assert process.returncode == 0, process.stderr
    assert "modelarts-mock" in process.stdout
    assert heavy_in(modules) == ["modelarts_validators.mock", "modelarts_validators.mock.main"]
    from modelarts_validators.mock import MockServer, server

    assert MockServer is server.MockServer  # the public names, on first use


def test_the_console_script_collects_cycles_less_often(tmp_path: Path) -> None:
    """Start-up's long-lived objects are not scanned at the default threshold (700) some forty
    times over, nor again at shutdown: the console script raises the cyclic collector's first
    threshold, and freezes what is alive before it exits."""
    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: sys.stderr.write(f'threshold={gc.get_threshold()[0]} '\n"
        "                                         f'frozen={gc.get_freeze_count() > 0}'))\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", probe + command_line("--version")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode == 0, process.stderr
    # and the objects alive at exit are frozen: shutdown does not scan them for cycles again
    assert process.stderr == f"threshold={cli_main._START_UP_THRESHOLD} frozen=True"
    assert cli_main._START_UP_THRESHOLD > 700


def test_a_coverage_run_imports_the_overlay_only_to_write_one(
    one_entry: dict[str, Path], tmp_path: Path
) -> None:
    """``--coverage`` alone makes no overlay (``report.overlay``), and a JSON report no text
    reporter; ``--suggest`` writes one."""
    capture = str(one_entry["ndjson"])
    quiet = ("--quiet", "--format", "json", "-o", str(tmp_path / "report.json"))
    coverage = ("--coverage", str(tmp_path / "coverage.json"))
    suggest = ("--suggest", str(tmp_path / "overlay.yaml"))
    alone, process = imported_by(command_line("traffic", capture, *quiet, *coverage), tmp_path)
    assert process.returncode == 0, process.stderr
    assert (tmp_path / "coverage.json").exists()
    overlay, text = "modelarts_validators.report.overlay", "modelarts_validators.report.text"
    assert not {overlay, text} & alone
    both, process = imported_by(
        command_line("traffic", capture, *quiet, *coverage, *suggest), tmp_path
    )
    assert process.returncode == 0, process.stderr
    assert (tmp_path / "overlay.yaml").read_text().startswith("overlay: 1.0.0")
    assert overlay in both
