"""``_deferred`` (issue 18, start-up): ``dataclasses`` imported without ``inspect`` and ``orjson``
without ``platform``, each stand-in answering as the real module does; and every module of the
package takes ``dataclasses`` and ``orjson`` from it. Each case runs in a fresh interpreter (what
is imported first is the point)."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "validators" / "modelarts_validators"


def run(code: str) -> str:
    """``code`` run in a fresh interpreter: its stdout (the run must succeed)."""
    process = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False
    )
    assert process.returncode == 0, process.stderr
    return process.stdout


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="dataclasses asks inspect for every class")
def test_dataclasses_comes_without_inspect_and_inspect_comes_when_first_asked() -> None:
    out = run(
        """
        import sys
        from modelarts_validators._deferred import dataclass, dataclasses, field, fields, replace
        print("inspect" in sys.modules, "dataclasses" in sys.modules)

        @dataclass
        class Documented:
            "A docstring: dataclasses asks inspect nothing."
            a: int
            b: list = field(default_factory=list)

        print("inspect" in sys.modules, [f.name for f in fields(replace(Documented(1), a=2))])

        @dataclass
        class Bare:
            a: int
            b: str = "x"

        print(Bare.__doc__)  # the docstring dataclasses writes with inspect.signature
        import inspect
        print(type(inspect) is type(sys), inspect is sys.modules["inspect"])
        print(dataclasses.inspect.signature is inspect.signature)
        """
    )
    assert out.splitlines() == [
        "False True",
        "False ['a', 'b']",
        "Bare(a: int, b: str = 'x')",
        "True True",
        "True",
    ]


def test_with_inspect_already_imported_dataclasses_takes_the_real_one() -> None:
    out = run(
        """
        import inspect
        from modelarts_validators._deferred import dataclasses
        print(dataclasses.inspect is inspect)
        """
    )
    assert out == "True\n"


def test_a_name_inspect_lacks_is_an_attribute_error_from_the_stand_in() -> None:
    out = run(
        """
        from modelarts_validators._deferred import dataclasses
        try:
            dataclasses.inspect.no_such_name
        except AttributeError as error:
            print("AttributeError", "no_such_name" in str(error))
        try:
            dataclasses.inspect.__wrapped__
        except AttributeError:
            print("dunder: AttributeError, inspect not imported for it")
        """
    )
    assert out.splitlines() == [
        "AttributeError True",
        "dunder: AttributeError, inspect not imported for it",
    ]


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or sys.version_info >= (3, 13),
    reason="uuid imports platform on Linux before Python 3.13 only",
)
def test_orjson_comes_without_platform_and_uuid_as_it_would_be() -> None:
    out = run(
        """
        import sys
        import modelarts_validators._deferred as deferred
        print("orjson" in sys.modules, "uuid" in sys.modules)
        from modelarts_validators._deferred import orjson
        import uuid
        print("platform" in sys.modules, deferred.orjson is orjson is sys.modules["orjson"])
        print(orjson.dumps([uuid.UUID(int=5)]).decode())
        observed = (uuid._LINUX, uuid._AIX, uuid.platform.system())
        import platform
        print(observed == (platform.system() == "Linux", platform.system() == "AIX",
                           platform.system()))
        print(sys.modules["platform"] is platform, hasattr(platform, "python_version"))
        """
    )
    assert out.splitlines() == [
        "False False",
        "False True",
        '["00000000-0000-0000-0000-000000000005"]',
        "True",
        "True True",
    ]


def test_with_uuid_already_imported_orjson_is_imported_as_usual() -> None:
    out = run(
        """
        import sys, uuid
        from modelarts_validators._deferred import orjson
        print("platform" in sys.modules, orjson.loads("[1]"))
        """
    )
    assert out == "True [1]\n"


def test_deferred_answers_no_other_name() -> None:
    import modelarts_validators._deferred as deferred

    with pytest.raises(AttributeError, match="no attribute 'json'"):
        getattr(deferred, "json")  # noqa: B009


def test_the_package_takes_dataclasses_and_orjson_from_deferred() -> None:
    """Whichever module of the package is imported first, it imports them through
    ``_deferred``: none imports either module itself."""
    direct = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "_deferred.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            direct += [
                f"{path.relative_to(PACKAGE)}: {name}"
                for name in names
                if name.split(".")[0] in ("dataclasses", "orjson")
            ]
    assert direct == []
    assert len(list(PACKAGE.rglob("*.py"))) > 50  # the scan saw the package


#: A thread that runs Python code (waits in ``Event.wait``) while the package is imported.
ANOTHER_THREAD = """
import sys, threading
stop = threading.Event()
thread = threading.Thread(target=stop.wait)
thread.start()
"""


def test_with_another_thread_running_no_module_is_stood_in_for() -> None:
    """Another thread could import the module a stand-in stands for while it does, and keep the
    stand-in: with one running, each module is imported as usual (``only_thread``)."""
    out = run(
        ANOTHER_THREAD
        + """
from modelarts_validators import _deferred
from modelarts_validators._deferred import dataclasses, orjson
from modelarts_validators.contract import rs_import
print(_deferred.only_thread())
print(type(dataclasses.inspect) is type(sys), "inspect" in sys.modules)
print("platform" in sys.modules, "email.utils" in sys.modules)
stop.set()
thread.join()
print(_deferred.only_thread())
"""
    )
    platform = sys.platform.startswith("linux") and sys.version_info < (3, 13)
    assert out.splitlines() == ["False", "True True", f"{platform} True", "True"]


def test_the_same_imports_alone_use_the_stand_ins() -> None:
    """The other side of the test above: no other thread, and the stand-ins are used."""
    out = run(
        """
import sys
from modelarts_validators._deferred import INSPECT_DEFERRED, PLATFORM_DEFERRED, dataclasses
from modelarts_validators._deferred import orjson
from modelarts_validators.contract import rs_import
print("inspect" in sys.modules, INSPECT_DEFERRED, "platform" in sys.modules, PLATFORM_DEFERRED)
print("email.utils" in sys.modules, "jsonschema_rs" in sys.modules)
"""
    )
    inspect, inspect_deferred, platform, platform_deferred = out.splitlines()[0].split()
    assert (inspect, platform) == (
        str(inspect_deferred != "True"),
        str(platform_deferred != "True"),
    )
    assert out.splitlines()[1] == "False True"
    if sys.version_info < (3, 12):  # the Python of make test: the stand-ins there at all
        assert inspect_deferred == "True"


def test_every_dataclass_of_the_package_has_a_docstring() -> None:
    """``dataclasses`` imports ``inspect`` to write the docstring of a class without one."""
    makers = {"dataclass", "frozen", "record"}
    bare = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.ClassDef):
                continue
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = (
                    target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                )
                if name in makers and ast.get_docstring(node) is None:
                    bare.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    assert bare == []
