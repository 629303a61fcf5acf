"""A filled checklist with two items not met makes two POA&M findings, moves the facility's
cycle, and shows in status, due, the SSR and the site; staff update the POA&M on its sheet."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import Result

from tests.inspections.helpers import ON_SITE, export, fill


@pytest.fixture
def inspected(run: Callable[..., Result], example: Path, tmp_path: Path) -> Path:
    checklist = export(example, "Miami", tmp_path / "miami.xlsx")
    filled = fill(checklist, tmp_path / "filled.xlsx", ON_SITE, every="met", results={
        "2.B.3.1-g": ("not met", "September's visitor log was not closed out."),
        "2.B.3.4-b": ("not met", "The safe's combination was not changed when the clerk transferred."),
    })
    result = run("inspection", "import", str(filled), "-w", str(example), "--by", "Pat Kim")
    assert result.exit_code == 0, result.output
    # staff plan the corrective actions on the POA&M sheet of the evidence workbook
    workbook = tmp_path / "evidence.xlsx"
    assert run("evidence", "export", "-w", str(example), "-o", str(workbook)).exit_code == 0
    book = openpyxl.load_workbook(workbook)
    sheet = book["POA&M"]
    header = {c.value: c.column for c in sheet[1]}
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value}
    row = rows["IIR-2026-02-F1"]
    sheet.cell(row, header["Remediation plan"]).value = "Close out the log monthly; the office manager signs it."
    sheet.cell(row, header["Responsible office"]).value = "Miami Field Office"
    sheet.cell(row, header["Planned date"]).value = dt.date(2027, 1, 29)
    sheet.cell(row, header["Status"]).value = "in-progress"
    book.save(tmp_path / "evidence-back.xlsx")
    result = run("evidence", "import", str(tmp_path / "evidence-back.xlsx"), "-w", str(example), "--by", "Casey")
    assert result.exit_code == 0, result.output
    assert "changed  Status from 'open' to 'in-progress' [IIR-2026-02-F1]" in result.stdout
    return example


def test_status_shows_the_poam(run: Callable[..., Result], inspected: Path) -> None:
    result = run("status", "-w", str(inspected))
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Internal inspections and POA&M:" in text
    assert ("Inspections recorded: 3; latest IIR-2026-02, Miami Field Office, 2026-05-12 (on-site): 106 met, "
            "2 not met.") in text
    assert "POA&M (Pub 1075 Rev. 11-2021 §2.D.9): 4 finding(s): 3 open" in text
    assert re.search(r"IIR-2026-02-F1 \(in progress, planned 2027-01-29\) Miami Field Office: September's visitor "
                     r"log was not closed out\.", text)
    assert "IIR-2026-02-F2 (open, no planned date) Miami Field Office: The safe's combination" in text
    data = json.loads(run("status", "-w", str(inspected), "--format", "json").stdout)
    section = next(s for s in data["sections"] if s["title"] == "Internal inspections and POA&M")
    assert section["poam"]["open"] == 3 and section["poam"]["closed"] == 1


def test_due_lists_the_planned_dates_and_the_moved_cycle(run: Callable[..., Result], inspected: Path) -> None:
    result = run("due", "-w", str(inspected), "--within", "1300", "--format", "json", "--today", "2026-11-30")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    poam = [d for d in items if d["kind"] == "poam"]
    assert [(d["date"], d["title"]) for d in poam] == [
        ("2026-11-30", "Plan the corrective action of POA&M finding IIR-2026-02-F2 at Miami Field Office: The safe's "
                       "combination was not changed when the clerk trans…"),
        ("2027-01-15", "POA&M finding IIR-2025-01-F2 planned completion at FREO Headquarters, 100 Example Plaza, "
                       "Washington, DC: The weekly audit log review of the case tracking system was…"),
        ("2027-01-29", "POA&M finding IIR-2026-02-F1 planned completion at Miami Field Office: September's visitor "
                       "log was not closed out."),
    ]
    assert poam[0]["detail"] == "owed now: no planned date; open; inspection IIR-2026-02, item 2.B.3.4-b"
    assert poam[0]["where"].startswith("registers/poam.yaml:") and not poam[0]["overdue"]
    assert poam[2]["source"] == "Pub 1075 Rev. 11-2021 §2.D.9"
    miami = [d["date"] for d in items if d["title"] == "Internal inspection: Miami Field Office"]
    assert miami[0] == "2029-05-12"  # three years from the inspection of 05/12/2026, no longer 2027-05-20


def test_due_lists_a_finding_without_a_planned_date_as_owed_now(run: Callable[..., Result], inspected: Path,
                                                                tmp_path: Path) -> None:
    calendar = tmp_path / "due.ics"
    result = run("due", "-w", str(inspected), "--today", "2026-11-30", "--ics", str(calendar))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    at = next(n for n, line in enumerate(lines) if "POA&M finding IIR-2026-02-F2" in line)
    assert lines[at].split()[:2] == ["2026-11-30", "today"]
    assert "Plan the corrective action of POA&M finding IIR-2026-02-F2 at Miami Field Office" in lines[at]
    assert lines[at + 1].strip().startswith("owed now: no planned date; open; inspection IIR-2026-02, item 2.B.3.4-b; "
                                            "Pub 1075 Rev. 11-2021 §2.D.9; registers/poam.yaml:")
    from icalendar import Calendar

    events = {str(e["summary"]): e for e in Calendar.from_ical(calendar.read_bytes()).walk("VEVENT")}
    event = next(e for s, e in events.items() if "IIR-2026-02-F2" in s)
    assert event.decoded("dtstart") == dt.date(2026, 11, 30)
    assert str(event["description"]).startswith("owed now: no planned date; open; inspection IIR-2026-02")


def test_the_ssr_summarizes_the_findings_and_attaches_the_reports(run: Callable[..., Result], inspected: Path,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "SSR.docx"
    assert run("ssr", "-w", str(inspected), "-o", str(path)).exit_code == 0
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("7.2 Internal Inspection Findings")
    summary = paragraphs[start + 1]
    assert summary.startswith("2 internal inspections were completed from 01/01/2026 to 12/31/2026 (1 on site, 1 "
                              "self-certified): IIR-2026-01, Denver Field Office (field office), 04/14/2026; "
                              "IIR-2026-02, Miami Field Office (field office), 05/12/2026. They found 2 deficiencies")
    assert "tracks 4 findings of its internal inspections for this period: 1 corrected, 3 open" in summary
    assert summary.endswith("The inspection reports are attached.")
    findings = paragraphs[start + 2:start + 6]
    assert ("IIR-2026-02-F1 (Miami Field Office, inspection IIR-2026-02, item 2.B.3.1-g, Pub 1075 §2.B.3.1): "
            "September's visitor log was not closed out. Action: Close out the log monthly; the office manager "
            "signs it (Miami Field Office). In progress, planned for 01/29/2027.") in findings
    assert any(f.startswith("IIR-2025-01-F1 (") and f.endswith("Corrected on 02/20/2026.") for f in findings)
    attachments = next(t for t in document.tables if t.rows[0].cells[0].text == "File name")
    rows = {r.cells[0].text: r.cells[2].text for r in attachments.rows[1:]}
    assert rows["Inspection-report-IIR-2026-02.docx"] == "7 Other Safeguards (internal inspections, Pub 1075 §2.D.3)"
    assert "Inspection-report-IIR-2026-01.docx" in rows and "Inspection-report-IIR-2025-01.docx" not in rows
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == "Facility")
    miami = next(r for r in plan.rows if r.cells[0].text == "Miami Field Office")
    assert miami.cells[3].text == "05/12/2026"


def test_the_site_has_the_inspection_and_the_poam(run: Callable[..., Result], inspected: Path,
                                                  tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run("site", "build", "-w", str(inspected), "-o", str(site))
    assert result.exit_code == 0, result.output
    page = (site / "inspections" / "iir-2026-02.html").read_text(encoding="utf-8")
    assert "IIR-2026-02: Miami Field Office" in page
    assert "September&#39;s visitor log was not closed out." in page or "September's visitor log" in page
    assert 'href="../registers/poam.html#iir-2026-02-f1"' in page
    poam = (site / "registers" / "poam.html").read_text(encoding="utf-8")
    assert 'id="iir-2026-02-f1"' in poam and 'href="../inspections/iir-2026-02.html"' in poam
    assert "has no remediation plan and no planned date" in poam  # F2's flag, the words of validate
    register = (site / "registers" / "inspections.html").read_text(encoding="utf-8")
    assert 'href="../inspections/iir-2026-02.html"' in register
    assert (site / "inspections" / "iir-2025-01.html").is_file()
