"""Read and check the reviewed table of IRC § 6103 provisions (tools/authorities.yaml).

Used by extract_requirements.py. Every quote of the table is looked up in the
text of the section it cites (Pub 1075, the MOU, 26 CFR), every IRC § 6103
provision the sources name is checked to have an entry, and the Pub 1075
§2.C.11 requirements are tagged with the authorities their headings name.
A source that changed fails loudly here instead of drifting.
"""

# The quotes keep the source's typography (en dashes, curly apostrophes) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ssrgen.model.catalog import Entry, Part

TABLE = Path(__file__).resolve().parent / "authorities.yaml"
PUB_CITE = "Pub 1075 Rev. 11-2021"
MOU_CITE = "IRS-ICE MOU (April 2025)"
CFR_CITE = "26 CFR"
# a numbered heading of the body ("### 1.4 State ...", "2.C.11.1 Child ..."), an exhibit, or
# one of the unnumbered parts the table cites
_NUMBERED = re.compile(r"^(?:### )?(\d+\.\d+(?:\.\d+)*|\d\.[A-F](?:\.\d+)*)\s+\S")
_EXHIBIT = re.compile(r"^Exhibit (\d+) \S")
_UNNUMBERED = {"Introduction": ("INTRODUCTION", "Overview of Publication 1075"),
               "Key Definitions": ("KEY DEFINITIONS", "### 1.0 ")}
# IRC § 6103 citations: "6103(l)(12)(C)", "§§ 6103(l)(6), (l)(8) and (l)(10)"; in the statute's own
# words (Exhibits 1, 2, 4) "subsection (h)(2), (h)(5), (i)(1), (2), (3)", where "(2)" is (i)(2), and
# "paragraph (10), (13), or (14) of subsection (k)"
_ITEM = re.compile(r"\(([a-zA-Z]|\d{1,2})\)((?:\s?\([0-9A-Za-z]{1,3}\))*)")
_SEPARATOR = re.compile(r"\s*,?\s*(?:(?:and|or)\s+)?(?:subsections?\s+)?")
_PREFIX = re.compile(r"6103\s?(?=\()")
_SUBSECTIONS = re.compile(r"\bsubsections?\s+(?=\([a-z]\))")
_PARAGRAPHS = re.compile(r"\bparagraphs?\s+(?=\(\d)")
_OF_6103 = re.compile(r"\s+of\s+section\s+6103\b")
_OF_SUBSECTION = re.compile(r"\s+of\s+subsection\s+\(([a-z])\)")


class TableError(RuntimeError):
    """The table and the source disagree."""


def norm(text: str) -> str:
    """A form for comparing quotes with the source: no spaces, no case, plain quotes."""
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", "", text).lower()


@dataclass(frozen=True)
class Sources:
    """The texts quotes are checked against."""

    pub_lines: list[str]
    mou: str
    cfr: dict[str, str]  # '301.6103(n)-1' -> its text

    def pub_section(self, label: str) -> str:
        """The text of a Pub 1075 section (its heading line included), up to the next heading."""
        lines = self.pub_lines
        body = next(i for i, line in enumerate(lines) if line.strip() == "INTRODUCTION")
        if label in _UNNUMBERED:
            first, stop = _UNNUMBERED[label]
            start = next((i for i in range(body, len(lines)) if lines[i].strip() == first), None)
            end = next((i for i in range(body + 1, len(lines)) if lines[i].startswith(stop)), None)
            if start is None or end is None:
                raise TableError(f"Pub 1075: the part '{label}' was not found")
            return "\n".join(lines[start:end])
        start = None
        for i in range(body, len(lines)):
            if "____" in lines[i]:
                continue
            if start is None:
                if self._heading(lines[i]) == label:
                    start = i
            elif self._heading(lines[i]) is not None:
                return "\n".join(lines[start:i])
        if start is None:
            raise TableError(f"Pub 1075: no section headed {label!r}")
        return "\n".join(lines[start:])

    @staticmethod
    def _heading(line: str) -> str | None:
        match = _NUMBERED.match(line)
        if match:
            return match.group(1)
        match = _EXHIBIT.match(line)
        return f"Exhibit {match.group(1)}" if match else None

    def check(self, cite: dict[str, str], where: str) -> tuple[str, str]:
        """(quote, citation) once the quote is found in the text it cites."""
        quote = " ".join(cite["quote"].split())
        if "section" in cite:
            label = str(cite["section"])
            text = self.pub_section(label)
            citation = label if label[0].isalpha() else f"§{label}"
            shown = f"{PUB_CITE} {citation}"
        elif "mou" in cite:
            text, shown = self.mou, f"{MOU_CITE} {cite['mou']}"
        elif "cfr" in cite:
            key = cite["cfr"]
            if key not in self.cfr:
                raise TableError(f"{where}: no regulation {key!r} in the CFR texts")
            text, shown = self.cfr[key], f"{CFR_CITE} §{key}"
        else:
            raise TableError(f"{where}: a quote needs 'section', 'mou' or 'cfr'")
        if norm(quote) not in norm(text):
            raise TableError(f"{where}: {quote!r} is not in {shown}")
        return quote, shown


def read_table(path: Path = TABLE) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise TableError(f"{path}: expected a list of provisions")
    return data


def _short(citation: str) -> str:
    """'§1.4' for a Pub 1075 citation (the source field names the publication once)."""
    return citation.removeprefix(f"{PUB_CITE} ")


def table_entries(sources: Sources, rows: list[dict[str, Any]]) -> list[Entry]:
    """An entry per row of the table, every quote checked."""
    entries = []
    for row in rows:
        ident = row["id"]
        cited = [sources.check(c, f"{ident} cites") for c in row.get("cites", [])]
        implied = [sources.check(c, f"{ident} implies") for c in row.get("implies", [])]
        if not cited:
            raise TableError(f"{ident}: no quote says what the provision is")
        # Pub 1075 once, its numbered sections first, then its unnumbered parts; then the MOU, the CFR
        sections = list(dict.fromkeys(_short(c) for _, c in cited + implied if c.startswith(PUB_CITE)))
        sections.sort(key=lambda label: not label.startswith("§"))
        places = [f"{PUB_CITE} {', '.join(sections)}"] if sections else []
        places += list(dict.fromkeys(c for _, c in cited + implied if not c.startswith(PUB_CITE)))
        text = " ".join(f'{_short(citation)}: "{quote}"' for quote, citation in cited)
        entries.append(Entry(
            id=ident,
            title=row["title"],
            source="; ".join(places),
            text=text,
            parts=[Part(label="•", text=f"{quote} ({citation})") for quote, citation in implied],
            related=list(row.get("related", [])),
            notes=list(row.get("notes", [])),
            basis=bool(row["basis"]),
            described=bool(row.get("described", True)),
        ))
    return entries


def provision_key(ident: str) -> tuple[int, list[tuple[int, int, str]]]:
    """Order authority ids as the statute does: (d) before (i), (l)(6) before (l)(10), IRC before CFR."""
    kind = 0 if ident.startswith("IRC-") else 1
    parts = re.findall(r"\(([^)]*)\)", ident)
    return kind, [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts]


def _listed(text: str, pos: int, letter: str | None = None) -> tuple[list[str], int]:
    """The provisions of the list at ``pos`` ("(h)(2), (h)(5), (i)(1), (2) or (3)") and where it
    ends. A number continues the last subsection named (``letter`` when none is named yet)."""
    found: list[str] = []
    while (item := _ITEM.match(text, pos)) is not None:
        head, rest = item.group(1), re.sub(r"\s", "", item.group(2))
        if head.isdigit():
            if letter is None:
                break
            found.append(f"({letter})({head}){rest}")
        else:
            letter = "l" if head == "I" else head.lower()  # the PDF reads some (l) as (I)
            found.append(f"({letter}){rest}")
        pos = item.end()
        more = _SEPARATOR.match(text, pos)
        if more is None or not _ITEM.match(text, more.end()):
            break
        pos = more.end()
    return found, pos


def provisions_named(text: str, statute: bool = False) -> set[str]:
    """Every IRC § 6103 provision a text names, as 'IRC-6103(l)(6)'.

    "6103(d)" and "subsection (d), (i)(1)(C), ... of section 6103" anywhere; in ``statute``
    text (the words of IRC § 6103 itself) also a bare "subsection (c)" and "paragraph (10),
    (13), or (14) of subsection (k)".
    """
    found: set[str] = set()
    for match in _PREFIX.finditer(text):
        found.update(_listed(text, match.end())[0])
    for match in _SUBSECTIONS.finditer(text):
        listed, end = _listed(text, match.end())
        if statute or _OF_6103.match(text, end):
            found.update(listed)
    if statute:
        for match in _PARAGRAPHS.finditer(text):
            numbers, end = _listed(text, match.end(), letter="?")
            of = _OF_SUBSECTION.match(text, end)
            if of is not None:
                found.update(n.replace("(?)", f"({of.group(1)})", 1) for n in numbers)
    return {f"IRC-6103{p}" for p in found}


def covering(provision: str, ids: set[str], whole: Collection[str] = ()) -> str | None:
    """The entry that covers a provision: itself, or the nearest enclosing paragraph with an entry.

    A subsection's entry does not cover its paragraphs (the entry for (l) says nothing of what
    (l)(9) authorizes) unless it is one of ``whole``; a subsection named as a whole ("subsections ... and (p)") is covered by
    its own entry or by the entries of its paragraphs.
    """
    candidate = provision
    while True:
        if candidate in ids:
            return candidate
        cut = candidate.rfind("(")
        if cut <= len("IRC-6103"):
            break
        if candidate.count("(") == 2 and candidate[:cut] not in whole:  # not up to the subsection
            return None
        candidate = candidate[:cut]
    inside = sorted(i for i in ids if i.startswith(provision))
    return inside[0] if inside and provision.count("(") == 1 else None


def whole_subsections(rows: list[dict[str, Any]]) -> set[str]:
    """The subsection entries of the table marked ``paragraphs: true``."""
    return {row["id"] for row in rows if row.get("paragraphs")}


def statute_texts(sources: Sources) -> dict[str, str]:
    """The words of IRC § 6103 itself that Pub 1075 reproduces, where "subsection (c)" is 6103's."""
    return {f"{PUB_CITE} {label}": sources.pub_section(label) for label in ("Exhibit 1", "Exhibit 2")}


def check_coverage(texts: dict[str, str], ids: set[str], statute: dict[str, str] | None = None,
                   whole: Collection[str] = ()) -> None:
    """Every provision the texts name has an entry (or sits inside one); ``statute`` texts are the
    words of IRC § 6103 itself, where a bare "subsection (c)" names a provision; ``whole`` are the
    subsection entries that speak for their paragraphs too (definitions, the general rule)."""
    named = [(p, name) for name, text in texts.items() for p in provisions_named(text)]
    named += [(p, name) for name, text in (statute or {}).items() for p in provisions_named(text, statute=True)]
    missing = sorted({(p, name) for p, name in named if covering(p, ids, whole) is None})
    if missing:
        listed = ", ".join(f"{p} ({name})" for p, name in missing)
        raise TableError(f"provisions named in the sources without an authority entry: {listed}")


def tag_requirements(entries: list[Entry], ids: set[str]) -> None:
    """Pub 1075 §2.C.11.x apply to the authorities their headings name: set ``authorities``."""
    for entry in entries:
        if not entry.id.startswith("P1075-2.C.11."):
            continue
        named = sorted(provisions_named(entry.title), key=provision_key)
        if not named:
            raise TableError(f"{entry.id}: the heading names no IRC § 6103 provision")
        unknown = [p for p in named if p not in ids]
        if unknown:
            raise TableError(f"{entry.id}: no authority entry for {', '.join(unknown)}")
        entry.authorities = named
