"""The outline of the SSR: its sections, what each is called, where its content comes from.

The bundled template follows IRS's outline (see ``tools/make_ssr_template.py``).
An agency's own SSR (IRS's template as the agency filled it in, or a document
ssrgen wrote) is read against the same outline: each heading is recognised by
its title, whatever its number or spelling ("5 FTI Flow and Processing",
"Section 5: FTI Flow & Processing", a heading Word numbers by itself), so
:mod:`ssrgen.ssr.importer` knows where a section's text belongs in the
workspace and :mod:`ssrgen.ssr.into` knows which body to replace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ssrgen import ids
from ssrgen.model.ssr import SECTION_TEXT_KEYS
from ssrgen.ssr.technology import TOPIC_ALIASES, topic_entries
from ssrgen.ssr.word import Block, Paragraph, Table
from ssrgen.workspace import Workspace

FAMILY = "family:"
TOPIC = "topic:"


@dataclass(frozen=True)
class Section:
    """A section of the outline: its key, its number and title in the bundled template, the
    other titles SSRs give it, its parent, and where its content comes from."""

    key: str
    number: str
    title: str
    source: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def holds_text(self) -> bool:
        """Its body is the agency's own text, kept in ``ssr/sections.yaml`` (or, for a §3.3
        technology, as the narrative of its answer)."""
        return self.key in SECTION_TEXT_KEYS or self.key.startswith(TOPIC)


SECTIONS_FILE_SOURCE = "ssr/sections.yaml"
OUTLINE: tuple[Section, ...] = (
    Section("certification", "", "Safeguard Security Report Certification",
            "the agency's agreements and authorities",
            aliases=("Head of Agency Certification", "SSR Certification", "Certification")),
    Section("outstanding_actions", "1", "Outstanding Actions", "cap/findings.yaml"),
    Section("agency_information", "2", "Agency Information", "ssrgen.yaml"),
    Section("agreements", "2.1", "Data Exchange Agreements", "ssrgen.yaml (agreements)", "agency_information"),
    Section("activities", "3", "Current Period Safeguard Activities", "the registers and records of the period",
            aliases=("Current Annual Period Safeguard Activities", "Safeguard Activities")),
    Section("incidents", "3.1", "Data Incidents", "registers/incidents.yaml", "activities"),
    Section("changes", "4", "Changes to Safeguarding Procedures", "the snapshot of the last final SSR",
            aliases=("Changes to Safeguard Procedures",)),
    Section("changes_current", "4.1", "Current Period Changes", "the snapshot of the last final SSR (submissions/)",
            "changes", ("Changes in the Current Period", "Current Annual Period Changes")),
    Section("changes_planned", "4.2", "Planned Changes", "planned answers and registers/notifications.yaml",
            "changes", ("Planned Actions", "Planned Actions Affecting Safeguard Procedures")),
    Section("fti_flow", "5", "FTI Flow and Processing", SECTIONS_FILE_SOURCE,
            aliases=("Flow of FTI", "FTI Flow")),
    Section("electronic_fti", "5.1", "Electronic FTI", "ssrgen.yaml (systems)", "fti_flow"),
    Section("paper_fti", "5.2", "Paper FTI", "ssrgen.yaml (systems: fti_paper)", "fti_flow"),
    Section("contractors", "5.3", "Contractors and Sub-Contractors", SECTIONS_FILE_SOURCE, "fti_flow",
            ("Contractors", "Contractors and Subcontractors", "Use of Contractors",
             "Agency Use of Contractors or Sub-Contractors", "Contractor Access to FTI")),
    Section("ai_use", "5.4", "Use of FTI for Artificial Intelligence", SECTIONS_FILE_SOURCE, "fti_flow",
            ("Artificial Intelligence", "Use of FTI for AI", "AI Use")),
    Section("system_of_records", "6", "System of Records", SECTIONS_FILE_SOURCE),
    Section("other_safeguards", "7", "Other Safeguards", SECTIONS_FILE_SOURCE),
    Section("inspection_plan", "7.1", "Internal Inspection Plan", "registers/inspections.yaml", "other_safeguards",
            ("Internal Inspections", "Three-Year Internal Inspection Plan", "3-Year Internal Inspection Plan")),
    Section("inspection_findings", "7.2", "Internal Inspection Findings", "inspections/ and registers/poam.yaml",
            "other_safeguards", ("Internal Inspection Summary", "Summary of Internal Inspection Findings",
                                 "Internal Inspection Results", "Findings of Internal Inspections")),
    Section("disposal", "8", "Disposal", SECTIONS_FILE_SOURCE, aliases=("Disposal of FTI", "FTI Disposal")),
    Section("controls", "9", "Information Security Controls", "the control tables",
            aliases=("Computer Security", "Security Controls", "Information Security")),
    Section("controls_general", "9.1", "General", "the statuses of the answers", "controls"),
    Section("systems_technologies", "9.2", "Systems and Technologies", "ssrgen.yaml (systems)", "controls"),
    Section("control_families", "9.3", "Security and Privacy Controls", "the control tables", "controls",
            ("NIST SP 800-53 Controls", "Control Families", "Security and Privacy Control Families")),
    Section("technology", "9.4", "Technology-Specific Requirements", "the §3.3 answers", "controls",
            ("Additional Computer Security Requirements", "Technology Specific Requirements")),
    Section("disclosure_awareness", "10", "Disclosure Awareness", SECTIONS_FILE_SOURCE,
            aliases=("Disclosure Awareness Training",)),
    Section("attachments", "", "Attachments", "attachments/ and the evidence files", aliases=("Attachment List",)),
)
BY_KEY = {s.key: s for s in OUTLINE}
# subsections that only mean something under their parent ("General" anywhere else is not 9.1)
_ONLY_UNDER = {"controls_general": "controls", "systems_technologies": "controls"}


def words(title: str) -> str:
    """A title as it is compared: no number, no case, no punctuation ("5. FTI Flow & Processing"
    reads "fti flow and processing")."""
    text = re.sub(r"^\s*(?:section\s+)?\d+(?:\.\d+)*\.?\s*[:.\-\u2013\u2014]?\s*", "", title, flags=re.IGNORECASE)
    text = text.lower().replace("&", " and ").replace("\u2019", "'")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def number_of(title: str) -> str:
    """The number a heading's text starts with ("9.3.1"), or ""."""
    match = re.match(r"^\s*(?:section\s+)?(\d+(?:\.\d+)*)", title, flags=re.IGNORECASE)
    return match.group(1) if match else ""


@dataclass
class Outline:
    """The sections of the outline for one workspace: the fixed ones, one per control family,
    one per §3.3 technology."""

    sections: dict[str, Section] = field(default_factory=dict)
    _titles: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, ws: Workspace) -> Outline:
        outline = cls()
        for section in OUTLINE:
            outline.add(section)
            if section.key == "control_families":
                for number, (family, title) in enumerate(families(ws), 1):
                    outline.add(Section(FAMILY + family, f"9.3.{number}", f"{title} ({family})",
                                        "the control tables", "control_families",
                                        (title, f"{family} {title}", f"{title} Family")))
            if section.key == "technology":
                for number, entry in enumerate(topic_entries(ws), 1):
                    outline.add(Section(TOPIC + entry.id, f"9.4.{number}", entry.title,
                                        f"the narrative of {entry.id} (implementation/)", "technology",
                                        TOPIC_ALIASES.get(entry.id, ())))
        return outline

    def add(self, section: Section) -> None:
        self.sections[section.key] = section
        for title in (section.title, *section.aliases):
            self._titles.setdefault(words(title), []).append(section.key)

    def recognise(self, title: str, within: Iterable[str], *, exact: bool = False) -> str | None:
        """The key of the section a heading titled ``title`` is, given the keys of the
        headings it sits under (outermost first); None when the outline has no such section.
        ``exact``: only a title (or another name) of the outline, never a family by its code alone."""
        found = self._titles.get(words(title), [])
        if not found:
            if exact:
                return None
            family = re.search(r"\(([A-Za-z]{2})\)\s*$", title)
            key = FAMILY + family.group(1).upper() if family else ""
            return key if key in self.sections else None
        above = set(within)
        for key in found:
            parent = _ONLY_UNDER.get(key)
            if parent is None or parent in above:
                return key
        return None

    def ancestors(self, key: str) -> list[str]:
        chain = []
        parent = self.sections[key].parent
        while parent is not None:
            chain.append(parent)
            parent = self.sections[parent].parent
        return chain


def families(ws: Workspace) -> list[tuple[str, str]]:
    """The control families of Pub 1075 §4 in the agency's scope, in order: (AC, Access Control)."""
    seen: dict[str, str] = {}
    for entry in ws.in_scope(enhancements=False):
        if entry.catalog == "pub1075" and entry.group not in seen:
            seen[entry.group] = entry.group_title
    return list(seen.items())


# ------------------------------------------------------------------ a document's sections

@dataclass
class Heading:
    """A heading of a document, the section it is (None when the outline has none), and the
    paragraphs and tables under it up to the next heading."""

    paragraph: Paragraph
    key: str | None
    body: list[Block] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)  # keys of the recognised headings above it
    implied_level: int | None = None  # of a title in bold body text, from where the outline puts it

    @property
    def title(self) -> str:
        return self.paragraph.text.strip()

    @property
    def level(self) -> int:
        return self.implied_level or self.paragraph.level or 1

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.body if isinstance(b, Paragraph) and not b.placeholder and b.text.strip()]

    def tables(self) -> list[Table]:
        return [b for b in self.body if isinstance(b, Table)]


def split(document: Iterable[Block], outline: Outline) -> tuple[list[Block], list[Heading]]:
    """The blocks before the first heading (the cover), and every heading with its body.

    A heading is a paragraph of a heading level (Word's heading styles, an outline level), or a
    paragraph that looks like a title (all bold, a title-like style) whose text is the number and
    title, or the title, of a section of the outline: the way agencies without heading styles
    write them, and the way 'ssrgen ssr --into' titles a subsection the document has no heading for.
    """
    front: list[Block] = []
    headings: list[Heading] = []
    stack: list[tuple[int, str | None]] = []  # (level, key) of the headings enclosing the current one
    for block in document:
        if isinstance(block, Paragraph) and block.titled and block.level is None:
            key = outline.recognise(block.text.strip(), [k for _, k in stack if k], exact=True)
            if key is not None and key not in {k for _, k in stack}:  # not its own title repeated in bold
                level = _implied_level(outline, key, stack)
                while stack and stack[-1][0] >= level:
                    stack.pop()
                headings.append(Heading(block, key, parents=[k for _, k in stack if k], implied_level=level))
                stack.append((level, key))
                continue
        if isinstance(block, Paragraph) and block.level is not None and block.text.strip():
            level = block.level
            while stack and stack[-1][0] >= level:
                stack.pop()
            within = [k for _, k in stack if k]
            key = outline.recognise(block.text.strip(), within)
            headings.append(Heading(block, key, parents=within))
            stack.append((level, key))
        elif headings:
            headings[-1].body.append(block)
        else:
            front.append(block)
    return front, headings


def _implied_level(outline: Outline, key: str, stack: list[tuple[int, str | None]]) -> int:
    """The level of a section titled in body text: one below the nearest heading above it that
    is one of its parents in the outline, else as deep as the outline puts it."""
    ancestors = outline.ancestors(key)
    for level, above in reversed(stack):
        if above in ancestors:
            return level + 1
    return len(ancestors) + 1


def control_id(text: str) -> str | None:
    """The control id a cell starts with, in any form people write it ("AC-2 (3)", "AC-02(03)",
    "ac-2.3", "AC-2(CE3)", "AC-2 Account Management"), as the catalog writes it; None if none."""
    match = re.match(
        r"^\s*([A-Za-z]{2})\s*-\s*0*(\d{1,3})(?:\s*\(\s*(?:CE\s*-?\s*)?0*(\d{1,3})\s*\)|\.0*(\d{1,3})(?!\d)|"
        r"\s+CE\s*-?\s*0*(\d{1,3}))?", text, flags=re.IGNORECASE)
    if match:
        family, number, *enhancement = match.groups()
        found = next((e for e in enhancement if e), None)
        return ids.normalize(f"{family}-{number}" + (f"({found})" if found else ""))
    match = re.match(r"^\s*((?:P1075|MOU)\s*-?\s*[0-9][0-9A-Za-z.]*)", text, flags=re.IGNORECASE)
    return ids.normalize(match.group(1).rstrip(".")) if match else None


def families_controls(ws: Workspace) -> list[str]:
    """The ids of the Pub 1075 §4 controls in the agency's scope (the rows of the control tables)."""
    return [entry.id for entry in ws.in_scope() if entry.catalog == "pub1075"]
