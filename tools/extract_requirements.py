#!/usr/bin/env python3
"""Extract the Pub 1075 requirements outside §4, the IRS-ICE MOU obligations, the
disclosure authorities and the Pub 1075 due-date tables from the reference texts.

    python tools/extract_requirements.py --reference ../shared/reference --out controls

Writes (and overwrites):

- ``controls/pub1075-req/``  Pub 1075 §1.8-1.9, §2.A-2.F, §3.3 (ids ``P1075-2.B.2``)
- ``controls/mou/``          MOU §8 and §9 (ids ``MOU-9.A.5``)
- ``controls/authorities/``  IRC §6103 / 26 CFR §301.6103 authorities (ids ``IRC-6103(p)(4)``)
- ``controls/schedules.yaml`` Tables 4, 5, 6, the extension rules, the §2.D.3 cycle
- ``controls/inspection-checklist.yaml`` the internal inspection checklist (§2.D.3-§2.D.8), from
  the reviewed table ``tools/inspection-checklist.yaml`` (read and checked by checklist_table.py)

Everything that is read from the text is read from the text; what is a judgment
(the MOU cross-references, the names given to table rows) is a reviewed table
in this file with its reason. Every quoted value is checked against the source
before anything is written, so a changed source fails loudly instead of drifting.
"""

# The quotes keep the source's typography (en dashes, curly apostrophes) on purpose.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from authority_table import (  # noqa: E402
    Sources,
    TableError,
    check_coverage,
    provision_key,
    read_table,
    statute_texts,
    table_entries,
    tag_requirements,
    whole_subsections,
)
from checklist_table import build_checklist  # noqa: E402
from checklist_table import read_table as read_checklist_table  # noqa: E402
from extract_pub1075 import CADENCE_WORDS, FREQ, UNIT_DAYS  # noqa: E402

from ssrgen.model.catalog import (  # noqa: E402
    AgreementInfo,
    Cadence,
    CatalogInfo,
    Entry,
    Group,
    Parameter,
    Part,
)
from ssrgen.model.schedules import Schedules  # noqa: E402

PUB = "pub1075-rev11-2021.txt"
MOU = "mou-irs-ice-2025.txt"
CFR1 = "cfr-26-301.6103-part1.txt"
CFR2 = "cfr-26-301.6103-part2.txt"
PUB_CITE = "Pub 1075 Rev. 11-2021"
MOU_CITE = "IRS-ICE MOU (April 2025)"
CFR_CITE = "26 CFR"
BULLETS = "•\uf0a7\uf0b7"
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
    )
}


class ExtractError(RuntimeError):
    """The source does not say what this script expects it to say."""


# --------------------------------------------------------------------------- text mending


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space."""
    return re.sub(r"\s+", " ", text).strip()


def norm(text: str) -> str:
    """A form for comparing quotes with the source: no spaces, no case, plain quotes."""
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", "", text).lower()


class Mender:
    """Joins PDF lines into sentences and repairs words the extraction split.

    A word split in two ("hi gh", "access ed") is rejoined when the joined word
    occurs elsewhere in the document and one of the halves does not; the few
    splits that rule cannot see are listed in ``EXTRA``.
    """

    EXTRA: tuple[tuple[str, str], ...] = (
        ("real-w orld", "real-world"),
        ("c ybersecurity", "cybersecurity"),
        ("Cyber security Requirements", "Cybersecurity Requirements"),
        ("f or access", "for access"),
        ("internet-f acing", "internet-facing"),
        ("public-f acing", "public-facing"),
        ("pr otect", "protect"),
        ("i nclude", "include"),
        ("Co ntrol", "Control"),
        ("l anguage", "language"),
        ("agenc y", "agency"),
        ("t o the", "to the"),
        ("O ffice", "Office"),
        ("i s not", "is not"),
        ("Se e the", "See the"),
        ("w ith", "with"),
        ("thr ee", "three"),
        ("f or public", "for public"),
        ("notificati on", "notification"),
        ("filenam es", "filenames"),
        ("6 0 days", "60 days"),
        ("t he Office", "the Office"),
        ("access ed", "accessed"),
        ("unauthent icated", "unauthenticated"),
        ("sub contractor", "sub-contractor"),
        ("non sensitive", "non-sensitive"),
        ("IRC § 6103(I)(6)", "IRC § 6103(l)(6)"),
    )

    def __init__(self, corpus: str) -> None:
        self.counts = Counter(w.lower() for w in re.findall(r"[A-Za-z]+", corpus))
        self.merges: list[str] = []

    def _is_word(self, word: str) -> bool:
        return self.counts[word.lower()] >= 3

    def _merge_split_words(self, text: str) -> str:
        tokens = text.split(" ")
        out: list[str] = []
        for tok in tokens:
            prev = out[-1] if out else ""
            m_prev = re.search(r"(?<![A-Za-z’'-])([A-Za-z]+)$", prev)
            m_tok = re.match(r"^([a-z]+)(?![A-Za-z])", tok)
            if m_prev and m_tok:
                left, right = m_prev.group(1), m_tok.group(1)
                joined = left + right
                if (
                    self._is_word(joined)
                    and not (self._is_word(left) and self._is_word(right))
                    and not (len(left) == 1 and left in "aAI" and self._is_word(right))
                ):
                    self.merges.append(f"{left} {right} -> {joined}")
                    out[-1] = prev + tok
                    continue
            out.append(tok)
        return " ".join(out)

    def mend(self, lines: Iterable[str]) -> str:
        """One paragraph from its lines."""
        out = ""
        for raw in lines:
            line = raw.strip()
            if not line:
                continue
            if not out:
                out = line
            elif out.endswith("-") and not out.endswith(" -"):
                out += line
            else:
                out += " " + line
        out = squash(out)
        for old, new in self.EXTRA:
            out = out.replace(old, new)
        out = self._merge_split_words(out)
        out = re.sub(r"(\w) -(?=\w)", r"\1-", out)
        out = re.sub(r"(\w)- (?=\w)", r"\1-", out)
        out = re.sub(r"\s+([.,;:)])", r"\1", out)
        out = re.sub(r"\(\s+", "(", out)
        out = out.replace(" ’", "’")
        return out


# --------------------------------------------------------------------------- Pub 1075 layout


@dataclass
class Item:
    """A list item: label, its paragraphs, its nested lists."""

    label: str
    paras: list[list[str]] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)


@dataclass
class Block:
    """A paragraph (``lines``), a list (``items``) or a table (``part``)."""

    kind: str  # "para" | "bullet" | "number" | "letter" | "table"
    lines: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    part: Part | None = None


MARKER = re.compile(
    rf"^(?:(?P<bullet>[{BULLETS}])|(?P<number>\d{{1,2}})\.|(?P<letter>[a-l])\.)\s+(?P<rest>\S.*)$"
)


def classify(line: str) -> tuple[str, str, str] | None:
    """(kind, label, rest) for a list-item line, None for other lines."""
    m = MARKER.match(line.strip())
    if not m:
        return None
    if m.group("bullet"):
        return "bullet", "•", m.group("rest")
    if m.group("number"):
        return "number", m.group("number"), m.group("rest")
    return "letter", m.group("letter"), m.group("rest")


def ends_paragraph(line: str) -> bool:
    """A line ends a paragraph when it ends a sentence well short of the full width."""
    line = line.rstrip()
    if line.endswith(":"):
        return True
    return bool(re.search(r"[.;?)”\"]$", line)) and len(line) < 92


def layout(lines: list[Any]) -> list[Block]:
    """Blocks of a section body: paragraphs, (nested) lists and tables, in order.

    A list item runs to the end of its paragraph. Paragraphs between two items
    of the same list stay with the item before them, unless the run of text
    ends with a colon (then it introduces a new list and belongs to the
    section). Numbered items right after a bullet or lettered item that ends
    with a colon (or is still open) are nested in it. Inside an item, a short
    line without final punctuation followed by a capitalized line ends a
    paragraph of the item (§2.C.2's "Policy – See Section ..." labels).
    """
    kinds = [classify(x) if isinstance(x, str) else None for x in lines]
    blocks: list[Block] = []
    para: list[str] = []
    top: Block | None = None  # open top-level list
    nested: Block | None = None  # open nested list in top's last item
    item_open = False  # the current item still takes lines without a break
    last_raw = ""  # the last line given to an item, as printed

    def next_marker(start: int) -> int | None:
        for j in range(start, len(lines)):
            if not isinstance(lines[j], str):
                return None
            if kinds[j] is not None:
                return j
        return None

    def current_item() -> Item | None:
        if nested is not None:
            return nested.items[-1]
        if top is not None:
            return top.items[-1]
        return None

    def flush_para() -> None:
        nonlocal para
        if para:
            blocks.append(Block("para", lines=para))
            para = []

    for i, line in enumerate(lines):
        if not isinstance(line, str):  # a table, already a Part
            flush_para()
            top = nested = None
            item_open = False
            blocks.append(Block("table", part=line))
            continue
        if line == "BREAK":
            flush_para()
            top = nested = None
            item_open = False
            continue
        k = kinds[i]
        if k is not None:
            kind, label, rest = k
            flush_para()
            item = current_item()
            last = item.paras[-1][-1].rstrip() if item is not None else ""
            if (
                kind == "number"
                and top is not None
                and top.kind in ("bullet", "letter")
                and (nested is not None or item_open or last.endswith(":"))
            ):
                if nested is None:
                    nested = Block("number")
                    top.items[-1].children.append(nested)
                nested.items.append(Item(label, [[rest]]))
            elif top is not None and top.kind == kind and (kind != "letter" or label != "a"):
                nested = None
                top.items.append(Item(label, [[rest]]))
            else:
                nested = None
                top = Block(kind)
                blocks.append(top)
                top.items.append(Item(label, [[rest]]))
            item_open = not ends_paragraph(line)
            last_raw = line
            continue
        item = current_item()
        if item is not None and item_open:
            last = last_raw.rstrip()
            if (
                len(last) < 90
                and not re.search(r"[.,;:)(–-]$", last)
                and line[:1].isupper()
                and len(line) > 40
            ):
                item_open = False  # a short label-like line: the paragraph ended there
            else:
                item.paras[-1].append(line)
                last_raw = line
                item_open = not ends_paragraph(line)
                continue
        if item is not None and not para:
            # text after a closed item: between items of the same list, or after the list?
            j = next_marker(i)
            run = [x for x in lines[i : j if j is not None else len(lines)] if isinstance(x, str)]
            open_kind = (nested or top).kind  # type: ignore[union-attr]
            next_kind = kinds[j][0] if j is not None and kinds[j] is not None else None  # type: ignore[index]
            same = next_kind is not None and next_kind in (open_kind, top.kind if top else "")
            label_like = len(item.paras) == 1 and re.search(r" [–-] [Ss]ee ", item.paras[0][0])
            if (same and run and not run[-1].rstrip().endswith(":")) or label_like:
                if same and next_kind != open_kind:
                    nested = None
                    item = current_item()
                assert item is not None
                item.paras.append([line])
                last_raw = line
                item_open = not ends_paragraph(line)
                continue
            top = nested = None
        para.append(line)
        if ends_paragraph(line):
            flush_para()
    flush_para()
    return blocks


# --------------------------------------------------------------------------- Pub 1075 source


@dataclass
class Section:
    sid: str
    title: str
    start: int  # index of the heading line
    end: int  # index of the next heading
    lines: list[str] = field(default_factory=list)


OURS = re.compile(r"^(1\.[89](\.\d+)*|2\.[A-F](\.\d+)*|3\.3(\.\d+)*)$")


def toc(lines: list[str]) -> list[tuple[str, str]]:
    """(id, title) of every numbered heading in the table of contents."""
    out = []
    for line in lines[:400]:
        m = re.match(r"^(\d\.\d+(?:\.\d+)*|2\.[A-F](?:\.\d+)*)\s+(.*?)\s*_{2,}\s*\d+\s*$", line)
        if m:
            out.append((m.group(1), squash(m.group(2).rstrip("_"))))
    return out


def sections(lines: list[str]) -> list[Section]:
    """Our sections, found in the body in table-of-contents order.

    Some §2 headings carry no ``###`` in the text and some body lines that
    do start with ``###`` are not headings (§2.C.1 wraps onto "### 4.14 ..."),
    so a heading is the line that starts with the id and the first words of
    the TOC title, searched in order after the previous one.
    """
    entries = toc(lines)
    body_start = next(i for i, x in enumerate(lines) if x.startswith("### 1.0 "))
    found: list[tuple[str, str, int]] = []
    pos = body_start
    for sid, title in entries:
        if not (OURS.match(sid) or found):
            continue
        key = norm(title)[:12]
        for j in range(pos, len(lines)):
            m = re.match(rf"^(?:### )?{re.escape(sid)}\s+(\S.*)$", lines[j])
            if m and norm(m.group(1)).startswith(key):
                found.append((sid, squash(m.group(1)), j))
                pos = j + 1
                break
        else:
            raise ExtractError(f"heading {sid} {title!r} not found in the body")
        if not OURS.match(sid) and found:
            # the first heading after a run of ours closes it; keep it as a fence
            pass
    out = []
    for n, (sid, title, j) in enumerate(found):
        if not OURS.match(sid):
            continue
        end = found[n + 1][2] if n + 1 < len(found) else len(lines)
        out.append(Section(sid, title, j, end, lines[j + 1 : end]))
    return out


# Lines fixed before layout: (section, exact line, replacement or None to drop).
LINE_FIXES: tuple[tuple[str, str, str | None], ...] = (
    ("2.C.6", "4.", None),
    (
        "2.E.4.2",
        "A signed Authority to Operate (ATO) for the system(s) that will be receiving, processing, "
        "storing, •",
        "• A signed Authority to Operate (ATO) for the system(s) that will be receiving, "
        "processing, storing,",
    ),
    (
        "2.C.2",
        "•\t Privacy Program Plan3 – See NIST Control PM-18, Privacy Program Plan",
        "•\t Privacy Program Plan – See NIST Control PM-18, Privacy Program Plan",
    ),
    ("2.D.2.2", "confidentiality of FTI)5", "confidentiality of FTI)"),
    ("2.D.2.1", "Control AT-3 (CE3 and CE5)", "Control AT-3 (CE3 and CE5)."),
    # The sentence after the last bullet is the section's, not the bullet's (BREAK ends a block).
    (
        "2.F.3",
        "Whenever physical media leaves the physical or systemic control of the agency for "
        "maintenance,",
        "BREAK\nWhenever physical media leaves the physical or systemic control of "
        "the agency for maintenance,",
    ),
)
# Footnotes printed inside a section: (section, first line, line count, the note to keep).
FOOTNOTES: tuple[tuple[str, str, int, str], ...] = (
    (
        "2.C.2",
        "3 NIST Privacy Control",
        1,
        "Footnote 3 to 'Privacy Program Plan': \"NIST Privacy Control\".",
    ),
    (
        "2.C.6",
        "4 Refer to https://www.irs.gov/privacy-disclosure/irs-freedom-of-information",
        1,
        "Footnote 4 to 'the Disclosure Manager at the IRS Office that serves your location': "
        '"Refer to https://www.irs.gov/privacy-disclosure/irs-freedom-of-information for contact '
        'information."',
    ),
    (
        "2.D.3",
        "5 The use of the Safeguards Disclosure Awareness Video",
        2,
        "Footnote 5 (to the Safeguards Disclosure Awareness Videos in §2.D.2.2, printed on the "
        '§2.D.3 page): "The use of the Safeguards Disclosure Awareness Video does not completely '
        'satisfy the training requirements of NIST 800-53 Revision 5."',
    ),
)


@dataclass
class TableSpec:
    section: str
    start: str  # the table's title line starts with this
    stop: str | None  # the first line after the table starts with this; None: end of section
    label: str  # part label, e.g. "Table 1"; "" for figures that are dropped
    note: str | None = None


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "2.A.2",
        "Figure 1 – Sample FTI Logs",
        None,
        "",
        "Figure 1 (Sample FTI Logs: an FTI log and an FTI bulk transfer log) is a picture "
        "of two log layouts; its column headings are not reproduced because the text "
        "extraction interleaves them. The fields are the ones listed in the section.",
    ),
    TableSpec("2.B.2", "Table 1 – Minimum Protection Standards", "The MPS or", "Table 1"),
    TableSpec(
        "2.B.3.1",
        "Figure 2 – Visitor Access Log",
        None,
        "",
        "Figure 2 (Visitor Access Log) is a sample layout of the fields listed above; it "
        "is not reproduced.",
    ),
    TableSpec("2.D.2", "Table 2 – Training Requirements", None, "Table 2"),
    TableSpec(
        "2.E.4.1", "Table 3 – SSR Evidentiary Documentation", "If the agency does not", "Table 3"
    ),
    TableSpec(
        "2.E.4.4",
        "Table 4 - SSR Submission Dates",
        "Educational institutions",
        "",
        "Table 4 (SSR Submission Dates) is recorded as data in controls/schedules.yaml "
        "(ssr_dates), written by the same script.",
    ),
    TableSpec(
        "2.E.5.2",
        "Table 5 – CAP Submission Dates",
        "If the SRR was issued",
        "",
        "Table 5 (CAP Submission Dates) is recorded as data in controls/schedules.yaml "
        "(cap_dates), written by the same script.",
    ),
    TableSpec(
        "2.E.6",
        "Table 6 – Notification Reporting",
        "See additional details",
        "Table 6",
        "Table 6 is also recorded as data in controls/schedules.yaml (notifications).",
    ),
    TableSpec("2.F.3", "Table 7 - FTI Destruction Methods", "FTI furnished or stored", "Table 7"),
)


def cut(lines: list[str], spec: TableSpec) -> tuple[list[str], int, int]:
    """The table's lines and their span in ``lines``."""
    try:
        a = next(i for i, x in enumerate(lines) if x.startswith(spec.start))
    except StopIteration as err:
        raise ExtractError(f"§{spec.section}: {spec.start!r} not found") from err
    b = len(lines)
    if spec.stop:
        b = next(i for i in range(a, len(lines)) if lines[i].startswith(spec.stop))
    return lines[a:b], a, b


def title_of(line: str) -> str:
    return squash(re.split(r"\s[–-]\s", line, maxsplit=1)[1])


def parse_rows(body: str, names: list[str]) -> list[tuple[str, str]]:
    """Split a table's text at the known row names: [(name, rest)]."""
    pattern = "|".join(re.escape(n) for n in names)
    pieces = re.split(rf"(?:^|\s)({pattern})(?=\s)", body)
    out = []
    for k in range(1, len(pieces), 2):
        out.append((pieces[k], pieces[k + 1].strip()))
    if [n for n, _ in out] != names:
        raise ExtractError(f"table rows {[n for n, _ in out]} != {names}")
    return out


def bullets_of(text: str, mender: Mender) -> list[str]:
    return [mender.mend([b]) for b in re.split(rf"[{BULLETS}]", text) if b.strip()]


def table_part(spec: TableSpec, tl: list[str], mender: Mender) -> tuple[Part, Any]:
    """The table as a Part (rows as sub-parts) and any data the rest of the script needs."""
    title = title_of(tl[0])
    rows: list[Part] = []
    data: Any = None
    if spec.label == "Table 1":
        names = ["Secured Perimeter", "Security Room", "Badged Employee", "Security Container"]
        for name, rest in parse_rows(" ".join(tl[1:]), names):
            rows.append(Part(label=name, text=mender.mend([rest])))
    elif spec.label == "Table 2":
        body = " ".join(x for x in tl[2:])  # skip the title and the column header line
        names = [
            "Disclosure Awareness Training",
            "Security and Privacy Awareness Training",
            "Role-Based Training",
            "Contingency Training",
            "Incident Response Training",
            "Insider Threat Awareness Training",
        ]
        body = squash(body)
        for name, rest in parse_rows(body, names):
            m = re.search(r"\s((?:2\.D\.2\.1)|(?:[A-Z]{2}-\d+(?: and 1\.8)?))\s*(.*)$", rest)
            if not m:
                raise ExtractError(f"Table 2 row {name!r}: no section column")
            applicability = (rest[: m.start()] + " " + m.group(2)).strip()
            rows.append(
                Part(
                    label=name,
                    text=f"Section: {m.group(1)}",
                    parts=[Part(label="•", text=b) for b in bullets_of(applicability, mender)],
                )
            )
    elif spec.label == "Table 3":
        header = {
            "800-53",
            "Control",
            "Section",
            "Control Name Evidentiary Documents (Artifacts) for Review",
        }
        body_lines = [x for x in tl if not x.startswith("Table 3") and x.strip() not in header]
        chunks: list[list[str]] = []
        for x in body_lines:
            if re.match(r"^([A-Z]{2}-\d+|2\.C\.5)(\s|$)", x):
                chunks.append([x])
            else:
                if not chunks:
                    raise ExtractError(f"Table 3: text before the first row: {x!r}")
                chunks[-1].append(x)
        data = {}
        for chunk in chunks:
            text = " ".join(chunk)
            cid, rest = text.split(maxsplit=1)
            name, _, arts = rest.partition("•")
            artifacts = bullets_of("•" + arts, mender)
            data[cid] = artifacts
            rows.append(
                Part(
                    label=cid,
                    text=mender.mend([name]),
                    parts=[Part(label="•", text=a) for a in artifacts],
                )
            )
    elif spec.label == "Table 6":
        body = squash(" ".join(tl[2:]))  # skip title and "Prior to… Requirement"
        data = re.findall(
            r"(.+?)\s+(Submit Notification and receive approval|Submit Notification)"
            r"(?=\s|$)\s*",
            body,
        )
        data = [(squash(a), b) for a, b in data]
        for prior, req in data:
            rows.append(Part(label=prior, text=req))
    elif spec.label == "Table 7":
        names = ["Burning", "Shredding"]
        for name, rest in parse_rows(" ".join(tl[1:]), names):
            subs = [s for s in re.split(r"\uf0a7", rest)]
            if len(subs) == 1:
                rows.append(Part(label=name, text=mender.mend([rest])))
            else:
                lead, item = subs[0], subs[1]
                item_text, _, tail = item.partition("If shredding deviates")
                rows.append(
                    Part(
                        label=name,
                        text=mender.mend([lead]),
                        parts=[Part(label="•", text=mender.mend([item_text]))],
                    )
                )
                if tail:  # the row's closing sentence, printed under the bullet
                    bullet = rows[-1].parts[-1]
                    bullet.text += "\n\n" + mender.mend(["If shredding deviates" + tail])
    return Part(label=spec.label, text=title, parts=rows), data


# A stated frequency: "every 18 months", "monthly", "semi-annually", "once per quarter".
FREQUENCY = re.compile(rf"\bevery\b|\bonce per (?:day|week|month|quarter|year)\b|{FREQ.pattern}", re.I)


def review_cadence(parameters: list[Parameter]) -> Cadence | None:
    """The section's review cadence, by the rule of tools/extract_pub1075.py: the shortest of
    its own parameters that is a frequency (its quote states one) of reviewing, updating,
    assessing, testing, scanning, monitoring or inspecting something (the quote names it).
    None (the default annual review) when no parameter is one; a heading-only section does
    not take its subsections' parameters as its own cadence."""
    best: tuple[float, Cadence] | None = None
    for p in parameters:
        if p.applies_to or not isinstance(p.value, int) or p.unit not in UNIT_DAYS:
            continue
        if not (FREQUENCY.search(p.quote) and CADENCE_WORDS.search(p.quote)):
            continue
        days = p.value * UNIT_DAYS[p.unit]
        if best is None or days < best[0]:
            best = (days, Cadence(value=p.value, unit=p.unit, basis=p.name))
    return best[1] if best else None


# Parameters of Pub 1075 sections: (section, name, value, unit, quote). The quote must
# occur in the section's text (spacing and case aside); the script checks.
P1075_PARAMS: tuple[tuple[str, str, int | str, str | None, str], ...] = (
    (
        "1.8.2",
        "report_to_tigta_within",
        24,
        "hours",
        "immediately, but no later than 24 hours after identification of a possible issue "
        "involving FTI",
    ),
    (
        "1.8.2",
        "spill_determination_window",
        24,
        "hours",
        "If the agency cannot show FTI was not involved within that 24-hour period",
    ),
    (
        "1.8.4",
        "contact_tigta_and_irs_within",
        24,
        "hours",
        "Both TIGTA and the IRS must be contacted within 24 hours of the discovery",
    ),
    (
        "1.8.4",
        "incident_response_test_frequency",
        1,
        "years",
        "The agency must test the incident response capability annually",
    ),
    (
        "1.9.4",
        "sanction_notification_within",
        72,
        "hours",
        "Notification of designated agency personnel is required within 72 hours.",
    ),
    ("1.9.4", "contractor_notification_lead", 45, "days", "45-day notification requirements apply"),
    (
        "1.9.5",
        "redisclosure_agreements_copy_within",
        30,
        "days",
        "agencies must provide a copy of all re-disclosure agreements within 30 days",
    ),
    (
        "2.A.1",
        "records_retention",
        5,
        "years",
        "The records are to be maintained for a minimum of five (5) years.",
    ),
    (
        "2.B.3.1",
        "visitor_log_retention",
        5,
        "years",
        "Visitor access logs must be retained for five (5) years",
    ),
    (
        "2.B.3.1",
        "visitor_log_closeout",
        1,
        "months",
        "Each restricted area access log must be closed out at the end of each month",
    ),
    ("2.B.3.2", "aal_review", 1, "months", "AAL must be reviewed monthly"),
    ("2.B.3.4", "combination_change", 1, "years", "Combinations to locks must be changed annually"),
    (
        "2.B.3.4",
        "key_reconciliation",
        1,
        "years",
        "An annual reconciliation must be done on all key records.",
    ),
    (
        "2.B.3.5",
        "access_control_log_review",
        1,
        "months",
        "Agency personnel must review access control logs on a monthly basis.",
    ),
    (
        "2.B.5",
        "media_inventory_review",
        6,
        "months",
        "Inventory records of computers, electronic and removable media must be maintained and "
        "reviewed semi-annually",
    ),
    (
        "2.C.2",
        "policy_revalidation",
        3,
        "years",
        "they need to have been updated or revalidated within the last three (3) years.",
    ),
    (
        "2.C.3",
        "reinvestigation",
        5,
        "years",
        "ensure a reinvestigation is conducted within five (5) years from the date of the previous "
        "background investigation",
    ),
    (
        "2.C.3",
        "local_law_enforcement_lookback",
        5,
        "years",
        "attended school within the last five (5) years",
    ),
    ("2.C.3", "e_verify_within", 3, "days", "Within three (3) days of completion"),
    (
        "2.C.4.2",
        "sanction_notification_within",
        72,
        "hours",
        "Agencies must notify designated agency personnel within 72 hours when a formal employee "
        "sanction process is initiated",
    ),
    (
        "2.C.9",
        "support_function_inspection",
        18,
        "months",
        "The agency will conduct an internal inspection of the state support function every 18 "
        "months",
    ),
    (
        "2.C.9",
        "sanction_notification_within",
        72,
        "hours",
        "Notification of designated agency personnel is required within 72 hours",
    ),
    (
        "2.D.2.1",
        "training_frequency",
        1,
        "years",
        "must provide personnel who have access to FTI with initial and annual training",
    ),
    (
        "2.D.2.1",
        "incident_report_within",
        24,
        "hours",
        "to both TIGTA and Safeguards within 24 hours.",
    ),
    ("2.D.2.1", "certification_retention", 5, "years", "retained for at least five (5) years."),
    (
        "2.D.2.1",
        "awareness_reminders",
        3,
        "months",
        "At least once per quarter, agencies must distribute security and privacy awareness "
        "reminders/updates to all users.",
    ),
    (
        "2.D.3",
        "field_office_inspection",
        3,
        "years",
        "Field offices receiving FTI at least every three (3) years",
    ),
    (
        "2.D.3",
        "headquarters_inspection",
        18,
        "months",
        "Headquarters office facilities housing FTI and the agency computer facility at least every "
        "18 months",
    ),
    (
        "2.D.3",
        "computer_facility_inspection",
        18,
        "months",
        "Headquarters office facilities housing FTI and the agency computer facility at least every "
        "18 months",
    ),
    (
        "2.D.3",
        "contractor_inspection",
        18,
        "months",
        "All contractors and sub-contractors with access to FTI, including a consolidated data "
        "center or off-site storage facility: at least every 18 months",
    ),
    (
        "2.D.3",
        "inspection_plan_horizon",
        3,
        "years",
        "the current year and next two years (three-year cycle)",
    ),
    (
        "2.D.3",
        "inspection_report_retention",
        5,
        "years",
        "retained by the agency for a minimum of five years from the date the inspection was "
        "completed",
    ),
    ("2.E.2", "delegation_retention", 3, "years", "retained for at least three years"),
    ("2.E.4", "ssr_frequency", 1, "years", "Agencies have an annual requirement to submit SSRs"),
    (
        "2.E.4.1",
        "initial_ssr_lead",
        90,
        "days",
        "at least 90 days prior to the agency’s planned FTI receipt date",
    ),
    ("2.E.4.3", "ssr_frequency", 1, "years", "The agency must update and submit the SSR annually."),
    ("2.E.4.4", "extension_increment", 30, "days", "in 30-day increments"),
    ("2.E.4.4", "extension_max", 60, "days", "with a maximum of 60 days"),
    (
        "2.E.4.4",
        "extension_request_lead",
        30,
        "days",
        "Extension requests must be submitted not later than 30 days prior to the scheduled SSR "
        "due date.",
    ),
    (
        "2.E.4.4",
        "extension_response",
        5,
        "business days",
        "within five (5) business days after receipt of the request",
    ),
    (
        "2.E.5.1",
        "cap_frequency",
        6,
        "months",
        "The agency must update and submit the CAP semi-annually",
    ),
    (
        "2.E.5.2",
        "first_cap_window",
        60,
        "days",
        "If the SRR was issued within 60 days from the upcoming CAP due date",
    ),
    ("2.E.5.2", "extension_max", 30, "days", "an extension for no more than 30 days"),
    (
        "2.E.5.2",
        "extension_request_lead",
        30,
        "days",
        "Extension requests must be submitted not later than 30 days prior to the scheduled CAP "
        "due date.",
    ),
    (
        "2.E.6",
        "notification_lead",
        45,
        "days",
        "advanced notification of at least 45 days prior to implementing certain operations or "
        "technology capabilities",
    ),
    (
        "2.E.6.2",
        "notification_lead",
        45,
        "days",
        "at least 45 days prior to the planned re-disclosure",
    ),
    (
        "2.E.6.3",
        "approval_validity",
        3,
        "years",
        "Tax modeling approvals are valid up to three years.",
    ),
    (
        "2.E.6.4",
        "approval_validity",
        3,
        "years",
        "Testing request approvals are valid up to three years from the date of the approval.",
    ),
    (
        "2.F.3",
        "destruction_check_sample",
        3,
        "pieces",
        "every third piece of physical electronic media must be checked",
    ),
    (
        "2.F.3.1",
        "sanitization_test_sample",
        3,
        "pieces",
        "Every third piece of media must be tested after sanitization has been completed.",
    ),
    (
        "2.F.4",
        "naid_validation",
        1,
        "years",
        "the agency must annually validate and maintain the most recent copy of the NAID "
        "certification",
    ),
    (
        "3.3.1",
        "notification_lead",
        45,
        "days",
        "at least 45 days prior to transmitting FTI into a cloud environment",
    ),
    (
        "3.3.1",
        "risk_assessment_frequency",
        1,
        "years",
        "The agency must conduct an annual assessment of the security and privacy controls",
    ),
)
# Where a section's wording is unclear. (section, note)
P1075_NOTES: tuple[tuple[str, str], ...] = (
    (
        "1.8",
        "Heading only in the source; the requirements are in §1.8.1-1.8.5. The parameters "
        "here repeat those of the subsections (applies_to names the subsection).",
    ),
    ("1.8.1", "Heading only in the source; the definitions are in §1.8.1.1 and §1.8.1.2."),
    ("1.9", "Heading only in the source; the requirements are in §1.9.1-1.9.5."),
    (
        "1.9.4",
        "The section says the 45-day notification applies to contractors doing tax "
        "modeling and refers for it to 'Section 1.9.4' itself; the notification procedure is in "
        "§2.E.6 and Exhibit 6.",
    ),
    (
        "1.9.4",
        "The IRC § 6103(p)(9) requirements are said to be effective December 31, 2022 and "
        "to be detailed later by Interim Guidance, which is not part of Rev. 11-2021.",
    ),
    (
        "2.C.3",
        "The list layout is partly lost in the text: the paragraph on Form I-9 and "
        "E-Verify is kept with item 3 (citizenship/residency); the paragraphs on Federal agencies "
        "and on State and local agencies are kept as section text.",
    ),
    ("3.3", "Heading only in the source; see §3.3.1-3.3.8."),
    ("2.C.4", "Heading only in the source; see §2.C.4.1-2.C.4.3."),
    ("2.C.11", "Heading only in the source; see §2.C.11.1-2.C.11.8."),
    (
        "2.D.3",
        "Off-site storage facilities appear only inside the contractor item ('All "
        "contractors and sub-contractors with access to FTI, including a consolidated data center or "
        "off-site storage facility: at least every 18 months'); the text gives no separate interval "
        "for an agency-operated off-site storage facility.",
    ),
    (
        "2.D.3",
        "The numbering of §2.D.4-2.D.9 in Rev. 11-2021 (Recordkeeping, Secure Storage, "
        "Limited Access, Disposal, Computer Systems Security, POA&M) makes them siblings of §2.D.3, "
        "although §2.D.3 ends 'Required items to review during internal inspections include "
        "recordkeeping, secure storage, limited access, disposal, and cybersecurity', which reads as "
        "if §2.D.4-2.D.8 were its subsections.",
    ),
    (
        "2.E.4.4",
        "The 'Reporting Period' column gives the start and end month/day; the text does "
        "not say which year a period ending in January belongs to.",
    ),
    (
        "2.E.6",
        "Table 6 lists five notifications; §2.E.6.1-2.E.6.4 give details for cloud "
        "computing, contractor or sub-contractor access, tax modeling and live data testing "
        "(the pre-production row). Sub-contractor approval follows Exhibit 6.",
    ),
    (
        "2.E.6.2",
        "Cloud computing providers are listed among contractors; §2.E.6.1 says a "
        "contractor notification is also needed when the agency cannot show the cloud provider has "
        "no logical access to FTI.",
    ),
    (
        "2.F.3",
        "The text refers to 'Section 2.F.3.1, Media Sanitation'; the heading is 'Media "
        "Sanitization'.",
    ),
)
# Numbers like "MP-1 through MP 7" point to a range; recorded as the range with a note.
CONTROL_REF = re.compile(r"\b([A-Z]{2})-\s?(\d{1,2})\b(?:\s+through\s+\1[- ]\s?(\d{1,2}))?")


def base_control_ids(lines: list[str]) -> set[str]:
    """The 186 base control ids of Pub 1075 §4, from the control heading lines."""
    start = next(i for i, x in enumerate(lines) if x.startswith("### 4.0 "))
    ids = set()
    for x in lines[start:]:
        m = re.match(r"^(?:### )?([A-Z]{2}-\d+):? [A-Z]", x)
        if m:
            ids.add(m.group(1))
    return ids


def control_refs(text: str, valid: set[str]) -> tuple[list[str], list[str]]:
    """The §4 control ids a text points to, and notes about ranges."""
    out: list[str] = []
    notes: list[str] = []
    for m in CONTROL_REF.finditer(text):
        fam, a, b = m.group(1), int(m.group(2)), m.group(3)
        ids = [f"{fam}-{n}" for n in range(a, int(b) + 1)] if b else [f"{fam}-{a}"]
        if b:
            notes.append(f"'{squash(m.group(0))}' is recorded as {', '.join(ids)}.")
        for cid in ids:
            if cid in valid and cid not in out:
                out.append(cid)
    return out, notes


def item_part(item: Item, mender: Mender) -> Part:
    text = "\n\n".join(mender.mend(p) for p in item.paras)
    children: list[Part] = []
    for block in item.children:
        children.extend(item_part(x, mender) for x in block.items)
    return Part(label=item.label, text=text, parts=children)


def all_text(entry: Entry) -> str:
    def walk(parts: list[Part]) -> Iterable[str]:
        for p in parts:
            yield p.label
            yield p.text
            yield from walk(p.parts)

    return " ".join([entry.text or "", *walk(entry.parts)])


def build_pub1075(ref: Path, mender: Mender) -> tuple[list[Group], dict[str, Any], set[str]]:
    lines = (ref / PUB).read_text(encoding="utf-8").splitlines()
    valid = base_control_ids(lines)
    if len(valid) != 186:
        raise ExtractError(f"expected 186 base controls in §4, found {len(valid)}")
    secs = sections(lines)
    tables: dict[str, Any] = {}
    entries: dict[str, Entry] = {}
    for sec in secs:
        body = [x for x in sec.lines]
        notes: list[str] = []
        # footnotes and line fixes
        for sid, first, count, note in FOOTNOTES:
            if sid == sec.sid:
                k = next((i for i, x in enumerate(body) if x.startswith(first)), None)
                if k is None:
                    raise ExtractError(f"§{sid}: footnote {first!r} not found")
                del body[k : k + count]
                notes.append(note)
        for sid, old, new in LINE_FIXES:
            if sid == sec.sid:
                k = next((i for i, x in enumerate(body) if x.strip() == old.strip()), None)
                if k is None:
                    raise ExtractError(f"§{sid}: line {old!r} not found")
                if new is None:
                    del body[k]
                else:
                    body[k : k + 1] = new.split("\n")
        body = [x.removeprefix("### ") for x in body if x.strip() not in ("-", "")]
        # tables
        placed: list[Any] = list(body)
        for spec in TABLES:
            if spec.section != sec.sid:
                continue
            tl, a, b = cut([x if isinstance(x, str) else "" for x in placed], spec)
            if spec.note:
                notes.append(spec.note)
            if spec.label:
                part, data = table_part(spec, tl, mender)
                tables[spec.label] = data
                placed[a:b] = [part]
            else:
                tables[spec.start.split(" –")[0].split(" -")[0]] = tl
                placed[a:b] = []
        blocks = layout(placed)
        paras: list[str] = []
        grouped: list[tuple[str | None, Block]] = []
        lists = [b for b in blocks if b.kind in ("bullet", "number", "letter")]
        prev_para: str | None = None
        for block in blocks:
            if block.kind == "para":
                prev_para = mender.mend(block.lines)
                paras.append(prev_para)
            else:
                lead = None
                if (
                    block.kind != "table"
                    and len(lists) > 1
                    and prev_para is not None
                    and prev_para.endswith(":")
                    and paras
                    and paras[-1] == prev_para
                ):
                    lead = paras.pop()
                grouped.append((lead, block))
                prev_para = None
        parts: list[Part] = []
        n = 0
        for lead, block in grouped:
            if block.kind == "table":
                assert block.part is not None
                parts.append(block.part)
            elif len(lists) > 1:
                n += 1
                parts.append(
                    Part(
                        label=f"list-{n}",
                        text=lead or "",
                        parts=[item_part(x, mender) for x in block.items],
                    )
                )
            else:
                parts.extend(item_part(x, mender) for x in block.items)
        text = "\n\n".join(paras) or None
        entry = Entry(
            id=f"P1075-{sec.sid}",
            title=sec.title,
            source=f"{PUB_CITE} §{sec.sid}",
            text=text,
            parts=parts,
            notes=notes,
        )
        related, range_notes = control_refs(all_text(entry), valid)
        entry.related = related
        entry.notes.extend(range_notes)
        entries[sec.sid] = entry

    for sid, name, value, unit, quote in P1075_PARAMS:
        entry = entries[sid]
        if norm(quote) not in norm(all_text(entry)):
            raise ExtractError(f"§{sid}: quote for {name} not in the text: {quote!r}")
        entry.parameters.append(Parameter(name=name, value=value, unit=unit, quote=quote))
    for sid, note in P1075_NOTES:
        entries[sid].notes.append(note)
    for entry in entries.values():
        entry.review_cadence = review_cadence(entry.parameters)
    for sid, entry in entries.items():
        if not (entry.text or entry.parts or entry.notes):
            entry.notes.append(
                f"Heading only in the source; the requirements are in the subsections of §{sid}."
            )
    # Heading-only parents carry their children's parameters.
    for sid, entry in entries.items():
        if entry.text or entry.parts:
            continue
        for child_id, child in entries.items():
            if child_id.startswith(sid + ".") and child_id.count(".") == sid.count(".") + 1:
                for p in child.parameters:
                    entry.parameters.append(p.model_copy(update={"applies_to": child_id}))
    # Table 3 row for §2.C.5 gives its evidentiary documents.
    entries["2.C.5"].expected_artifacts = list(tables["Table 3"]["2.C.5"])
    entries["2.C.5"].notes.append(
        "expected_artifacts are the Table 3 row '2.C.5 Commingling and Labeling' (§2.E.4.1)."
    )

    def group(gid: str, title: str, pred: Any, src: str) -> Group:
        return Group(
            catalog="pub1075-req",
            group=gid,
            title=title,
            source=src,
            entries=[e for s, e in entries.items() if pred(s)],
        )

    groups = [
        group(
            "1",
            "Reporting improper inspections or disclosures; disclosure to other persons",
            lambda s: s.startswith(("1.8", "1.9")),
            f"{PUB_CITE} §1.8-1.9",
        ),
        group(
            "2",
            "Physical security requirements (IRC § 6103(p)(4)(A)-(F))",
            lambda s: s.startswith("2."),
            f"{PUB_CITE} §2.A-2.F",
        ),
        group(
            "3",
            "Technology-specific requirements",
            lambda s: s.startswith("3.3"),
            f"{PUB_CITE} §3.3",
        ),
    ]
    return groups, tables, valid


# --------------------------------------------------------------------------- schedules


def md(month: str, day: str) -> dict[str, int]:
    return {"month": MONTHS[month], "day": int(day)}


def find_quote(text: str, quote: str, where: str) -> str:
    if norm(quote) not in norm(text):
        raise ExtractError(f"{where}: {quote!r} not found")
    return quote


NOTIFICATION_KINDS: tuple[tuple[str, str, str], ...] = (
    # (row starts with, kind, details section)
    ("Implementing Cloud Computing", "cloud", "2.E.6.1"),
    ("Disclosure to a Contractor", "contractor", "2.E.6.2"),
    ("Re-disclosure by Contractor to Sub-Contractor", "subcontractor-redisclosure", "2.E.6.2"),
    ("Using FTI in Tax Modeling", "tax-modeling", "2.E.6.3"),
    ("Using FTI in Pre-Production", "pre-production", "2.E.6.4"),
)


def build_schedules(ref: Path, tables: dict[str, Any], p1075: list[Group]) -> dict[str, Any]:
    entries = {e.id: e for g in p1075 for e in g.entries}

    def text_of(sid: str) -> str:
        return all_text(entries[f"P1075-{sid}"])

    m = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
    # Table 4
    t4 = [x for x in tables["Table 4"] if x.strip()]
    rows4 = []
    footnotes: list[str] = []
    state_n = 0
    for line in t4[1:]:
        row = re.match(rf"^(.+?)\s+{m} (\d+) through {m} (\d+)\s+{m} (\d+)\s*$", line)
        if row:
            label = row.group(1)
            codes = (
                []
                if label.startswith("All Federal")
                else [c.strip().rstrip("*") for c in label.split(",") if c.strip()]
            )
            if codes:
                state_n += 1
            rows4.append(
                {
                    "group": f"state-{state_n}" if codes else "federal",
                    "label": label,
                    "codes": codes,
                    "period_start": md(row.group(2), row.group(3)),
                    "period_end": md(row.group(4), row.group(5)),
                    "ssr_due": md(row.group(6), row.group(7)),
                }
            )
        elif line.startswith("*"):
            footnotes.append(line)
        elif line.strip() not in (
            "Reporting Period SSR Due",
            "Federal Agencies",
            "All State Agencies and Territories",
        ):
            raise ExtractError(f"Table 4: unexpected line {line!r}")
    # The federal row and ten state/territory groups (February through November).
    if len(rows4) != 11:
        raise ExtractError(f"Table 4: expected 11 rows, found {len(rows4)}")
    # Table 5 (one row wraps: "KY, LA, MA, MD," / "ME, MI May 31 November 30")
    t5: list[str] = []
    for line in tables["Table 5"][1:]:
        if t5 and t5[-1].endswith(","):
            t5[-1] += " " + line
        else:
            t5.append(line)
    rows5 = []
    footnotes5: list[str] = []
    for line in t5:
        row = re.match(rf"^(.+?)\s+{m} (\d+)\s+{m} (\d+)\s*$", line)
        if row:
            label = squash(row.group(1))
            codes = (
                []
                if label.startswith("All Federal")
                else [c.strip().rstrip("*") for c in label.split(",") if c.strip()]
            )
            rows5.append(
                {
                    "label": label,
                    "codes": codes,
                    "cap_with_ssr": md(row.group(2), row.group(3)),
                    "cap_only": md(row.group(4), row.group(5)),
                }
            )
        elif line.startswith("*"):
            footnotes5.append(line)
        elif line.strip() not in (
            "CAP with SSR CAP (only)",
            "Federal Agencies",
            "State Agencies and Territories",
        ):
            raise ExtractError(f"Table 5: unexpected line {line!r}")
    if [r["codes"] for r in rows5] != [r["codes"] for r in rows4]:
        raise ExtractError("Table 5 groups differ from Table 4 groups")
    for r5, r4 in zip(rows5, rows4, strict=True):
        r5["group"] = r4["group"]
        if r5["cap_with_ssr"] != r4["ssr_due"]:
            raise ExtractError(f"Table 5 {r5['label']}: CAP with SSR is not the SSR due date")
    rows5 = [{"group": r["group"], **{k: v for k, v in r.items() if k != "group"}} for r in rows5]

    s244, s252, s251 = text_of("2.E.4.4"), text_of("2.E.5.2"), text_of("2.E.5.1")
    s26, s23 = text_of("2.E.6"), text_of("2.D.3")
    codes = [c for r in rows4 for c in r["codes"]]
    mp_note = footnotes[0].lstrip("*").strip() if footnotes else ""
    t6 = []
    for prior, req in tables["Table 6"]:
        kind = next((k for start, k, _ in NOTIFICATION_KINDS if prior.startswith(start)), None)
        details = next((d for start, _, d in NOTIFICATION_KINDS if prior.startswith(start)), None)
        if kind is None:
            raise ExtractError(f"Table 6: unknown row {prior!r}")
        t6.append(
            {
                "kind": kind,
                "prior_to": prior,
                "requirement": req,
                "approval_required": "approval" in req,
                "lead_days": 45,
                "details": f"{PUB_CITE} §{details}",
            }
        )
    if len(t6) != 5:
        raise ExtractError(f"Table 6: expected 5 rows, found {len(t6)}")

    def interval(
        site: str, every: int, unit: str, quote: str, sid: str, notes: list[str] | None = None
    ) -> dict[str, Any]:
        find_quote(text_of(sid), quote, f"§{sid}")
        out: dict[str, Any] = {
            "site": site,
            "every": every,
            "unit": unit,
            "quote": quote,
            "source": f"{PUB_CITE} §{sid}",
        }
        if notes:
            out["notes"] = notes
        return out

    hq = (
        "Headquarters office facilities housing FTI and the agency computer facility at least "
        "every 18 months"
    )
    contractors = (
        "All contractors and sub-contractors with access to FTI, including a "
        "consolidated data center or off-site storage facility: at least every 18 "
        "months"
    )
    return {
        "version": "Rev. 11-2021",
        "source": f"{PUB_CITE} §2.D.3, §2.E.4.4, §2.E.5.2, §2.E.6",
        "ssr_dates": {
            "source": f"{PUB_CITE} §2.E.4.4 Table 4",
            "title": "SSR Submission Dates",
            "rows": rows4,
            "footnotes": footnotes,
        },
        "cap_dates": {
            "source": f"{PUB_CITE} §2.E.5.2 Table 5",
            "title": "CAP Submission Dates",
            "rows": rows5,
            "update_frequency_months": 6,
            "update_quote": find_quote(
                s251, "The agency must update and submit the CAP semi-annually", "§2.E.5.1"
            ),
            "footnotes": footnotes5,
        },
        "first_cap_rule": {
            "days": 60,
            "quote": find_quote(
                s252,
                "If the SRR was issued within 60 days from the upcoming CAP due date in the "
                "preceding chart, the agency’s first CAP will be due on the subsequent reporting "
                "date",
                "§2.E.5.2",
            ),
            "source": f"{PUB_CITE} §2.E.5.2",
        },
        "ssr_extension": {
            "increment_days": 30,
            "max_days": 60,
            "request_lead_days": 30,
            "response_business_days": 5,
            "second_extension_needs_draft": True,
            "quote": find_quote(
                s244,
                "agencies may request an SSR extension, in 30-day increments, with a maximum of "
                "60 days. Extension requests must be submitted not later than 30 days prior to "
                "the scheduled SSR due date. Request for extensions will not be considered after "
                "the scheduled SSR due date. A request for a second extension must be accompanied "
                "by a draft SSR.",
                "§2.E.4.4",
            ),
            "source": f"{PUB_CITE} §2.E.4.4",
        },
        "cap_extension": {
            "max_days": 30,
            "request_lead_days": 30,
            "response_business_days": 5,
            "quote": find_quote(
                s252,
                "agencies may request an extension for no more than 30 days. Extension requests "
                "must be submitted not later than 30 days prior to the scheduled CAP due date.",
                "§2.E.5.2",
            ),
            "source": f"{PUB_CITE} §2.E.5.2",
        },
        "notifications": {
            "source": f"{PUB_CITE} §2.E.6 Table 6",
            "title": "Notification Reporting",
            "lead_days_quote": find_quote(
                s26, "a minimum of 45 days ahead of the planned implementation", "§2.E.6"
            ),
            "rows": t6,
        },
        "inspections": {
            "source": f"{PUB_CITE} §2.D.3",
            "plan_years": 3,
            "plan_quote": find_quote(
                s23,
                "detailing the timing of all internal inspections in the current year and next "
                "two years (three-year cycle)",
                "§2.D.3",
            ),
            "intervals": [
                interval("headquarters", 18, "months", hq, "2.D.3"),
                interval("computer-facility", 18, "months", hq, "2.D.3"),
                interval(
                    "field-office",
                    3,
                    "years",
                    "Field offices receiving FTI at least every three (3) years",
                    "2.D.3",
                ),
                interval("contractor", 18, "months", contractors, "2.D.3"),
                interval("consolidated-data-center", 18, "months", contractors, "2.D.3"),
                interval(
                    "off-site-storage",
                    18,
                    "months",
                    contractors,
                    "2.D.3",
                    [
                        "The text names off-site storage facilities only within the contractor "
                        "item; it gives no separate interval for an agency-operated off-site "
                        "storage facility."
                    ],
                ),
                interval(
                    "state-support-function",
                    18,
                    "months",
                    "The agency will conduct an internal inspection of the state support function "
                    "every 18 months",
                    "2.C.9",
                ),
            ],
        },
        "jurisdictions": {
            "codes": codes,
            "footnotes": {"MP": mp_note} if mp_note else {},
            "source": f"{PUB_CITE} §2.E.4.4 Table 4 (and Table 5, which lists the same groups)",
        },
    }


# --------------------------------------------------------------------------- MOU


MOU_NOISE = re.compile(
    r"^\s*(Case 1:25-cv-00677.*|UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE|\d{1,2})\s*$"
)

# The reviewed cross-reference table: MOU item -> (related ids, reason, is it a judgment?).
# A reason that is a judgment goes into the entry's notes.
MOU_MAP: dict[str, tuple[list[str], str, bool]] = {
    "8.A": (
        ["IR-6", "IR-4", "P1075-1.8", "P1075-1.8.3"],
        "8.A is about loss or breach of PII under OMB guidance and contacting the IRS CSIRC; "
        "Pub 1075 §1.8 and IR-6 are the FTI-specific incident reporting requirements, so the "
        "mapping is by subject, not by identical wording.",
        True,
    ),
    "8.B": (
        ["IR-8", "P1075-1.8.5"],
        "8.B (breach notification under OMB M-17-12) maps by subject to the incident response "
        "plan (IR-8) and Pub 1075 §1.8.5 notification of impacted individuals; Pub 1075 does "
        "not cite M-17-12.",
        True,
    ),
    "9.A": (
        [
            "IRC-6103(p)(4)",
            "P1075-2.A",
            "P1075-2.B",
            "P1075-2.C",
            "P1075-2.D",
            "P1075-2.E",
            "P1075-2.F",
        ],
        "9.A invokes IRC § 6103(p)(4) and Publication 1075; §2.A-2.F are the (p)(4)(A)-(F) "
        "requirements.",
        False,
    ),
    "9.A.1": (
        ["P1075-2.A", "P1075-2.A.1", "P1075-2.A.2", "P1075-2.A.3", "P1075-2.D.4"],
        "Central point of control and a log of requests, disclosures and movement until "
        "destroyed: Pub 1075 §2.A recordkeeping and FTI logs.",
        False,
    ),
    "9.A.2": (
        ["P1075-2.B", "P1075-2.B.2", "P1075-2.B.4", "P1075-2.D.5", "PE-3", "MP-4", "MP-5"],
        "Two barriers of protection (Pub 1075 §2.B.2 minimum protection standards) and "
        "protection in transit (§2.B.4, MP-5); the choice of PE-3 and MP-4 is ours.",
        True,
    ),
    "9.A.3": (
        ["P1075-2.C.1", "P1075-2.C.5", "P1075-2.C.5.1", "P1075-2.A.3", "MP-3"],
        "Labeling and commingling (Pub 1075 §2.C.5, MP-3 media marking); new records from "
        "duplication or transcription are tracked like converted media (§2.A.3).",
        True,
    ),
    "9.A.4": (
        ["P1075-2.C.1", "P1075-2.D.6", "AC-2", "AC-3", "AC-6"],
        "Access restricted to those whose duties require it (IRC § 6103(p)(4)(C), Pub 1075 "
        "§2.C.1, §2.D.6); AC-2/AC-3/AC-6 are the §4 controls that enforce it (our "
        "choice).",
        True,
    ),
    "9.A.5": (
        ["AT-2", "AT-3", "AT-4", "P1075-2.D.2", "P1075-2.D.2.1"],
        "Training before initial access and annually, written certification of the "
        "§§ 7213, 7213A, 7431 penalties: Pub 1075 §2.D.2.1 and AT-2/AT-3/AT-4 (records).",
        False,
    ),
    "9.A.6": (
        [
            "P1075-2.E.2",
            "P1075-2.E.3",
            "P1075-2.E.4",
            "P1075-2.E.4.3",
            "P1075-2.E.4.4",
            "P1075-2.E.5",
            "P1075-2.E.5.1",
        ],
        "Annual SSR by the Pub 1075 deadline, on the IRS template, encrypted; CAP.",
        False,
    ),
    "9.A.7": (
        ["IR-6", "P1075-1.8", "P1075-1.8.3"],
        "Report data incidents to the Office of Safeguards and cooperate with its "
        "investigators: Pub 1075 §1.8.3 uses the same words.",
        False,
    ),
    "9.A.8": (
        ["P1075-1.8.5", "P1075-2.C.4.2", "PS-8"],
        "Written notice to taxpayers when adverse or disciplinary action is taken, with the "
        "date and IRC § 7431 rights: Pub 1075 §1.8.5 and §2.C.4.2 (PS-8).",
        False,
    ),
    "9.A.9": (
        ["P1075-2.F", "P1075-2.F.2", "P1075-2.F.3", "P1075-2.D.7", "MP-6", "SI-12"],
        "Destroy or return to the IRS when no longer needed: Pub 1075 §2.F and MP-6; SI-12 "
        "(information retention) for the record retention schedules is our choice.",
        True,
    ),
    "9.A.10": (
        ["P1075-2.D.3", "CA-2"],
        "Periodic internal inspections: Pub 1075 §2.D.3 sets the intervals the MOU leaves "
        "as 'periodic'. CA-2 (control assessments) is a judgment: Pub 1075 treats internal "
        "inspections in §2.D.3, not under CA-2.",
        True,
    ),
    "9.A.11": (
        ["IRC-6103(p)(9)", "P1075-1.9.4", "P1075-2.C.10", "P1075-2.D.3", "SA-9", "SA-4"],
        "IRC § 6103(p)(9) contractor reviews, certification and contract language: Pub "
        "1075 §1.9.4 (Taxpayer First Act), §2.C.10 (Exhibit 7 in all contracts), §2.D.3 "
        "(contractors every 18 months); SA-9/SA-4 for external services and contract "
        "language are our choice.",
        True,
    ),
    "9.A.12": (
        ["P1075-2.E.6"],
        "Pub 1075 Rev. 11-2021 has no requirement about artificial intelligence; the "
        "nearest is the §2.E.6 notification before additional uses of FTI. Judgment.",
        True,
    ),
    "9.B": (
        ["P1075-2.E.4", "P1075-2.E.4.3", "PL-2"],
        "The SSR must describe the computer systems and controls (Pub 1075 §2.E.4); PL-2 "
        "(system security and privacy plans) is our choice.",
        True,
    ),
    "9.C": (
        ["P1075-2.E.4", "P1075-2.A.2", "P1075-2.B"],
        "Paper FTI disclosed in the SSR (§2.E.4), logged (§2.A.2) and stored (§2.B).",
        True,
    ),
    "9.D": (
        ["IR-6", "P1075-1.8", "P1075-1.8.2", "P1075-1.8.3", "P1075-1.8.4"],
        "24-hour reporting of suspected unauthorized inspection or disclosure: Pub 1075 §1.8 "
        "and IR-6 state the same limit.",
        False,
    ),
    "9.E": (
        [],
        "IRS safeguard reviews are described in Pub 1075 §1.6 and §3.2, which are outside "
        "this catalog; no entry is referenced.",
        True,
    ),
    "9.F": (
        [],
        "Pub 1075 says the same in its unnumbered front matter ('IRS Safeguards reports and "
        "related communications ... are considered the property of the IRS'; Sunshine / Open "
        "Records requests referred to FOIA), which is not a numbered section in this "
        "catalog.",
        True,
    ),
    "9.G": (
        ["P1075-1.9.1", "AC-21"],
        "No further disclosure except as IRC § 6103 authorizes: Pub 1075 §1.9.1 (AC-21). "
        "Judgment: 9.G concerns information ICE gives the IRS, which becomes return "
        "information.",
        True,
    ),
}

MOU_TITLES: dict[str, str] = {
    "8.A": "Incident Reporting",
    "8.B": "Breach Notification",
    "9.A": "Maintain FTI per IRC § 6103(p)(4) and Publication 1075",
    "9.A.1": "Central point of control and disclosure log",
    "9.A.2": "Secure storage: two barriers, including in transit",
    "9.A.3": "Labeling, new records and commingling",
    "9.A.4": "Restrict access to authorized ICE officers and employees",
    "9.A.5": "Awareness training and written certification",
    "9.A.6": "Annual Safeguard Security Report and Head of Agency certification",
    "9.A.7": "Report data incidents and cooperate with investigators",
    "9.A.8": "Taxpayer notification after adverse or disciplinary action",
    "9.A.9": "Destruction or return of FTI",
    "9.A.10": "Internal inspections and IRS access to facilities",
    "9.A.11": "Contractor assessments, certification and contract language (IRC § 6103(p)(9))",
    "9.A.12": "Disclose use of FTI for artificial intelligence",
    "9.B": "Electronic transmission and NIST SP 800-53 moderate systems",
    "9.C": "Paper returns and return information",
    "9.D": "Report suspected unauthorized inspection or disclosure within 24 hours",
    "9.E": "IRS periodic safeguard reviews",
    "9.F": "Safeguards documents are IRS records",
    "9.G": "Information from ICE becomes return information",
}

# (item, name, value, unit, quote)
MOU_PARAMS: tuple[tuple[str, str, int | str, str | None, str], ...] = (
    (
        "8.A",
        "contact_csirc",
        "immediately",
        None,
        "Immediately upon discovery of a potential cybersecurity incident involving IRS-provided "
        "PII, ICE will contact the IRS Computer Security Incident Response Center (CSIRC)",
    ),
    (
        "9.A.5",
        "training_frequency",
        1,
        "years",
        "Prior to initial access to FTI and annually thereafter",
    ),
    ("9.A.6", "ssr_frequency", 1, "years", "ICE will submit an annual Safeguard Security Report"),
    (
        "9.A.11",
        "contractor_review_findings",
        1,
        "years",
        "ICE must submit findings of the most recent review as part of the annual SSR submission.",
    ),
    ("9.D", "report_within", 24, "hours", "within 24 hours of discovery"),
)
MOU_NOTES: tuple[tuple[str, str], ...] = (
    (
        "8.A",
        "The '8.' heading and the beginning of §8 are not in the filed text (page 10 of 19 is "
        "blank); that 8.A and 8.B belong to §8 is inferred from their place before §9.",
    ),
    (
        "8.A",
        "8.A sets no hour limit: it says ICE will contact the IRS CSIRC 'Immediately upon "
        "discovery'. The 24-hour limit is in 9.D (suspected unauthorized inspection or disclosure) "
        "and Pub 1075 §1.8.",
    ),
    (
        "9.A.6",
        "The Head of Agency certification is one run-on sentence in the MOU; the parts "
        "split it at its semicolons and at 'and of ICE's commitment' and 'and to support timely "
        "mitigation'. The numbering of the parts is ours.",
    ),
    ("9.A.10", "'periodic' is not defined in the MOU; Pub 1075 §2.D.3 sets the review cycle."),
    ("9.E", "An IRS obligation; ICE's part is to support the reviews (see 9.A.6, 9.A.10)."),
    (
        "9.A",
        "The MOU cites '26 C.F.R. § 301.6103(p)(4)'; the provision is IRC § 6103(p)(4) (the "
        "regulations provided in the reference set are §301.6103(l)(14)-1, (m)-1 and (n)-1).",
    ),
)
# 9.A.6: the elements of the Head of Agency certification, as split from the sentence.
HOA_SPLIT = (
    "the SSR addresses all Outstanding Actions",
    "accurately and completely reflects",
    "accurately reflects the security controls",
    "ICE’s commitment to assist",
    "support the Office of Safeguards on-site review",
    "to support timely mitigation",
)


def mou_lines(ref: Path) -> list[str]:
    return [
        x for x in (ref / MOU).read_text(encoding="utf-8").splitlines() if not MOU_NOISE.match(x)
    ]


def build_mou(ref: Path, mender: Mender, valid_ids: set[str]) -> list[Group]:
    lines = mou_lines(ref)
    s8 = next(i for i, x in enumerate(lines) if x.strip().startswith("A. Incident Reporting"))
    s9 = next(i for i, x in enumerate(lines) if x.strip().startswith("9. DISCLOSURE"))
    s10 = next(i for i, x in enumerate(lines) if x.strip().startswith("10.  TRANSMITTAL"))
    items: dict[str, list[str]] = {}

    def split(chunk: list[str], pattern: str, prefix: str) -> list[tuple[str, list[str]]]:
        out: list[tuple[str, list[str]]] = []
        for x in chunk:
            m = re.match(pattern, x.strip())
            if m:
                out.append((f"{prefix}{m.group(1)}", [m.group(2)]))
            elif out:
                out[-1][1].append(x)
        return out

    for key, body in split(lines[s8:s9], r"^([AB])\. (.*)$", "8."):
        items[key] = body
    for key, body in split(lines[s9 + 1 : s10], r"^([A-G])\. (.*)$", "9."):
        if key == "9.A":
            head: list[str] = []
            subs = split(body, r"^(\d{1,2})\. (.*)$", "9.A.")
            for x in body:
                if re.match(r"^1\. ", x.strip()):
                    break
                head.append(x)
            items["9.A"] = head
            for k, v in subs:
                items[k] = v
        else:
            items[key] = body
    expected = [
        "8.A",
        "8.B",
        "9.A",
        *[f"9.A.{n}" for n in range(1, 13)],
        "9.B",
        "9.C",
        "9.D",
        "9.E",
        "9.F",
        "9.G",
    ]
    if list(items) != expected:
        raise ExtractError(f"MOU items {list(items)} != {expected}")

    entries: dict[str, Entry] = {}
    for key, body in items.items():
        if key.startswith("8."):
            # first line is the heading ("Incident Reporting"), the rest is the text
            heading, rest = body[0].strip(), body[1:]
            if heading != MOU_TITLES[key]:
                raise ExtractError(f"MOU {key}: heading {heading!r}")
            text = mender.mend(rest)
        else:
            text = mender.mend(body)
        related, reason, judgment = MOU_MAP[key]
        entries[key] = Entry(
            id=f"MOU-{key}",
            title=MOU_TITLES[key],
            source=f"{MOU_CITE} §{key}",
            text=text,
            related=related,
            notes=[f"Cross-references: {reason}"] if judgment else [],
        )
    # 9.A.6 certification elements
    e = entries["9.A.6"]
    assert e.text is not None
    start = e.text.index("The SSR will also provide Head of Agency certification that ")
    end = e.text.index("Required reports will be transmitted")
    sentence = e.text[start:end].removeprefix(
        "The SSR will also provide Head of Agency certification that "
    )
    cuts = [sentence.index(s) for s in HOA_SPLIT]
    if cuts != sorted(cuts):
        raise ExtractError("MOU 9.A.6: certification elements out of order")
    pieces = [sentence[a:b] for a, b in zip(cuts, [*cuts[1:], len(sentence)], strict=True)]
    cleaned = []
    for p in pieces:
        p = p.strip().rstrip(";").strip()
        p = re.sub(r"\s+and of$", "", p)
        p = re.sub(r"\s+and$", "", p)
        p = p.rstrip(".").strip()
        cleaned.append(p)
    e.parts = [Part(label=str(n), text=t) for n, t in enumerate(cleaned, 1)]
    for key, name, value, unit, quote in MOU_PARAMS:
        entry = entries[key]
        find_quote(entry.text or "", quote, f"MOU {key}")
        entry.parameters.append(Parameter(name=name, value=value, unit=unit, quote=quote))
    for key, note in MOU_NOTES:
        entries[key].notes.append(note)
    for entry in entries.values():
        for rid in entry.related:
            if rid not in valid_ids:
                raise ExtractError(f"{entry.id}: related id {rid} does not exist")
    return [
        Group(
            catalog="mou",
            group="8",
            title="Incident reporting and breach notification",
            source=f"{MOU_CITE} §8",
            entries=[e for k, e in entries.items() if k.startswith("8.")],
        ),
        Group(
            catalog="mou",
            group="9",
            title="Disclosure, safeguards, and record keeping requirements",
            source=f"{MOU_CITE} §9",
            entries=[e for k, e in entries.items() if k.startswith("9.")],
        ),
    ]


# --------------------------------------------------------------------------- authorities


def cfr_text(ref: Path, mender: Mender) -> dict[str, str]:
    """The three regulations, de-hyphenated, keyed by designation."""
    one = (ref / CFR1).read_text(encoding="utf-8")
    two = (ref / CFR2).read_text(encoding="utf-8")
    head_m = "§ 301.6103(m)–1"
    if head_m not in one or head_m not in two:
        raise ExtractError("CFR: § 301.6103(m)–1 heading not found in both files")
    # part 2 repeats the end of part 1; join at the (m)-1 heading
    full = one[: one.index(head_m)] + two[two.index(head_m) :]
    lines = full.splitlines()
    text = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            text += "\n"
            continue
        if text.endswith("-") and line[:1].islower():
            text = text[:-1] + line
        else:
            text += " " + line
    text = re.sub(r"[ \t]+", " ", text)
    out: dict[str, str] = {}
    heads = list(re.finditer(r"§ 301\.6103\(([a-z0-9()]+)\)–1", text))
    for n, h in enumerate(heads):
        end = heads[n + 1].start() if n + 1 < len(heads) else len(text)
        out[f"301.6103({h.group(1)})-1"] = squash(text[h.start() : end])
    return out


def cfr_parts(body: str) -> list[Part]:
    """The lettered paragraphs (a), (b)... of a regulation, in order, with their headings."""
    starts: list[tuple[str, int]] = []
    pos = 0
    for letter in "abcdefghij":
        m = re.compile(rf"\({letter}\) [A-Z][^.]*\.\s").search(body, pos)
        if not m:
            break
        starts.append((letter, m.start()))
        pos = m.end()
    end = body.find("[T.D.", pos)
    ends = [s for _, s in starts[1:]] + [end if end != -1 else len(body)]
    return [
        Part(label=f"({letter})", text=squash(body[start + 4 : stop]))
        for (letter, start), stop in zip(starts, ends, strict=True)
    ]


def build_authorities(ref: Path, mender: Mender, p1075: list[Group]) -> list[Group]:
    cfr = cfr_text(ref, mender)
    pub = {e.id: e for g in p1075 for e in g.entries}
    mou = squash(" ".join(mou_lines(ref)))
    entries: list[Entry] = []

    def quote_from(text: str, q: str, where: str) -> str:
        return find_quote(text, q, where)

    # IRC § 6103(i)(2): cited by the MOU (§1.e, §2) and Pub 1075 §2.C.11.7.
    q_i2 = quote_from(
        mou,
        "IRC § 6103(i)(2), authorizing the disclosure of return information other than taxpayer "
        "return information for purposes of the enforcement of a specified",
        "MOU §2",
    )
    q_i = quote_from(
        all_text(pub["P1075-2.C.11.7"]),
        "Federal law enforcement agencies receiving FTI pursuant to court orders or by specific "
        "request under section 6103(i) for purposes of investigation and prosecution of non-tax "
        "federal crimes, or to apprise of or investigate terrorist incidents, are subject to "
        "safeguards requirements and review.",
        "Pub 1075 §2.C.11.7",
    )
    entries.append(
        Entry(
            id="IRC-6103(i)(2)",
            title="Disclosure of return information other than taxpayer return information for use "
            "in criminal investigations (nontax criminal enforcement)",
            source=f"{MOU_CITE} §1.e and §2; {PUB_CITE} §2.C.11.7",
            text=f'The MOU states that the IRS enters into it pursuant to "{q_i2} ..." [the '
            "sentence is cut off at a page break in the filed text], and that it sets forth "
            '"ICE’s use of the authority in IRC § 6103(i)(2) for the submission of requests for '
            "criminal investigation under 8 U.S.C. § 1253(a)(1) or another specifically "
            f'designated Federal criminal statute." Pub 1075 §2.C.11.7: "{q_i}"',
            related=["MOU-9.A", "P1075-2.C.11.7", "IRC-6103(i)"],
            notes=[
                "The statute itself is not in the reference set; the MOU's description of it is "
                "interrupted by a page missing from the filed text."
            ],
            basis=True,
        )
    )
    # IRC § 6103(p)(4): Pub 1075 §2.A-2.F, one requirement each.
    p4_parts = []
    p4_quotes = {
        "(A)": (
            "P1075-2.A.1",
            "are required by IRC § 6103(p)(4)(A) to establish a permanent system of "
            "standardized records of requests made by or to them for disclosure of FTI.",
        ),
        "(B)": ("P1075-2.B", "Secure Storage – IRC § 6103(p)(4)(B)"),
        "(C)": (
            "P1075-2.C.1",
            "Agencies are required by IRC § 6103(p)(4)(C) to restrict access to FTI to only "
            "persons whose duties or responsibilities require access",
        ),
        "(D)": (
            "P1075-2.D.1",
            "IRC § 6103(p)(4)(D) requires that agencies receiving FTI provide other safeguard "
            "measures, as appropriate, to ensure the confidentiality of the FTI.",
        ),
        "(E)": (
            "P1075-2.E.1",
            "IRC § 6103(p)(4)(E) requires agencies receiving FTI to report on procedures "
            "established and used for ensuring the confidentiality of FTI",
        ),
        "(F)": (
            "P1075-2.F.1",
            "Users of FTI are required by IRC § 6103(p)(4)(F) to take certain actions after "
            "using FTI to protect its confidentiality",
        ),
    }
    for label, (eid, q) in p4_quotes.items():
        hay = all_text(pub[eid]) + " " + pub[eid].title
        quote_from(hay, q, eid)
        p4_parts.append(Part(label=label, text=f'"{q}" ({PUB_CITE} §{eid[6:]})'))
    entries.append(
        Entry(
            id="IRC-6103(p)(4)",
            title="Safeguards required of agencies receiving returns and return information",
            source=f"{PUB_CITE} §2.A-2.F (Exhibit 2 reproduces the statute); {MOU_CITE} §9.A",
            text="Pub 1075 §2 is organized by the six requirements of IRC § 6103(p)(4): recordkeeping "
            "(A), secure storage (B), restricting access (C), other safeguards (D), reporting "
            '(E) and disposal (F). The MOU (§9.A): "ICE will maintain all Federal tax returns '
            "and return information sourced from the IRS in accordance with IRC § 6103(p)(4) "
            'and comply with the safeguards requirements set forth in Publication 1075".',
            parts=p4_parts,
            related=[
                "P1075-2.A",
                "P1075-2.B",
                "P1075-2.C",
                "P1075-2.D",
                "P1075-2.E",
                "P1075-2.F",
                "MOU-9.A",
            ],
            notes=[
                "The text of the statute (Pub 1075 Exhibit 2) is not reproduced; each part quotes "
                "the Pub 1075 section that states the requirement."
            ],
        )
    )
    quote_from(
        mou,
        "ICE will maintain all Federal tax returns and return information sourced "
        "from the IRS in accordance with IRC § 6103(p)(4)",
        "MOU §9.A",
    )
    # IRC § 6103(p)(9)
    q_p9 = quote_from(
        all_text(pub["P1075-1.9.4"]),
        "The Taxpayer First Act § 2004, which added IRC § 6103(p)(9), formalizes in statute the "
        "following agency requirements effective December 31, 2022",
        "Pub 1075 §1.9.4",
    )
    q_p9m = quote_from(
        mou,
        "IRC § 6103(p)(9) requires ICE to conduct on-site assessments of each contractor’s "
        "compliance with safeguarding requirements.",
        "MOU §9.A.11",
    )
    p9_items = [p for p in pub["P1075-1.9.4"].parts if p.label == "list-2"]
    entries.append(
        Entry(
            id="IRC-6103(p)(9)",
            title="Disclosure to contractors and other agents: safeguards, on-site reviews and "
            "certification (Taxpayer First Act § 2004)",
            source=f"{PUB_CITE} §1.9.4; {MOU_CITE} §9.A.11",
            text=f'Pub 1075 §1.9.4: "{q_p9}:" MOU §9.A.11: "{q_p9m}"',
            parts=[p.model_copy() for p in (p9_items[0].parts if p9_items else [])],
            related=["P1075-1.9.4", "MOU-9.A.11"],
            notes=[
                "Pub 1075 Rev. 11-2021 says the agency requirements for this legislation will be "
                "issued as Interim Guidance, which is not in the reference set."
            ],
        )
    )
    # 26 CFR 301.6103(l)(14)-1
    l14 = cfr["301.6103(l)(14)-1"]
    title_l14 = "Disclosure of return information to United States Customs Service"
    quote_from(l14, title_l14, "CFR (l)(14)-1")
    q_l14 = quote_from(
        l14,
        "Pursuant to the provisions of section 6103(l)(14) of the Internal Revenue Code, officers "
        "and employees of the Internal Revenue Service may disclose to officers and employees of "
        "the United States Customs Service return information (as defined by section 6103(b)) "
        "with respect to taxes imposed by chapters 1 and 6 of the Internal Revenue Code solely "
        "for purposes of, and only to the extent necessary in—",
        "CFR (l)(14)-1(a)",
    )
    entries.append(
        Entry(
            id="CFR-301.6103(l)(14)-1",
            title=title_l14,
            source=f"{CFR_CITE} §301.6103(l)(14)-1 ({CFR1})",
            text=f'"{q_l14} (1) Ascertaining the correctness of any entry in audits as provided for '
            "in section 509 of the Tariff Act of 1930 or; (2) Other actions to recover any loss "
            "of revenue, or to collect duties, taxes, and fees, determined to be due and owing "
            'pursuant to such audits."',
            parts=cfr_parts(l14),
            related=["IRC-6103(l)(14)"],
            notes=[
                "Implements IRC § 6103(l)(14) (disclosure to U.S. Customs for Tariff Act § 509 "
                "audits), the entry IRC-6103(l)(14).",
                "Paragraph (j) bars disclosure to any person, including any contractor of the "
                "U.S. Customs Service, except as the section or IRC § 6103 provides.",
            ],
        )
    )
    # 26 CFR 301.6103(m)-1
    m1 = cfr["301.6103(m)-1"]
    q_m = quote_from(
        m1,
        "For purposes of applying the provisions of section 6103(m) of the Internal Revenue "
        "Code, the term agent includes a contractor.",
        "CFR (m)-1(a)",
    )
    entries.append(
        Entry(
            id="CFR-301.6103(m)-1",
            title="Disclosure of taxpayer identity information",
            source=f"{CFR_CITE} §301.6103(m)-1 ({CFR1}, {CFR2})",
            text=f'"{q_m}" Paragraph (b): "This section is applicable January 6, 2004."',
            parts=cfr_parts(m1),
            related=["P1075-2.C.8.2", "P1075-2.C.11.8", "IRC-6103(m)"],
            notes=[
                "The regulation is a definition only: 'agent' in IRC § 6103(m) includes a "
                "contractor. Pub 1075 §2.C.8.2 says the same for sections 6103(l), (m) and (n), "
                "adding sub-contractors."
            ],
        )
    )
    quote_from(m1, "This section is applicable January 6, 2004.", "CFR (m)-1(b)")
    # 26 CFR 301.6103(n)-1
    n1 = cfr["301.6103(n)-1"]
    q_n = quote_from(
        n1,
        "Pursuant to the provisions of section 6103(n) of the Internal Revenue Code and subject "
        "to the conditions of this section, officers and employees of the Treasury Department, a "
        "State tax agency, the Social Security Administration, or the Department of Justice, are "
        "authorized to disclose returns and return information (as defined in section 6103(b)) "
        "to any person (including, in the case of the Treasury Department, any person described "
        "in section 7513(a)), or to an officer or employee of the person, for purposes of tax "
        "administration (as defined in section 6103(b)(4)), to the extent necessary in "
        "connection with a written contract or agreement for the acquisition of—",
        "CFR (n)-1(a)(1)",
    )
    q_n2 = quote_from(
        n1,
        "Further disclose the returns or return information, when authorized in writing by the "
        "Internal Revenue Service (IRS), to the extent necessary to carry out the purposes "
        "described in this paragraph (a).",
        "CFR (n)-1(a)(2)(ii)",
    )
    entries.append(
        Entry(
            id="CFR-301.6103(n)-1",
            title="Disclosure of returns and return information in connection with written contracts "
            "or agreements for the acquisition of property or services for tax administration "
            "purposes",
            source=f"{CFR_CITE} §301.6103(n)-1 ({CFR2})",
            text=f'"{q_n} (i) Equipment or other property; or (ii) Services relating to the '
            "processing, storage, transmission, or reproduction of returns or return "
            "information, the programming, maintenance, repair, or testing of equipment or other "
            'property, or the providing of other services." A recipient may further disclose '
            f'to its own officers or employees who need it, or "{q_n2}" including to an agent '
            "or subcontractor. Paragraph (b): disclosure is treated as necessary only if the "
            "contract cannot otherwise be reasonably, properly, or economically carried out "
            "without it, and only to the extent necessary.",
            parts=cfr_parts(n1),
            related=["P1075-1.9.4", "P1075-2.E.6.2", "P1075-2.C.8.2", "IRC-6103(n)"],
            notes=[
                "The reference text stops in the middle of paragraph (b)(2); the rest of the "
                "regulation (including its safeguard conditions) is not in the reference set.",
                "This is the authority Pub 1075 relies on for contractor access in tax "
                "administration; the re-disclosure to a subcontractor needs the IRS's written "
                "authorization ((a)(2)(ii)), which matches the approval in Pub 1075 Table 6.",
            ],
        )
    )
    # the other provisions: the reviewed table beside this script, every quote checked
    sources = Sources(ref.joinpath(PUB).read_text(encoding="utf-8").replace(
        "IRC § 6103(I)(6)", "IRC § 6103(l)(6)").splitlines(), mou, cfr)
    try:
        entries += table_entries(sources, read_table())
    except TableError as exc:
        raise ExtractError(str(exc)) from exc
    entries.sort(key=lambda e: provision_key(e.id))
    ids = {e.id for e in entries}
    for e in entries:
        for rid in e.related:
            if rid.startswith("P1075-") and rid not in pub:
                raise ExtractError(f"{e.id}: related {rid} not in pub1075-req")
            if rid.startswith(("IRC-", "CFR-")) and rid not in ids:
                raise ExtractError(f"{e.id}: related {rid} is not an authority entry")
    try:
        check_coverage({PUB: "\n".join(sources.pub_lines), MOU: mou, CFR1: ref.joinpath(CFR1).read_text(
            encoding="utf-8"), CFR2: ref.joinpath(CFR2).read_text(encoding="utf-8")}, ids, statute_texts(sources),
            whole_subsections(read_table()))
        tag_requirements([e for g in p1075 for e in g.entries], ids)
    except TableError as exc:
        raise ExtractError(str(exc)) from exc
    return [
        Group(
            catalog="authorities",
            group="authorities",
            title="Disclosure authorities",
            source="IRC § 6103 as cited by Pub 1075 and the MOU; 26 CFR §301.6103",
            entries=entries,
        )
    ]


def mou_agreement(ref: Path) -> AgreementInfo:
    """The agreement the MOU catalog stands for, named as the MOU's own title page names it."""
    text = " ".join(mou_lines(ref))
    name = (
        "Memorandum of Understanding between U.S. Treasury Department on behalf of the "
        "Internal Revenue Service and U.S. Department of Homeland Security on behalf of the U.S. "
        "Immigration and Customs Enforcement, for the Exchange of Information for Nontax "
        "Criminal Enforcement"
    )
    find_quote(text, name, "MOU title")  # the title page is in capitals; quotes compare without case
    find_quote(text, "ICE’s use of the authority in IRC § 6103(i)(2)", "MOU §1.e")
    return AgreementInfo(
        id="irs-ice-mou",
        name=f"{name} (April 2025)",
        partner="Internal Revenue Service",
        authority="IRC-6103(i)(2)",
    )


# --------------------------------------------------------------------------- YAML


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def header(what: str) -> str:
    return (
        f"# {what}\n"
        "#\n"
        "# Generated by tools/extract_requirements.py from the reference texts "
        "(Pub 1075 Rev. 11-2021,\n"
        "# the IRS-ICE MOU of April 2025, 26 CFR §301.6103). Do not edit by hand: change the "
        "script\n# (its reviewed tables) and run it again.\n"
    )


def dump(path: Path, data: Any, what: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    path.write_text(header(what) + body, encoding="utf-8")


def clean(data: Any) -> Any:
    """Drop empty strings, lists and dicts that exclude_defaults leaves (e.g. a part's text)."""
    if isinstance(data, dict):
        return {k: clean(v) for k, v in data.items() if v not in ("", [], {}, None)}
    if isinstance(data, list):
        return [clean(x) for x in data]
    return data


def write_catalog(out: Path, info: CatalogInfo, groups: list[tuple[str, Group]]) -> None:
    folder = out / info.id
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    dump(
        folder / "catalog.yaml",
        clean(info.model_dump(exclude_defaults=True)),
        f"Catalog {info.id}: {info.title}",
    )
    for name, group in groups:
        data = clean(group.model_dump(exclude_defaults=True))
        dump(folder / name, data, f"Catalog {info.id}, group {group.group}: {group.title}")


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", type=Path, required=True, help="the reference folder")
    ap.add_argument("--out", type=Path, required=True, help="the controls folder")
    ap.add_argument("--show-merges", action="store_true", help="list the words rejoined")
    args = ap.parse_args(argv)
    ref: Path = args.reference
    out: Path = args.out

    corpus = (ref / PUB).read_text(encoding="utf-8")
    mender = Mender(corpus)
    p1075, tables, base_ids = build_pub1075(ref, mender)
    pub_ids = {e.id for g in p1075 for e in g.entries}
    # the entries built here, and those of the reviewed table (tools/authorities.yaml)
    auth_ids = {
        "IRC-6103(i)(2)",
        "IRC-6103(p)(4)",
        "IRC-6103(p)(9)",
        "CFR-301.6103(l)(14)-1",
        "CFR-301.6103(m)-1",
        "CFR-301.6103(n)-1",
    } | {row["id"] for row in read_table()}
    mou = build_mou(ref, mender, base_ids | pub_ids | auth_ids)
    authorities = build_authorities(ref, mender, p1075)
    if {e.id for e in authorities[0].entries} != auth_ids:
        raise ExtractError("authority ids changed; update auth_ids")
    agreement = mou_agreement(ref)
    schedules = Schedules.model_validate(build_schedules(ref, tables, p1075))
    # after build_authorities: the §2.C.11 entries carry their authorities by now
    checklist = build_checklist(read_checklist_table(), {e.id: e for g in p1075 for e in g.entries})

    write_catalog(
        out,
        CatalogInfo(
            id="pub1075-req",
            title="Publication 1075 requirements outside §4",
            version="Rev. 11-2021",
            source=f"IRS Publication 1075 Rev. 11-2021 §1.8-1.9, §2.A-2.F, §3.3 ({PUB})",
            id_format="P1075-<section>, e.g. 'P1075-2.B.2', 'P1075-1.8.3'",
            description=(
                "Every numbered heading of §1.8-1.9, §2.A-2.F and §3.3 is an entry. text is the "
                "section's prose (paragraphs separated by blank lines) without its lists; the "
                "lists are parts (labels as printed: '•', '1', 'a'). Where a section has more "
                "than one list, each list is a part 'list-N' whose text is the sentence that "
                "introduces it. Tables are parts labelled 'Table N' with one sub-part per row. "
                "related holds the §4 controls the section itself names."
            ),
        ),
        [("s1.yaml", p1075[0]), ("s2.yaml", p1075[1]), ("s3.yaml", p1075[2])],
    )
    write_catalog(
        out,
        CatalogInfo(
            id="mou",
            title="IRS-ICE Memorandum of Understanding: safeguarding obligations",
            version="April 2025",
            source=f"MOU between Treasury/IRS and DHS/ICE, April 2025, as filed ({MOU}), §8-9",
            id_format="MOU-<section>, e.g. 'MOU-9.A.5', 'MOU-8.A'",
            description=(
                "The obligations of MOU §8 (incident reporting, breach notification) and §9 "
                "(disclosure, safeguards, record keeping), with their full text. related is a "
                "reviewed mapping to Pub 1075 §4 controls, P1075-* sections and authorities; "
                "where the mapping is a judgment the reason is in notes. The MOU binds only the "
                "agencies that signed it: the catalog is in scope for a workspace whose agreements "
                "include it."
            ),
            agreement=agreement,
        ),
        [("s8.yaml", mou[0]), ("s9.yaml", mou[1])],
    )
    write_catalog(
        out,
        CatalogInfo(
            id="authorities",
            title="Disclosure authorities",
            version="as cited in the reference set",
            source=f"IRC § 6103 as cited by Pub 1075 and the MOU; 26 CFR §301.6103 ({CFR1}, "
            f"{CFR2})",
            id_format="IRC-6103(<paragraph>) or CFR-301.6103(<paragraph>)-1, e.g. "
            "'IRC-6103(p)(4)', 'CFR-301.6103(n)-1'",
            description=(
                "Every IRC § 6103 provision the sources name, each with what the source says it "
                "authorizes and what follows for an agency receiving FTI under it, quoted. basis: "
                "an agency can receive FTI under it; described: false when the sources only name "
                "it. Drawn from the reviewed table tools/authorities.yaml."
            ),
        ),
        [("authorities.yaml", authorities[0])],
    )
    dump(
        out / "schedules.yaml",
        clean(schedules.model_dump(exclude_defaults=True)),
        "Pub 1075 due-date tables (Tables 4, 5, 6), extension rules and the §2.D.3 inspection "
        "cycle.\n# Validated by ssrgen.model.schedules.Schedules.",
    )
    dump(
        out / "inspection-checklist.yaml",
        checklist,
        "The internal inspection checklist of Pub 1075 §2.D.3-§2.D.8: the five areas and their items,\n"
        "# each quoting its requirement. Drawn from the reviewed table tools/inspection-checklist.yaml.\n"
        "# Validated by ssrgen.model.inspections.ChecklistCatalog.",
    )
    if args.show_merges:
        for m in sorted(set(mender.merges)):
            print("merged:", m)
    counts = [len(g.entries) for g in p1075]
    print(
        f"pub1075-req: {sum(counts)} entries {counts}; mou: "
        f"{sum(len(g.entries) for g in mou)}; authorities: {len(authorities[0].entries)}; "
        f"schedules: {len(schedules.ssr_dates.rows)} SSR rows, "
        f"{len(schedules.jurisdictions.codes)} codes; inspection checklist: {len(checklist['items'])} items"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
