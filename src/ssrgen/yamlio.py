"""Reading and writing the YAML files of catalogs and workspaces.

Reading is fast (libyaml when present) and returns plain data; the line of a
value is looked up only when something is wrong with it, so the happy path
never pays for locations. Writing goes through ruamel.yaml's round-trip mode so
comments a user wrote by hand survive, and every write is atomic.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import gc
import re
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ssrgen.errors import InputError, Problem
from ssrgen.parse_cache import cached_parse, prepare

ModelT = TypeVar("ModelT", bound=BaseModel)

try:
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml missing
    _Base = yaml.SafeLoader

# The tag of a plain scalar depends on its text alone; the same short texts (keys,
# statuses, dates, ids) come back thousands of times in a large workspace.
_PLAIN_TAGS: dict[str, str] = {}
_MEMO_LENGTH = 64


class _Loader(_Base):  # type: ignore[valid-type,misc]
    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= _MEMO_LENGTH:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = _PLAIN_TAGS[value] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off the cycle collector while building many objects that hold no cycles
    (parsed YAML, records): each of its passes would walk every object built so far.
    Whatever is freed still is, by reference counting."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _parse_error(path: Path, err: yaml.YAMLError, root: Path | None) -> InputError:
    # an unclosed bracket or quote is found only at the end of the file: point to where it opened
    problem_mark = getattr(err, "problem_mark", None)
    mark = getattr(err, "context_mark", None) or problem_mark
    line = f":{mark.line + 1}" if mark is not None else ""
    problem = getattr(err, "problem", None) or str(err)
    if mark is not None and problem_mark is not None and problem_mark.line != mark.line:
        context = getattr(err, "context", None) or "while parsing"
        problem = f"{context} that starts here: {problem} by line {problem_mark.line + 1}"
    return InputError(
        f"the file is not valid YAML ({problem})",
        where=f"{display_path(path, root)}{line}",
        fix="Check the indentation and quoting on that line; values containing ': ' or "
        "starting with a special character need quotes.",
    )


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as the user knows it: relative to the workspace when inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


@dataclass
class YamlDocument:
    """A parsed YAML file and the means to say on which line a value sits."""

    path: Path
    data: Any
    text: str
    root: Path | None = None
    _nodes: yaml.Node | None = field(default=None, repr=False)
    _name: str | None = field(default=None, repr=False)
    _lines: LineTable | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        if self._name is None:
            self._name = display_path(self.path, self.root)
        return self._name

    def line(self, loc: Sequence[str | int]) -> int:
        """1-based line of the value at ``loc`` (keys and list indexes); the
        nearest enclosing value when ``loc`` goes deeper than the file."""
        if self._lines is not None:
            return _table_line(self._lines, loc)
        if self._nodes is None:
            self._nodes = yaml.compose(self.text, Loader=_Loader) or yaml.ScalarNode(
                "tag:yaml.org,2002:null", ""
            )
        node = self._nodes
        line = node.start_mark.line
        for key in loc:
            child = _child(node, key)
            if child is None:
                break
            node, line = child
        return line + 1

    def where(self, loc: Sequence[str | int] = ()) -> str:
        return f"{self.name}:{self.line(loc)}"


class Locations(MutableMapping[str, str]):
    """Where each loaded record sits (``file:line``), worked out only when asked for.

    Loading records the document and the path of each record; the line is found
    on first use, so loading a large workspace does not pay for it.
    """

    def __init__(self) -> None:
        self._values: dict[str, str | tuple[YamlDocument, tuple[str | int, ...]]] = {}

    def defer(self, key: str, doc: YamlDocument, loc: Sequence[str | int]) -> None:
        """Record that ``key`` sits at ``loc`` in ``doc``."""
        self._values[key] = (doc, tuple(loc))

    def __getitem__(self, key: str) -> str:
        value = self._values[key]
        if isinstance(value, tuple):
            doc, loc = value
            value = self._values[key] = doc.where(loc)
        return value

    def __setitem__(self, key: str, value: str) -> None:
        self._values[key] = value

    def __delitem__(self, key: str) -> None:
        del self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values


def _child(node: yaml.Node, key: str | int) -> tuple[yaml.Node, int] | None:
    if isinstance(node, yaml.MappingNode):
        for knode, vnode in node.value:
            if knode.value == str(key):
                # a missing value (key: ) is reported on the key's line
                return vnode, knode.start_mark.line
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        child = node.value[key]
        return child, child.start_mark.line
    return None


def load_yaml(path: Path, root: Path | None = None) -> YamlDocument:
    """Read a YAML file; a syntax error becomes an :class:`InputError` with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(
            "the file does not exist", where=display_path(path, root),
            fix="Check the path, or create the file.",
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            "the file is not UTF-8 text", where=display_path(path, root),
            fix="Save it as UTF-8 (in most editors: Save As, Encoding: UTF-8).",
        ) from exc
    try:
        data, lines = cached_parse(text, _parse)
    except Refused as exc:
        line = f":{exc.problem_mark.line + 1}" if exc.problem_mark is not None else ""
        raise InputError(exc.problem or "the file uses a YAML feature ssrgen refuses",
                         where=f"{display_path(path, root)}{line}", fix=exc.fix) from exc
    except yaml.YAMLError as exc:
        raise _parse_error(path, exc, root) from exc
    return YamlDocument(path=path, data=data, text=text, root=root, _lines=lines)


def check_shape(doc: YamlDocument, kind: type[list[Any]] | type[dict[Any, Any]]) -> None:
    """Refuse a file whose top level is not a list (or a mapping) as ssrgen writes it; an empty
    file, or an empty mapping where a list belongs, stands for none."""
    data = doc.data
    if data is None or isinstance(data, kind) or (kind is list and data == {}):
        return
    if kind is list:
        expected = "a list of entries (each starting with '- ')"
    else:
        expected = "a mapping of names to values ('name: value')"
    found = "a list" if isinstance(data, list) else "a mapping" if isinstance(data, dict) else "a single value"
    raise InputError(f"the file holds {found} where ssrgen expects {expected}", where=doc.where(),
                     fix="Correct the file (compare it with one ssrgen wrote), or restore it from a backup.")


def prepare_yaml(paths: Sequence[Path]) -> None:
    """Before loading many large files: parse the ones the cache lacks on two cores
    (see :func:`ssrgen.parse_cache.prepare`); :func:`load_yaml` then finds them."""
    prepare(paths, _parse)


# Where each value sits, taken from the parser's nodes while they exist (and cached
# with the data), so a location costs a lookup rather than parsing the file again.
# A table is (line, children): children is a dict of key -> (line of the key, table
# of the value) for a mapping, a list of tables for a sequence, None for a scalar.
LineTable = tuple[int, Any]


# ssrgen's files nest a few levels (a record, its systems, a list of texts); far deeper nesting
# only exhausts the reader (Python's recursion at a few hundred levels, the C stack beyond)
MAX_DEPTH = 64
# Python refuses to read integers longer than this (sys.int_info.default_max_str_digits)
MAX_DIGITS = 4300
# shapes of text that may nest deeply: many brackets, deep indentation, '- - - ...' on one line
_MAYBE_DEEP = re.compile(r"^[ \t]{40,}\S|(?:[-?][ \t]+){4,}", re.MULTILINE)
_FLOW = re.compile(r"[\[\]{}]")


def _check_depth(text: str) -> None:
    """Refuse a document nested more than :data:`MAX_DEPTH` levels deep, before anything is
    composed. Most texts are shown shallow by a look at their brackets and indentation; the
    others are walked event by event (libyaml keeps its own stack, so any depth is safe)."""
    depth = deepest = 0
    for match in _FLOW.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
        if deepest > 20:
            break
    if deepest <= 20 and _MAYBE_DEEP.search(text) is None:
        return
    loader = _Base(text)
    try:
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # newer libyaml stops far deeper nesting itself, while scanning ahead ("exceeded maximum nesting depth")
        if "nesting depth" in str(exc.problem or "") and exc.problem_mark is not None:
            raise _too_deep(exc.problem_mark) from exc
        raise
    finally:
        loader.dispose()


def _too_deep(mark: Any) -> Refused:
    return Refused(f"the data is nested more than {MAX_DEPTH} levels deep", mark,
                   "ssrgen's files nest a few levels: check the brackets and the indentation from this line on.")


def _long_number(node: yaml.Node) -> Refused:
    return Refused(f"the number on this line has {len(node.value)} digits, more than ssrgen reads "
                   f"({MAX_DIGITS})", node.start_mark,
                   "Put it in quotes if it is a text (an identifier, a reference), or correct it.")


def _parse(text: str) -> tuple[Any, LineTable]:
    _check_depth(text)
    loader = _Loader(text)
    try:
        with gc_paused():
            node = loader.get_single_node()
            if node is None:  # an empty file: anything in it is on line 1
                return None, (0, None)
            try:
                return _Builder(loader).build(node)
            except (_Unusual, RecursionError):
                _screen(node)  # nothing PyYAML's constructor would expand or merge
                try:
                    return loader.construct_document(node), _line_table(node, set())
                except ValueError as exc:  # an impossible date; which one, the walk below says
                    found = _impossible_date(node, loader)
                    if found is None:
                        raise
                    raise found from exc
    finally:
        loader.dispose()


def _not_a_date(node: yaml.ScalarNode) -> Refused:
    if len(node.value) > len("YYYY-MM-DD"):
        return Refused(f"'{node.value}' is not a date and time", node.start_mark,
                       "Write it as YYYY-MM-DDTHH:MM:SS (a real day and time, e.g. 2026-01-13T09:15:00), "
                       "or in quotes if it is not a date.")
    return Refused(f"'{node.value}' is not a date", node.start_mark,
                   "Write it as YYYY-MM-DD (a real day, e.g. 2026-01-13), or in quotes if it is not a date.")


def _impossible_date(root: yaml.Node, loader: Any) -> Refused | None:
    """The first plain scalar shaped like a date that is no day of the calendar (2026-13-01)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _TAG + "timestamp":
                try:
                    loader.construct_yaml_timestamp(node)
                except ValueError:
                    return _not_a_date(node)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None



class _Unusual(Exception):
    """A document uses a YAML feature the fast path leaves to PyYAML's constructor."""


class Refused(yaml.MarkedYAMLError):
    """A YAML feature workspace and catalog files may not use, found before anything is built:
    aliases (``*name``) and merge keys (``<<``), which can make a small file expand without end
    and make one value silently stand for another; and a key given twice, which drops a record."""

    def __init__(self, problem: str, mark: Any, fix: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.fix = fix


_ALIAS_FIX = ("Write the value itself in each place (copy it where '*...' stands and remove the '&...' "
              "before the first one): ssrgen never writes anchors or aliases.")


def _alias(node: yaml.Node) -> Refused:
    return Refused(f"a YAML alias ('*...') repeats the value that starts on line {node.start_mark.line + 1} "
                   "(its anchor '&...')", node.start_mark, _ALIAS_FIX)


def _merge(knode: yaml.Node) -> Refused:
    return Refused("a YAML merge key ('<<') copies another mapping in", knode.start_mark,
                   "Write the fields out in full here: ssrgen never writes merge keys.")


def _duplicate(knode: yaml.Node, first: int) -> Refused:
    return Refused(f"the key '{knode.value}' is given twice in the same mapping (first on line {first + 1}), "
                   "so one of them would be lost", knode.start_mark,
                   "Keep one: merge the two entries into one, or correct the second key.")


def _screen(root: yaml.Node) -> None:
    """Refuse aliases, merge keys and repeated keys anywhere in a composed document."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise _alias(node)
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "int" and len(node.value) > MAX_DIGITS:
            raise _long_number(node)
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for knode, vnode in node.value:
                if knode.tag == _TAG + "merge":
                    raise _merge(knode)
                if isinstance(knode, yaml.ScalarNode):
                    if knode.value in keys:
                        raise _duplicate(knode, keys[knode.value])
                    keys[knode.value] = knode.start_mark.line
                stack.extend((knode, vnode))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_OTHER_SCALARS = {_TAG + name: f"construct_yaml_{name}" for name in ("null", "bool", "int", "float", "timestamp")}
_IMMUTABLE = (type(None), bool, int, float, dt.date, dt.datetime)
# values of these scalars by (tag, text): they are immutable, so equal texts may share one
_SCALAR_VALUES: dict[tuple[str, str], Any] = {}


class _Builder:
    """Data and line table of a composed document in one walk over its nodes: the
    same result as PyYAML's safe constructor plus :func:`_line_table`, several times
    faster on large files. Documents with merge keys, complex keys, other tags or
    self-referencing aliases go to PyYAML (``_Unusual``)."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.seen: set[int] = set()  # every node built: one met again is an alias, refused

    def build(self, node: yaml.Node) -> tuple[Any, LineTable]:
        key = id(node)
        if key in self.seen:
            raise _alias(node)
        self.seen.add(key)
        tag = node.tag
        if tag == _STR:
            return node.value, (node.start_mark.line, None)
        if tag in _OTHER_SCALARS and isinstance(node, yaml.ScalarNode):
            return self.scalar(node, tag), (node.start_mark.line, None)
        if tag == _MAP and isinstance(node, yaml.MappingNode):
            result = self.mapping(node)
        elif tag == _SEQ and isinstance(node, yaml.SequenceNode):
            items = [self.build(child) for child in node.value]
            result = [value for value, _ in items], (node.start_mark.line, [table for _, table in items])
        else:
            raise _Unusual(tag)
        return result

    def mapping(self, node: yaml.MappingNode) -> tuple[Any, LineTable]:
        data: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        children: dict[str, tuple[int, LineTable]] = {}
        for knode, vnode in node.value:
            ktag = knode.tag
            if ktag == _STR and isinstance(knode, yaml.ScalarNode):
                key = knode.value
            elif ktag in _OTHER_SCALARS and isinstance(knode, yaml.ScalarNode):
                key = self.scalar(knode, ktag)
            elif ktag == _TAG + "merge":
                raise _merge(knode)
            else:
                raise _Unusual(ktag)  # a key that is a list or mapping
            if key in data:
                raise _duplicate(knode, lines[key])
            lines[key] = knode.start_mark.line
            value, table = self.build(vnode)
            data[key] = value
            if knode.value not in children:
                # a key's value is reported on the key's line (a missing value has no line of its own)
                children[knode.value] = (knode.start_mark.line, table)
        return data, (node.start_mark.line, children)

    def scalar(self, node: yaml.ScalarNode, tag: str) -> Any:
        memo = (tag, node.value)
        value = _SCALAR_VALUES.get(memo)
        if value is None:
            if tag == _TAG + "int" and len(node.value) > MAX_DIGITS:
                raise _long_number(node)
            try:
                value = getattr(self.loader, _OTHER_SCALARS[tag])(node)
            except ValueError as exc:  # 2026-13-01 has the shape of a date, but is none
                if tag == _TAG + "timestamp":
                    raise _not_a_date(node) from exc
                raise
            if value is not None and len(node.value) <= _MEMO_LENGTH and isinstance(value, _IMMUTABLE):
                _SCALAR_VALUES[memo] = value
        return value


def _line_table(node: yaml.Node, path: set[int]) -> LineTable:
    line = node.start_mark.line
    if id(node) in path:  # a recursive alias: stop here
        return line, None
    path.add(id(node))
    children: Any = None
    if isinstance(node, yaml.MappingNode):
        children = {}
        for knode, vnode in node.value:
            if isinstance(knode, yaml.ScalarNode) and knode.value not in children:
                # a key's value is reported on the key's line (a missing value has no line of its own)
                children[knode.value] = (knode.start_mark.line, _line_table(vnode, path))
    elif isinstance(node, yaml.SequenceNode):
        children = [_line_table(child, path) for child in node.value]
    path.discard(id(node))
    return line, children


def _table_line(table: LineTable, loc: Sequence[str | int]) -> int:
    line, children = table
    for key in loc:
        if isinstance(children, dict):
            found = children.get(str(key))
            if found is None:
                break
            line, (_, children) = found
        elif isinstance(children, list) and isinstance(key, int) and 0 <= key < len(children):
            line, children = children[key]
        else:
            break
    return line + 1


def pydantic_problems(doc: YamlDocument, error: Any, prefix: Sequence[str | int] = ()) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into problems with file and line."""
    problems = []
    for item in error.errors():
        loc = [*prefix, *item["loc"]]
        # pydantic adds the model/union member name to some locations; drop non-path parts
        path = [p for p in loc if isinstance(p, int) or not str(p).startswith(("function-", "tagged-"))]
        problems.append(
            Problem(doc.where(path), _describe(item, path), _fix(item))
        )
    return problems


def _field_name(path: Sequence[str | int]) -> str:
    names = [str(p) for p in path if not isinstance(p, int)]
    return names[-1] if names else "value"


def _describe(item: dict[str, Any], path: Sequence[str | int]) -> str:
    kind = item["type"]
    name = _field_name(path)
    if kind == "extra_forbidden":
        return f"unknown field '{name}'"
    if kind == "missing":
        return f"missing field '{name}'"
    given = item.get("input")
    if isinstance(given, dict | list):
        shown = type(given).__name__
    elif isinstance(given, dt.date):  # as the file writes it, not as Python does (datetime.date(...))
        shown = given.isoformat()
    elif isinstance(given, bool):
        shown = str(given).lower()
    elif isinstance(given, int | float) or given is None:
        shown = "empty" if given is None else str(given)
    else:
        shown = repr(given)
    return f"'{name}' is {shown}: {item['msg'].rstrip('.').lower()}"


def _fix(item: dict[str, Any]) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return "Remove it or correct its spelling ('ssrgen docs workspace' lists the fields allowed)."
    if kind == "missing":
        return "Add it."
    ctx = item.get("ctx") or {}
    if "expected" in ctx:
        return f"Use one of: {ctx['expected']}."
    if kind.startswith("date"):
        return "Write dates as YYYY-MM-DD."
    return "Correct the value."


def validate_leniently(
    model: type[ModelT], data: Any, doc: YamlDocument, prefix: Sequence[str | int] = ()
) -> tuple[ModelT | None, list[Problem]]:
    """Validate ``data``; on errors, report them all, then drop the offending values and
    retry so the rest of the file can still be checked against everything else."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = pydantic_problems(doc, exc, prefix)
        errors = exc.errors()
    data = copy.deepcopy(data)
    for _ in range(8):
        if not _drop(data, [tuple(e["loc"]) for e in errors]):
            return None, problems
        try:
            return model.model_validate(data), problems
        except ValidationError as exc:
            errors = exc.errors()
    return None, problems


def _drop(data: Any, locs: list[tuple[Any, ...]]) -> bool:
    """Remove the values at ``locs`` (a missing field removes its list item). False if stuck."""
    targets: set[tuple[Any, ...]] = set()
    for loc in locs:
        path = tuple(p for p in loc if isinstance(p, int) or not str(p).startswith(("function-", "tagged-")))
        targets.add(path)
    changed = False
    for path in sorted(targets, key=lambda p: [str(x).zfill(8) for x in p], reverse=True):
        changed |= _remove(data, path)
    return changed


def _remove(data: Any, path: tuple[Any, ...]) -> bool:
    if not path:
        return False
    parent = data
    for index, key in enumerate(path[:-1]):
        try:
            child = parent[key]
        except (KeyError, IndexError, TypeError):
            return False
        if not isinstance(child, dict | list):
            return _remove(data, path[: index + 1])
        parent = child
    key = path[-1]
    if isinstance(parent, dict) and key in parent:
        del parent[key]
        return True
    if isinstance(parent, list) and isinstance(key, int) and key < len(parent):
        del parent[key]
        return True
    # a missing field: drop the record that lacks it, if it is an item of a list
    return len(path) >= 2 and isinstance(path[-2], int) and _remove(data, path[:-1])


# ---------------------------------------------------------------- writing

def round_trip() -> YAML:
    """A ruamel.yaml instance that keeps comments, order and quoting."""
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 100
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def load_round_trip(path: Path) -> Any:
    """Load a YAML file for updating, comments included (empty map if absent)."""
    if not path.exists():
        return CommentedMap()
    with path.open(encoding="utf-8") as handle:
        data = round_trip().load(handle)
    return CommentedMap() if data is None else data


class _PlainDumper(yaml.SafeDumper):
    """Never an anchor or alias: a value written twice is written twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_plain(data: Any) -> str:
    """Block-style YAML for new files: readable, stable, diff-friendly, no anchors."""
    return yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100)


def merge_into(target: CommentedMap | CommentedSeq, values: dict[str, Any], drop: Iterable[str] = ()) -> None:
    """Update a round-trip mapping in place, keeping keys' order and comments."""
    for key in drop:
        if key in target:
            del target[key]
    for key, value in values.items():
        if value is None:
            if key in target:
                del target[key]
            continue
        target[key] = value
