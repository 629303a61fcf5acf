"""``ssrgen cap export``: IRS's workbook filled without altering its format; the
default workbook; the CAP document; round trips through import."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from docx import Document
from openpyxl import load_workbook

from ssrgen.cap.importer import plan_import
from ssrgen.cap.workbook import write_cap_workbook
from ssrgen.catalog import Catalogs
from ssrgen.workspace import Workspace, open_workspace
from tests.cap.workbooks import EXAMPLE_ROWS, HEADER_ROW, HEADERS, irs_workbook, snapshot

TODAY = dt.date(2026, 11, 22)
AGENCY_HEADERS = {"Agency Corrective Action", "Responsible Office", "Planned Implementation Date",
                  "Actual Completion Date", "Status"}


def _with_template(example: Path, headers: list[str] = HEADERS) -> Path:
    (example / "templates").mkdir(exist_ok=True)
    return irs_workbook(example / "templates" / "cap.xlsx", EXAMPLE_ROWS, headers=headers)


def _load(example: Path, catalogs: Catalogs) -> Workspace:
    return open_workspace(example, catalogs)


def _cell(path: Path, header: str, row: int) -> object:
    sheet = load_workbook(path)["CAP"]
    return sheet.cell(row=row, column=HEADERS.index(header) + 1).value


def test_template_is_filled_and_nothing_else_changes(example: Path, catalogs: Catalogs, tmp_path: Path) -> None:
    template = _with_template(example)
    before = snapshot(template)
    out = tmp_path / "CAP.xlsx"
    result = write_cap_workbook(_load(example, catalogs), out, TODAY)
    assert result.from_template == template
    assert result.written == 5
    after = snapshot(out)

    agency_columns = {HEADERS.index(h) + 1 for h in AGENCY_HEADERS}
    sheet = load_workbook(out)["CAP"]
    agency_cells = {sheet.cell(row=r, column=c).coordinate
                    for r in range(HEADER_ROW + 1, HEADER_ROW + 1 + len(EXAMPLE_ROWS)) for c in agency_columns}
    assert after["sheets"] == before["sheets"] == ["CAP", "Instructions"]
    for name in before["sheets"]:
        untouched_before = {k: v for k, v in before[name]["cells"].items() if k not in agency_cells}
        untouched_after = {k: v for k, v in after[name]["cells"].items() if k not in agency_cells}
        assert untouched_after == untouched_before
        for key in ("widths", "validations", "merged", "freeze"):
            assert after[name][key] == before[name][key]
    # agency cells keep their styles too, except the date format the date column asks for
    for coordinate in agency_cells:
        old, new = before["CAP"]["cells"][coordinate], after["CAP"]["cells"][coordinate]
        assert new[2:] == old[2:]

    # H.1.1 (row 4): narrative, office, dates, status as IRS's drop-down spells it
    assert _cell(out, "Agency Corrective Action", 4).startswith("TLS 1.0 and 1.1 and all clear-text protocols")
    assert _cell(out, "Responsible Office", 4) == "Infrastructure Operations"
    assert _cell(out, "Planned Implementation Date", 4) == "09/30/2026"  # a text column: MM/DD/YYYY
    completed = load_workbook(out)["CAP"].cell(row=4, column=HEADERS.index("Actual Completion Date") + 1)
    assert completed.value == dt.datetime(2026, 9, 26)  # a date column: a real date ...
    assert completed.number_format == "mm/dd/yyyy"       # ... shown MM/DD/YYYY
    assert _cell(out, "Status", 4) == "Completed"        # the drop-down's word for completed-pending-irs
    assert _cell(out, "Status", 5) == "In Progress"
    assert _cell(out, "Status", 8) == "Closed"


def test_template_rows_unknown_and_findings_missing(example: Path, catalogs: Catalogs, tmp_path: Path) -> None:
    (example / "templates").mkdir()
    rows = [*EXAMPLE_ROWS[1:], {"FINDING  #": "H.9.9", "Risk": "Limited", "Finding": "Not ours"}]
    irs_workbook(example / "templates" / "cap.xlsx", rows)
    result = write_cap_workbook(_load(example, catalogs), tmp_path / "CAP.xlsx", TODAY)
    assert result.notes[0].startswith("not in IRS's workbook, so not reported: finding(s) H.1.1")
    assert result.notes[1].startswith("rows left as they were (not in cap/findings.yaml): H.9.9")
    assert _cell(tmp_path / "CAP.xlsx", "Agency Corrective Action", 8) is None  # H.9.9


def test_narrative_starting_with_equals_is_text(example: Path, catalogs: Catalogs, tmp_path: Path) -> None:
    _with_template(example)
    findings = example / "cap" / "findings.yaml"
    findings.write_text(findings.read_text(encoding="utf-8").replace(
        "corrective_action: >-\n      The application vendor", "corrective_action: >-\n      =SUM(A1) The application vendor"),
        encoding="utf-8")
    write_cap_workbook(_load(example, catalogs), tmp_path / "CAP.xlsx", TODAY)
    cell = load_workbook(tmp_path / "CAP.xlsx")["CAP"].cell(row=5, column=HEADERS.index("Agency Corrective Action") + 1)
    assert cell.data_type == "s"
    assert cell.value.startswith("=SUM(A1) The application vendor")


def test_changed_template_is_refused(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    _with_template(example, headers=[h for h in HEADERS if h not in ("Agency Corrective Action",)])
    out = tmp_path / "CAP.xlsx"
    result = run("cap", "export", "-w", str(example), "-o", str(out))
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: the CAP template's structure changed: no column for Agency Corrective Action (headers in "
        "row 3 of sheet 'CAP'), in templates/cap.xlsx. Use the CAP workbook exactly as IRS sent it, or map "
        "renamed headers in ssrgen.yaml under cap.headers (e.g. 'corrective_action: Agency Response')."
    )
    assert not out.exists()


def test_template_named_in_config_must_exist(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    config = example / "ssrgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\ncap:\n  template: irs/CAP-2026.xlsx\n",
                      encoding="utf-8")
    result = run("cap", "export", "-w", str(example), "-o", str(tmp_path / "CAP.xlsx"))
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: the CAP template 'irs/CAP-2026.xlsx' named in ssrgen.yaml does not exist, in ssrgen.yaml "
        "(cap.template). Copy IRS's CAP workbook to that path, or correct cap.template."
    )


def test_default_workbook(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    out = tmp_path / "CAP.xlsx"
    result = run("cap", "export", "-w", str(example), "-o", str(out), "--docx", str(tmp_path / "CAP.docx"))
    assert result.exit_code == 0, result.output
    assert f"Wrote {out} (default layout, 5 finding(s))" in result.output
    assert "Next CAP due: " in result.output
    book = load_workbook(out)
    assert book.sheetnames == ["CAP", "Summary"]
    sheet = book["CAP"]
    header = [c.value for c in sheet[4]]
    assert header[:4] == ["Finding #", "Issue Code", "Criticality", "Finding"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert list(rows) == ["H.1.1", "H.2.1", "H.2.3", "H.4.2", "H.5.1"]  # critical first
    overdue_row = next(r for r in range(5, 10) if sheet.cell(row=r, column=1).value == "H.2.1")
    assert sheet.cell(row=overdue_row, column=header.index("Overdue") + 1).value == "Yes"
    assert sheet.cell(row=overdue_row, column=1).fill.start_color.rgb.endswith("FFC7CE")
    assert sheet.cell(row=overdue_row + 1, column=1).fill.fill_type is None
    planned = sheet.cell(row=overdue_row, column=header.index("Planned Implementation Date") + 1)
    assert planned.value == dt.datetime(2026, 10, 31)
    assert planned.number_format == "mm/dd/yyyy"
    lists = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert lists == {'"Critical,Significant,Moderate,Limited"',
                     '"Open,In Progress,Completed - Pending IRS Review,Closed"'}
    summary = [list(r) for r in book["Summary"].iter_rows(min_row=4, max_row=9, values_only=True)]
    assert summary[0] == ["Criticality", "Open", "In Progress", "Completed - Pending IRS Review", "Closed", "Total"]
    assert summary[1] == ["Critical", 0, 0, 1, 0, 1]
    assert summary[2] == ["Significant", 0, 2, 0, 0, 2]
    assert summary[5] == ["Total", 0, 2, 2, 1, 5]


def test_round_trip_template(run: Callable[..., Result], example: Path, catalogs: Catalogs, tmp_path: Path) -> None:
    """import IRS's workbook -> export into it -> import the export: nothing changes."""
    irs = irs_workbook(tmp_path / "from-irs.xlsx", EXAMPLE_ROWS)
    assert run("cap", "import", str(irs), "-w", str(example)).exit_code == 0
    (example / "templates").mkdir()
    shutil.copy(irs, example / "templates" / "cap.xlsx")
    out = tmp_path / "CAP.xlsx"
    write_cap_workbook(_load(example, catalogs), out, TODAY)
    plan = plan_import(_load(example, catalogs), out)
    assert [c.kind for c in plan.findings] == ["unchanged"] * 5
    assert [c.kept for c in plan.findings] == [[]] * 5
    assert not plan.changes_anything


def test_round_trip_default_workbook(example: Path, catalogs: Catalogs, tmp_path: Path) -> None:
    out = tmp_path / "CAP.xlsx"
    write_cap_workbook(_load(example, catalogs), out, TODAY)
    plan = plan_import(_load(example, catalogs), out)
    assert plan.header_row == 4
    assert [c.number for c in plan.findings] == ["H.1.1", "H.2.1", "H.2.3", "H.4.2", "H.5.1"]
    assert not plan.changes_anything
    assert all(not c.kept for c in plan.findings)


def test_fti_in_a_narrative_stops_the_export(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    findings = example / "cap" / "findings.yaml"
    findings.write_text(findings.read_text(encoding="utf-8").replace(
        "Case Systems Development", "Case Systems Development (taxpayer SSN 123-45-6789)"), encoding="utf-8")
    line = next(n for n, text in enumerate(findings.read_text(encoding="utf-8").splitlines(), 1) if "6789" in text)
    result = run("cap", "export", "-w", str(example), "-o", str(tmp_path / "CAP.xlsx"))
    assert result.exit_code == 1
    assert (f"Error: cap/findings.yaml:{line}: this looks like a taxpayer identifier: an SSN-shaped number "
            "(***-**-6789). Remove the identifier") in result.output
    assert "123-45" not in result.output
    assert not (tmp_path / "CAP.xlsx").exists() and not (tmp_path / "CAP.docx").exists()


def test_cap_document(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    out = tmp_path / "CAP.docx"
    result = run("cap", "export", "-w", str(example), "-o", str(tmp_path / "CAP.xlsx"), "--docx", str(out))
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Summary",
        "Critical findings", "H.1.1: FTI transmitted to the transfer gateway without encryption in transit",
        "Significant findings", "H.2.1: User sessions are not terminated after 30 minutes of inactivity",
        "H.2.3: Audit records do not identify the user and the FTI accessed",
        "Moderate findings", "H.4.2: Annual disclosure awareness training not certified for all users",
        "Limited findings", "H.5.1: Media sanitization records omit the sanitization method",
    ]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Federal Records Enforcement Office (fictional)" in text
    assert "Safeguard review: 2026-onsite (on-site), closing conference 08/13/2026, report issued 09/24/2026" in text
    assert "Mitigation plan: FTP disabled on the gateway on 2026-08-15" in text
    assert "{{" not in text and "{%" not in text
    details = {tuple(c.text for c in row.cells) for table in doc.tables[1:] for row in table.rows}
    assert ("Status", "In Progress (overdue)") in details
    assert ("Planned implementation date", "10/31/2026") in details
    assert ("Closure evidence", "EV-012 Transfer gateway TLS configuration") in details
    summary = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert summary[1] == ["Critical", "0", "0", "1", "0", "1"]
    assert doc.core_properties.title == "Corrective Action Plan: Federal Records Enforcement Office (fictional)"


def test_build_writes_the_cap(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    result = run("build", "-w", str(example), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").glob("CAP-*"))
    today = dt.date.today().isoformat()
    assert written == [f"CAP-FREO-0001-{today}.docx", f"CAP-FREO-0001-{today}.xlsx"]



def test_an_agency_code_with_folders_in_it_names_a_file_in_the_output_folder(
        run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    config = example / "ssrgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "code: FREO-0001", 'code: "X/../../../../escaped"'), encoding="utf-8")
    result = run("build", "-w", str(example), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    today = dt.date.today().isoformat()
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name.startswith("CAP")) == [
        f"CAP-X-escaped-{today}.docx", f"CAP-X-escaped-{today}.xlsx"]
    assert not list(tmp_path.parent.rglob(f"escaped-{today}*"))
