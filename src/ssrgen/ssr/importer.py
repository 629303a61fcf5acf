"""``ssrgen ssr import``: read an earlier SSR into the workspace.

The SSR may be IRS's template as the agency filled it in (the one IRS returned
with its acceptance letter) or a document ssrgen wrote. What it takes:

* **control tables** (:mod:`ssrgen.ssr.tables`): each row's status and
  response become the control's answer (the lines ``<system>: <status>. ...``
  the system's answer); IRS's comments are kept in ``ssr/irs-comments.yaml``,
  never as the agency's words;
* **sections** with a text of the agency's own (5, 6, 7, 8, 10, contractors,
  AI use) go to ``ssr/sections.yaml``; the §3.3 technologies of section 9.4 to
  the narrative of their answer (``P1075-3.3.N``).

What it does not take is listed: sections ssrgen writes from the workspace
(left alone), headings the outline has no place for and tables that are not
control tables (not placed). In a document ssrgen wrote, the paragraphs it
generated are recognised (:mod:`ssrgen.ssr.manifest`) and only the agency's
words are read; where the workspace holds an answer (or a section text), a
value the document still holds as written is unchanged, and a value changed in
the document and in the workspace since is a conflict (the workspace's version
stands); where it holds none (a new workspace of the same agency), the
document's is taken. In a document ssrgen did not write, a value the
workspace already holds otherwise is a conflict; an empty cell never erases.
Every text read is scanned for taxpayer identifiers; every problem is listed
with its table and row, or its heading and paragraph; nothing is written if one
is an error. The import goes through the import pipeline (lock, one
transaction, journal).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from ssrgen.errors import InputError, Problem, ValidationFailed
from ssrgen.imports.journal import read_journal
from ssrgen.imports.pipeline import ImportResult, run_import
from ssrgen.imports.plan import Change, ImportPlan, conflict, described
from ssrgen.model.records import AGENCY_WIDE
from ssrgen.model.ssr import IRS_COMMENTS_FILE, SECTIONS_FILE
from ssrgen.pending import PendingWrites, yaml_value
from ssrgen.ssr.answers import read_values, written_values
from ssrgen.ssr.manifest import Manifest, fingerprint, read_manifest, squeezed
from ssrgen.ssr.outline import FAMILY, TOPIC, Heading, Outline, control_id, split
from ssrgen.ssr.tables import (
    STATUS_CHOICES,
    ControlTable,
    control_table,
    header_aliases,
    is_irs_note,
    parse_status,
    report_information,
)
from ssrgen.ssr.word import Block, Paragraph, Table, WordDocument, blocks, open_document
from ssrgen.workspace import Workspace

KIND = "SSR"
COVER_LINE = 120  # characters: longer lines before the first heading are prose, not the cover's
CONTROL_SECTIONS = ("controls", "control_families")  # where a table is expected to be a control table
SPLIT_FIX = ("Split the cells in Word (select them, Table Layout > Split Cells) so that each control has its own "
             "row and cells, then import again.")


@dataclass
class SsrPlan(ImportPlan):
    """What an SSR import would change, and what it read and left alone."""

    manifest: Manifest | None = None
    control_rows: int = 0
    control_tables: list[str] = field(default_factory=list)
    sections_read: list[str] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)
    irs_comments: int = 0


@dataclass
class ControlRow:
    control: str
    where: str
    values: dict[str, Any]
    irs: str


def plan_import(ws: Workspace, path: Path) -> SsrPlan:
    """Read and check the SSR at ``path``; what importing it would change (nothing is written).

    Raises :class:`ValidationFailed` listing every problem of the document; nothing is imported.
    """
    doc = open_document(path)
    return _Planner(ws, doc).build()


def import_ssr(ws: Workspace, path: Path, *, dry_run: bool = False, by: str | None = None,
               notify: Callable[[str], None] | None = None) -> ImportResult:
    """Plan the import of the SSR at ``path`` and, unless ``dry_run``, apply it through the import
    pipeline (lock, FTI scan, one transaction, journal)."""
    return run_import(ws, lambda workspace: plan_import(workspace, path), dry_run=dry_run, by=by,
                      command="ssrgen ssr import", notify=notify)


class _Planner:
    def __init__(self, ws: Workspace, doc: WordDocument) -> None:
        self.ws = ws
        self.doc = doc
        self.name = doc.name
        self.outline = Outline.of(ws)
        manifest = read_manifest(doc.parts)
        self.plan = SsrPlan(doc.path, hashlib.sha256(doc.data).hexdigest(), KIND, PendingWrites(ws), manifest=manifest)
        # a document ssrgen wrote for this workspace says what it wrote; for another, only what it generated
        self.baseline = manifest if manifest is not None and manifest.workspace == ws.name else None
        self.imported_before = any(e.get("kind") == KIND and e.get("sha256") == self.plan.sha256
                                   for e in read_journal(ws.root))
        self.problems: list[Problem] = []
        self.accounted: set[int] = set()  # the tables read (control tables, Report Information) or ssrgen's own
        self.section_notes: dict[str, tuple[str, str]] = {}  # heading -> IRS's note under it, and where
        self.control_places: dict[str, list[str]] = {}  # control -> the rows that answer it

    # ---------------------------------------------------------------- reading
    def build(self) -> SsrPlan:
        found = list(blocks(self.doc.body, self.doc.styles))
        front, headings = split(found, self.outline)
        self._read_texts(front, headings)
        aliases = header_aliases(self.ws.config.ssr.headers.given())
        rows: list[ControlRow] = []
        for block, place in self._tables(front, headings):
            table = control_table(block, aliases)
            if table is not None:
                self.accounted.add(block.number)
                rows += self._control_rows(table)
            else:
                self._other_table(block, place)
        if not self.plan.control_tables and not any(h.key is not None for h in headings):
            raise InputError(
                "no control table and no heading of the SSR outline was found in the document, so there is nothing "
                "to import", where=str(self.doc.path),
                fix="If this is the SSR, give its sections the IRS template's headings (such as '8 Disposal' or "
                "'9.4.2 Email Communications') in Word's heading styles, and give each control table a control column "
                "and a response column (such as 'Control #' and 'Agency Response'), or map its column headers in "
                "ssrgen.yaml under ssr.headers; then import again.")
        self._front_text(front, bool(headings))
        texts = self._section_texts(headings)
        errors = [p for p in self.problems if p.is_error]
        self.plan.warnings += [p for p in self.problems if not p.is_error]
        if errors:
            raise ValidationFailed(errors, what=f"{len(errors)} problem(s) in {self.name}; nothing was imported")
        for row in rows:
            self._plan_control(row)
        for heading, text in texts:
            self._plan_section(heading, text)
        self._plan_irs_comments(rows)
        self.plan.journal = {
            "written_by_ssrgen": (f"{self.plan.manifest.written} for {self.plan.manifest.period}"
                                  if self.plan.manifest else None),
            "control_rows": self.plan.control_rows,
            "sections": list(self.plan.sections_read) or None,
        }
        return self.plan

    def _front_text(self, front: list[Block], headed: bool) -> None:
        """Prose before the first heading is not the cover's (a title, the agency, the reporting year):
        it is under no section, so it is not imported; say so."""
        manifest = self.plan.manifest
        prose = [b for b in front if isinstance(b, Paragraph) and len(squeezed(b.text)) > COVER_LINE
                 and not b.titled and not b.placeholder and (manifest is None or not manifest.is_generated(b.text))]
        if prose:
            first = "the first heading" if headed else "any heading"
            self.problems.append(Problem(
                f"{self.name}, before {first}",
                f"{len(prose)} paragraph(s) of text before {first} ({_short(prose[0].text)}) belong to no section "
                "of the SSR; they were not imported",
                "If they belong to a section, move them under its heading (a Word heading such as '8 Disposal') and "
                "import again; the cover (title, agency, reporting year, Report Information) is left as it is.",
                "warning"))

    def _read_texts(self, front: list[Block], headings: list[Heading]) -> None:
        """Every text of the document, with its place, for the FTI scan."""
        self._scan(front, f"{self.name}, cover")
        for heading in headings:
            self.plan.read(f'{self.name}, heading "{heading.title}"', heading.title)
            self._scan(heading.body, f'{self.name}, under "{heading.title}"')

    def _scan(self, body: list[Block], where: str) -> None:
        number = 0
        for block in body:
            if isinstance(block, Paragraph):
                if block.text.strip():
                    number += 1
                    self.plan.read(f"{where}, paragraph {number}", block.text)
            else:
                for row in block.rows:
                    for cell in row.cells:
                        self.plan.read(f"{self.name}, table {block.number}, row {row.number}", cell.text)

    def _tables(self, front: list[Block], headings: list[Heading]) -> list[tuple[Table, Heading | None]]:
        found: list[tuple[Table, Heading | None]] = [(b, None) for b in front if isinstance(b, Table)]
        for heading in headings:
            found += [(b, heading) for b in heading.body if isinstance(b, Table)]
        return found

    def _other_table(self, table: Table, heading: Heading | None) -> None:
        place = f"{self.name}, table {table.number}"
        info = report_information(table)
        manifest = self.plan.manifest
        if info is not None or (manifest is not None and manifest.is_generated(table.text)):
            self.accounted.add(table.number)
        if info is not None:
            for item in info:
                if item.name == "agency_name" and item.cell.text.strip() and \
                        squeezed(item.cell.text) != squeezed(self.ws.name):
                    self.problems.append(Problem(
                        place, f"the document is the SSR of '{squeezed(item.cell.text)}', and this workspace is "
                        f"'{self.ws.name}'", "Check that you import the SSR of this agency (-w DIR).", "warning"))
            return
        if table.number in self.accounted:
            return
        if heading is not None and heading.key is not None and not self.outline.sections[heading.key].holds_text \
                and heading.key not in CONTROL_SECTIONS and not heading.key.startswith(FAMILY):
            return  # a table of a section ssrgen writes from the workspace: listed with that section
        under = f' under "{heading.title}"' if heading is not None else " on the cover"
        first = table.rows[0].cells[0].text if table.rows and table.rows[0].cells else ""
        self.problems.append(Problem(
            place, f"this table{under} ({len(table.rows)} row(s), first row: {_short(first)}) is not a control "
            "table and has no place in the workspace; it was not imported",
            "If it is a control table, name its columns (a control column and a response column) or map its "
            "headers in ssrgen.yaml under ssr.headers.", "warning"))

    def _control_rows(self, table: ControlTable) -> list[ControlRow]:
        self.plan.control_tables.append(f"table {table.number}")
        rows = []
        for row in table.rows():
            place = f"{self.name}, table {table.number}, row {row.number}"
            id_cell = table.cell(row, "control")
            response = table.cell(row, "response")
            status = table.cell(row, "status")
            irs = table.cell(row, "irs_comments")
            if id_cell is None:
                continue
            control = control_id(id_cell.text)
            spread = len(row.cells) == 1 and row.cells[0].span > 1
            if control is None:
                if id_cell.merged_above and response is not None and response.text.strip() and not response.merged_above:
                    self.problems.append(Problem(place, f"the {table.headers['control']} cell is merged with the row "
                                                 "above, so this response has no control of its own", SPLIT_FIX))
                elif response is not None and response.text.strip() and not spread and response is not id_cell:
                    self.problems.append(Problem(
                        place, f"the {table.headers['control']} cell holds no control id "
                        f"({_short(id_cell.text)}); the row was not imported",
                        "Write the control id (e.g. AC-2 or AC-2(3)) in that cell, or leave the row out.", "warning"))
                continue
            if response is None:
                self.problems.append(Problem(
                    place, f"the row of {control} has too few cells: none under {table.headers['response']}",
                    f"Add the missing cells to the row in Word (Table Layout > Insert Cells) and write the response "
                    f"under {table.headers['response']}, then import again."))
                continue
            if response is id_cell:
                self.problems.append(Problem(place, f"the {table.headers['control']} and "
                                             f"{table.headers['response']} cells of {control} are merged", SPLIT_FIX))
                continue
            for name, cell in (("response", response), ("status", status)):
                if cell is not None and cell.merged_above:
                    self.problems.append(Problem(
                        place, f"the {table.headers[name]} cell of {control} is merged with the row above, so one "
                        "text would answer two controls", SPLIT_FIX))
            entry = self.ws.catalogs.find(control)
            if entry is None:
                self.problems.append(Problem(place, f"{_short(id_cell.text)} is not a control of the catalogs "
                                             f"({control}); the row was not imported",
                                             self.ws.catalogs.suggest(control), "warning"))
                continue
            if not self.ws.scope.includes(entry):
                self.problems.append(Problem(place, f"{entry.id} is not in the agency's scope; the row was not "
                                             "imported", "See 'What applies to the agency' in 'ssrgen docs workspace'.",
                                             "warning"))
                continue
            code = None
            if status is not None and not status.merged_above:
                try:
                    code = parse_status(status.text)
                except ValueError:
                    self.problems.append(Problem(place, f"{_short(status.text)} is not an implementation status "
                                                 f"({table.headers['status']} of {entry.id})",
                                                 f"Use one of: {STATUS_CHOICES} (or leave it empty)."))
            values = read_values(self.ws, response.text if not response.merged_above else "", code)
            rows.append(ControlRow(entry.id, place, values, irs.text.strip() if irs is not None else ""))
            self.plan.control_rows += 1
        self._duplicates(rows)
        return rows

    def _duplicates(self, rows: list[ControlRow]) -> None:
        seen = self.control_places
        for row in rows:
            seen.setdefault(row.control, []).append(row.where)
            if len(seen[row.control]) == 2:
                self.problems.append(Problem(
                    row.where, f"{row.control} has a second row (first at {seen[row.control][0].removeprefix(self.name + ', ')})",
                    "Keep one row per control in the document (delete or merge the copy), then import again."))

    def _section_texts(self, headings: list[Heading]) -> list[tuple[Heading, str]]:
        found: dict[str, Heading] = {}
        texts = []
        left: dict[str, None] = {}
        manifest = self.plan.manifest
        for heading in headings:
            paragraphs = [p for p in heading.paragraphs()
                          if manifest is None or not manifest.is_generated(p.text)]
            notes = [p for p in paragraphs if is_irs_note(p.text)]
            if notes:
                self.section_notes[heading.title] = ("\n\n".join(p.text.strip() for p in notes),
                                                     f'{self.name}, under "{heading.title}"')
                paragraphs = [p for p in paragraphs if not is_irs_note(p.text)]
            if heading.key is None:
                if paragraphs:
                    self.problems.append(Problem(
                        f'{self.name}, under "{heading.title}"',
                        f"{len(paragraphs)} paragraph(s) under a heading the SSR outline has no place for; they "
                        "were not imported", "If the text belongs to a section of the outline, move it under that "
                        "heading; 'ssrgen ssr --into' leaves this section as it is.", "warning"))
                continue
            section = self.outline.sections[heading.key]
            if not section.holds_text:
                if paragraphs or any(t.number not in self.accounted for t in heading.tables()
                                     if heading.key not in CONTROL_SECTIONS):
                    left.setdefault(f"{heading.title} (from {section.source})")
                continue
            if heading.key in found:
                self.problems.append(Problem(
                    f'{self.name}, heading "{heading.title}"',
                    f"a second heading is the SSR's {section.heading} (the first is \"{found[heading.key].title}\")",
                    "Keep one heading per section (rename or merge the other), then import again."))
                continue
            found[heading.key] = heading
            text = "\n\n".join(p.text.strip() for p in paragraphs)
            if text:
                texts.append((heading, text))
                self.plan.sections_read.append(heading.title)
        self.plan.left_alone += list(left)
        return texts

    # ---------------------------------------------------------------- planning
    def _plan_control(self, row: ControlRow) -> None:
        current = written_values(self.ws, row.control)
        new = row.values
        fields = _differences(new, current)
        if not fields:
            return
        # where the workspace holds no answer, the document's is taken: the manifest's fingerprint says
        # what was written, not what this workspace holds (a new workspace of the same agency holds nothing)
        base = self.baseline.controls.get(row.control) if self.baseline and not _answerless(current) else None
        if base is not None:
            if fingerprint(new) == base:
                return  # unchanged in the document since ssrgen wrote it; the workspace's newer answer stands
            if fingerprint(current) != base:
                self.plan.conflicts.append(conflict(row.where, f"the answer to {row.control}", "the document"))
                return
            taken = fields
        else:
            taken = [f for f in fields if _empty(_get(current, f))]
            clashing = [f for f in fields if f not in taken]
            if clashing and not self.imported_before:
                self.plan.conflicts.append(_held(row.where, row.control, [_label(f) for f in clashing],
                                                 self.ws.where.get(row.control, "implementation/")))
        for path in taken:
            system = path[0] if len(path) == 2 else AGENCY_WIDE
            name = path[-1]
            self.plan.pending.set_answer(row.control, system, {name: _get(new, path)})
            subject = f"{row.control} ({'agency-wide' if system == AGENCY_WIDE else system})"
            self.plan.changes.append(described(row.control, subject, _label(path), _get(current, path),
                                               _get(new, path), row.where))

    def _plan_section(self, heading: Heading, text: str) -> None:
        key = heading.key
        assert key is not None
        section = self.outline.sections[key]
        where = f'{self.name}, under "{heading.title}"'
        if key.startswith(TOPIC):
            control = key.removeprefix(TOPIC)
            answer = self.ws.answer(control)
            current = answer.narrative if answer else None
        else:
            current = self.ws.ssr_sections.get(key)
        if squeezed(text) == squeezed(current):
            return
        base = self.baseline.sections.get(key) if self.baseline and squeezed(current) else None
        if base is not None:
            if fingerprint(text) == base:
                return
            if fingerprint(current) != base:
                self.plan.conflicts.append(conflict(where, f"the text of {section.heading}", "the document"))
                return
        elif current and squeezed(current) and not self.imported_before:
            shown = (self.ws.where.get(control, "implementation/") if key.startswith(TOPIC)
                     else self.ws.where.get(f"ssr-section:{key}", SECTIONS_FILE))
            self.plan.conflicts.append(Problem(
                where, f"the workspace already has its own text of {section.heading} ({shown}); the document's "
                "was not imported", "Compare the two and edit the text in the workspace (or delete it there and "
                "import again to take the document's).", "warning"))
            return
        elif current and squeezed(current):
            return
        group = section.heading
        if key.startswith(TOPIC):
            self.plan.pending.set_answer(control, AGENCY_WIDE, {"narrative": text})
            self.plan.changes.append(described(group, f"{group} ({control})", "narrative", current, text, where))
            return
        data = self.plan.pending.document(self.ws.root / SECTIONS_FILE, CommentedMap)
        if not data:
            data.yaml_set_start_comment(
                "The agency's own text of the SSR's prose sections ('ssrgen docs workspace' explains it).\n"
                "'ssrgen ssr' writes each after the section's introduction; 'ssrgen ssr import' reads it\n"
                "from an earlier SSR.")
        data[key] = yaml_value(text)
        self.plan.changes.append(described(group, f"{group} ({SECTIONS_FILE}, {key})", "text", current, text, where))

    def _plan_irs_comments(self, rows: list[ControlRow]) -> None:
        comments = {row.control: (row.irs, row.where) for row in rows if row.irs}
        comments.update(self.section_notes)
        self.plan.irs_comments = len(comments)
        changed = {c: v for c, v in comments.items() if squeezed(v[0]) != squeezed(self.ws.irs_comments.get(c))}
        if not changed:
            return
        data = self.plan.pending.document(self.ws.root / IRS_COMMENTS_FILE, CommentedMap)
        if not data:
            data.yaml_set_start_comment(
                "IRS's comments on the SSR it returned, by control, as 'ssrgen ssr import' read them.\n"
                "They are IRS's words, never the agency's answers; the next SSR addresses them (Pub 1075 §2.E.4.3).")
        for control, (text, where) in changed.items():
            data[control] = yaml_value(text)
            self.plan.changes.append(Change("IRS comments", f"IRS comments ({control})",
                                            "changed" if control in self.ws.irs_comments else "added",
                                            "IRS's comment", where))


def _differences(new: dict[str, Any], current: dict[str, Any]) -> list[tuple[str, ...]]:
    """The fields the document gives (not empty) that differ from the workspace's, as paths."""
    found: list[tuple[str, ...]] = []
    for name in ("status", "narrative"):
        if not _empty(new[name]) and squeezed(str(new[name])) != squeezed(str(current[name] or "")):
            found.append((name,))
    for system, values in new["systems"].items():
        before = current["systems"].get(system, {})
        for name in ("status", "narrative"):
            value = values.get(name)
            if not _empty(value) and squeezed(str(value)) != squeezed(str(before.get(name) or "")):
                found.append((system, name))
    return found


def _answerless(values: dict[str, Any]) -> bool:
    """The workspace holds no answer at all (no status, no narrative, agency-wide or per system)."""
    return _empty(values["status"]) and _empty(values["narrative"]) and all(
        _empty(v.get("status")) and _empty(v.get("narrative")) for v in values["systems"].values())


def _get(values: dict[str, Any], path: tuple[str, ...]) -> Any:
    if len(path) == 1:
        return values.get(path[0])
    return values["systems"].get(path[0], {}).get(path[1])


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _label(path: tuple[str, ...]) -> str:
    return path[-1] if len(path) == 1 else f"{path[-1]} ({path[0]})"


def _held(where: str, control: str, fields: list[str], shown: str) -> Problem:
    return Problem(
        where, f"the workspace already answers {control} otherwise ({', '.join(fields)}; {shown}); the document's "
        "was not imported", "Compare the two and edit the answer in the workspace (or clear it there and import "
        "again to take the document's).", "warning")


def _short(text: str) -> str:
    flat = squeezed(text)
    return f"'{flat[:40]}...'" if len(flat) > 40 else f"'{flat}'"
