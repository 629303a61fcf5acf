"""``ssrgen cap import``: IRS's workbook read by its headers, agency answers untouched."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import yaml
from click.testing import Result

from tests.cap.workbooks import EXAMPLE_ROWS, HEADERS, irs_workbook

NEW_ROW = {
    "FINDING  #": "H.7.1", "Risk": "moderate", "Issue Code(s)": "HCM6; HCM7",
    "Finding": "Baseline configurations not documented for the gateway",
    "Condition": "No secure baseline exists for the Windows Server 2022 gateway.",
    "Recommendation ": "Document and apply a baseline per the IRS SCSEM.",
    "Controls": "cm-6", "IRS Internal Ref": "R-99",
    "Agency Corrective Action": "Baseline drafted from the SCSEM.",
    "Planned Implementation Date": "03/15/2027", "Status": "In Progress",
}


def _findings(workspace: Path) -> dict[str, dict]:
    data = yaml.safe_load((workspace / "cap" / "findings.yaml").read_text(encoding="utf-8"))
    return {f["number"]: f for f in data["findings"]}


def _import(run: Callable[..., Result], workspace: Path, book: Path, *extra: str) -> Result:
    return run("cap", "import", str(book), "-w", str(workspace), *extra)


def test_new_and_updated_findings(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    rows = [dict(r) for r in EXAMPLE_ROWS]
    # IRS reworded a title and returned the CAP with its own view of the status
    rows[2]["Finding"] = "Audit records lack the user identity and the record accessed"
    rows[2]["Status"] = "Closed"
    book = irs_workbook(tmp_path / "cap-from-irs.xlsx", [*rows, NEW_ROW])
    result = _import(run, example, book, "--review", "2026-onsite")
    assert result.exit_code == 0, result.output
    assert "sheet 'CAP', headers in row 3, 6 finding(s)" in result.output
    assert "new       H.7.1  moderate: Baseline configurations not documented for the gateway" in result.output
    assert ("updated   H.2.3  Finding: 'Audit records do not identify the user and the FTI accessed' -> "
            "'Audit records lack the user identity and the record accessed'") in result.output
    assert "kept      H.2.3  Status: the workbook says 'closed', the workspace keeps 'in-progress'" in result.output
    assert "columns not read: IRS Internal Ref" in result.output

    findings = _findings(example)
    new = findings["H.7.1"]
    assert new["criticality"] == "moderate"
    assert new["issue_codes"] == ["HCM6", "HCM7"]
    assert new["controls"] == ["CM-6"]
    assert new["review"] == "2026-onsite"
    assert new["description"] == "No secure baseline exists for the Windows Server 2022 gateway."
    assert new["planned_date"] == dt.date(2027, 3, 15)
    assert new["status"] == "in-progress"
    updated = findings["H.2.3"]
    assert updated["title"] == "Audit records lack the user identity and the record accessed"
    assert updated["status"] == "in-progress"  # the agency's answer stays
    assert updated["corrective_action"].startswith("Database auditing is being reconfigured")
    text = (example / "cap" / "findings.yaml").read_text(encoding="utf-8")
    assert "# Significant and overdue: planned for 10/31/2026 and still in progress." in text
    assert run("validate", "-w", str(example)).exit_code == 0


def test_dry_run_writes_nothing(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    before = (example / "cap" / "findings.yaml").read_bytes()
    book = irs_workbook(tmp_path / "cap.xlsx", [*EXAMPLE_ROWS, NEW_ROW])
    result = _import(run, example, book, "--dry-run", "--review", "2026-onsite")
    assert result.exit_code == 0
    assert "new       H.7.1" in result.output
    assert "unchanged 5 finding(s)" in result.output
    assert "Dry run: nothing was written." in result.output
    assert (example / "cap" / "findings.yaml").read_bytes() == before


def test_unchanged_workbook_writes_nothing(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    before = (example / "cap" / "findings.yaml").read_bytes()
    result = _import(run, example, irs_workbook(tmp_path / "cap.xlsx", EXAMPLE_ROWS))
    assert result.exit_code == 0
    assert "No change: cap/findings.yaml already holds what the workbook says; nothing was written." in result.output
    assert (example / "cap" / "findings.yaml").read_bytes() == before


def test_new_review_created(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    book = irs_workbook(tmp_path / "cap.xlsx", [NEW_ROW])
    result = _import(run, example, book, "--review", "2027-remote", "--review-type", "remote",
                     "--closing-conference", "01/12/2027", "--report-issued", "2027-02-20")
    assert result.exit_code == 0, result.output
    assert "new review 2027-remote (remote)" in result.output
    data = yaml.safe_load((example / "cap" / "findings.yaml").read_text(encoding="utf-8"))
    assert data["reviews"][-1] == {"id": "2027-remote", "type": "remote",
                                   "closing_conference": dt.date(2027, 1, 12),
                                   "report_issued": dt.date(2027, 2, 20)}
    assert _findings(example)["H.7.1"]["review"] == "2027-remote"


def test_new_findings_need_a_review(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    before = (example / "cap" / "findings.yaml").read_bytes()
    book = irs_workbook(tmp_path / "cap.xlsx", [NEW_ROW])
    result = _import(run, example, book)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: the workbook has 1 finding(s) new to the workspace and no review to attach them to, "
        f"in {book}. Name the review with --review ID (add --review-type on-site --closing-conference "
        "YYYY-MM-DD --report-issued YYYY-MM-DD to create it), or set cap.review in ssrgen.yaml."
    )
    unknown = _import(run, example, book, "--review", "2031-onsite")
    assert unknown.exit_code == 1
    assert "Error: review '2031-onsite' is not in cap/findings.yaml. Create it with --review-type" in unknown.output
    assert (example / "cap" / "findings.yaml").read_bytes() == before


def test_bad_cells_are_named_and_nothing_is_written(
    run: Callable[..., Result], example: Path, tmp_path: Path
) -> None:
    before = (example / "cap" / "findings.yaml").read_bytes()
    rows = [dict(r) for r in EXAMPLE_ROWS]
    rows[0]["Risk"] = "High"
    rows[1]["Planned Implementation Date"] = "31/12/2026"
    rows[3]["Controls"] = "AT-99"
    rows[4]["Status"] = "Maybe"
    book = irs_workbook(tmp_path / "cap.xlsx", rows)
    result = _import(run, example, book)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == ("Error: CAP!A4: 'High' is not a finding criticality. Use Critical, Significant, "
                        "Moderate or Limited (Pub 1075 §1.6.3).")
    assert lines[1] == "Error: CAP!K5: '31/12/2026' is not a date. Write the date as MM/DD/YYYY, e.g. 03/31/2027."
    assert lines[2].startswith("Error: CAP!H7: 'AT-99' is not a control in any catalog. Known ids in that family")
    assert lines[3] == ("Error: CAP!M8: 'Maybe' is not a finding status. Use Open, In Progress, "
                        "Completed - Pending IRS Review or Closed.")
    assert lines[-1] == ("Error: 4 problem(s) in cap.xlsx; nothing was imported. Fix each problem listed "
                         "above, then run the command again.")
    assert (example / "cap" / "findings.yaml").read_bytes() == before


def test_duplicate_and_numberless_rows(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    rows = [*EXAMPLE_ROWS, dict(EXAMPLE_ROWS[0]), {"Risk": "Limited", "Finding": "A finding without a number"}]
    result = _import(run, example, irs_workbook(tmp_path / "cap.xlsx", rows))
    assert result.exit_code == 1
    assert "Error: CAP!B9: finding H.1.1 appears twice (also at CAP!B4). Keep one row per finding." in result.output
    assert "Error: CAP!B10: this finding has no finding number." in result.output


def test_not_a_workbook(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    before = (example / "cap" / "findings.yaml").read_bytes()
    fake = tmp_path / "cap.xlsx"
    fake.write_text("Finding #,Criticality\nH.1,Critical\n", encoding="utf-8")
    result = _import(run, example, fake)
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: the file is not an Excel workbook (.xlsx), in {fake}. Save it from Excel as "
        "'Excel Workbook (*.xlsx)' and give that file."
    )
    missing = _import(run, example, tmp_path / "absent.xlsx")
    assert missing.output.strip() == f"Error: the workbook does not exist, in {tmp_path / 'absent.xlsx'}. Check the path."
    assert (example / "cap" / "findings.yaml").read_bytes() == before


def test_missing_headers(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    no_risk = [h for h in HEADERS if h != "Risk"]
    book = irs_workbook(tmp_path / "cap.xlsx", EXAMPLE_ROWS, headers=no_risk)
    result = _import(run, example, book)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: the header row has no column for: Criticality, in CAP!3:3. Check the workbook's headers, "
        "or map them in ssrgen.yaml under cap.headers."
    )
    nothing = irs_workbook(tmp_path / "other.xlsx", [], headers=["Name", "Date", "Amount"])
    result = _import(run, example, nothing)
    assert result.output.strip().startswith(
        "Error: no header row found: none of the first 20 rows of any sheet names the finding number "
        "and two other CAP columns"
    )


def test_header_overrides_from_config(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    headers = ["Ref", *HEADERS[1:]]  # IRS renamed 'Risk' to 'Ref'... mapped in ssrgen.yaml
    rows = [{("Ref" if k == "Risk" else k): v for k, v in r.items()} for r in EXAMPLE_ROWS]
    book = irs_workbook(tmp_path / "cap.xlsx", rows, headers=headers)
    config = example / "ssrgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\ncap:\n  headers:\n    criticality: Ref\n",
                      encoding="utf-8")
    result = _import(run, example, book, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "unchanged 5 finding(s)" in result.output


def test_encrypted_truncated_or_crafted_workbook_refused(run: Callable[..., Result], example: Path,
                                                          tmp_path: Path) -> None:
    before = (example / "cap" / "findings.yaml").read_bytes()
    locked = tmp_path / "locked.xlsx"  # an encrypted workbook is an OLE file with an EncryptionInfo stream
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le")
                       + b"\0" * 512)
    assert _import(run, example, locked).output.strip() == (
        f"Error: the workbook is password-protected (encrypted), so ssrgen cannot read it, in {locked}. "
        "Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, "
        "clear it), save, and import again."
    )
    book = irs_workbook(tmp_path / "cap.xlsx", EXAMPLE_ROWS)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(book.read_bytes()[: book.stat().st_size // 2])
    assert _import(run, example, cut).output.strip() == (
        f"Error: the workbook is damaged or incomplete (it may have been cut off while copying), in {cut}. "
        "Copy or download the file again, or open it in Excel and save a new copy, then import that."
    )
    crafted = tmp_path / "crafted.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(crafted, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "docProps/core.xml":
                content = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
            target.writestr(item, content)
    assert _import(run, example, crafted).output.strip() == (
        f"Error: the workbook's part docProps/core.xml is not plain XML (DTDForbidden(name='x', "
        f"system_id=None, public_id=None)), in {crafted}. The file may be damaged or crafted; open it in "
        "Excel, save a new copy, and import that."
    )
    assert (example / "cap" / "findings.yaml").read_bytes() == before


def test_excel_escapes_in_cells_are_decoded(run: Callable[..., Result], example: Path, tmp_path: Path) -> None:
    rows = [dict(r) for r in EXAMPLE_ROWS]
    # Excel writes a character XML cannot hold as _xHHHH_, and a literal '_x' escape as _x005F_
    rows[2]["Finding"] = "Audit records lack the user_x0009_identity (see _x005F_x0041_)"
    book = irs_workbook(tmp_path / "cap-from-irs.xlsx", rows)
    result = _import(run, example, book)
    assert result.exit_code == 0, result.output
    assert _findings(example)["H.2.3"]["title"] == "Audit records lack the user\tidentity (see _x0041_)"
