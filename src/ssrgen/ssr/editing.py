"""Changing an agency's Word document in place, keeping its look: cells and paragraphs rewritten
in the formatting they had, content carried over from another document fitted to this one's styles.

Everything works on the document's XML (lxml elements of python-docx): a cell
keeps its properties (width, shading, borders), a paragraph its properties
(style, spacing), the first run its character formatting.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ssrgen.ssr.word import Styles, w

_PPR, _RPR, _R, _T, _P, _TCPR = w("pPr"), w("rPr"), w("r"), w("t"), w("p"), w("tcPr")
BULLET = "\u2022 "


def _run(text: str, rpr: Any | None) -> Any:
    """A run of ``text`` (line breaks kept), with the character formatting ``rpr``."""
    run = OxmlElement("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for index, line in enumerate(text.split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        node = OxmlElement("w:t")
        node.set(qn("xml:space"), "preserve")
        node.text = line
        run.append(node)
    return run


def new_paragraph(text: str, ppr: Any | None = None, rpr: Any | None = None, bold: bool = False) -> Any:
    paragraph = OxmlElement("w:p")
    if ppr is not None:
        paragraph.append(copy.deepcopy(ppr))
    if text:
        run = _run(text, rpr)
        if bold:
            props = run.find(_RPR)
            if props is None:
                props = OxmlElement("w:rPr")
                run.insert(0, props)
            for found in props.findall(w("b")):
                props.remove(found)  # the look's own setting, which may be "not bold"
            props.insert(0, OxmlElement("w:b"))
        paragraph.append(run)
    return paragraph


def formatting(paragraph: Any | None) -> tuple[Any | None, Any | None]:
    """The paragraph properties (without numbering or a section break) and the first run's
    character formatting of ``paragraph``: what new text written in its place should look like."""
    if paragraph is None:
        return None, None
    ppr = paragraph.find(_PPR)
    if ppr is not None:
        ppr = copy.deepcopy(ppr)
        for name in ("numPr", "sectPr", "rPr"):
            for found in ppr.findall(w(name)):
                ppr.remove(found)
    run = paragraph.find(f".//{_R}")
    rpr = run.find(_RPR) if run is not None else None
    return ppr, (copy.deepcopy(rpr) if rpr is not None else None)


def set_cell_text(tc: Any, text: str) -> None:
    """Write ``text`` into a cell, one paragraph per line, in the cell's first paragraph's formatting.

    A cell whose answer sits in a content control (a drop-down of statuses, a text box of the
    template) keeps the control and gets the text inside it; Word comments anchored in the old
    text stay, on the new text."""
    inline = tc.find(f"{_P}/{w('sdt')}")
    if inline is not None and tc.find(w("sdt")) is None:
        _fill_inline_control(inline, text)
        return
    target = tc
    block = tc.find(w("sdt"))
    if block is not None and block.find(w("sdtContent")) is not None:
        unplaceholder(block)
        target = block.find(w("sdtContent"))
    first = target.find(f".//{_P}")
    ppr, rpr = formatting(first)
    anchors: list[Any] = []
    for child in list(target):
        if child.tag != _TCPR:
            anchors += comment_anchors(child)
            target.remove(child)
    lines = text.split("\n") if text else [""]
    for line in lines:
        target.append(new_paragraph(line, ppr, rpr))
    first_new = target.find(_P)
    for anchor in anchors:
        first_new.append(anchor)


def _fill_inline_control(sdt: Any, text: str) -> None:
    """The text of a content control inside a paragraph (a drop-down), in its first run's look."""
    content = sdt.find(w("sdtContent"))
    if content is None:
        return
    unplaceholder(sdt)
    run = content.find(f".//{_R}")
    rpr = run.find(_RPR) if run is not None else None
    if rpr is not None:
        for style in rpr.findall(w("rStyle")):  # the placeholder's grey style
            if (style.get(w("val")) or "").lower().startswith("placeholder"):
                rpr.remove(style)
    for child in list(content):
        content.remove(child)
    content.append(_run(text, rpr))


def unplaceholder(sdt: Any) -> None:
    props = sdt.find(w("sdtPr"))
    if props is not None:
        for flag in props.findall(w("showingPlcHdr")):
            props.remove(flag)


_COMMENT_TAGS = (w("commentRangeStart"), w("commentRangeEnd"))


def comment_anchors(element: Any) -> list[Any]:
    """The Word comment anchors in ``element`` (range marks, and the runs holding a reference),
    detached from it, to be put back nearby so the comments stay in the document."""
    found = []
    for node in list(element.iter(*_COMMENT_TAGS, w("commentReference"))):
        target = node
        if node.tag == w("commentReference"):
            target = node.getparent()
            if target is None or target.tag != _R:
                continue
        if target is not element:
            target.getparent().remove(target)
        found.append(target)
    return found


def set_paragraph_text(paragraph: Any, text: str) -> None:
    """Replace the text of a paragraph, keeping its properties and its first run's formatting."""
    _, rpr = formatting(paragraph)
    for child in list(paragraph):
        if child.tag != _PPR:
            paragraph.remove(child)
    paragraph.append(_run(text, rpr))


def clear_row(tr: Any) -> None:
    """Empty every cell of a copied row (properties kept, vertical merges undone)."""
    for tc in tr.iter(w("tc")):
        tcpr = tc.find(_TCPR)
        if tcpr is not None:
            for merge in tcpr.findall(w("vMerge")):
                tcpr.remove(merge)
        set_cell_text(tc, "")


class Fitter:
    """Content written for the bundled template, fitted to the agency's document: a style the
    document has is used under its own id; a bullet it lacks becomes a "•" before the text; a
    table style it lacks becomes plain borders; body text takes the look of the text it replaces."""

    def __init__(self, source: Styles, target: Styles, body_look: tuple[Any | None, Any | None]) -> None:
        self.source = source
        self.target = target
        self.ppr, self.rpr = body_look

    def paragraph(self, element: Any) -> Any:
        paragraph = copy.deepcopy(element)
        ppr = paragraph.find(_PPR)
        style = ppr.find(w("pStyle")) if ppr is not None else None
        if style is None:
            if self.ppr is not None:
                if ppr is not None:
                    paragraph.remove(ppr)
                paragraph.insert(0, copy.deepcopy(self.ppr))
            self._runs(paragraph)
            return paragraph
        name = self.source.name_of(style.get(w("val")))
        own = self.target.id_named(name) if name else None
        if own is not None:
            style.set(w("val"), own)
            return paragraph
        assert ppr is not None
        ppr.remove(style)
        if name and name.lower().startswith("list bullet"):
            first = paragraph.find(f".//{_T}")
            if first is not None:
                first.text = BULLET + (first.text or "")
        self._runs(paragraph)
        return paragraph

    def _runs(self, paragraph: Any) -> None:
        if self.rpr is None:
            return
        for run in paragraph.iter(_R):
            if run.find(_RPR) is None:
                run.insert(0, copy.deepcopy(self.rpr))

    def table(self, element: Any) -> Any:
        table = copy.deepcopy(element)
        tblpr = table.find(w("tblPr"))
        style = tblpr.find(w("tblStyle")) if tblpr is not None else None
        if style is not None and tblpr is not None:
            name = self.source.name_of(style.get(w("val")), kind="table")
            own = self.target.id_named(name, kind="table") if name else None
            if own is not None:
                style.set(w("val"), own)
            else:
                tblpr.remove(style)
                tblpr.append(_borders())
        for paragraph in list(table.iter(_P)):
            parent = paragraph.getparent()
            parent.replace(paragraph, self.paragraph(paragraph))
        return table

    def blocks(self, elements: Iterable[Any]) -> list[Any]:
        return [self.table(e) if e.tag == w("tbl") else self.paragraph(e) for e in elements]


def _borders() -> Any:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "auto")
        borders.append(line)
    return borders
