"""``ssrgen ssr --into ACCEPTED.docx``: this year's SSR written into the agency's accepted SSR.

Pub 1075 §2.E.4.3: the annual SSR is submitted on the prior year's SSR that IRS
returned. Instead of filling a template, ssrgen opens that document and changes
only what is the agency's to change:

* every **control row** it recognises (:mod:`ssrgen.ssr.tables`) gets the
  workspace's status and implementation text in its agency cells; IRS's comment
  cells and every other column stay as they were; a control the workspace
  answers that has no row is added, in id order, to the table of its family;
* the body under each **section heading** it recognises (:mod:`ssrgen.ssr.outline`)
  is replaced by that section as the bundled template writes it (the agency's
  text of ``ssr/sections.yaml`` and what ssrgen writes from the registers and
  answers); a subsection the document has no heading for is written under its
  parent where the outline puts it (after the subsections before it), its
  number and title in bold; headings are never added, removed or renamed;
* the agency's cells of the **Report Information** table (name, number, date
  submitted) and the reporting year on the cover.

Everything else stays as it was: IRS's comments (Word comments in a replaced
text move to its heading), headers, footers, styles, page setup, sections
ssrgen does not know. The report says what was filled, added, left alone and
could not be placed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx

from ssrgen import ids
from ssrgen.deadlines import SsrSchedule
from ssrgen.docx_template import render_bytes
from ssrgen.errors import InputError
from ssrgen.paths import templates_dir
from ssrgen.ssr.editing import (
    Fitter,
    clear_row,
    comment_anchors,
    formatting,
    new_paragraph,
    set_cell_text,
    set_paragraph_text,
    unplaceholder,
)
from ssrgen.ssr.manifest import Manifest, attach, manifest_of, read_manifest
from ssrgen.ssr.outline import FAMILY, TOPIC, Heading, Outline, control_id, split
from ssrgen.ssr.tables import (
    ControlTable,
    control_table,
    header_aliases,
    is_irs_note,
    report_information,
)
from ssrgen.ssr.word import (
    NOT_DOCX_FIX,
    Paragraph,
    Styles,
    Table,
    blocks,
    open_document,
    paragraph_text,
    read_row,
    read_table,
    w,
)
from ssrgen.workspace import Workspace

# recognised sections whose body is not replaced: IRS's certification wording, and the control
# tables of section 9 (filled row by row instead)
KEPT = ("certification", "controls", "control_families")


@dataclass
class IntoReport:
    """What writing into the accepted document did, in the analyst's words."""

    filled: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    not_placed: list[str] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def write_into(ws: Workspace, accepted: Path, context: dict[str, Any], schedule: SsrSchedule,
               today: dt.date) -> tuple[bytes, IntoReport]:
    """The accepted SSR at ``accepted`` with this year's answers (``context``, already scanned
    for FTI), as bytes; and the report of what was done. Nothing is written here."""
    source = open_document(accepted, what="accepted SSR")
    try:
        document = docx.Document(io.BytesIO(source.data))
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise InputError(f"Word cannot read the document ({type(exc).__name__}: {exc})", where=str(accepted),
                         fix=NOT_DOCX_FIX) from exc
    return _Into(ws, accepted, document, context, schedule, today, read_manifest(source.parts)).run()


class _Into:
    def __init__(self, ws: Workspace, path: Path, document: Any, context: dict[str, Any], schedule: SsrSchedule,
                 today: dt.date, earlier: Manifest | None) -> None:
        self.ws = ws
        self.earlier = earlier  # what ssrgen wrote into the document before, if it did
        self.path = path
        self.document = document
        self.context = context
        self.schedule = schedule
        self.today = today
        self.report = IntoReport()
        self.outline = Outline.of(ws)
        self.styles = Styles(document.styles.element)
        self.aliases = header_aliases(ws.config.ssr.headers.given())

    def run(self) -> tuple[bytes, IntoReport]:
        body = self.document.element.body
        front, headings = split(blocks(body, self.styles), self.outline)
        tables = [b for b in front if isinstance(b, Table)] + [t for h in headings for t in h.tables()]
        control_tables = [t for t in (control_table(table, self.aliases) for table in tables) if t is not None]
        recognised = [h for h in headings if h.key is not None]
        self.stops: set[Any] = set()  # the heading paragraphs and what holds them: where a body ends
        for heading in headings:
            element = heading.paragraph.element
            while element is not None and element is not body:
                self.stops.add(element)
                element = element.getparent()
        if not control_tables and not recognised:
            raise InputError(
                "the document has no control table and no section heading ssrgen recognises, so there is nothing "
                "to write this year's answers into", where=str(self.path),
                fix="Give the SSR IRS returned to the agency (its sections under Word headings such as "
                "'5 FTI Flow and Processing', its control tables with a control and a response column; map other "
                "column headers in ssrgen.yaml under ssr.headers), or write the SSR from the template: "
                "'ssrgen ssr' without --into.")
        self._report_information(front, tables)
        self._sections(headings)
        self._control_tables(control_tables)
        for heading in headings:
            if heading.key is None and (heading.paragraphs() or heading.tables()):
                self.report.left_alone.append(f'"{heading.title}" (not a section of the SSR outline)')
        attach(self.document, manifest_of(self.ws, body, self.styles, self.schedule.label, self.today))
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue(), self.report

    # ---------------------------------------------------------------- Report Information and cover
    def _report_information(self, front: list[Any], tables: list[Table]) -> None:
        report = self.context["report"]
        agency = self.context["agency"]
        values = {"agency_name": agency["name"], "agency_code": agency["code"], "date_submitted": report["submitted"],
                  "reporting_year": report["year"], "reporting_period": report["period"]}
        for table in tables:
            info = report_information(table)
            if info is None:
                continue
            filled = []
            kept = []
            for item in info:
                if item.name not in values or item.cell.merged_above:
                    continue
                if not values[item.name] and item.name != "date_submitted":
                    kept.append(item.label)  # the workspace has no value: the document's stays
                    continue
                set_cell_text(item.cell.element, values[item.name])
                filled.append(item.label)
            if kept:
                self.report.left_alone.append(f"the Report Information table's {', '.join(kept)} (ssrgen.yaml has no "
                                              "value for it)")
            self.report.filled.append(f"Report Information (table {table.number}): {', '.join(filled)}"
                                      + (" (Date Submitted stays empty until the SSR is final: --final)"
                                         if not report["submitted"] and "date_submitted" in {i.name for i in info}
                                         else ""))
            irs = [item.label for item in info if item.name == "irs"]
            if irs:
                self.report.left_alone.append(f"IRS's cells of the Report Information table: {', '.join(irs)}")
            break
        pattern = re.compile(r"^(\s*(?:reporting|report)\s+(year|period)\s*:\s*)(.*)$", re.IGNORECASE)
        for block in front:
            if isinstance(block, Paragraph) and block.level is None:
                match = pattern.match(block.text)
                if match:
                    rest = match.group(3)
                    if match.group(2).lower() == "year":
                        year = re.search(r"\b(19|20)\d\d\b", rest)
                        value = (rest[:year.start()] + values["reporting_year"] + rest[year.end():] if year
                                 else values["reporting_year"])
                    else:
                        value = values["reporting_period"]
                    set_paragraph_text(block.element, match.group(1) + value)
                    self.report.filled.append(f"the cover: {match.group(1).strip().rstrip(':')}")

    # ---------------------------------------------------------------- sections
    def _rendered(self) -> dict[str, list[Any]]:
        """The body of each section as the bundled template writes it, by key."""
        context = {**self.context, "families": []}  # the control tables are filled row by row
        data = render_bytes(templates_dir() / "ssr.docx", context, shown="the bundled SSR template")
        rendered = docx.Document(io.BytesIO(data))
        self.source_styles = Styles(rendered.styles.element)
        _, headings = split(blocks(rendered.element.body, self.source_styles), self.outline)
        return {h.key: [b.element for b in h.body] for h in headings if h.key is not None}

    def _sections(self, headings: list[Heading]) -> None:
        present: dict[str, Heading] = {}
        for heading in headings:
            if heading.key is None:
                continue
            if heading.key in present:
                self.report.left_alone.append(f'"{heading.title}" (a second heading of '
                                              f'{self.outline.sections[heading.key].heading})')
                continue
            present[heading.key] = heading
        if "certification" in present:
            self.report.left_alone.append(f'"{present["certification"].title}" (the certification\'s wording; '
                                          "sign it after printing)")
        rendered = self._rendered()
        order = {key: index for index, key in enumerate(self.outline.sections)}
        looks = {key: _look(heading) for key, heading in present.items()}
        replaced: dict[str, list[Any]] = {}
        inserted: dict[int, list[tuple[str, list[Any], str]]] = {}  # host heading -> (title, body, anchor)
        under: dict[str, list[str]] = {}  # anchor -> the subsections written under it
        for key, elements in sorted(rendered.items(), key=lambda item: order.get(item[0], len(order))):
            if key in KEPT or key.startswith(FAMILY):
                continue
            anchor = self._anchor(key, present)
            section = self.outline.sections[key]
            if anchor is None:
                if elements:
                    self.report.not_placed.append(self._no_heading(key, present))
                continue
            if anchor == key:
                replaced[key] = elements
                continue
            host = _host(headings, present[anchor], key, order)
            inserted.setdefault(id(host), []).append((section.heading, elements, anchor))
            under.setdefault(anchor, []).append(section.heading)
        for key, elements in replaced.items():
            self._replace(present[key], elements, looks[key])
        for heading in headings:
            for title, elements, anchor in inserted.get(id(heading), []):
                self._insert(heading, title, elements, looks[anchor])
        if replaced:
            self.report.filled.append(f"{len(replaced)} section(s): " + "; ".join(present[k].title for k in replaced))
        for anchor, keys in under.items():
            self.report.filled.append(f'under "{present[anchor].title}", its subsections the document has no heading '
                                      f"for, each titled in bold, in the outline's order: {'; '.join(keys)}")

    def _no_heading(self, key: str, present: dict[str, Heading]) -> str:
        """Why a section has no place: which heading is missing, precisely."""
        section = self.outline.sections[key]
        above = [a for a in self.outline.ancestors(key) if a in present]
        if above:  # its nearest heading is one whose body ssrgen leaves as it is
            kept = present[above[0]].title
            return (f'{section.heading}: the document has no heading for it, and ssrgen writes nothing into the body '
                    f'of "{kept}"; add a heading "{section.heading}" under "{kept}" to have it written there')
        chain = [self.outline.sections[a].heading for a in self.outline.ancestors(key)]
        return (f"{section.heading}: the document has no heading for it"
                + (f" nor for {' nor '.join(chain)}, which it belongs to" if chain else ""))

    def _anchor(self, key: str, present: dict[str, Heading]) -> str | None:
        for candidate in (key, *self.outline.ancestors(key)):
            if candidate in present:
                return candidate if candidate not in KEPT else None
        return None

    def _replace(self, heading: Heading, elements: list[Any], look: tuple[Any | None, Any | None]) -> None:
        """Replace the body under ``heading`` with ``elements``, keeping what is not the agency's text."""
        start = heading.paragraph.element
        old = _following(start, self.stops)
        own = self.ws.ssr_sections.get(heading.key or "") if not (heading.key or "").startswith(TOPIC) else None
        agencys = [p for p in heading.paragraphs() if self.earlier is None or not self.earlier.is_generated(p.text)]
        if heading.key and self.outline.sections[heading.key].holds_text and not (own or "").strip() \
                and not heading.key.startswith(TOPIC) and agencys:
            self.report.warnings.append(
                f'"{heading.title}": its text was replaced and the workspace holds no text of its own for it '
                f"(ssr/sections.yaml, {heading.key}); run 'ssrgen ssr import' on the accepted SSR first to keep it")
        new = Fitter(self.source_styles, self.styles, look).blocks(elements)
        container = None
        comments: list[Any] = []
        for element in old:
            if element.tag == w("sdt") and container is None:
                container = element.find(w("sdtContent"))
                if container is not None:
                    unplaceholder(element)
                    for child in list(container):
                        comments += comment_anchors(child)
                        container.remove(child)
                    continue
            if element.tag == w("p") and element.find(f"{w('pPr')}/{w('sectPr')}") is not None:
                for child in list(element):
                    if child.tag != w("pPr"):
                        comments += comment_anchors(child)
                        element.remove(child)
                continue  # a section break: page setup stays
            if element.tag == w("tbl") and self._kept_table(element):
                continue
            if element.tag == w("p") and is_irs_note(paragraph_text(element)):
                self.report.left_alone.append(f'IRS\'s note under "{heading.title}"')
                continue
            if element.tag in (w("bookmarkStart"), w("bookmarkEnd")):
                continue
            comments += comment_anchors(element)
            element.getparent().remove(element)
        if container is not None:
            for element in new:
                container.append(element)
        else:
            anchor = start
            for element in new:
                anchor.addnext(element)
                anchor = element
        for anchor_element in comments:
            start.append(anchor_element)

    def _insert(self, host: Heading, title: str, elements: list[Any], look: tuple[Any | None, Any | None]) -> None:
        """Write a subsection the document has no heading for at the end of ``host``'s body: its
        number and title in bold, then its body."""
        body = _following(host.paragraph.element, self.stops)
        while body and body[-1].tag == w("p") and body[-1].find(f"{w('pPr')}/{w('sectPr')}") is not None:
            body.pop()  # a section break closes the body: the new text goes before it
        anchor = body[-1] if body else host.paragraph.element
        for element in [new_paragraph(title, *look, bold=True),
                        *Fitter(self.source_styles, self.styles, look).blocks(elements)]:
            anchor.addnext(element)
            anchor = element

    def _kept_table(self, element: Any) -> bool:
        """A table of IRS's (a column of its comments) or a control table stays where it is."""
        table = control_table(read_table(element, 0), self.aliases)
        if table is not None:
            return True
        first = read_table(element, 0).rows[:1]
        return bool(first) and any(self.aliases.get(" ".join(c.text.lower().split())) == "irs_comments"
                                   or "irs" in c.text.lower().split() for c in first[0].cells)

    # ---------------------------------------------------------------- control tables
    def _control_tables(self, tables: list[ControlTable]) -> None:
        controls = {c["id"]: c for family in self._families() for c in family["controls"]}
        answered = {cid for cid in controls if self._answered(cid)}
        seen: dict[str, int] = {}
        unanswered: list[str] = []
        unknown: list[str] = []
        merged: list[str] = []
        families: dict[str, Counter[str]] = {}
        filled_tables: list[ControlTable] = []
        filled = 0
        for table in tables:
            count = 0
            tally: Counter[str] = Counter()
            for row in table.rows():
                cell = table.cell(row, "control")
                control = control_id(cell.text) if cell is not None else None
                if control is None:
                    continue
                tally[ids.family_of(control) or ""] += 1
                if control not in controls:
                    unknown.append(control)
                    continue
                seen[control] = seen.get(control, 0) + 1
                if control not in answered:
                    unanswered.append(control)
                    continue
                response, status = table.cell(row, "response"), table.cell(row, "status")
                if response is None or response is cell or response.merged_above or (status is not None
                                                                                     and status.merged_above):
                    merged.append(f"{control} (table {table.number}, row {row.number})")
                    continue
                set_cell_text(response.element, controls[control]["narrative"])
                if status is not None:
                    set_cell_text(status.element, controls[control]["status"])
                count += 1
            families[str(table.number)] = tally
            if count:
                filled_tables.append(table)
                filled += count
        if filled:
            irs = sorted({t.headers["irs_comments"] for t in filled_tables if "irs_comments" in t.headers})
            self.report.filled.append(
                f"{filled} control row(s) in {len(filled_tables)} table(s) "
                f"({', '.join(str(t.number) for t in filled_tables)})"
                + (f"; IRS's column{'s' if len(irs) > 1 else ''} {', '.join(repr(h) for h in irs)} left as it was"
                   if irs else ""))
        missing = [cid for cid in controls if cid in answered and cid not in seen]
        self._add_rows(tables, families, missing, controls)
        if unanswered:
            self.report.left_alone.append(f"{len(unanswered)} control row(s) the workspace does not answer: "
                                          f"{_listed(unanswered)}")
        if unknown:
            self.report.left_alone.append(f"{len(unknown)} row(s) of controls outside the agency's Pub 1075 §4 "
                                          f"scope: {_listed(unknown)}")
        if merged:
            self.report.not_placed.append(f"{len(merged)} control row(s) whose cells are merged with the row above "
                                          f"(one text for two controls; split the cells in Word): {', '.join(merged)}")
        doubles = [cid for cid, n in seen.items() if n > 1]
        if doubles:
            self.report.warnings.append(f"{len(doubles)} control(s) have more than one row, each filled alike: "
                                        f"{_listed(doubles)}")

    def _families(self) -> list[dict[str, Any]]:
        from ssrgen.ssr.context import Texts, families

        return families(self.ws, Texts())[0]

    def _answered(self, control: str) -> bool:
        record = self.ws.implementation.get(control)
        return record is not None and bool(record.status or record.narrative or record.systems)

    def _add_rows(self, tables: list[ControlTable], tallies: dict[str, Counter[str]], missing: list[str],
                  controls: dict[str, dict[str, Any]]) -> None:
        by_family: dict[str, ControlTable] = {}
        for table in tables:
            tally = tallies.get(str(table.number))
            if tally:
                family, count = tally.most_common(1)[0]
                best = by_family.get(family)
                if family and (best is None or count > tallies[str(best.number)][family]):
                    by_family[family] = table
        lacking: list[str] = []
        for control in missing:
            family = ids.family_of(control) or ""
            found = by_family.get(family)
            if found is None:
                lacking.append(control)
                continue
            table = found
            rows = [(control_id(c.text) if (c := table.cell(r, "control")) is not None else None, r)
                    for r in table.rows()]
            with_ids = [(cid, r) for cid, r in rows if cid is not None]
            if not with_ids:
                lacking.append(control)
                continue
            template = with_ids[-1][1].element
            new = _copy(template)
            clear_row(new)
            after = [r for cid, r in with_ids if ids.sort_key(cid) > ids.sort_key(control)]
            if after:
                after[0].element.addprevious(new)
            else:
                with_ids[-1][1].element.addnext(new)
            self._fill_new_row(table, new, controls[control])
            self.report.added.append(f"{control} added to table {table.number} ({family})")
        if lacking:
            self.report.not_placed.append(f"{len(lacking)} control(s) the workspace answers, with no table of "
                                          f"their family in the document: {', '.join(lacking)}")

    def _fill_new_row(self, table: ControlTable, tr: Any, control: dict[str, Any]) -> None:
        row = read_row(tr, 0)
        values = {"control": control["id"], "title": control["title"], "response": control["narrative"],
                  "status": control["status"]}
        for name, value in values.items():
            cell = table.cell(row, name)
            if cell is not None:
                set_cell_text(cell.element, value)


def _look(heading: Heading) -> tuple[Any | None, Any | None]:
    """The formatting of the first paragraph of text under ``heading``: what new text there looks like."""
    return formatting(next((b.element for b in heading.body if isinstance(b, Paragraph) and b.text.strip()
                            and not b.placeholder), None))


def _host(headings: list[Heading], anchor: Heading, key: str, order: dict[str, int]) -> Heading:
    """The heading under ``anchor`` after whose body the subsection ``key`` goes, in the outline's
    order: the last heading before the first of its later siblings (or the end of ``anchor``'s part)."""
    host = anchor
    for heading in headings[headings.index(anchor) + 1:]:
        if heading.level <= anchor.level:
            break
        if heading.key is not None and order.get(heading.key, -1) > order[key]:
            break
        host = heading
    return host


def _following(start: Any, stops: set[Any]) -> list[Any]:
    """The elements after a heading paragraph, among its siblings, up to the next heading (or what
    holds it) or the document's closing section properties."""
    found = []
    element = start.getnext()
    while element is not None and element.tag != w("sectPr") and element not in stops:
        found.append(element)
        element = element.getnext()
    return found


def _copy(element: Any) -> Any:
    import copy

    return copy.deepcopy(element)


def _listed(items: list[str], most: int = 12) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")

