"""``ssrgen inspection report``: the report of an inspection from its template, through the door
with its SSR period; ``build`` writes those of the reporting period; the package takes them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import docx
from click.testing import Result

from ssrgen.inspections.report import build_step, in_period
from ssrgen.output import delivering
from tests.inspections.helpers import load


def text_of(path: Path) -> tuple[list[str], list[list[list[str]]], str]:
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    tables = [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]
    footer = " ".join(p.text for p in document.sections[0].footer.paragraphs)
    return paragraphs, tables, footer


def test_the_report_of_the_on_site_inspection(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    result = run("inspection", "report", "iir-2025-01", "-w", str(example), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "Inspection-report-IIR-2025-01.docx"
    assert f"Wrote {path} (inspection report IIR-2025-01)" in result.stdout
    paragraphs, tables, footer = text_of(path)
    assert paragraphs[:2] == ["Internal Inspection Report", "FREO Headquarters, 100 Example Plaza, Washington, DC"]
    assert paragraphs[2].startswith("This report records the internal inspection of FREO Headquarters, 100 Example "
                                    "Plaza, Washington, DC (headquarters) on 09/10/2025, which reviewed recordkeeping, "
                                    "secure storage, limited access, disposal and cybersecurity (MOU §9.A.10; Pub 1075")
    info = {row[0]: row[1] for row in tables[0]}
    assert info["Method"] == "on site"
    assert info["Inspector"] == "Riley Morgan, Office of Internal Review (employed by the agency)"
    assert info["Retain this report until"].startswith("09/10/2030 (five years from the inspection")
    assert info["Next inspection due by"] == "03/10/2027"
    areas = {row[0]: row[1:] for row in tables[1][1:]}
    assert areas["Secure storage"][:5] == ["87", "83", "1", "0", "3"]  # items, met, not met, partially, n/a
    assert areas["Cybersecurity"][3] == "1"  # AU-6 partially met
    findings = tables[2]
    assert findings[0][:3] == ["Finding", "Requirement", "What was found"]
    assert findings[1][0] == "IIR-2025-01-F1 (item 2.B.3.4-h)"
    assert findings[1][1] == "An annual reconciliation must be done on all key records. (Pub 1075 §2.B.3.4)"
    assert findings[1][4] == "03/31/2026; completed 02/20/2026"
    assert findings[2][3] == ("Assign a backup reviewer and track the weekly review in the ticket queue; alert the ISSO "
                              "when a week is missed. (Infrastructure Operations)")
    assert "Inspector: Riley Morgan        Signature: ______________________        Date: ____________" in paragraphs
    assert "IRS official records" in footer
    assert not any(p.startswith("Self-certification") for p in paragraphs)
    manifest = json.loads((tmp_path / "out" / "ssrgen-manifest.json").read_text(encoding="utf-8"))["files"]
    entry = manifest["Inspection-report-IIR-2025-01.docx"]
    assert (entry["kind"], entry["period"], entry["inspection"]) == \
        ("inspection-report", "2025-01-01_2025-12-31", "IIR-2025-01")


def test_the_report_of_a_self_certification(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    result = run("inspection", "report", "IIR-2026-01", "-w", str(example), "-o", str(tmp_path / "r.docx"))
    assert result.exit_code == 0, result.output
    paragraphs, _, _ = text_of(tmp_path / "r.docx")
    assert "Self-certification" in paragraphs
    assert any(p.startswith("The facility self-certified this inspection (Pub 1075 Rev. 11-2021 §2.D.3). Signed by "
                            "Alex Romero, Special Agent in Charge, Denver Field Office (agency employee: Yes)")
               for p in paragraphs)
    assert "The inspection found no deficiency." in paragraphs
    assert ("2.F.3-g: Destroy microforms (microfilm, microfiche, or other reduced image photo negatives) by burning."
            in paragraphs)


def test_an_unknown_inspection(run: Callable[..., Result], example: Path) -> None:
    result = run("inspection", "report", "IIR-1999-01", "-w", str(example))
    assert result.exit_code == 1
    assert ("Error: no inspection has the id 'IIR-1999-01'. Use the id of an inspection in inspections/: IIR-2025-01 "
            "(FREO Headquarters, 100 Example Plaza, Washington, DC, 2025-09-10), IIR-2026-01 (Denver Field Office, "
            "2026-04-14).") in result.output


def test_a_report_template_of_the_agencys_own(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    template = tmp_path / "mine.docx"
    document = docx.Document()
    document.add_paragraph("Report {{ report.id }} of {{ facility.name }}: {{ inspection.results }}")
    document.add_paragraph("{{ facility.nmae }}")
    document.save(str(template))
    result = run("inspection", "report", "IIR-2026-01", "-w", str(example), "--template", str(template),
                 "-o", str(tmp_path / "out" / "r.docx"))
    assert result.exit_code == 1
    assert "facility.nmae" in result.output
    assert not (tmp_path / "out").exists()
    document.paragraphs[1].text = ""
    document.save(str(template))
    result = run("inspection", "report", "IIR-2026-01", "-w", str(example), "--template", str(template),
                 "-o", str(tmp_path / "out" / "r.docx"))
    assert result.exit_code == 0, result.output
    assert text_of(tmp_path / "out" / "r.docx")[0][0] == \
        "Report IIR-2026-01 of Denver Field Office: 105 met, 2 not applicable, 1 not checked"


def test_build_writes_the_reports_of_the_reporting_period(example: Path, tmp_path: Path) -> None:
    workspace = load(example)
    assert [i.id for i in in_period(workspace, dt.date(2026, 11, 30))] == ["IIR-2026-01"]
    assert [i.id for i in in_period(workspace, dt.date(2025, 12, 1))] == ["IIR-2025-01"]
    with delivering(workspace, anchors=(tmp_path / "out",)):
        written = build_step(workspace, tmp_path / "out")
    period = in_period(workspace, dt.date.today())
    assert [p.name for p in written] == [f"Inspection-report-{i.id}.docx" for i in period]


def test_the_package_takes_the_reports_of_the_period(run: Callable[..., Result], example: Path,
                                                     tmp_path: Path) -> None:
    import pyzipper

    out = example / "out"
    assert run("ssr", "-w", str(example)).exit_code == 0
    for ident in ("IIR-2025-01", "IIR-2026-01"):
        assert run("inspection", "report", ident, "-w", str(example)).exit_code == 0
    result = run("package", "-w", str(example), "--passphrase-prompt", input="a-long-passphrase\na-long-passphrase\n")
    assert result.exit_code == 0, result.output
    [package] = [p for p in out.glob("*.zip")]
    with pyzipper.AESZipFile(package) as archive:
        archive.setpassword(b"a-long-passphrase")
        names = archive.namelist()
    assert "Inspection-report-IIR-2026-01.docx" in names  # the period of the SSR being prepared
    assert "Inspection-report-IIR-2025-01.docx" not in names
