"""'ssrgen ssr import': last year's SSR (IRS's template as the agency filled it in, or one ssrgen
wrote) read into the workspace."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import Result

from ssrgen.catalog import Catalogs
from ssrgen.imports.journal import read_journal
from ssrgen.new_workspace import init_workspace
from tests.ssr.irs_template import AGENCY, FAMILIES, SECTIONS, TECHNOLOGY, irs_ssr
from tests.workbook.helpers import snapshot


@pytest.fixture
def fresh(tmp_path: Path, catalogs: Catalogs) -> Path:
    """A workspace just made by 'ssrgen init' for the agency of the fixture."""
    root = tmp_path / "dor"
    init_workspace(root, AGENCY, "TX", False, ["6103(d)"], [], catalogs)
    return root


@pytest.fixture
def accepted(tmp_path: Path) -> Path:
    return irs_ssr(tmp_path / "SSR-2025-accepted.docx")


def implementation(root: Path) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for path in sorted((root / "implementation").glob("*.yaml")):
        found.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return found


def texts(root: Path, name: str) -> dict[str, str]:
    return yaml.safe_load((root / "ssr" / name).read_text(encoding="utf-8"))


def test_dry_run_lists_every_change_and_writes_nothing(run: Callable[..., Result], fresh: Path,
                                                       accepted: Path) -> None:
    before = snapshot(fresh)
    result = run("ssr", "import", str(accepted), "-w", str(fresh), "--dry-run")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("SSR-2025-accepted.docx: 6 control row(s) in 2 control table(s), 7 section(s) with text, "
                          "4 IRS comment(s)\n")
    assert "AC-2(3)\n  added    status 'partially-implemented' (agency-wide)\n  added    narrative (agency-wide)\n" in out
    assert "8 Disposal\n  added    text (ssr/sections.yaml, disposal)\n" in out
    assert "9.4.2 Email Communications\n  added    narrative (P1075-3.3.2)\n" in out
    assert "IRS comments\n  added    IRS's comment (AC-2)\n" in out
    assert "Not imported: ssrgen writes these sections from the workspace:\n  Safeguard Security Report " \
           "Certification (from the agency's agreements and authorities)\n  1 Outstanding Actions (from " \
           "cap/findings.yaml)\n" in out
    assert out.rstrip().endswith("Dry run: 23 change(s) in 14 control(s) and section(s), 0 conflict(s); nothing "
                                 "was written.")
    assert snapshot(fresh) == before


def test_every_narrative_and_status_lands_and_a_second_import_changes_nothing(
        run: Callable[..., Result], fresh: Path, accepted: Path) -> None:
    result = run("ssr", "import", str(accepted), "-w", str(fresh), "--by", "Pat Kim")
    assert result.exit_code == 0, result.output
    answers = implementation(fresh)
    statuses = {"Implemented": "implemented", "Partially Implemented": "partially-implemented", "Planned": "planned"}
    for rows in FAMILIES.values():
        for written, _, status, response, _ in rows:
            control = {"AC-02": "AC-2", "AC-2 (3)": "AC-2(3)", "ac-7": "AC-7", "AT-04": "AT-4"}.get(written, written)
            assert answers[control] == {"status": statuses[status], "narrative": response}, control
    sections = texts(fresh, "sections.yaml")
    assert sections["fti_flow"] == "\n\n".join(SECTIONS["5 FTI Flow and Processing"])
    assert sections["disposal"] == SECTIONS["8 Disposal"][0]
    assert sections["disclosure_awareness"] == SECTIONS["10 Disclosure Awareness"][0]
    assert answers["P1075-3.3.1"] == {"narrative": TECHNOLOGY["9.4.1 Cloud Computing Environments"][0]}
    assert answers["P1075-3.3.2"] == {"narrative": TECHNOLOGY["9.4.2 Email Communications"][0]}
    # IRS's words are kept apart, never as the agency's answers
    assert texts(fresh, "irs-comments.yaml") == {
        "AC-2": "Provide the quarterly review evidence.",
        "AC-2(3)": "Pub 1075 requires 120 days; confirm the setting on the mainframe.",
        "AC-11": "Due by 06/30/2026.", "AT-4": "Records reviewed on site; no issue."}
    assert all("quarterly review evidence" not in str(a) for a in answers.values())
    [entry] = read_journal(fresh)
    assert (entry["kind"], entry["by"], entry["source"]) == ("SSR", "Pat Kim", "SSR-2025-accepted.docx")
    assert "AC-7 (agency-wide): added status 'implemented'" in entry["changes"]
    before = snapshot(fresh)
    again = run("ssr", "import", str(accepted), "-w", str(fresh))
    assert again.exit_code == 0, again.output
    assert "No change: the workspace already holds what SSR-2025-accepted.docx says (0 conflict(s))" in again.stdout
    assert snapshot(fresh) == before
    # what was imported is in the next SSR
    assert run("ssr", "-w", str(fresh), "-o", str(fresh / "out" / "ssr.docx")).exit_code == 0
    paragraphs = [p.text for p in docx.Document(str(fresh / "out" / "ssr.docx")).paragraphs]
    assert SECTIONS["6 System of Records"][0] in paragraphs
    assert TECHNOLOGY["9.4.2 Email Communications"][0] in paragraphs


def _edit_cell(path: Path, out: Path, control: str, column: int, text: str) -> Path:
    document = docx.Document(str(path))
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text == control:
                row.cells[column].text = text
    document.save(str(out))
    return out


def test_an_answer_changed_since_is_a_conflict_and_kept(run: Callable[..., Result], fresh: Path, accepted: Path,
                                                          tmp_path: Path) -> None:
    assert run("ssr", "import", str(accepted), "-w", str(fresh)).exit_code == 0
    ac = fresh / "implementation" / "ac.yaml"
    ac.write_text(ac.read_text(encoding="utf-8").replace("Three failed logons", "Three invalid logons in 120 minutes"),
                  encoding="utf-8")
    edited = _edit_cell(accepted, tmp_path / "edited.docx", "ac-7", 3, "Five failed logons lock the account.")
    result = run("ssr", "import", str(edited), "-w", str(fresh))
    assert result.exit_code == 0, result.output
    assert ("Conflict: edited.docx, table 2, row 4: the workspace already answers AC-7 otherwise (narrative; "
            "implementation/ac.yaml:") in result.stderr
    assert implementation(fresh)["AC-7"]["narrative"] == (
        "Three invalid logons in 120 minutes lock the account for 15 minutes.")


def test_in_a_document_ssrgen_wrote_only_the_agencys_words_are_read(run: Callable[..., Result], example: Path,
                                                                     tmp_path: Path) -> None:
    written = tmp_path / "ssr.docx"
    assert run("ssr", "-w", str(example), "-o", str(written)).exit_code == 0
    same = run("ssr", "import", str(written), "-w", str(example))
    assert same.exit_code == 0, same.output
    assert "No change: the workspace already holds what ssr.docx says (0 conflict(s))" in same.stdout
    assert "Warning" not in same.stderr
    # a paragraph the agency adds under a section, and an answer changed in the document
    document = docx.Document(str(written))
    texts_ = [p.text for p in document.paragraphs]
    intro = document.paragraphs[texts_.index("8 Disposal") + 1]  # the introduction ssrgen wrote
    added = document.add_paragraph("Disposal is witnessed by two employees and logged.")
    intro._p.addnext(added._p)
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text == "AC-12":
                row.cells[3].text = "Sessions end after 30 minutes of inactivity."
                row.cells[2].text = "Implemented"
    document.save(str(tmp_path / "edited.docx"))
    result = run("ssr", "import", str(tmp_path / "edited.docx"), "-w", str(example), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "8 Disposal\n  added    text (ssr/sections.yaml, disposal)\n" in result.stdout
    assert "AC-12\n  changed  status from 'not-implemented' to 'implemented' (agency-wide)\n" in result.stdout
    assert "Dry run: 3 change(s) in 2 control(s) and section(s), 0 conflict(s)" in result.stdout
    # changed in the document and in the workspace since it was written: a conflict, the workspace stands
    ac = example / "implementation" / "ac.yaml"
    ac.write_text(ac.read_text(encoding="utf-8").replace("status: not-implemented", "status: planned", 1),
                  encoding="utf-8")
    both = run("ssr", "import", str(tmp_path / "edited.docx"), "-w", str(example))
    assert both.exit_code == 0, both.output
    assert ("Conflict: edited.docx, table 9, row " in both.stderr
            and "the answer to AC-12 changed in the workspace after the export and in the document; the workspace's "
            "version was kept" in both.stderr)


def test_headers_mapped_in_ssrgen_yaml(run: Callable[..., Result], fresh: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("9 Information Security Controls", 1)
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Ctrl Ref", "What we do", "Safeguards notes"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["IA-2", "Every user signs in with a smart card.", "Fine."],
                          strict=True):
        cell.text = text
    path = tmp_path / "own.docx"
    document.save(str(path))
    unmapped = run("ssr", "import", str(path), "-w", str(fresh), "--dry-run")
    assert "Warning: own.docx, table 1: this table under \"9 Information Security Controls\" (2 row(s), first " \
           "row: 'Ctrl Ref') is not a control table" in unmapped.stderr
    config = fresh / "ssrgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\nssr:\n  headers:\n    control: Ctrl Ref\n"
                      "    response: [What we do]\n    irs_comments: Safeguards notes\n", encoding="utf-8")
    mapped = run("ssr", "import", str(path), "-w", str(fresh))
    assert mapped.exit_code == 0, mapped.output
    assert implementation(fresh)["IA-2"] == {"narrative": "Every user signs in with a smart card."}
    assert texts(fresh, "irs-comments.yaml") == {"IA-2": "Fine."}
    config.write_text(config.read_text(encoding="utf-8").replace("    irs_comments:", "    irs_coments:"),
                      encoding="utf-8")
    typo = run("ssr", "import", str(path), "-w", str(fresh))
    assert typo.exit_code == 1
    line = config.read_text(encoding="utf-8").splitlines().index("    irs_coments: Safeguards notes") + 1
    assert f"Error: ssrgen.yaml:{line}: unknown field 'irs_coments'" in typo.stderr


def test_what_has_no_place_is_listed(run: Callable[..., Result], fresh: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("5 FTI Flow and Processing", 1)
    document.add_paragraph("FTI arrives weekly.")
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Data flow step"
    document.add_heading("5.9 Data Warehouse", 2)
    document.add_paragraph("The warehouse holds no FTI.")
    document.add_heading("9.3.1 Access Control (AC)", 2)
    controls = document.add_table(rows=3, cols=3)
    for row, texts_ in zip(controls.rows, [["Control", "Status", "Agency Response"], ["XY-9", "", "Something."],
                                           ["Access control policy", "", "Text without an id."]], strict=True):
        for cell, text in zip(row.cells, texts_, strict=True):
            cell.text = text
    path = tmp_path / "odd.docx"
    document.save(str(path))
    result = run("ssr", "import", str(path), "-w", str(fresh), "--dry-run")
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert ("Warning: odd.docx, table 1: this table under \"5 FTI Flow and Processing\" (2 row(s), first row: 'Data "
            "flow step') is not a control table and has no place in the workspace; it was not imported") in err
    assert ("Warning: odd.docx, under \"5.9 Data Warehouse\": 1 paragraph(s) under a heading the SSR outline has no "
            "place for; they were not imported") in err
    assert "Warning: odd.docx, table 2, row 2: 'XY-9' is not a control of the catalogs (XY-9); the row was not " \
           "imported" in err
    assert ("Warning: odd.docx, table 2, row 3: the Control cell holds no control id ('Access control policy'); "
            "the row was not imported") in err
    assert "5 FTI Flow and Processing\n  added    text 'FTI arrives weekly.'" in result.stdout


def test_a_bad_status_stops_the_import_with_its_place(run: Callable[..., Result], fresh: Path, accepted: Path,
                                                       tmp_path: Path) -> None:
    bad = _edit_cell(accepted, tmp_path / "bad.docx", "AC-11", 2, "Done-ish")
    before = snapshot(fresh)
    result = run("ssr", "import", str(bad), "-w", str(fresh))
    assert result.exit_code == 1
    assert ("Error: bad.docx, table 2, row 5: 'Done-ish' is not an implementation status (Implementation Status of "
            "AC-11). Use one of: Implemented, Partially implemented, Planned, Alternative implementation, Not "
            "applicable, Not implemented (or leave it empty).") in result.stderr
    assert "Error: 1 problem(s) in bad.docx; nothing was imported." in result.stderr
    assert snapshot(fresh) == before


def test_an_ssn_in_an_irs_comment_stops_the_import(run: Callable[..., Result], fresh: Path, accepted: Path,
                                                    tmp_path: Path) -> None:
    planted = _edit_cell(accepted, tmp_path / "ssn.docx", "AC-11", 4, "Taxpayer 123-45-6789 was in a screenshot.")
    before = snapshot(fresh)
    result = run("ssr", "import", str(planted), "-w", str(fresh))
    assert result.exit_code == 1
    assert "Error: ssn.docx, table 2, row 5: this looks like a taxpayer identifier" in result.stderr
    assert "123-45-6789" not in result.output
    assert snapshot(fresh) == before


def test_subcommand_and_writing_options_do_not_mix(run: Callable[..., Result], fresh: Path, accepted: Path) -> None:
    result = run("ssr", "--final", "import", str(accepted), "-w", str(fresh))
    assert result.exit_code == 2
    assert "--final write the SSR; they do not go with 'ssr import'" in result.output
    before = run("ssr", "-w", str(fresh), "import", str(accepted), "--dry-run")
    assert before.exit_code == 0, before.output
    assert "Dry run: 23 change(s)" in before.stdout


def test_a_table_of_10000_rows_is_read_in_one_pass(fresh: Path, tmp_path: Path, catalogs: Catalogs) -> None:
    """Every control of the agency's scope in one table, then thousands of empty rows (as a
    template left with blank rows): the import plans them all, reading the XML once."""
    from docx.oxml import OxmlElement

    from ssrgen.ssr.importer import plan_import
    from ssrgen.workspace import open_workspace

    workspace = open_workspace(fresh, catalogs)
    controls = [e.id for e in workspace.in_scope() if e.catalog == "pub1075"]
    document = docx.Document()
    document.add_heading("9 Information Security Controls", 1)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Control", "Status", "Agency Response"], strict=True):
        cell.text = text
    for index in range(10_000):
        row = OxmlElement("w:tr")
        texts_ = (controls[index], "Implemented", f"Answer {index}.") if index < len(controls) else ("", "", "")
        for text in texts_:
            cell = OxmlElement("w:tc")
            paragraph = OxmlElement("w:p")
            if text:
                run = OxmlElement("w:r")
                node = OxmlElement("w:t")
                node.text = text
                run.append(node)
                paragraph.append(run)
            cell.append(paragraph)
            row.append(cell)
        table._tbl.append(row)
    path = tmp_path / "large.docx"
    document.save(str(path))
    plan = plan_import(workspace, path)
    assert plan.control_rows == len(controls) > 300
    assert len(plan.changes) == 2 * len(controls)
    assert not plan.warnings


def test_the_section_texts_are_checked_with_their_line(run: Callable[..., Result], fresh: Path,
                                                        accepted: Path) -> None:
    assert run("ssr", "import", str(accepted), "-w", str(fresh)).exit_code == 0
    assert run("validate", "-w", str(fresh)).exit_code == 0
    sections = fresh / "ssr" / "sections.yaml"
    sections.write_text(sections.read_text(encoding="utf-8") + "dispsal: Shredded.\nai_use: [a, list]\n",
                        encoding="utf-8")
    lines = sections.read_text(encoding="utf-8").splitlines()
    result = run("validate", "-w", str(fresh))
    assert result.exit_code == 1
    assert (f"Error: ssr/sections.yaml:{lines.index('dispsal: Shredded.') + 1}: 'dispsal' is not a section of the "
            "SSR with a text of its own. Use one of: fti_flow, contractors, ai_use, system_of_records, "
            "other_safeguards, disposal, disclosure_awareness.") in result.stderr
    assert (f"Error: ssr/sections.yaml:{lines.index('ai_use: [a, list]') + 1}: the text of 'ai_use' is not text"
            in result.stderr)


def test_an_ssr_ssrgen_wrote_is_taken_whole_by_a_new_workspace_of_the_same_agency(
        run: Callable[..., Result], example: Path, tmp_path: Path, catalogs: Catalogs) -> None:
    # the manifest names the agency; a new workspace of that name holds nothing, so nothing is "as written"
    (example / "ssr").mkdir(exist_ok=True)
    (example / "ssr" / "sections.yaml").write_text("disposal: Paper FTI is shredded on site under escort.\n",
                                                   encoding="utf-8")
    written = tmp_path / "out.docx"
    assert run("ssr", "-w", str(example), "-o", str(written)).exit_code == 0
    agency = yaml.safe_load((example / "ssrgen.yaml").read_text(encoding="utf-8"))["agency"]["name"]
    fresh = tmp_path / "fresh"
    init_workspace(fresh, agency, None, True, ["IRC-6103(i)(2)"], ["mou"], catalogs)
    result = run("ssr", "import", str(written), "-w", str(fresh))
    assert result.exit_code == 0, result.output
    assert "Conflict" not in result.stderr
    assert "No change" not in result.stdout
    given = implementation(example)
    taken = implementation(fresh)
    assert given["AC-7"]["status"] == taken["AC-7"]["status"] == "implemented"
    assert given["AC-7"]["narrative"].split() == str(taken["AC-7"]["narrative"]).split()
    assert taken["AC-2"]["status"] == "partially-implemented"
    assert texts(fresh, "sections.yaml")["disposal"] == "Paper FTI is shredded on site under escort."
    again = run("ssr", "import", str(written), "-w", str(fresh))
    assert "No change: the workspace already holds what out.docx says (0 conflict(s))" in again.stdout


def _insert_after(document: docx.document.Document, before: str, text: str, *, bold: bool = False) -> None:
    """A paragraph of ``text`` right after the first paragraph reading ``before``."""
    anchor = next(p for p in document.paragraphs if p.text == before)
    added = document.add_paragraph()
    added.add_run(text).bold = bold or None
    anchor._p.addnext(added._p)


def test_text_under_a_subsection_titled_in_bold_is_that_subsections(run: Callable[..., Result], fresh: Path,
                                                                      accepted: Path, tmp_path: Path) -> None:
    assert run("ssr", "import", str(accepted), "-w", str(fresh)).exit_code == 0
    written = tmp_path / "new.docx"
    assert run("ssr", "-w", str(fresh), "--into", str(accepted), "-o", str(written)).exit_code == 0
    document = docx.Document(str(written))
    texts_ = [p.text for p in document.paragraphs]
    mobile = texts_.index("9.4.4 Mobile Devices")  # a bold title --into wrote, then the text ssrgen generated
    _insert_after(document, texts_[mobile + 1], "Agency phones never hold FTI; MDM wipes a lost phone.")
    document.save(str(tmp_path / "edited.docx"))
    result = run("ssr", "import", str(tmp_path / "edited.docx"), "-w", str(fresh), "--dry-run")
    assert result.exit_code == 0, result.output
    assert ("9.4.4 Mobile Devices\n  added    narrative (P1075-3.3.4)\n" in result.stdout)
    assert "Dry run: 1 change(s) in 1 control(s) and section(s), 0 conflict(s)" in result.stdout
    assert run("ssr", "import", str(tmp_path / "edited.docx"), "-w", str(fresh)).exit_code == 0
    answers = implementation(fresh)
    assert answers["P1075-3.3.4"] == {"narrative": "Agency phones never hold FTI; MDM wipes a lost phone."}
    assert answers["P1075-3.3.2"] == {"narrative": TECHNOLOGY["9.4.2 Email Communications"][0]}


def test_headings_written_as_bold_body_text_are_recognised(run: Callable[..., Result], fresh: Path,
                                                          tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Safeguard Security Report", "Title")
    for title, text in (("8 Disposal", "Paper FTI is shredded on site."),
                        ("9 Information Security Controls", "See the tables."),
                        ("9.4 Additional Computer Security Requirements", ""),
                        ("Email Communications", "FTI is never sent by email."),
                        ("10 Disclosure Awareness", "Training is yearly.")):
        document.add_paragraph().add_run(title).bold = True
        if text:
            document.add_paragraph(text)
    document.save(str(tmp_path / "bold.docx"))
    result = run("ssr", "import", str(tmp_path / "bold.docx"), "-w", str(fresh))
    assert result.exit_code == 0, result.output
    sections = texts(fresh, "sections.yaml")
    assert (sections["disposal"], sections["disclosure_awareness"]) == ("Paper FTI is shredded on site.",
                                                                       "Training is yearly.")
    assert implementation(fresh)["P1075-3.3.2"] == {"narrative": "FTI is never sent by email."}


def test_text_before_the_first_heading_is_reported(run: Callable[..., Result], fresh: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Safeguard Security Report", "Title")
    document.add_paragraph("Reporting Year: 2025")
    prose = ("FTI is received weekly over Secure Data Transfer and processed only in the tax system; no FTI is kept "
             "on paper outside the records room.")
    document.add_paragraph(prose)
    document.add_heading("8 Disposal", 1)
    document.add_paragraph("Paper FTI is shredded on site.")
    document.save(str(tmp_path / "ssr.docx"))
    result = run("ssr", "import", str(tmp_path / "ssr.docx"), "-w", str(fresh))
    assert result.exit_code == 0, result.output
    assert ("Warning: ssr.docx, before the first heading: 1 paragraph(s) of text before the first heading ('FTI is "
            "received weekly over Secure Data ...') belong to no section of the SSR; they were not imported"
            ) in result.stderr
    assert texts(fresh, "sections.yaml")["disposal"] == "Paper FTI is shredded on site."


def test_a_row_with_too_few_cells_says_so(run: Callable[..., Result], fresh: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("9 Information Security Controls", 1)
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Control", "Implementation Status", "Agency Response"], strict=True):
        cell.text = text
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "AC-2", "Implemented"
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[-1])  # the row ends before the response column
    document.save(str(tmp_path / "short.docx"))
    result = run("ssr", "import", str(tmp_path / "short.docx"), "-w", str(fresh))
    assert result.exit_code == 1, result.output
    assert "short.docx, table 1, row 2: the row of AC-2 has too few cells: none under Agency Response" in result.output
    assert "are merged" not in result.output
