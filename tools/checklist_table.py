"""Read and check the reviewed table of the internal inspection checklist
(tools/inspection-checklist.yaml) and build controls/inspection-checklist.yaml from it.

Used by extract_requirements.py, after it has built the Pub 1075 requirements
catalog. Every quote of the table is looked up in the text of the catalog entry
it cites (the entry's text and parts, as extracted from the source), and every
sentence of the five areas' sections that states a requirement ("must",
"shall", "may not", "prohibited", "will be", "is/are required", "is/are to be")
is either quoted by an item or listed under ``not_checked`` with the reason. A
changed source, a mistyped quote or a requirement the table forgot stops the
extractor.
"""

# The quotes keep the source's typography (curly apostrophes) on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ssrgen.model.catalog import Entry, Part
from ssrgen.model.inspections import FACILITY_KINDS, LOOK_AT, ChecklistCatalog

TABLE = Path(__file__).resolve().parent / "inspection-checklist.yaml"
PUB_CITE = "Pub 1075 Rev. 11-2021"
# a sentence that states a requirement
REQUIREMENT = re.compile(
    r"\b(must|shall|may not|prohibited|will be|(?:is|are) (?:to be|required))\b", re.IGNORECASE)
# words the table adds [in brackets] or leaves out (…): what is left must be the source's
_EDITED = re.compile(r"\[[^\]]*\]|…")
_SENTENCE_END = re.compile(r"(?<=[.;:?!])\s+(?=[A-Z“\"(•])")
MIN_RUN = 12  # characters of a quoted run that mark a sentence as covered


class ChecklistError(RuntimeError):
    """The table and the source disagree."""


def norm(text: str) -> str:
    """A form for comparing quotes with the source: no spaces, no case, plain quotes."""
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", "", text).lower()


def read_table(path: Path = TABLE) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ChecklistError(f"{path}: expected 'areas', 'items' and 'not_checked'")
    return data


def _texts(parts: list[Part]) -> list[str]:
    found = []
    for part in parts:
        found.append(part.text)
        found += _texts(part.parts)
    return found


def entry_texts(entry: Entry) -> list[str]:
    """The entry's statement and the text of every part, as extracted."""
    return [t for t in [entry.text or "", *_texts(entry.parts)] if t]


def runs(quote: str) -> list[str]:
    """The source's own words of a quote: the runs outside [brackets] and '…'."""
    return [r.strip() for r in _EDITED.split(quote) if r.strip(" .,;:")]


def section_of(item_id: str) -> str:
    """``2.B.3.1`` for the item ``2.B.3.1-a``."""
    section, dash, letter = item_id.rpartition("-")
    if not dash or not re.fullmatch(r"[a-z]", letter) or not re.fullmatch(r"\d\.[A-F0-9](\.\d+)*", section):
        raise ChecklistError(f"item id {item_id!r}: write it as <section>-<letter>, e.g. 2.B.3.1-a")
    return section


def in_sections(section: str, sections: list[str]) -> bool:
    return any(section == s or section.startswith(s + ".") for s in sections)


def display(quote: str, elements: list[str]) -> str:
    """The item as the checklist prints it: the quote, then the elements of its list."""
    text = " ".join(quote.split())
    if elements:
        shown = [re.sub(r"(?:;\s*(?:and|or)?|,?\s+(?:and|or))$", "", e.strip()).rstrip(" ;.") for e in elements]
        text = f"{text} {'; '.join(shown)}."
    return text


def sentences(entry: Entry) -> list[str]:
    """The sentences of an entry that state a requirement."""
    found = []
    for text in entry_texts(entry):
        for paragraph in text.split("\n"):
            for sentence in _SENTENCE_END.split(paragraph):
                if REQUIREMENT.search(sentence):
                    found.append(sentence.strip())
    return found


def build_checklist(table: dict[str, Any], entries: dict[str, Entry]) -> dict[str, Any]:
    """controls/inspection-checklist.yaml from the table; ``entries`` are the Pub 1075
    requirements by id (``P1075-2.B.2``) as the extractor built them."""
    problems: list[str] = []

    def entry(section: str, where: str) -> Entry | None:
        found = entries.get(f"P1075-{section}")
        if found is None:
            problems.append(f"{where}: no catalog entry P1075-{section}")
        return found

    def check_quote(text: str, section: str, where: str) -> None:
        found = entry(section, where)
        if found is None:
            return
        haystack = norm(" ".join(entry_texts(found)))
        for run in runs(text):
            if norm(run) not in haystack:
                problems.append(f"{where}: {run!r} is not in the text of P1075-{section}")

    areas = table["areas"]
    area_ids = [a["id"] for a in areas]
    check_quote(table["areas_quote"], "2.D.3", "areas_quote")
    controls = table["controls"]
    check_quote(controls["quote"], str(controls["cite"]), "controls")
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    by_section: dict[str, list[str]] = {}
    for row in table["items"]:
        ident = str(row["id"])
        try:
            section = section_of(ident)
        except ChecklistError as exc:
            problems.append(str(exc))
            continue
        if ident in seen:
            problems.append(f"item {ident} appears twice")
        seen.add(ident)
        area = next((a["id"] for a in areas if in_sections(section, [str(s) for s in a["sections"]])), None)
        if area is None:
            problems.append(f"item {ident}: §{section} is in none of the areas' sections")
            continue
        quote, elements = str(row["quote"]), [str(e) for e in row.get("list", [])]
        check_quote(quote, section, f"item {ident}")
        for element in elements:
            check_quote(element, section, f"item {ident} list")
        look_at = list(row.get("look_at", []))
        if not look_at or any(m not in LOOK_AT for m in look_at):
            problems.append(f"item {ident}: look_at must list some of {', '.join(LOOK_AT)}")
        kinds = list(row.get("kinds", FACILITY_KINDS))
        unknown = [k for k in kinds if k not in FACILITY_KINDS]
        if unknown:
            problems.append(f"item {ident}: unknown facility kind(s) {', '.join(unknown)}")
        by_section.setdefault(section, []).extend(
            norm(piece) for run in runs(quote) + elements for piece in _SENTENCE_END.split(run))
        cited = entries.get(f"P1075-{section}")
        authorities = sorted({*row.get("authorities", []), *(cited.authorities if cited else [])})
        item: dict[str, Any] = {
            "id": ident,
            "area": area,
            "cite": f"P1075-{section}",
            "source": f"{PUB_CITE} §{section}",
            "text": display(quote, elements),
            "look_at": look_at,
            "kinds": [k for k in FACILITY_KINDS if k in kinds],
        }
        if row.get("agency"):
            item["agency"] = row["agency"]
        if authorities:
            item["authorities"] = authorities
        items.append(item)
    problems += _coverage(table, entries, by_section)
    if problems:
        raise ChecklistError("the inspection checklist table and the source disagree:\n  " + "\n  ".join(problems))
    # the areas in table order, then the items of each area in the order of the source
    order = {area: n for n, area in enumerate(area_ids)}
    items.sort(key=lambda i: (order[i["area"]], _section_key(i["id"])))
    data = {
        "source": f"{PUB_CITE} §2.D.3-§2.D.8",
        "areas": [{"id": a["id"], "title": a["title"], "sections": [str(s) for s in a["sections"]],
                   "source": f"{PUB_CITE} " + ", ".join(f"§{s}" for s in a["sections"])} for a in areas],
        "areas_quote": " ".join(str(table["areas_quote"]).split()),
        "areas_source": f"{PUB_CITE} §2.D.3",
        "controls": {"kinds": list(controls["kinds"]), "quote": " ".join(str(controls["quote"]).split()),
                     "source": f"{PUB_CITE} §{controls['cite']}"},
        "items": items,
    }
    ChecklistCatalog.model_validate(data)
    return data


def _section_key(ident: str) -> list[tuple[int, str]]:
    section, _, letter = ident.rpartition("-")
    # §2.D.4 after §2.A, §2.D.5 after §2.B, ...: the §2.D parts close their area
    parts = section.split(".")
    head = (1, parts[1]) if parts[1] == "D" else (0, parts[1])
    # an item of a section before the items of its subsections: 2.B.3-a, then 2.B.3.1-a
    return [(int(parts[0]), ""), head, *((int(p), "") for p in parts[2:]), (-1, letter)]  # type: ignore[list-item]


def _coverage(table: dict[str, Any], entries: dict[str, Entry], covered: dict[str, list[str]]) -> list[str]:
    """Every requirement sentence of the areas' sections is quoted by an item or listed under
    not_checked; every not_checked row names such a sentence."""
    problems = []
    sections = [str(s) for a in table["areas"] for s in a["sections"]]
    excluded = [(str(r["section"]), norm(str(r["starts"])), r) for r in table.get("not_checked", [])]
    used: set[int] = set()
    for ident, found in entries.items():
        section = ident.removeprefix("P1075-")
        if not in_sections(section, sections):
            continue
        for sentence in sentences(found):
            key = norm(sentence)
            if any((len(run) >= MIN_RUN and run in key) or key in run for run in covered.get(section, [])):
                continue
            match = next((n for n, (s, starts, _) in enumerate(excluded) if s == section and key.startswith(starts)),
                         None)
            if match is None:
                problems.append(f"§{section}: no item quotes this requirement and not_checked does not list it: "
                                f"{sentence[:140]!r}")
            else:
                used.add(match)
    for n, (section, _, row) in enumerate(excluded):
        if n not in used:
            problems.append(f"not_checked §{section} {row['starts']!r}: no requirement sentence of the section starts so")
    return problems
