#!/usr/bin/env python3
"""Extract the Pub 1075 §4 control catalog from the text of the publication.

Usage (from the repository root)::

    python tools/extract_pub1075.py --source ../shared/reference/pub1075-rev11-2021.txt \\
        --nist-dir ../shared/reference --out controls/pub1075

Reads §4 ("### 4.0 NIST 800-53" through the end of §4.20 SR) of IRS Publication 1075
Rev. 11-2021 as extracted from the PDF, the "Security and Privacy Control Table" (flags,
reference sections, new controls), Table 3 of §2.E.4.1 (SSR evidentiary documentation) and
the NIST SP 800-53 Rev. 5 moderate and privacy OSCAL resolved catalogs, and writes
``catalog.yaml`` plus one YAML file per family (``ac.yaml`` ... ``sr.yaml``) that validate
against :class:`ssrgen.model.catalog.Group`.

The script invents nothing: every text field is source text, joined across lines and mended
only where the PDF extraction broke it (see ``LINE_FIXES`` and :func:`mend`). ``--report``
prints what was dropped, mended and left ambiguous so that a reviewer can check it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EDITION = "Pub 1075 Rev. 11-2021"
EN_DASH = "\u2013"

FAMILIES: dict[str, tuple[str, str]] = {
    # family: (section, title)
    "AC": ("4.1", "Access Control"),
    "AT": ("4.2", "Awareness and Training"),
    "AU": ("4.3", "Audit and Accountability"),
    "CA": ("4.4", "Assessment, Authorization and Monitoring"),
    "CM": ("4.5", "Configuration Management"),
    "CP": ("4.6", "Contingency Planning"),
    "IA": ("4.7", "Identification and Authentication"),
    "IR": ("4.8", "Incident Response"),
    "MA": ("4.9", "Maintenance"),
    "MP": ("4.10", "Media Protection"),
    "PE": ("4.11", "Physical and Environmental Protection"),
    "PL": ("4.12", "Planning"),
    "PM": ("4.13", "Program Management"),
    "PS": ("4.14", "Personnel Security"),
    "PT": ("4.15", "Personally Identifiable Information Processing and Transparency"),
    "RA": ("4.16", "Risk Assessment"),
    "SA": ("4.17", "System and Services Acquisition"),
    "SC": ("4.18", "System and Communications Protection"),
    "SI": ("4.19", "System and Information Integrity"),
    "SR": ("4.20", "Supply Chain Risk Management"),
}

# Lines of the extracted text that are page furniture rather than content. The Rev. 11-2021
# text carries no running headers or footers inside §4, but the patterns stay so that a
# re-extraction with page furniture is still handled; every dropped line is reported.
NOISE = [
    re.compile(r"^\s*Publication 1075\b.*\bPage \d+\s*$", re.I),
    re.compile(r"^\s*Page \d+( of \d+)?\s*$", re.I),
    re.compile(r"^\s*\d{1,3}\s*$"),
    re.compile(r"^\s*$"),
]

# Explicit repairs of PDF extraction defects that no general rule can make safely.
# (exact source line, replacement line or None to drop it, what and why)
LINE_FIXES: list[tuple[str, str | None, str]] = [
    (
        "S : Insider threat programs include controls to detect and prevent malicious insider",
        "Supplemental Guidance: Insider threat programs include controls to detect and "
        "prevent malicious insider",
        "PM-12: the label 'Supplemental Guidance' was split into 'S :' and a later line "
        "'upplemental Guidance'",
    ),
    ("upplemental Guidance", None, "PM-12: remainder of the split 'Supplemental Guidance' label"),
    (
        "travel: examine for signs of tampering, reformat storage media before reintroduction "
        "to the FTI .",
        "travel: examine for signs of tampering, reformat storage media before reintroduction "
        "to the FTI environment.",
        "CM-2(7): the word 'environment' was printed on the next line after the period",
    ),
    ("environment", None, "CM-2(7): the word moved back before the period (see above)"),
]

# Oddities of the printed text, kept as printed and said plainly in the entry's notes.
SOURCE_NOTES: dict[str, list[str]] = {
    "AC-6": [
        "The last two Supplemental Guidance paragraphs are near-duplicates in the source; "
        "both are kept as printed."
    ],
    "AU-5": [
        "Part b.1 repeats words ('... verify functions and performance of the system. "
        "operating system or system audit logs and verify functions ...') as printed in the "
        "source."
    ],
    "CM-2(7)": [
        "In the source the last word of part b is printed after the period on the next "
        "line ('... before reintroduction to the FTI .' / 'environment'); joined as "
        "'... to the FTI environment.'"
    ],
    "IR-4": [
        "Part a ends with 'Coordinate incident handling activities with contingency planning "
        "activities;', which is also part b; as printed in the source."
    ],
    "PM-5": [
        "Table 3 (§2.E.4.1) lists its artifacts under 'PM-5 Inventory of Personally "
        "Identifiable Information', the title of PM-5 (CE-1); they are attached to PM-5 as "
        "the row's control number says."
    ],
    "PM-12": [
        "In the source the label 'Supplemental Guidance' is split ('S :' before the "
        "paragraph and 'upplemental Guidance' on a line of its own after it); read as one "
        "Supplemental Guidance paragraph."
    ],
    "PM-18": [
        "The statement (policy and procedures for controlled unclassified information on "
        "external systems) does not match the title 'Privacy Program Plan'; as printed in "
        "the source."
    ],
    "RA-1": [
        "The source labels the parts 'd.', 'e.', 'f.' and the sub-parts of d.1 'a.', 'b.' "
        "(other -1 controls use a., b., c. and (a), (b)); labels kept as printed."
    ],
    "RA-3(1)": ["The source labels the parts 'c.' and 'd.' (no a., b.); labels kept as printed."],
    "SR-3(3)": [
        "The text ends '... also included in the contracts of s.' in the source (a word "
        "appears to be missing); kept as printed."
    ],
}

# A line that is only a label ("a.", "(CE-9):") belongs with the next line.
LABEL_RE = r"\([a-z]\)|\([ivx]{1,4}\)|[a-z]\.|[ivx]{1,4}\.|\d{1,2}\."
LABEL_ONLY = re.compile(rf"^({LABEL_RE}|\(CE-\d+\):?)$")

CONTROL_HEADER = re.compile(r"^(?P<id>[A-Z]{2}-\d+):?\s+(?P<title>.+)$")
FAMILY_HEADER = re.compile(r"^###\s+4\.(?P<n>\d+)\s+(?P<title>.+)$")
CE_HEADER = re.compile(r"^\(CE-(?P<n>\d+)\):?\s*(?P<rest>.*)$")
CE_MARK = re.compile(r"^Control Enhancements:?$")
IRS_DEFINED = re.compile(r"^\(IRS-Defined\):\s*(?P<rest>.*)$")
GUIDANCE = re.compile(r"^Supplemental [Gg]uidance:\s*(?P<rest>.*)$")
# Other labelled paragraphs kept, with their label, in ``guidance`` or ``irs_defined``.
LABELLED_GUIDANCE = re.compile(r"^Supporting Guidance:\s*")
TREASURY = re.compile(r"^Treasury Directive:\s*")
# Unlabelled cross-reference paragraphs ("Additional requirements ... Section 3.3.6").
XREF = re.compile(
    r"^(Additional (requirements|information|VDI requirements)|Reference Secti|See Section"
    r"|More information)"
)
BULLET = re.compile(r"^[•▪●]\s*(?P<rest>.*)$")
PART = re.compile(rf"^(?P<label>{LABEL_RE})\s+(?P<rest>.*)$")
DISPLACED_LABEL = re.compile(r"^(?P<rest>[A-Z].*\S) (?P<label>[a-z]|\d{1,2})\.$")

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]


# --------------------------------------------------------------------------- text mending

SHORT_WORDS = {
    "a",
    "an",
    "am",
    "as",
    "at",
    "be",
    "by",
    "do",
    "go",
    "he",
    "if",
    "in",
    "is",
    "it",
    "me",
    "my",
    "no",
    "of",
    "on",
    "or",
    "so",
    "to",
    "up",
    "us",
    "we",
    "id",
    "ip",
    "os",
}


class Mender:
    """Mend words the PDF extraction split ("sy stem", "privil eges", "access ed").

    Two neighbouring fragments are joined only when the joined word occurs elsewhere in the
    publication and at least one fragment is not a word on its own (it is rare in the
    publication, or a short string that is not an English short word). Every join is logged.
    """

    def __init__(self, full_text: str) -> None:
        self.counts = Counter(w.lower() for w in re.findall(r"[A-Za-z]+", full_text))
        self.joins: Counter[str] = Counter()

    def is_fragment(self, w: str) -> bool:
        lw = w.lower()
        if len(lw) <= 2:
            return lw not in SHORT_WORDS
        return self.counts[lw] <= 3

    def is_word(self, w: str) -> bool:
        return self.counts[w.lower()] >= 2

    def join_score(self, left: str, right: str) -> int:
        a = re.search(r"[A-Za-z]+$", left)
        b = re.match(r"^[A-Za-z]+", right)
        if not a or not b:
            return 0
        # "Pattern-H iding": the left word is the last alphabetic run of the left token
        wa, wb = a.group(0), b.group(0)
        if wb[0].isupper() or f"{wa} {wb}".lower() in KEEP_APART:
            return 0  # "a U.S.": a word does not continue with a capital
        fa, fb = self.is_fragment(wa), self.is_fragment(wb)
        joined = (wa + wb).lower()
        # two fragments may form a word the publication prints only once (or only broken)
        known = self.counts[joined] >= (1 if fa and fb else 2) or joined in EXTRA_WORDS
        if not known:
            return 0
        if right[len(wb) : len(wb) + 1] == "-" and not (fa and fb):
            return 0  # "the re-authentication": "re-" is a prefix, not a fragment
        if not (fa or fb):
            return 0
        return 2 if (fa and fb) else 1

    def mend_words(self, text: str) -> str:
        tokens = text.split(" ")
        changed = True
        while changed:
            changed = False
            best = (0, -1)
            for i in range(len(tokens) - 1):
                score = self.join_score(tokens[i], tokens[i + 1])
                if score > best[0]:
                    best = (score, i)
            if best[0]:
                i = best[1]
                self.joins[f"{tokens[i]} {tokens[i + 1]}"] += 1
                tokens[i : i + 2] = [tokens[i] + tokens[i + 1]]
                changed = True
        return " ".join(tokens)


# Real word pairs the fragment rule would otherwise join.
KEEP_APART = {"time frames", "hot fixes"}
# Words the publication prints only broken ("Wh erever", "Pattern-H iding").
EXTRA_WORDS = {"wherever", "hiding", "corresponding"}

MENDER: Mender | None = None


def mend(text: str) -> str:
    """Join a paragraph's lines and mend PDF breaks, conservatively."""
    t = re.sub(r"[ \t\u00a0]+", " ", text).strip()
    t = re.sub(r"(\w) -(\w)", r"\1-\2", t)  # "agency -defined" -> "agency-defined"
    t = re.sub(r"(\w)- (?!(?:and|or|to)\b)(\w)", r"\1-\2", t)  # "non- organizational"
    t = re.sub(r"([\w)]) ([,;:])", r"\1\2", t)  # "policies ," -> "policies,"
    t = re.sub(r"(\w) \.(\s|$)", r"\1.\2", t)  # "account ." -> "account."
    t = re.sub(r"\( ", "(", t)
    t = re.sub(r" \)", ")", t)
    if MENDER is not None:
        t = MENDER.mend_words(t)
    return t


def mend_block(lines: list[str]) -> str:
    """Mend a paragraph that may contain bullet lines (kept on lines of their own)."""
    chunks: list[list[str]] = [[]]
    for ln in lines:
        if ln.startswith("• "):
            chunks.append([ln])
        else:
            chunks[-1].append(ln)
    out = [mend(" ".join(c)) for c in chunks if c]
    return "\n".join(o for o in out if o)


# --------------------------------------------------------------------------- structures


@dataclass
class PartB:
    label: str
    lines: list[str]
    style: str
    irs_defined: bool = False
    parts: list[PartB] = field(default_factory=list)


@dataclass
class EntryB:
    id: str
    title: str
    source: str
    number: int | None = None
    text_lines: list[str] = field(default_factory=list)
    parts: list[PartB] = field(default_factory=list)
    irs_defined: list[list[str]] = field(default_factory=list)
    guidance: list[list[str]] = field(default_factory=list)
    enhancements: list[EntryB] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    line_no: int = 0
    ce_heading: bool = False


def label_style_candidates(label: str) -> list[tuple[str, str]]:
    """(style, bare label) pairs a printed label can belong to."""
    if label.startswith("("):
        return [("paren", label[1:-1])]
    bare = label.rstrip(".")
    if bare.isdigit():
        return [("digit", bare)]
    cands = []
    if len(bare) == 1:
        cands.append(("alpha", bare))
    if bare in ROMAN:
        cands.append(("roman", bare))
    return cands


def successor(style: str, prev: str, new: str) -> bool:
    if style == "digit":
        return int(new) == int(prev) + 1
    if style in ("alpha", "paren"):
        return len(prev) == 1 and len(new) == 1 and ord(new) == ord(prev) + 1
    if style == "roman":
        return prev in ROMAN and new in ROMAN and ROMAN.index(new) == ROMAN.index(prev) + 1
    return False


def is_start(style: str, bare: str) -> bool:
    return bare in {"digit": ("1",), "alpha": ("a",), "paren": ("a",), "roman": ("i",)}[style]


class PartStack:
    """Nest labelled parts: a., 1., (a), i. ... by style and sequence."""

    def __init__(self, entry: EntryB, notes: list[str]) -> None:
        self.entry = entry
        self.stack: list[tuple[str, PartB]] = []  # (style, part)
        self.notes = notes

    def fits(self, label: str) -> bool:
        """Whether ``label`` continues the list (used for displaced labels)."""
        return self._place(label, dry=True) is not None

    def _place(self, label: str, dry: bool = False) -> tuple[int, str] | None:
        cands = label_style_candidates(label)
        if not cands:
            return None
        deepest_open = bool(self.stack) and " ".join(self.stack[-1][1].lines).rstrip().endswith(":")
        # a part ending with ':' announces sub-parts: prefer a new level
        if deepest_open:
            for style, bare in cands:
                if is_start(style, bare):
                    return (len(self.stack), style)
        for depth in range(len(self.stack) - 1, -1, -1):
            style, part = self.stack[depth]
            prev = part.label.strip("().")
            for cstyle, bare in cands:
                if cstyle == style and successor(style, prev, bare):
                    return (depth, style)
        for style, bare in cands:
            if is_start(style, bare) and style not in [s for s, _ in self.stack]:
                return (len(self.stack), style)
        if not self.stack:
            # first part of an entry with an unusual first label (RA-1 "d.", RA-3(1) "c.")
            return (0, cands[0][0])
        return None

    def add(self, label: str, rest: str) -> PartB | None:
        placed = self._place(label)
        if placed is None:
            return None
        depth, style = placed
        del self.stack[depth:]
        part = PartB(
            label=label.rstrip(".") if not label.startswith("(") else label,
            lines=[rest] if rest else [],
            style=style,
        )
        if depth == 0:
            self.entry.parts.append(part)
        else:
            self.stack[-1][1].parts.append(part)
        self.stack.append((style, part))
        return part

    def current(self) -> PartB | None:
        return self.stack[-1][1] if self.stack else None


# --------------------------------------------------------------------------- the table


@dataclass
class TableRow:
    id: str
    name: str
    xs: int
    reference: str | None
    new: bool


TABLE_HEADER_LINES = {
    "Control",
    "Number Control Name",
    "Control Name",
    "Enhancements",
    "Privacy-Related",
    "Physical",
    "Information",
    "Technology",
    "Security",
    "Reference",
    "Section",
}


def parse_control_table(lines: list[str]) -> dict[str, TableRow]:
    start = lines.index("Security and Privacy Control Table")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("*New to this revision"))
    rows: list[list[str]] = []
    for ln in lines[start + 1 : end]:
        s = ln.strip()
        if s in TABLE_HEADER_LINES:
            continue
        if re.match(r"^[A-Z]{2}-\d+ ", s):
            rows.append([s])
        elif rows:
            rows[-1].append(s)
    out: dict[str, TableRow] = {}
    for r in rows:
        text = mend(" ".join(r))
        m = re.match(r"^(?P<id>[A-Z]{2}-\d+) (?P<body>.*)$", text)
        assert m, text
        tokens = m.group("body").split(" ")
        xs = [i for i, t in enumerate(tokens) if t == "X"]
        name = " ".join(tokens[: xs[0]]) if xs else m.group("body")
        ref = " ".join(tokens[xs[-1] + 1 :]) if xs else ""
        # an X can also sit between the name words when the name wrapped (PT-1, SC-21)
        tail = [t for t in tokens[xs[0] : xs[-1] + 1] if t != "X"] if xs else []
        if tail:
            name = name + " " + " ".join(tail)
        # a name that wrapped over a page break ends up after the reference (PE-5 "Devices")
        rm = re.match(r"^(\d+(?:\.[A-Z0-9]+)+|Exhibit \d+|Need-to-Know)(?: (.*))?$", ref)
        if rm and rm.group(2):
            ref = rm.group(1)
            name = f"{name.rstrip('*').strip()} {rm.group(2)}" + ("*" if name.endswith("*") else "")
        new = name.endswith("*")
        out[m.group("id")] = TableRow(
            id=m.group("id"),
            name=name.rstrip("*").strip(),
            xs=len(xs),
            reference=ref or None,
            new=new,
        )
    return out


# --------------------------------------------------------------------------- Table 3

TABLE3_SKIP = {
    "800-53",
    "Control",
    "Control Name Evidentiary Documents (Artifacts) for Review",
    "Section",
}


def parse_table3(lines: list[str]) -> tuple[dict[str, list[str]], dict[str, str], list[str]]:
    """Artifacts per control id, the control name as Table 3 prints it, skipped rows."""
    start = next(
        i
        for i, ln in enumerate(lines)
        if ln.strip() == f"Table 3 {EN_DASH} SSR Evidentiary Documentation"
    )
    end = next(
        i
        for i in range(start, len(lines))
        if lines[i].startswith("If the agency does not submit all required")
    )
    rows: list[tuple[str, list[str], list[list[str]]]] = []  # id, name lines, bullets
    for ln in lines[start:end]:
        s = re.sub(r"\s+", " ", ln).strip()
        if s.startswith(f"Table 3 {EN_DASH}") or s in TABLE3_SKIP:
            continue
        m = re.match(r"^(?P<id>[A-Z]{2}-\d+|\d\.[A-Z]\.\d+)(?: (?P<rest>.*))?$", s)
        if m:
            rows.append((m.group("id"), [], []))
            s = m.group("rest") or ""
            if not s:
                continue
        rid, name, bullets = rows[-1]
        if "•" in s:
            before, *items = s.split("•")
            if before.strip():
                (bullets[-1] if bullets else name).append(before.strip())
            for it in items:
                bullets.append([it.strip()] if it.strip() else [])
        elif bullets:
            bullets[-1].append(s)
        else:
            name.append(s)
    artifacts: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    skipped: list[str] = []
    for rid, name, bullets in rows:
        if not re.match(r"^[A-Z]{2}-\d+$", rid):
            skipped.append(f"{rid} {mend(' '.join(name))}")
            continue
        names[rid] = mend(" ".join(name))
        artifacts[rid] = [mend(" ".join(b)) for b in bullets if b]
    return artifacts, names, skipped


# --------------------------------------------------------------------------- NIST OSCAL


def load_oscal(path: Path) -> dict[str, str]:
    cat = json.loads(path.read_text(encoding="utf-8"))["catalog"]
    ids: dict[str, str] = {}

    def walk(controls: list[dict[str, Any]]) -> None:
        for c in controls:
            ids[c["id"]] = c["title"]
            walk(c.get("controls", []))

    for g in cat.get("groups", []):
        walk(g.get("controls", []))
    walk(cat.get("controls", []))
    return ids


# NIST SP 800-53 Rev. 5 titles of the 14 Pub 1075 controls that neither baseline file holds
# (the baselines select only part of the catalog). Taken from the NIST SP 800-53 Rev. 5 control
# catalog and cross-checked against public renditions of its OSCAL version.
NIST_TITLES_OUTSIDE_BASELINES: dict[str, str] = {
    "AC-23": "Data Mining Protection",
    "AT-6": "Training Feedback",
    "AU-16": "Cross-organizational Audit Logging",
    "CA-8": "Penetration Testing",
    "CM-13": "Data Action Mapping",
    "CM-14": "Signed Components",
    "IA-9": "Service Identification and Authentication",
    "IR-9": "Information Spillage Response",
    "PM-1": "Information Security Program Plan",
    "PM-2": "Information Security Program Leadership Role",
    "PM-12": "Insider Threat Program",
    "PM-29": "Risk Management Program Leadership Roles",
    "SC-35": "External Malicious Code Identification",
    "SC-45": "System Time Synchronization",
}


def norm_title(t: str) -> str:
    t = t.lower().replace(EN_DASH, "-")
    t = re.sub(r"[,]", "", t)
    return re.sub(r"\s+", " ", t).strip()


# --------------------------------------------------------------------------- parsing §4


class Parser:
    def __init__(self, lines: list[tuple[int, str]], table: dict[str, TableRow]) -> None:
        self.lines = lines
        self.table = table
        self.families: dict[str, list[EntryB]] = {f: [] for f in FAMILIES}
        self.preambles: dict[str, list[str]] = {f: [] for f in FAMILIES}
        self.dropped: list[tuple[int, str, str]] = []
        self.warnings: list[str] = []
        self.fixes: list[str] = []

    @staticmethod
    def _is_marker(ln: str) -> bool:
        """Whether a line starts a new paragraph of its own (not a continuation)."""
        return bool(
            CONTROL_HEADER.match(ln)
            or CE_HEADER.match(ln)
            or CE_MARK.match(ln)
            or IRS_DEFINED.match(ln)
            or GUIDANCE.match(ln)
            or PART.match(ln)
            or FAMILY_HEADER.match(ln)
            or XREF.match(ln)
        )

    def run(self) -> None:
        family: str | None = None
        control: EntryB | None = None
        target: EntryB | None = None  # the control or its current enhancement
        stack: PartStack | None = None
        mode = "none"  # statement | irs | guidance | xref
        para: list[str] | None = None  # the paragraph lines being filled (irs/guidance/xref)
        in_section_40 = True
        i = 0
        lines = self.lines
        while i < len(lines):
            no, ln = lines[i]
            i += 1
            fm = FAMILY_HEADER.match(ln)
            if fm:
                n = int(fm.group("n"))
                if n == 0:
                    in_section_40 = True
                    continue
                in_section_40 = False
                family = next(f for f, (sec, _) in FAMILIES.items() if sec == f"4.{n}")
                control = target = None
                stack = None
                mode = "preamble"
                # a family title that wrapped ("### 4.15 ... PROCESSING AND" / "TRANSPARENCY")
                if i < len(lines) and re.fullmatch(r"[A-Z ]+", lines[i][1]):
                    self.dropped.append((lines[i][0], lines[i][1], "family title continued"))
                    i += 1
                continue
            if in_section_40:
                self.dropped.append((no, ln, "§4.0 introduction (catalog.yaml description)"))
                continue
            assert family is not None
            cm = CONTROL_HEADER.match(ln)
            if cm and cm.group("id") in self.table and cm.group("id").startswith(family):
                cid = cm.group("id")
                title = cm.group("title").strip()
                # a title that wrapped onto the next line (PT-1, SC-21): complete it when the
                # control table confirms the longer title
                if i < len(lines) and not PART.match(lines[i][1]):
                    longer = f"{title} {lines[i][1].strip()}"
                    if norm_title(longer) == norm_title(self.table[cid].name):
                        title = longer
                        i += 1
                control = EntryB(
                    id=cid,
                    title=title,
                    source=f"{EDITION} §{FAMILIES[family][0]} {cid}",
                    line_no=no,
                )
                self.families[family].append(control)
                target = control
                stack = PartStack(control, control.notes)
                mode = "statement"
                para = None
                continue
            if mode == "preamble":
                self.preambles[family].append(ln)
                continue
            assert control is not None and target is not None and stack is not None
            if CE_MARK.match(ln):
                self.dropped.append((no, ln, "'Control Enhancements' heading"))
                control.ce_heading = True
                mode = "after_ce_mark"
                para = None
                continue
            ce = CE_HEADER.match(ln)
            if ce:
                rest = ce.group("rest")
                # the title wrapped before its colon: "(CE-2) Coordin" / "ation with ...:"
                if ":" not in rest and i < len(lines):
                    nxt = lines[i][1]
                    if ":" in nxt and not self._is_marker(nxt):
                        rest = f"{rest} {nxt}"
                        i += 1
                if ":" in rest:
                    title, text = rest.split(":", 1)
                else:
                    title, text = rest, ""
                n = int(ce.group("n"))
                enh = EntryB(
                    id=f"{control.id}({n})",
                    title=mend(title),
                    number=n,
                    source=f"{control.source} (CE-{n})",
                    line_no=no,
                )
                if text.strip():
                    enh.text_lines.append(text.strip())
                control.enhancements.append(enh)
                target = enh
                stack = PartStack(enh, enh.notes)
                mode = "statement"
                para = None
                continue
            irs = IRS_DEFINED.match(ln)
            if irs:
                if mode == "after_ce_mark" and target is control:
                    control.notes.append(
                        "The source prints IRS-Defined requirements under a 'Control "
                        "Enhancements' heading without a CE number; they are kept on the control."
                    )
                para = [irs.group("rest")]
                target.irs_defined.append(para)
                mode = "irs"
                continue
            tr = TREASURY.match(ln)
            if tr:
                para = [ln]
                target.irs_defined.append(para)
                target.notes.append(
                    "The 'Treasury Directive:' paragraph is kept in irs_defined with its label: "
                    "§4.0 says IRS and Treasury defined requirements are marked IRS-Defined, "
                    "and the catalog model has no separate field for Treasury directives."
                )
                mode = "irs"
                continue
            g = GUIDANCE.match(ln)
            if g:
                para = [g.group("rest")]
                target.guidance.append(para)
                mode = "guidance"
                continue
            if LABELLED_GUIDANCE.match(ln):
                para = [ln]
                target.guidance.append(para)
                if not any("Supporting Guidance" in n for n in target.notes):
                    target.notes.append(
                        "Paragraphs labelled 'Supporting Guidance:' in the source are kept in "
                        "guidance with their label."
                    )
                mode = "guidance"
                continue
            if XREF.match(ln):
                para = [ln]
                # cross-references follow the statement, its IRS-Defined paragraphs or the
                # control as a whole; the model has no field for them: keep them in guidance
                owner = target
                owner.guidance.append(para)
                note = (
                    "Unlabelled cross-reference paragraphs of the source ('Additional "
                    "requirements ...', 'See Section ...', 'Reference Section ...') are kept "
                    "in guidance."
                )
                if note not in owner.notes:
                    owner.notes.append(note)
                mode = "xref"
                continue
            if mode in ("irs", "guidance", "xref"):
                assert para is not None
                b = BULLET.match(ln)
                para.append(f"• {b.group('rest')}" if b else ln)
                if mode == "guidance" and PART.match(ln):
                    self.warnings.append(f"{no}: labelled line inside guidance: {ln}")
                continue
            if mode == "after_ce_mark":
                self.warnings.append(f"{no}: text after 'Control Enhancements' heading: {ln}")
                mode = "statement"
            # statement text / parts
            pm = PART.match(ln)
            if pm:
                part = stack.add(pm.group("label"), pm.group("rest"))
                if part is not None:
                    continue
                self.warnings.append(f"{no}: label not placed, kept as text: {ln}")
            dm = DISPLACED_LABEL.match(ln)
            if dm and stack.current() is not None and stack.fits(dm.group("label") + "."):
                stack.add(dm.group("label") + ".", dm.group("rest"))
                self.fixes.append(
                    f"{no}: label '{dm.group('label')}.' printed at the end of the line moved to "
                    f"its start ({target.id})"
                )
                target.notes.append(
                    f"In the source the label '{dm.group('label')}.' is printed at the end of the "
                    f"first line of its part (PDF layout); read as the start of part "
                    f"{dm.group('label')}."
                )
                continue
            cur = stack.current()
            b = BULLET.match(ln)
            text_ln = f"• {b.group('rest')}" if b else ln
            if cur is not None:
                cur.lines.append(text_ln)
            else:
                target.text_lines.append(text_ln)


# --------------------------------------------------------------------------- parameters

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "twenty": 20,
    "twenty-four": 24,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
}
_NW = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
UNIT_WORDS = (
    r"minutes?|hours?|business days?|calendar days?|days?|weeks?|months?|years?|characters?"
    r"|digits?|generations|attempts?"
)
NUMBER_UNIT = re.compile(
    rf"\b(?:(?P<w>{_NW})\s*\((?P<d>\d+)\)|(?P<n>\d+)|(?P<w2>{_NW}))"
    rf"(?P<gap>(?:[\s-]+(?:consecutive,?|invalid|unsuccessful|device|logon|or more))*)"
    rf"[\s-]+(?P<unit>{UNIT_WORDS})\b",
    re.I,
)
FREQ_WORDS = {
    "semi-annually": (6, "months"),
    "annually": (1, "years"),
    "annual basis": (1, "years"),
    "quarterly": (3, "months"),
    "monthly": (1, "months"),
    "weekly": (1, "weeks"),
    "daily": (1, "days"),
}
FREQ = re.compile(
    r"\b(semi-annually|annually|annual basis|quarterly|monthly|weekly|daily)\b"
    r"(?! power)",
    re.I,
)

STOP = {
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "for",
    "to",
    "in",
    "on",
    "at",
    "by",
    "with",
    "within",
    "from",
    "that",
    "this",
    "these",
    "those",
    "all",
    "any",
    "each",
    "its",
    "their",
    "be",
    "is",
    "are",
    "must",
    "shall",
    "will",
    "should",
    "as",
    "than",
    "least",
    "minimum",
    "no",
    "less",
    "more",
    "once",
    "every",
    "after",
    "before",
    "prior",
    "upon",
    "when",
    "if",
    "such",
    "other",
    "following",
    "agency",
    "designated",
    "current",
    "period",
    "basis",
    "not",
    "only",
    "but",
    "thereafter",
    "i",
    "e",
    "g",
    "has",
    "have",
    "been",
    "there",
    "which",
    "who",
    "can",
    "may",
    "into",
    "via",
    "using",
    "used",
    "case",
    "significant",
    "change",
    "necessary",
    "ensure",
    "require",
    "requires",
    "required",
    "implement",
    "employ",
    "provide",
    "define",
}

# Names for parameters where the word heuristic reads poorly: (entry id, applies_to, unit) or
# (entry id, applies_to, unit, value) -> name. applies_to None: a statement without parts.
NAME_OVERRIDES: dict[tuple[Any, ...], str] = {
    ("AC-2", "h.1", "hours"): "notify_account_no_longer_required",
    ("AC-2", "h.2", "hours"): "notify_user_terminated_or_transferred",
    ("AC-2", "h.3", "hours"): "notify_need_to_know_changed",
    ("AC-2(2)", "CE-2", "business days"): "temporary_account_removal",
    ("AC-2", "j", "years"): "user_account_review_frequency",
    ("AC-2", "j", "months"): "privileged_account_review_frequency",
    ("AC-2(3)", "CE-3", "days"): "disable_accounts_deadline",
    ("AC-2(3)", "CE-3.d", "days", 120): "inactivity_limit_non_privileged_accounts",
    ("AC-2(3)", "CE-3.d", "days", 60): "inactivity_limit_privileged_accounts",
    ("AC-2(13)", "CE-13", "days"): "disable_high_risk_accounts_deadline",
    ("AC-6(7)", "CE-7.a", "years"): "privilege_review_frequency",
    ("AC-7", "a", "attempts"): "invalid_logon_attempts_limit",
    ("AC-7", "a", "minutes"): "invalid_logon_attempt_window",
    ("AC-7", "b", "minutes"): "account_lockout_duration",
    ("AC-7(2)", "CE-2", "attempts"): "device_wipe_after_failed_logons",
    ("AC-11", "a", "minutes"): "device_lock_inactivity_timeout",
    ("AC-12", None, "minutes"): "session_inactivity_timeout",
    ("AC-22", "d", "months"): "public_content_review_frequency",
    ("AT-2", "a.1", "years"): "awareness_training_frequency",
    ("AT-2", "c", "years"): "literacy_training_content_update_frequency",
    ("AT-2(3)", "CE-3 IRS-Defined 2", "months"): "awareness_reminders_frequency",
    ("AT-2(3)", "CE-3 IRS-Defined 3", "months"): "phishing_simulation_frequency",
    ("AT-3", "a.1", "years"): "role_based_training_frequency",
    ("AT-3", "b", "years"): "role_based_training_content_update_frequency",
    ("AT-4", "b", "years"): "training_records_retention",
    ("AT-6", None, "years"): "training_feedback_frequency",
    ("AU-2", "e", "years"): "event_types_review_frequency",
    ("AU-5(1)", "CE-1", "hours"): "storage_capacity_warning_deadline",
    ("AU-6", "a", "weeks"): "audit_review_frequency",
    ("AU-11", None, "years"): "audit_record_retention",
    ("CA-2", "d", "years"): "control_assessment_frequency",
    ("CA-3", "c", "years"): "interconnection_review_frequency",
    ("CA-5", "b", "months"): "poam_update_frequency",
    ("CA-5", "IRS-Defined 2", "months"): "poam_new_weakness_entry_deadline",
    ("CA-6", "e", "years"): "authorization_update_frequency",
    ("CA-7", "b", "years"): "monitoring_and_assessment_frequency",
    ("CA-7", "g", "years"): "security_status_reporting_frequency",
    ("CA-8", None, "years"): "penetration_testing_frequency",
    ("CA-9", "d", "years"): "internal_connection_review_frequency",
    ("CM-2", "b.1", "years"): "baseline_configuration_review_frequency",
    ("CM-3", "e", "years"): "change_records_retention",
    ("CM-3", "g", "months"): "configuration_control_board_frequency",
    ("CM-5(5)", "CE-5.b", "months"): "privilege_review_frequency",
    ("CM-7(1)", "CE-1.a", "years"): "functionality_review_frequency",
    ("CM-7(5)", "CE-5.c", "years"): "authorized_software_list_review_frequency",
    ("CM-7(9)", "CE-9.c", "years"): "authorized_hardware_list_review_frequency",
    ("CM-8", "b", "years"): "inventory_review_frequency",
    ("CM-11", "c", "years"): "policy_compliance_monitoring_frequency",
    ("CP-2", "d", "years"): "contingency_plan_review_frequency",
    ("CP-3", "a.1", "days"): "contingency_training_deadline",
    ("CP-3", "a.3", "years"): "contingency_training_frequency",
    ("CP-3", "b", "years"): "contingency_training_content_review_frequency",
    ("CP-4", "a", "years"): "contingency_plan_test_frequency",
    ("CP-9", "a", "weeks"): "user_level_backup_frequency",
    ("CP-9", "b", "weeks"): "system_level_backup_frequency",
    ("CP-9", "c", "weeks"): "documentation_backup_frequency",
    ("IA-5", "f", "days", 90): "authenticator_refresh_user_accounts",
    ("IA-5", "f", "days", 366): "authenticator_refresh_service_accounts",
    ("IA-5(1)", "CE-1.a", "years"): "compromised_password_list_update_frequency",
    ("IA-5(1)", "CE-1.h.1", "characters"): "password_min_length",
    ("IA-5(1)", "CE-1.h.3", "characters"): "password_min_characters_changed",
    ("IA-5(1)", "CE-1.h.5.i", "days", 1): "password_min_lifetime",
    ("IA-5(1)", "CE-1.h.5.i", "days", 90): "password_max_lifetime",
    ("IA-5(1)", "CE-1.h.5.ii", "days"): "service_account_password_max_lifetime",
    ("IA-5(1)", "CE-1.h.6.i", "generations"): "password_history_generations",
    ("IA-5(1)", "CE-1.h.6.ii", "months"): "password_reuse_period",
    ("IA-5(1)", "CE-1 IRS-Defined 2", "digits"): "pin_min_length",
    ("IR-2", "a.1", "days"): "incident_response_training_deadline",
    ("IR-2", "a.3", "years"): "incident_response_training_frequency",
    ("IR-2", "b", "years"): "incident_response_training_content_review_frequency",
    ("IR-3", None, "years"): "incident_response_test_frequency",
    ("IR-6", "b", "hours"): "incident_reporting_deadline",
    ("IR-8", "a.9", "years"): "incident_response_plan_review_frequency",
    ("MA-3", "b", "years"): "maintenance_tools_review_frequency",
    ("PE-2", "c", "years"): "access_list_review_frequency",
    ("PE-3", "f", "months"): "physical_access_device_inventory_frequency",
    ("PE-3", "g", "years"): "combination_and_key_change_frequency",
    ("PE-3(2)", "CE-2", "days"): "perimeter_security_check_frequency",
    ("PE-6", "b", "months"): "physical_access_log_review_frequency",
    ("PE-8", "a", "years"): "visitor_records_retention",
    ("PE-8", "b", "months"): "visitor_records_review_frequency",
    ("PL-2", "c", "years"): "plan_review_frequency",
    ("PL-4", "c", "years"): "rules_of_behavior_review_frequency",
    ("PL-8", "b", "years"): "architecture_review_frequency",
    ("PM-1", "b", "years"): "program_plan_review_frequency",
    ("PM-9", "c", "years"): "risk_management_strategy_review_frequency",
    ("PM-18", "b", "years"): "policy_and_procedures_review_frequency",
    ("PM-21", "b", "years"): "disclosure_accounting_retention",
    ("PS-3", "b", "years"): "rescreening_frequency",
    ("PS-4", "a", "business days"): "disable_access_deadline",
    ("PS-5", "b", "business days"): "transfer_action_deadline",
    ("PS-5", "d", "business days"): "transfer_notification_deadline",
    ("PS-6", "b", "years"): "access_agreement_review_frequency",
    ("PS-6", "c.2", "years"): "access_agreement_resign_frequency",
    ("PS-7", "d", "business days"): "external_personnel_change_notification_deadline",
    ("PS-8", "b", "hours"): "sanctions_notification_deadline",
    ("RA-3", "d", "years"): "risk_assessment_review_frequency",
    ("RA-3", "f", "years"): "risk_assessment_update_frequency",
    ("RA-3(1)", "CE-1.d", "years"): "supply_chain_risk_assessment_update_frequency",
    ("RA-5", "a", "days"): "vulnerability_scan_frequency",
    ("RA-5(2)", "CE-2", "days"): "vulnerabilities_update_frequency",
    ("RA-8", "b.2", "individuals"): "information_collection_threshold",
    ("SA-4(12)", "CE-12.b", "calendar days"): "data_return_deadline",
    ("SA-15", "b", "years"): "development_process_review_frequency",
    ("SC-7(4)", "CE-4.e", "months"): "traffic_flow_exceptions_review_frequency",
    ("SC-7(7)", "CE-7.b", "months"): "split_tunneling_audit_frequency",
    ("SC-7(10)", "CE-10.b", "months"): "exfiltration_test_frequency",
    ("SC-7(18)", "CE-18 IRS-Defined 2", "business days"): "malicious_site_blocking_deadline",
    ("SC-10", None, "minutes"): "network_session_inactivity_timeout",
    ("SC-45(1)", "CE-1.a", "days"): "clock_comparison_frequency",
    ("SI-2(2)", "CE-2", "months"): "flaw_remediation_status_check_frequency",
    ("SI-2(2)", "CE-2", "days"): "workstation_flaw_status_check_frequency",
    ("SI-2(6)", "CE-6 IRS-Defined 1", "hours"): "patch_check_frequency",
    ("SI-3", "c.1", "weeks"): "external_file_scan_frequency",
    ("SI-3", "IRS-Defined 2", "days"): "malicious_code_tool_update_check_frequency",
    ("SI-4", "g", "weeks"): "monitoring_output_frequency",
    ("SI-4(24)", "CE-24 IRS-Defined 1", "years"): "traffic_header_retention",
    ("SI-7(1)", "CE-1", "years"): "integrity_check_frequency",
    ("SI-8(2)", "CE-2", "months"): "spam_protection_update_frequency",
    ("SR-2", "b", "years"): "scrm_plan_review_frequency",
    ("SR-6", None, "years"): "supplier_assessment_frequency",
}


@dataclass
class Fragment:
    text: str
    applies_to: str | None
    irs: bool
    parent_text: str = ""


def iter_fragments(entry: dict[str, Any], prefix: str | None) -> list[Fragment]:
    out: list[Fragment] = []
    if entry.get("text"):
        out.append(Fragment(entry["text"], prefix, False))

    def walk(parts: list[dict[str, Any]], path: list[str], parent: str) -> None:
        for p in parts:
            label = p["label"].strip("()")
            pth = [*path, label]
            at = ".".join(pth)
            if prefix:
                at = f"{prefix}.{at}"
            out.append(Fragment(p["text"], at, bool(p.get("irs_defined")), parent))
            walk(p.get("parts", []), pth, p["text"])

    walk(entry.get("parts", []), [], entry.get("text") or "")
    for k, t in enumerate(entry.get("irs_defined", []), 1):
        at = f"IRS-Defined {k}" if not prefix else f"{prefix} IRS-Defined {k}"
        out.append(Fragment(t, at, True))
    return out


def words_of(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP and len(w) > 1]


def heuristic_name(frag: Fragment, start: int, unit: str, kind: str) -> str:
    before = frag.text[:start]
    # the clause: from the last ';' or sentence end before the value
    before = re.split(r"[;:]|\. ", before)[-1]
    ws = words_of(before)
    if len(ws) < 2:
        ws = words_of(re.split(r"[;]|\. ", frag.parent_text)[-1]) + ws
    if len(ws) < 2:
        ws = ws + words_of(frag.text[start:])[1:3]
    core = "_".join(ws[:3]) or "value"
    suffix = {
        "frequency": "frequency",
        "duration": unit.replace(" ", "_"),
        "count": unit,
    }[kind]
    return f"{core}_{suffix}"


def quote_for(text: str, start: int, end: int) -> str:
    if len(text) <= 220:
        return text
    # the sentence or clause around the value
    left = max(text.rfind("; ", 0, start), text.rfind(". ", 0, start))
    right_candidates = [p for p in (text.find("; ", end), text.find(". ", end)) if p != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    q = text[left + 2 if left != -1 else 0 : right].strip()
    if len(q) > 260:
        # a window of words around the value, cut at word boundaries
        left_words = text[:start].split(" ")
        right_words = text[end:].split(" ")
        q = (" ".join(left_words[-12:]) + text[start:end] + " ".join(right_words[:13])).strip()
    return q


def extract_parameters(
    entry: dict[str, Any], prefix: str | None, unresolved: list[str]
) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = []
    seen: set[tuple[str | None, Any, str]] = set()
    eid = entry["id"]
    for frag in iter_fragments(entry, prefix):
        found: list[tuple[int, int, Any, str, str]] = []  # start, end, value, unit, kind
        for m in NUMBER_UNIT.finditer(frag.text):
            if m.group("d"):
                value = int(m.group("d"))
            elif m.group("n"):
                value = int(m.group("n"))
            else:
                value = NUMBER_WORDS[(m.group("w2") or "").lower()]
            unit = m.group("unit").lower()
            if not unit.endswith("s"):
                unit += "s"  # units are plural throughout: "one (1) day" -> 1 days
            pre = frag.text[max(0, m.start() - 20) : m.start()].lower()
            kind = "frequency" if re.search(r"every\s*$|once every\s*$", pre) else "duration"
            if unit in ("characters", "character", "digits", "generations", "attempts"):
                kind = "count"
            if "or more" in (m.group("gap") or ""):
                continue
            found.append((m.start(), m.end(), value, unit, kind))
        for m in FREQ.finditer(frag.text):
            value, unit = FREQ_WORDS[m.group(1).lower()]
            found.append((m.start(), m.end(), value, unit, "frequency"))
        # RA-8: "ten or more individuals" is a count threshold
        for m in re.finditer(r"\b(ten) or more individuals\b", frag.text):
            found.append((m.start(), m.end(), NUMBER_WORDS[m.group(1)], "individuals", "count"))
        found.sort()
        for start, end, value, unit, kind in found:
            key = (frag.applies_to, value, unit)
            if key in seen:
                continue  # the same value restated in the same part (IA-5(1) PIN "8 digits")
            seen.add(key)
            name = NAME_OVERRIDES.get((eid, frag.applies_to, unit, value)) or NAME_OVERRIDES.get(
                (eid, frag.applies_to, unit)
            )
            heuristic = name is None
            if name is None:
                name = heuristic_name(frag, start, unit, kind)
            params.append(
                {
                    "name": name,
                    "value": value,
                    "unit": unit,
                    "applies_to": frag.applies_to,
                    "irs_defined": frag.irs,
                    "quote": quote_for(frag.text, start, end),
                    "_kind": kind,
                    "_heuristic": heuristic,
                }
            )
    # -1 controls: the policy and procedures review frequencies
    for p in params:
        at = p["applies_to"] or ""
        if re.search(r"\b(Policy|Policies) every\b", p["quote"]) and at.endswith(".1"):
            p["name"] = "policy_review_frequency"
        elif p["quote"].startswith("Procedures every") and at.endswith(".2"):
            p["name"] = "procedures_review_frequency"
    # names unique within the entry
    counts = Counter(p["name"] for p in params)
    for p in params:
        if counts[p["name"]] > 1:
            suffix = re.sub(r"[^a-z0-9]+", "_", (p["applies_to"] or "text").lower()).strip("_")
            p["name"] = f"{p['name']}_{suffix}"
    counts = Counter(p["name"] for p in params)
    for name, c in counts.items():
        if c > 1:
            k = 0
            for p in params:
                if p["name"] == name:
                    k += 1
                    p["name"] = f"{name}_{k}"
    for p in params:
        tag = "heuristic" if p["_heuristic"] else "override "
        unresolved.append(
            f"{tag} {eid} {p['applies_to']}: {p['name']} = {p['value']} "
            f"{p['unit']} | {p['quote'][:90]}"
        )
    return params


# review_cadence rule. An entry's cadence is the shortest frequency among its own parameters
# (a control's, or an enhancement's) that are frequencies of reviewing, updating, assessing,
# testing, scanning, monitoring or rescreening something -- e.g. "-1" controls: "Review and
# update the current ... policy every three (3) years" -> 3 years, basis
# policy_review_frequency; CM-5(5) "Review and reevaluate privileges semi-annually" -> 6 months.
# Frequencies of other activities (backups, training) and all durations (retention,
# deadlines, time-outs) do not count. Without such a parameter a control's cadence is the
# default annual review: {value: 1, unit: years, basis: default}, and an enhancement has none
# of its own (it takes its control's).
# every inflection counts: "Conduct penetration testing every 3 years" is a testing frequency
CADENCE_WORDS = re.compile(
    r"\b(review(?:s|ed|ing)?|updat(?:e|es|ed|ing)|assess(?:es|ed|ing|ments?)?|test(?:s|ed|ing)?"
    r"|scan(?:s|ned|ning)?|rescreen(?:s|ed|ing)?|monitor(?:s|ed|ing)?|inspect(?:s|ed|ing|ions?)?)\b",
    re.I,
)
UNIT_DAYS = {"hours": 1 / 24, "days": 1, "weeks": 7, "months": 30.4, "years": 365.25}


def review_cadence(entry: dict[str, Any], fragments_text: dict[str | None, str]) -> dict[str, Any]:
    best: tuple[float, dict[str, Any]] | None = None
    for p in entry.get("parameters", []):
        if p.get("_kind") != "frequency" or p["unit"] not in UNIT_DAYS:
            continue
        context = fragments_text.get(p["applies_to"], "") + " " + p["quote"]
        if not CADENCE_WORDS.search(context):
            continue
        days = p["value"] * UNIT_DAYS[p["unit"]]
        if best is None or days < best[0]:
            best = (days, {"value": p["value"], "unit": p["unit"], "basis": p["name"]})
    return best[1] if best else {"value": 1, "unit": "years", "basis": "default"}


# --------------------------------------------------------------------------- output


def part_dict(p: PartB) -> dict[str, Any]:
    d: dict[str, Any] = {"label": p.label, "text": mend_block(p.lines)}
    if p.irs_defined:
        d["irs_defined"] = True
    if p.parts:
        d["parts"] = [part_dict(c) for c in p.parts]
    return d


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


class Dumper(yaml.SafeDumper):
    pass


Dumper.add_representer(str, _str_representer)


def dump_yaml(data: Any, header: list[str]) -> str:
    body = yaml.dump(
        data,
        Dumper=Dumper,
        sort_keys=False,
        width=100,
        allow_unicode=True,
        default_flow_style=False,
    )
    return "".join(f"# {h}\n" if h else "#\n" for h in header) + body


def strip_private(d: Any) -> Any:
    if isinstance(d, dict):
        return {k: strip_private(v) for k, v in d.items() if not k.startswith("_")}
    if isinstance(d, list):
        return [strip_private(v) for v in d]
    return d


ENTRY_ORDER = [
    "id",
    "title",
    "nist_title",
    "source",
    "number",
    "text",
    "parts",
    "irs_defined",
    "guidance",
    "parameters",
    "review_cadence",
    "flags",
    "reference_section",
    "nist_baselines",
    "enhancements",
    "expected_artifacts",
    "related",
    "notes",
]


def ordered(entry: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in ENTRY_ORDER:
        if k not in entry:
            continue
        v = entry[k]
        if v is None and k != "nist_baselines":
            continue
        if v is None:
            continue
        if isinstance(v, list) and not v and k != "nist_baselines":
            continue
        if k == "parameters":
            v = [{kk: vv for kk, vv in p.items() if vv is not None and vv is not False} for p in v]
        if k == "enhancements":
            v = [ordered(e) for e in v]
        out[k] = v
    return out


# --------------------------------------------------------------------------- main

CONVENTIONS = [
    "How the text was read (see tools/extract_pub1075.py):",
    "- text, parts, irs_defined and guidance are the words of §4, joined across lines; words",
    "  the PDF extraction split ('sy stem') are mended; labels are kept as printed.",
    "- (IRS-Defined) and Supplemental Guidance paragraphs belong to the control or enhancement",
    "  under which they are printed; unlabelled cross-references ('Additional requirements",
    "  ...', 'See Section ...') are kept in guidance.",
    "- flags come from the Security and Privacy Control Table, whose columns the text does",
    "  not keep: each entry's notes say how its X's were read.",
    "- parameters: the periods, counts and frequencies each statement states; review_cadence:",
    "  the shortest review/update/assess/test/scan/rescreen frequency the entry states; a",
    "  control stating none is annual (basis: default), an enhancement stating none has no",
    "  review_cadence and takes its control's.",
    "- expected_artifacts: Table 3 of §2.E.4.1 (SSR evidentiary documentation).",
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", required=True, type=Path)
    ap.add_argument("--nist-dir", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--report", action="store_true", help="print dropped lines, mends, notes")
    args = ap.parse_args(argv)

    global MENDER
    full = args.source.read_text(encoding="utf-8")
    MENDER = Mender(full)
    all_lines = [ln.replace("\t", " ").rstrip() for ln in full.split("\n")]

    table = parse_control_table(all_lines)
    artifacts, t3_names, t3_skipped = parse_table3(all_lines)
    moderate = load_oscal(args.nist_dir / "nist-800-53r5-moderate-resolved-catalog.json")
    privacy = load_oscal(args.nist_dir / "nist-800-53r5-privacy-resolved-catalog.json")
    nist_titles = {**privacy, **moderate}

    start = next(i for i, ln in enumerate(all_lines) if ln.startswith("### 4.0 NIST 800-53"))
    sr = next(i for i in range(start, len(all_lines)) if all_lines[i].startswith("### 4.20 "))
    end = next(i for i in range(sr, len(all_lines)) if all_lines[i].startswith("Exhibit 1 "))

    dropped: list[tuple[int, str, str]] = []
    fixes: list[str] = []
    section: list[tuple[int, str]] = []
    pending_fixes = {src: (rep, why) for src, rep, why in LINE_FIXES}
    applied: Counter[str] = Counter()
    for idx in range(start, end):
        no, ln = idx + 1, all_lines[idx]
        if ln in pending_fixes:
            rep, why = pending_fixes[ln]
            applied[ln] += 1
            fixes.append(f"{no}: {why}")
            if rep is None:
                dropped.append((no, ln, why))
                continue
            ln = rep
        if any(p.match(ln) for p in NOISE):
            dropped.append((no, ln, "page furniture / empty"))
            continue
        section.append((no, ln.strip()))
    missing = [s for s, _, _ in LINE_FIXES if applied[s] != 1]
    if missing:
        print(f"error: LINE_FIXES not applied exactly once: {missing}", file=sys.stderr)
        return 1

    # merge split lines: "Contro" + "l Enhancements:", label-only lines with their text
    merged: list[tuple[int, str]] = []
    k = 0
    while k < len(section):
        no, ln = section[k]
        if k + 1 < len(section):
            nxt = section[k + 1][1]
            if CE_MARK.match(ln + nxt) and not CE_MARK.match(ln):
                merged.append((no, ln + nxt))
                fixes.append(f"{no}: '{ln}' + '{nxt}' joined (split heading)")
                k += 2
                continue
            if LABEL_ONLY.match(ln):
                merged.append((no, f"{ln} {nxt}"))
                fixes.append(f"{no}: label '{ln}' joined with the next line")
                k += 2
                continue
        merged.append((no, ln))
        k += 1

    parser = Parser(merged, table)
    parser.run()
    found = [c.id for entries in parser.families.values() for c in entries]
    if found != list(table):
        print(
            "error: §4 controls differ from the Security and Privacy Control Table: "
            f"{sorted(set(found) ^ set(table))}",
            file=sys.stderr,
        )
        return 1
    dropped += parser.dropped
    fixes += parser.fixes

    # ---- build entries
    unresolved: list[str] = []
    all_notes: list[str] = []
    counts: dict[str, tuple[int, int]] = {}
    total_params = 0
    args.out.mkdir(parents=True, exist_ok=True)

    def entry_dict(e: EntryB) -> dict[str, Any]:
        d: dict[str, Any] = {"id": e.id, "title": e.title, "source": e.source}
        if e.number is not None:
            d["number"] = e.number
        text = mend_block(e.text_lines) if e.text_lines else None
        d["text"] = text or None
        d["parts"] = [part_dict(p) for p in e.parts]
        d["irs_defined"] = [mend_block(p) for p in e.irs_defined]
        d["guidance"] = [mend_block(p) for p in e.guidance]
        d["notes"] = list(e.notes) + SOURCE_NOTES.get(e.id, [])
        return d

    for fam, entries in parser.families.items():
        out_entries: list[dict[str, Any]] = []
        for c in entries:
            d = entry_dict(c)
            row = table[c.id]
            nid = c.id.lower()
            # NIST title and baselines
            nt = nist_titles.get(nid)
            if nt is None:
                nt = NIST_TITLES_OUTSIDE_BASELINES.get(c.id)
                if nt is not None:
                    d["notes"].append(
                        "In neither NIST baseline file; the NIST title is taken from "
                        "the full NIST SP 800-53 Rev. 5 catalog."
                    )
            if nt is None:
                d["notes"].append(
                    "The NIST SP 800-53 Rev. 5 title was not checked: the control "
                    "is in neither NIST baseline file."
                )
            elif norm_title(nt) != norm_title(c.title):
                d["nist_title"] = nt
            d["nist_baselines"] = [
                b for b, ids in (("moderate", moderate), ("privacy", privacy)) if nid in ids
            ]
            # the control table
            has_ce = bool(c.enhancements)
            flags, flag_notes = table_flags(c.id, row, has_ce, c.ce_heading)
            d["flags"] = flags
            d["notes"] += flag_notes
            if row.reference:
                d["reference_section"] = row.reference
            if row.new:
                d["notes"].append(
                    "Marked '*' in the Security and Privacy Control Table: new to "
                    "this revision of Publication 1075 (Rev. 11-2021)."
                )
            if norm_title(row.name) != norm_title(c.title):
                d["notes"].append(
                    f"The Security and Privacy Control Table names it "
                    f"'{row.name}'; the §4 heading is used as the title."
                )
            # Table 3
            if c.id in artifacts:
                d["expected_artifacts"] = artifacts[c.id]
                if norm_title(t3_names[c.id]) != norm_title(c.title):
                    d["notes"].append(f"Table 3 (§2.E.4.1) names it '{t3_names[c.id]}'.")
            # parameters
            d["parameters"] = extract_parameters(d, None, unresolved)
            frag_text = {
                f.applies_to: f.parent_text + " " + f.text for f in iter_fragments(d, None)
            }
            d["review_cadence"] = review_cadence(d, frag_text)
            total_params += len(d["parameters"])
            # enhancements
            enh_out = []
            for e in c.enhancements:
                ed = entry_dict(e)
                eid = f"{nid}.{e.number}"
                ent = nist_titles.get(eid)
                if ent is None:
                    ed["notes"].append(
                        "The NIST SP 800-53 Rev. 5 title was not checked: the "
                        "enhancement is in neither NIST baseline file."
                    )
                elif norm_title(ent) != norm_title(e.title):
                    ed["nist_title"] = ent
                ed["nist_baselines"] = [
                    b for b, ids in (("moderate", moderate), ("privacy", privacy)) if eid in ids
                ]
                ed["parameters"] = extract_parameters(ed, f"CE-{e.number}", unresolved)
                # an enhancement stating its own review frequency has its own cadence;
                # one that states none takes its control's
                ed_frag_text = {
                    f.applies_to: f.parent_text + " " + f.text
                    for f in iter_fragments(ed, f"CE-{e.number}")
                }
                cadence = review_cadence(ed, ed_frag_text)
                if cadence["basis"] != "default":
                    ed["review_cadence"] = cadence
                total_params += len(ed["parameters"])
                enh_out.append(ed)
            d["enhancements"] = enh_out
            out_entries.append(d)
            all_notes += [f"{c.id}: {n}" for n in d["notes"]]
            for ed in enh_out:
                all_notes += [f"{ed['id']}: {n}" for n in ed["notes"]]
        counts[fam] = (len(entries), sum(len(c.enhancements) for c in entries))
        section_no, title = FAMILIES[fam]
        group = {
            "catalog": "pub1075",
            "group": fam,
            "title": title,
            "source": f"{EDITION} §{section_no}",
            "entries": [strip_private(ordered(e)) for e in out_entries],
        }
        header = [
            f"Generated by tools/extract_pub1075.py from IRS Publication 1075 Rev. 11-2021 "
            f"§{section_no}; do not edit by hand.",
            "Regenerate: python tools/extract_pub1075.py --source "
            "../shared/reference/pub1075-rev11-2021.txt --nist-dir ../shared/reference "
            "--out controls/pub1075",
        ]
        pre = mend(" ".join(parser.preambles[fam]))
        if pre:
            header += ["", f"§{section_no} introduction (the group model has no field for it):"]
            header += wrap_comment(pre)
        (args.out / f"{fam.lower()}.yaml").write_text(dump_yaml(group, header), encoding="utf-8")

    intro = [ln for no, ln, why in dropped if why.startswith("§4.0 introduction")]
    catalog = {
        "id": "pub1075",
        "title": "IRS Publication 1075 §4: NIST SP 800-53 Security and Privacy Controls",
        "version": "Rev. 11-2021",
        "source": "IRS Publication 1075, Tax Information Security Guidelines for Federal, State "
        "and Local Agencies, Rev. 11-2021, §4.0-§4.20",
        "id_format": "AC-2, AC-2(3)",
        "description": mend(" ".join(intro)),
    }
    (args.out / "catalog.yaml").write_text(
        dump_yaml(
            catalog,
            [
                "Generated by tools/extract_pub1075.py from IRS Publication 1075 Rev. 11-2021; "
                "do not edit by hand.",
                "Regenerate: python tools/extract_pub1075.py --source "
                "../shared/reference/pub1075-rev11-2021.txt --nist-dir ../shared/reference "
                "--out controls/pub1075",
                "",
                *CONVENTIONS,
            ],
        ),
        encoding="utf-8",
    )

    n_controls = sum(c for c, _ in counts.values())
    n_enh = sum(e for _, e in counts.values())
    print(f"{n_controls} controls, {n_enh} enhancements, {total_params} parameters")
    print(
        "per family (controls, enhancements): "
        + ", ".join(f"{f} {c}/{e}" for f, (c, e) in counts.items())
    )
    if t3_skipped:
        print("Table 3 rows for other catalogs, skipped: " + "; ".join(t3_skipped))
    if args.report:
        print("\n== dropped lines")
        for no, ln, why in dropped:
            print(f"{no}: [{why}] {ln}")
        print("\n== line fixes")
        print("\n".join(fixes))
        print("\n== word joins")
        assert MENDER is not None
        for j, c in sorted(MENDER.joins.items()):
            print(f"{c:3d}  {j}")
        print("\n== warnings")
        print("\n".join(parser.warnings))
        print("\n== parameter names from the heuristic")
        print("\n".join(unresolved))
        print("\n== notes")
        print("\n".join(all_notes))
    return 0


def wrap_comment(text: str, width: int = 96) -> list[str]:
    out, cur = [], ""
    for w in text.split(" "):
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        out.append(cur)
    return out


# --------------------------------------------------------------------------- flags

# The flag columns. The PDF text keeps the X's of a row but not their columns, so the columns
# are read by this rule (every row with fewer than four X's gets a note saying how it was read):
#   * four X's: all four columns;
#   * Control Enhancements: marked when §4 lists (CE-n) enhancements for the control and the
#     row has at least two X's (technical controls with enhancements have exactly two X's:
#     enhancements and IT; a single X is read as the content column, see below);
#   * the remaining X's go to the content columns:
#       one X   -> Physical when the control is PE or its reference is a §2.B physical
#                  security section, Privacy-Related for the PT family, else IT;
#       two X's -> IT plus Physical (same evidence) or else Privacy-Related;
#       three   -> Privacy-Related, Physical and IT.
COLUMNS = ["control_enhancements", "privacy_related", "physical", "information_technology"]
COLUMN_NAMES = {
    "control_enhancements": "Control Enhancements",
    "privacy_related": "Privacy-Related",
    "physical": "Physical",
    "information_technology": "Information Technology",
}


def table_flags(
    cid: str, row: TableRow, has_ce: bool, ce_heading: bool
) -> tuple[dict[str, bool], list[str]]:
    fam = cid.split("-")[0]
    flags = dict.fromkeys(COLUMNS, False)
    if row.xs >= 4:
        flags = dict.fromkeys(COLUMNS, True)
        notes = []
        if not has_ce:
            notes.append(
                "The Security and Privacy Control Table marks all four columns, "
                "including Control Enhancements, but §4 lists no (CE-n) enhancement "
                "for this control."
            )
        return flags, notes
    n = row.xs
    flags["control_enhancements"] = has_ce and n >= 2
    n -= flags["control_enhancements"]
    physical = fam == "PE" or bool(row.reference and row.reference.startswith("2.B"))
    if n >= 3:
        flags["privacy_related"] = flags["physical"] = flags["information_technology"] = True
    elif n == 2:
        flags["information_technology"] = True
        flags["physical" if physical else "privacy_related"] = True
    elif n == 1:
        if physical:
            flags["physical"] = True
        elif fam == "PT":
            flags["privacy_related"] = True
        else:
            flags["information_technology"] = True
    read = " + ".join(COLUMN_NAMES[c] for c in COLUMNS if flags[c])
    x = "X" if row.xs == 1 else "X's"
    note = (
        f"Flags ambiguous: the Security and Privacy Control Table row has {row.xs} {x} "
        f"and the extracted text does not keep the columns; read as {read}."
    )
    if has_ce and not flags["control_enhancements"]:
        note += (
            " §4 lists (CE-n) enhancements, but the row has a single X, so the Control "
            "Enhancements column is read as unmarked."
        )
    if ce_heading and not has_ce:
        note += (
            " §4 puts IRS-Defined requirements under a 'Control Enhancements' heading "
            "without a CE number; the table may mark the Control Enhancements column "
            "for them."
        )
    return flags, [note]


if __name__ == "__main__":
    sys.exit(main())
