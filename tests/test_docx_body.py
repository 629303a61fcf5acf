"""The rendered body is put into the Word document by parsing it in place rather than
by docxtpl's move of the tree: the documents must not differ by a byte."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docxtpl import DocxTemplate

from ssrgen import docx_template


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _write(run, example: Path, which: str, docx: Path) -> None:
    if which == "ssr":
        result = run("ssr", "-w", str(example), "-o", str(docx))
    else:
        result = run("cap", "export", "-w", str(example), "-o", str(docx.with_suffix(".xlsx")), "--docx", str(docx))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("which", ["ssr", "cap"])
def test_the_document_is_the_one_docxtpl_writes(
    run, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    ours = tmp_path / "ours.docx"
    theirs = tmp_path / "theirs.docx"
    _write(run, example, which, ours)
    monkeypatch.setattr(docx_template._Template, "map_tree", DocxTemplate.map_tree)
    _write(run, example, which, theirs)

    a, b = _parts(ours), _parts(theirs)
    assert list(a) == list(b)
    assert a["word/document.xml"] == b["word/document.xml"]
    assert b"<w:body><w:p>" in a["word/document.xml"]  # no namespace declared twice
    assert b"Federal Records Enforcement Office" in a["word/document.xml"]


def test_a_namespace_only_the_body_declares_is_kept(tmp_path: Path) -> None:
    from docx import Document

    source = tmp_path / "t.docx"
    Document().save(str(source))
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", b'<w:body xmlns:x="urn:example:own"><x:marker/><w:p><w:r><w:t>{{ word }}</w:t></w:r></w:p>', 1)
    with zipfile.ZipFile(source, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)

    tpl = docx_template._Template(str(source))
    tpl.render({"word": "kept"})
    out = tmp_path / "out.docx"
    tpl.save(str(out))
    xml = _parts(out)["word/document.xml"]
    assert b'<w:body xmlns:x="urn:example:own"><x:marker/>' in xml
    assert b'<w:t xml:space="preserve">kept</w:t>' in xml


def test_without_the_element_python_docx_keeps_docxtpl_puts_the_body_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docx import Document

    source = tmp_path / "t.docx"
    document = Document()
    document.add_paragraph("Prepared for {{ agency }}")
    document.save(str(source))
    tpl = docx_template._Template(str(source))
    tpl.init_docx()
    del tpl.docx._Document__body  # as if python-docx no longer kept its body proxy there
    calls: list[bool] = []
    real = DocxTemplate.map_tree
    monkeypatch.setattr(DocxTemplate, "map_tree", lambda self, tree: calls.append(True) or real(self, tree))

    tpl.render({"agency": "FREO"})
    out = tmp_path / "out.docx"
    tpl.save(str(out))

    assert calls == [True]
    assert b"Prepared for FREO" in _parts(out)["word/document.xml"]
