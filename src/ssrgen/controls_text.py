"""Catalog entries as rows (``controls list``) and as text (``controls show``)."""

from __future__ import annotations

import textwrap
from typing import Any

from ssrgen.catalog import CatalogEntry, Catalogs
from ssrgen.model.catalog import Cadence, Entry, Part
from ssrgen.scope import AUTHORITIES

SUMMARY_LIMIT = 600


def entry_row(entry: CatalogEntry) -> dict[str, Any]:
    """One row of ``controls list``: the fields scripts rely on."""
    e = entry.entry
    return {
        "id": e.id,
        "title": e.title,
        "catalog": entry.catalog,
        "family": entry.group,
        "parent": entry.parent,
        "nist_title": e.nist_title,
        "irs_defined": bool(e.irs_defined) or _any_irs(e.parts),
        "parameters": {p.name: _value(p.value, p.unit) for p in e.parameters},
        "source": e.source,
    } | ({"basis": e.basis, "described": e.described} if entry.catalog == AUTHORITIES else {})


def authority_marks(entry: CatalogEntry) -> list[str]:
    """What an authority is: a basis for receiving FTI or not, and whether the sources only name it."""
    e = entry.entry
    if entry.catalog != AUTHORITIES:
        return []
    marks = ["a basis for receiving FTI" if e.basis else "not a basis for receiving FTI"]
    if not e.described:
        marks.append("only named in the sources (no text says what it authorizes)")
    return marks


def requirement_summary(entry: CatalogEntry, limit: int = SUMMARY_LIMIT) -> str:
    """The statement and its parts as lines (``a. ...``), cut at ``limit`` characters."""
    e = entry.entry
    pieces = [e.text] if e.text else []
    pieces += _part_lines(e.parts, "")
    text = "\n".join(p for p in pieces if p)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _part_lines(parts: list[Part], indent: str) -> list[str]:
    lines = []
    for part in parts:
        label = part.label if part.label.startswith("(") else f"{part.label}."
        lines.append(f"{indent}{label} {part.text}")
        lines += _part_lines(part.parts, indent + "  ")
    return lines


def _any_irs(parts: list[Part]) -> bool:
    return any(p.irs_defined or _any_irs(p.parts) for p in parts)


def _value(value: object, unit: str | None) -> str:
    return f"{value} {unit}" if unit else str(value)


def describe(entry: CatalogEntry, catalogs: Catalogs, width: int = 96) -> list[str]:
    """Everything a reader needs to know about one entry, as lines of text."""
    e = entry.entry
    lines = [f"{e.id}  {e.title}"]
    if e.nist_title:
        lines.append(f"NIST SP 800-53 Rev. 5 title: {e.nist_title}")
    info = catalogs.infos.get(entry.catalog)
    title = info.title if info else entry.catalog
    group = "" if entry.group_title == title else f", {entry.group} {entry.group_title}"
    lines.append(f"Catalog: {title}{group}")
    lines.append(f"Source: {e.source}")
    if marks := authority_marks(entry):
        lines.append(f"Authority: {'; '.join(marks)}")
    if entry.parent:
        lines.append(f"Enhancement of: {entry.parent}")
    if e.flags:
        flags = [name.replace("_", " ") for name, on in e.flags.model_dump().items() if on]
        lines.append(f"Control table flags: {', '.join(flags) or 'none'}")
    if e.nist_baselines is not None:
        lines.append("NIST baselines: " + (", ".join(e.nist_baselines) or "outside the moderate and privacy baselines"))
    lines.append("")
    lines.extend(_statement(e, width))
    if e.irs_defined:
        lines.append("")
        for text in e.irs_defined:
            lines.extend(_wrap(f"(IRS-Defined) {text}", width))
    lines.extend(_guidance(e, width))
    if e.parameters:
        lines += ["", "IRS parameter values:"]
        for p in e.parameters:
            where = f" [{p.applies_to}]" if p.applies_to else ""
            lines.append(f"  {p.name}: {_value(p.value, p.unit)}{where}")
            lines.extend(_wrap(f'"{p.quote}"', width, "      "))
    if entry.catalog != AUTHORITIES:  # a statute is not reviewed on a cadence
        cadence = catalogs.cadence(e.id)
        basis = "annual unless the catalog says otherwise" if cadence.basis == "default" else f"from {cadence.basis}"
        lines += ["", f"Review cadence: {cadence_text(cadence)} ({basis})"]
    if e.expected_artifacts:
        lines += ["", "Expected artifacts (Pub 1075 Table 3):"]
        lines += [f"  {n}. {a}" for n, a in enumerate(e.expected_artifacts, 1)]
    if e.related:
        lines += ["", "Related: " + ", ".join(e.related)]
    referring = [c.id for c in catalogs.by_id.values() if e.id in c.entry.related]
    if referring:
        lines.append("Referred to by: " + ", ".join(referring))
    if e.enhancements:
        lines += ["", "Control enhancements:"]
        for enh in e.enhancements:
            lines.append(f"  {enh.id}  {enh.title}")
            lines.extend("  " + line for line in _statement(enh, width - 4))
            for text in enh.irs_defined:
                lines.extend(_wrap(f"(IRS-Defined) {text}", width, "  ", "  "))
            for p in enh.parameters:
                lines.append(f"    IRS value {p.name}: {_value(p.value, p.unit)}")
            lines.extend("  " + line if line else line for line in _guidance(enh, width - 2))
    if e.notes:
        lines += ["", "Notes on the source:"]
        for note in e.notes:
            lines.extend(_wrap(f"- {note}", width, "  "))
    return lines


def _guidance(e: Entry, width: int) -> list[str]:
    """Pub 1075's Supplemental Guidance paragraphs, some of which bind ("must be included")."""
    if not e.guidance:
        return []
    lines = ["", "Supplemental guidance (Pub 1075):"]
    for paragraph in e.guidance:
        lines.extend(_wrap(paragraph, width, "  "))
    return lines


def cadence_text(cadence: Cadence) -> str:
    """'every year', 'every 3 years', 'every week'."""
    unit = cadence.unit[:-1] if cadence.value == 1 else cadence.unit
    return f"every {unit}" if cadence.value == 1 else f"every {cadence.value} {unit}"


def _statement(e: Entry, width: int) -> list[str]:
    lines: list[str] = []
    if e.text:
        lines.extend(_wrap(e.text, width))
    lines.extend(_parts(e.parts, width, 0))
    return lines


def _parts(parts: list[Part], width: int, depth: int) -> list[str]:
    lines = []
    for part in parts:
        indent = "  " * depth
        label = part.label if part.label.startswith("(") or part.label == "•" else f"{part.label}."
        marker = " (IRS-Defined)" if part.irs_defined else ""
        lines.extend(_wrap(f"{label} {part.text}{marker}", width, indent, indent + "   "))
        lines.extend(_parts(part.parts, width, depth + 1))
    return lines


def _wrap(text: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=first if rest is None else rest) or [first]
