"""The import journal is read through the guarded reader of workspace files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssrgen.errors import InputError
from ssrgen.imports.journal import read_journal


def _journal(root: Path, text: str) -> None:
    (root / "journal").mkdir()
    (root / "journal" / "imports.yaml").write_text(text, encoding="utf-8")


def test_the_journal_entries_are_read_in_order(tmp_path: Path) -> None:
    _journal(tmp_path, "- kind: cap\n  sha256: ab\n- kind: ssr\n  sha256: cd\n")
    assert read_journal(tmp_path) == [{"kind": "cap", "sha256": "ab"}, {"kind": "ssr", "sha256": "cd"}]


@pytest.mark.parametrize(("text", "where", "what"), [
    ("- kind: cap\n- just a line\n", "journal/imports.yaml:2",
     "an entry of the import journal is not a mapping"),
    ("kind: cap\n", "journal/imports.yaml:1", "the file holds a mapping where ssrgen expects a list of entries"),
    ("- &a [x]\n- *a\n", "journal/imports.yaml:1", "a YAML alias ('*...') repeats the value"),
])
def test_a_damaged_journal_is_refused_with_its_place(tmp_path: Path, text: str, where: str, what: str) -> None:
    _journal(tmp_path, text)
    with pytest.raises(InputError) as caught:
        read_journal(tmp_path)
    assert caught.value.where == where
    assert str(caught.value).startswith(what)
