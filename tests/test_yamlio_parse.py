"""The fast reading of YAML gives exactly what PyYAML's safe loader gives, and the
lines of the table kept at parse time, for ordinary and unusual documents."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ssrgen.errors import InputError
from ssrgen.yamlio import Refused, _line_table, _Loader, _parse, load_yaml


def reference(text: str) -> tuple[Any, Any]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return (None, (0, None)) if node is None else (loader.construct_document(node), _line_table(node, set()))
    finally:
        loader.dispose()


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1 == True and a date == nothing else)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(k, j) for k, j in zip(a, b, strict=True)) and all(
            same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


UNUSUAL = {
    "set": "!!set {a, b}\n",
    "omap": "!!omap [a: 1, b: 2]\n",
    "binary": "!!binary aGVsbG8=\n",
    "explicit str": "a: !!str 2026-01-01\nb: !!int '7'\n",
    "scalars": "n: ~\nt: yes\nf: Off\ni: 0x1F\no: 0o17\nf2: 1_000.5\ninf: .inf\nnan: .nan\n"
               "d: 2026-02-03\nts: 2026-02-03T04:05:06Z\nq: '2026-02-03'\nkey with spaces: v\n7: seven\n"
               "2026-01-01: a date key\ntrue: a bool key\n~: null key\n",
    "empty values": "a:\nb: []\nc: {}\nd: ''\n",
    "scalar document": "just text\n",
    "deep": "a:\n" + "".join("  " * i + f"  k{i}:\n" for i in range(60)) + "  " * 61 + "v\n",
}


@pytest.mark.parametrize("text", UNUSUAL.values(), ids=UNUSUAL.keys())
def test_unusual_documents_read_as_pyyaml_reads_them(text: str) -> None:
    data, lines = _parse(text)
    expected_data, expected_lines = reference(text)
    assert same(data, expected_data) and data == yaml.safe_load(text)
    assert lines == expected_lines


REFUSED = {
    "merge key": ("base: &b {a: 1, b: 2}\nchild:\n  <<: *b\n  b: 3\n", 3, "a YAML merge key ('<<')"),
    "alias reuse": ("x: &x [1, 2]\ny: *x\n", 1, "a YAML alias ('*...') repeats the value that starts on line 1"),
    "scalar alias": ("a: &d 2026-01-01\nb: *d\n", 1, "a YAML alias ('*...')"),
    "recursive alias": ("a: &a\n  self: *a\n", 1, "a YAML alias ('*...')"),
    "duplicate key": ("a: 1\nb: 2\na: 3\n", 3, "the key 'a' is given twice in the same mapping (first on line 1)"),
    "duplicate key in a set": ("!!set {a, b}\nx: &x 1\n", None, None),
    "alias in an unusual document": ("!!omap [a: &x [1], b: *x]\n", 1, "a YAML alias ('*...')"),
}


@pytest.mark.parametrize(("text", "line", "message"), [v for v in REFUSED.values() if v[1]],
                         ids=[k for k, v in REFUSED.items() if v[1]])
def test_aliases_merge_keys_and_repeated_keys_are_refused_before_anything_is_built(
        text: str, line: int, message: str) -> None:
    with pytest.raises(Refused) as refused:
        _parse(text)
    assert refused.value.problem is not None and refused.value.problem.startswith(message)
    assert refused.value.problem_mark is not None and refused.value.problem_mark.line + 1 == line


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    with pytest.raises(InputError) as refused:
        load_yaml(path)
    assert time.monotonic() - started < 2
    assert refused.value.where == f"{path}:1"
    assert refused.value.fix.startswith("Write the value itself in each place")


@pytest.mark.parametrize("text", ["!!python/object:os.system {}\n", "? [a, b]\n: 1\n"])
def test_what_pyyaml_refuses_is_refused(text: str) -> None:
    with pytest.raises(yaml.constructor.ConstructorError) as expected:
        yaml.load(text, Loader=_Loader)
    with pytest.raises(yaml.constructor.ConstructorError) as refused:
        _parse(text)
    assert str(refused.value) == str(expected.value)


def test_equal_dates_are_read_as_dates_everywhere() -> None:
    data, _ = _parse("- 2026-01-01\n- {effective: 2026-01-01}\n")
    assert data == [dt.date(2026, 1, 1), {"effective": dt.date(2026, 1, 1)}]


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(), st.text(max_size=12),
    st.sampled_from(["yes", "No", "~", "null", "0x1A", "1e3", "2026-01-01", "12:30", "<<", "=", "AC-2(3)"]),
)
keys = st.one_of(st.text(min_size=1, max_size=10), st.integers(0, 99), st.sampled_from(["y", "on", "2026-01-01"]))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=25)


@settings(max_examples=150, deadline=None)
@given(documents, st.booleans())
def test_any_document_reads_as_pyyaml_reads_it(value: Any, flow: bool) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
    data, lines = _parse(text)
    expected_data, expected_lines = reference(text)
    assert same(data, expected_data)
    assert lines == expected_lines


@pytest.mark.parametrize(("text", "line", "message"), [
    ("a: 1\nsigned: 2025-13-45\n", 2, "'2025-13-45' is not a date"),
    ("- {date: 2026-02-30}\n", 1, "'2026-02-30' is not a date"),
    ("at: 2026-03-32T09:15:00\n", 1, "'2026-03-32T09:15:00' is not a date and time"),
    ("!!omap\n- a: 1\n- b: 2026-13-01\n", 3, "'2026-13-01' is not a date"),  # read by PyYAML's constructor
])
def test_an_impossible_date_is_refused_with_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(Refused) as refused:
        _parse(text)
    assert refused.value.problem == message
    assert refused.value.problem_mark is not None and refused.value.problem_mark.line + 1 == line
    assert refused.value.fix.startswith("Write it as YYYY-MM-DD")
