"""Where a schema pointer is written in the spec file: its line and column, for the reports that
annotate the spec itself (SARIF, GitHub workflow commands, the markdown summary).

The spec is read as YAML nodes (``yaml.compose``), which keep their position; a pointer's place is
the key that names its last token (``maximum: 50`` for ``.../limit/maximum``), or the item of a
list, or the document for ``#``. A pointer that goes further than the document does (a derived
schema's own keyword) is placed at the deepest part that exists. Each pointer is located once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..contract.pointers import parse_fragment
from ..contract.spec import DATA_FOLDER, SPEC_RESOURCE

if TYPE_CHECKING:  # PyYAML is imported when a spec text is read
    import yaml

#: How the packaged spec is named when no ``--spec`` was given.
PACKAGED_NAME = f"modelarts_validators/{DATA_FOLDER}/{SPEC_RESOURCE}"


def spec_file(path: str | None) -> tuple[str, str]:
    """How locations name the spec, and its text: ``path`` as given (``/`` separated), or the
    packaged copy. A spec that cannot be read again (the contract read it a moment ago) gives
    no text: findings are then located in the file without a line."""
    try:
        if path is None:
            from importlib import resources

            resource = resources.files("modelarts_validators").joinpath(DATA_FOLDER, SPEC_RESOURCE)
            return PACKAGED_NAME, resource.read_text(encoding="utf-8")
        return Path(path).as_posix(), Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return (PACKAGED_NAME if path is None else Path(path).as_posix()), ""


class SpecLines:
    """The positions of the pointers of one spec text (1-based line and column)."""

    def __init__(self, text: str) -> None:
        self._root: yaml.Node | None = None
        if text:
            import yaml

            try:
                self._root = yaml.compose(
                    text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
                )
            except yaml.YAMLError:
                self._root = None
        self._found: dict[str, tuple[int, int] | None] = {}

    def locate(self, schema_pointer: str | None) -> tuple[int, int] | None:
        """The line and column where ``schema_pointer`` (``#/components/...``) is written;
        None without a pointer or a readable spec."""
        if schema_pointer is None or self._root is None:
            return None
        try:
            return self._found[schema_pointer]
        except KeyError:
            found = self._found[schema_pointer] = self._locate(schema_pointer)
            return found

    def _locate(self, schema_pointer: str) -> tuple[int, int] | None:
        location = parse_fragment(schema_pointer)
        node = self._root
        if location is None or node is None:
            return None
        mark = node.start_mark
        for token in location:
            child = _child(node, token)
            if child is None:
                break
            mark, node = child
        return mark.line + 1, mark.column + 1


def _child(node: yaml.Node, token: str) -> tuple[yaml.Mark, yaml.Node] | None:
    """The position that names ``token`` in ``node`` (the key, or the item) and the node."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == token:
                return key.start_mark, value
    elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
        item = node.value[int(token)]
        return item.start_mark, item
    return None
