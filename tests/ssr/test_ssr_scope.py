"""The SSR names the agency's own authorities and agreements; the MOU appears only for an
agency the MOU binds."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from ssrgen.catalog import Catalogs
from ssrgen.new_workspace import init_workspace
from ssrgen.paths import example_workspace
from ssrgen.ssr import write_ssr
from ssrgen.workspace import open_workspace
from tests.ssr.readback import ReadBack, read_docx

TODAY = dt.date(2026, 11, 22)


def everything(back: ReadBack) -> str:
    return "\n".join([back.text, *back.footer])


def certification(back: ReadBack) -> str:
    return next(p for p in back.paragraphs if "I certify that this Safeguard Security Report" in p)


@pytest.fixture(scope="module")
def state_ssr(tmp_path_factory: pytest.TempPathFactory, catalogs: Catalogs) -> ReadBack:
    """The SSR of a workspace just made by 'ssrgen init --state OH --authority 6103(d)'."""
    root = tmp_path_factory.mktemp("state") / "dor"
    init_workspace(root, "Department of Revenue", "OH", False, ["6103(d)"], [], catalogs)
    out = root / "out" / "ssr.docx"
    write_ssr(open_workspace(root, catalogs), out, today=TODAY)
    return read_docx(out)


@pytest.fixture(scope="module")
def mou_ssr(tmp_path_factory: pytest.TempPathFactory, catalogs: Catalogs) -> ReadBack:
    out = tmp_path_factory.mktemp("mou") / "ssr.docx"
    write_ssr(open_workspace(example_workspace(), catalogs, bundled=True), out, today=TODAY)
    return read_docx(out)


def test_a_state_agency_report_cites_no_mou(state_ssr: ReadBack) -> None:
    text = everything(state_ssr)
    assert "MOU" not in text
    assert "Memorandum of Understanding" not in text


def test_a_state_agency_report_names_6103_d(state_ssr: ReadBack) -> None:
    assert certification(state_ssr) == (
        "Department of Revenue receives FTI under IRC § 6103(d). As required by Pub 1075 §2.E.2 (a signed "
        "certification from the Head of Agency or a designee) and §2.E.4, I certify that this Safeguard "
        "Security Report of Department of Revenue:")
    assert ("reports the processes, procedures, and security and privacy controls in place to protect FTI in "
            "compliance with IRC § 6103(p)(4) (Pub 1075 §2.E.4);") in state_ssr.paragraphs
    assert ("Authority to receive FTI: IRC § 6103(d) (State tax agencies: FTI for state tax administration)"
            in state_ssr.paragraphs)
    assert state_ssr.footer[0].endswith("(Pub 1075 Rev. 11-2021, Introduction)")
    assert "may not be disclosed to anyone outside the agency" in state_ssr.footer[0]
    # the section introductions cite Pub 1075 alone
    assert ("Disclosure awareness training and certification before access and annually (Pub 1075 §2.D.2)."
            in state_ssr.paragraphs)


def test_the_mou_bound_example_still_cites_mou_9_a_6(mou_ssr: ReadBack) -> None:
    basis = certification(mou_ssr)
    assert basis.startswith("Federal Records Enforcement Office (fictional) receives FTI under IRC § 6103(i)(2) "
                            "(Memorandum of Understanding for the Exchange of Information for Nontax Criminal "
                            "Enforcement). As required by the data exchange agreement (MOU §9.A.6) and Pub 1075")
    assert mou_ssr.footer[0].endswith("(MOU §9.F)")
    assert ("Disclosure awareness training and certification before access and annually (MOU §9.A.5, "
            "Pub 1075 §2.D.2).") in mou_ssr.paragraphs
    assert any(p.startswith("Authority to receive FTI: IRC § 6103(i)(2) (Disclosure of return information")
               for p in mou_ssr.paragraphs)
    agreements = next(t for t in mou_ssr.tables if t[0][0] == "Agreement")
    assert agreements[1][3] == "04/07/2025"  # 'signed: 2025-04-07', unquoted, as IRS writes dates


def test_the_older_form_still_reads_the_mou_and_says_how_to_move(run, tmp_path: Path, catalogs: Catalogs) -> None:
    root = tmp_path / "legacy"
    shutil.copytree(example_workspace(), root, ignore=shutil.ignore_patterns("out", "site", ".ssrgen"))
    config = root / "ssrgen.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("    catalog: mou\n", "").replace("signed: 2025-04-07", 'signed: "2025-04-07"')
    text = text.replace("catalogs: [pub1075, pub1075-req]", "catalogs: [pub1075, pub1075-req, mou]")
    config.write_text(text, encoding="utf-8")
    result = run("validate", "-w", str(root))
    assert result.exit_code == 0, result.output
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("catalogs:"))
    notices = [w for w in result.stderr.splitlines() if "under 'catalogs:' is read as before" in w]
    assert notices == [
        f"Warning: ssrgen.yaml:{line}: 'mou' under 'catalogs:' is read as before (the catalog 'IRS-ICE Memorandum "
        "of Understanding: safeguarding obligations' is in scope), but an agreement's catalog now comes with the "
        "agreement that binds the agency. If an agreement binds the agency to it, add 'catalog: mou' to that "
        "agreement under 'agreements:' (or list it: 'agreements: [{id: irs-ice-mou, name: irs-ice-mou, "
        "authority: IRC-6103(i)(2), catalog: mou}]'), then remove 'mou' from 'catalogs:'. If none does (a state "
        "agency, for one), just remove 'mou' from 'catalogs:'."]
    ws = open_workspace(root, catalogs)
    assert ws.scope.mou
    out = tmp_path / "ssr.docx"
    write_ssr(ws, out, today=TODAY)
    assert "(MOU §9.A.6)" in certification(read_docx(out))


CONTRACTOR = ("- name: Example Vendor\n  services: Data center\n  fti_access: true\n  exhibit7_language: true\n"
              "  notification_date: 2026-01-05\n")


@pytest.mark.parametrize(("authority", "said"), [
    ("", "The contractor register does not record under which authority the contractor(s) Example Vendor receive "
         "FTI, so this report cannot say whether FTI received under IRC § 6103(l)(7) is disclosed to them (Pub 1075 "
         "§2.C.11.2 does not permit it)."),
    ("  authority: IRC-6103(d)\n", "FTI received under IRC § 6103(l)(7) is disclosed to no contractor (Pub 1075 "
                                   "§2.C.11.2)."),
    ("  authority: IRC-6103(l)(7)\n", "FTI received under IRC § 6103(l)(7) is disclosed to the contractor(s) Example "
                                      "Vendor, which Pub 1075 §2.C.11.2 does not permit."),
])
def test_a_human_services_report_says_only_what_the_contractor_register_records(
        tmp_path: Path, catalogs: Catalogs, authority: str, said: str) -> None:
    root = tmp_path / "dhs"
    init_workspace(root, "Department of Human Services", "OH", False, ["6103(d)", "6103(l)(7)"], [], catalogs)
    (root / "registers" / "contractors.yaml").write_text(CONTRACTOR + authority, encoding="utf-8")
    out = tmp_path / "ssr.docx"
    write_ssr(open_workspace(root, catalogs), out, today=TODAY)
    facts = [p for p in read_docx(out).paragraphs if "6103(l)(7)" in p and "contractor" in p]
    assert facts == [said]


def older_state_workspace(root: Path, catalogs: Catalogs, config: str) -> Path:
    """A state agency's workspace as an older ssrgen wrote it: ``config`` in place of the
    'agreements:' and 'catalogs:' lines init writes now."""
    init_workspace(root, "Department of Revenue", "OH", False, ["6103(d)"], [], catalogs)
    path = root / "ssrgen.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("agreements: []\n", "").replace("catalogs: [pub1075, pub1075-req]\n", config),
                    encoding="utf-8")
    return root


def test_the_older_init_form_of_a_state_agency_is_told_to_remove_the_mou(run, tmp_path: Path,
                                                                        catalogs: Catalogs) -> None:
    root = older_state_workspace(tmp_path / "dor", catalogs, "catalogs: [pub1075, pub1075-req, mou]\n")
    result = run("validate", "-w", str(root))
    notice = next(w for w in result.stderr.splitlines() if "under 'catalogs:' is read as before" in w)
    assert notice.endswith("If none does (a state agency, for one), just remove 'mou' from 'catalogs:'.")
    assert "add 'catalog: mou' to that agreement" in notice


def test_a_workspace_of_the_older_form_without_catalogs_keeps_the_mou(run, tmp_path: Path,
                                                                     catalogs: Catalogs) -> None:
    root = older_state_workspace(tmp_path / "dor", catalogs, "")
    assert open_workspace(root, catalogs).scope.mou
    result = run("validate", "-w", str(root))
    notices = [w for w in result.stderr.splitlines() if "neither 'catalogs:' nor 'agreements:'" in w]
    assert notices == [
        "Warning: ssrgen.yaml:4: ssrgen.yaml has neither 'catalogs:' nor 'agreements:', the form written before an "
        "agreement brought its own catalog: it is read as before, with 'mou' (the catalog 'IRS-ICE Memorandum of "
        "Understanding: safeguarding obligations') in scope. If an agreement binds the agency to it, add "
        "'agreements: [{id: irs-ice-mou, name: irs-ice-mou, authority: IRC-6103(i)(2), catalog: mou}]' to "
        "ssrgen.yaml; if none does (a state agency, for one), add 'agreements: []' and it leaves the scope."]
    # the newer form: 'agreements:' given, 'catalogs:' left to its default, which has no MOU
    newer = older_state_workspace(tmp_path / "new", catalogs, "agreements: []\n")
    assert not open_workspace(newer, catalogs).scope.mou
    assert "neither 'catalogs:'" not in run("validate", "-w", str(newer)).stderr


def test_init_writes_the_newer_form(tmp_path: Path, catalogs: Catalogs) -> None:
    init_workspace(tmp_path / "dor", "Department of Revenue", "OH", False, ["6103(d)"], [], catalogs)
    ws = open_workspace(tmp_path / "dor", catalogs)
    assert not ws.config.older_form and not ws.scope.mou


def test_doj_record_counts_are_in_the_report(tmp_path: Path, catalogs: Catalogs) -> None:
    root = tmp_path / "doj"
    init_workspace(root, "Department of Justice (fictional)", None, True, ["IRC 6103(i)"], [], catalogs)
    (root / "registers" / "disclosures.yaml").write_text(
        "- date: 2026-02-10\n  recipient: Federal Bureau of Investigation\n"
        "  recipient_kind: federal-law-enforcement\n  records: 9\n"
        "- date: 2026-06-01\n  recipient: Federal Bureau of Investigation\n"
        "  recipient_kind: federal-law-enforcement\n  records: 5\n"
        "- date: 2026-07-15\n  recipient: Drug Enforcement Administration\n"
        "  recipient_kind: federal-law-enforcement\n  records: 3\n"
        # the year before: not in this report's period
        "- date: 2025-12-30\n  recipient: Drug Enforcement Administration\n"
        "  recipient_kind: federal-law-enforcement\n  records: 40\n", encoding="utf-8")
    out = tmp_path / "ssr.docx"
    write_ssr(open_workspace(root, catalogs), out, today=TODAY)
    back = read_docx(out)
    assert ("FTI records provided to federal law enforcement agencies in the reporting period (Pub 1075 "
            "§2.C.11.7): Federal Bureau of Investigation: 14 record(s); Drug Enforcement Administration: "
            "3 record(s).") in back.paragraphs
    assert "MOU" not in everything(back)


def test_the_state_example_builds_and_shows_its_regime(run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", "-w", str(example_workspace("state")), "-o", str(out))
    assert result.exit_code == 0, result.output
    [path] = out.glob("SSR-DRCS-0001-*.docx")
    back = read_docx(path)
    text = everything(back)
    assert "MOU" not in text
    assert ("Authority to receive FTI: IRC § 6103(d) (State tax agencies: FTI for state tax administration); "
            "IRC § 6103(l)(6) (Child support enforcement agencies)") in back.paragraphs
    assert any(p.startswith("Child support program: contractor Summit Locate Partners (fictional) receives the "
                            "address, the Social Security Number and Form 1099 information") for p in back.paragraphs)
    findings = next(t for t in back.tables if t[0][0] == "Finding")
    assert [row[0] for row in findings[1:]] == ["H.3.1", "H.4.2"]
    # a location that begins with how the system is hosted is said once (section 5.1)
    hosted = [c for t in back.tables for row in t for c in row if "State data center" in c and "OH" in c]
    assert hosted and set(hosted) == {"State data center, Capital City, OH"}
    # the §2.C.11.1 answer is reported in section 7 (restricting access)
    assert any(p.startswith("Child Support Agencies—IRC §§ 6103(l)(6), (l)(8) and (l)(10) (P1075-2.C.11.1")
               for p in back.paragraphs)


def test_an_educational_institution_is_told_where_its_compliance_report_goes(tmp_path: Path,
                                                                           catalogs: Catalogs) -> None:
    from ssrgen.calendar import deadlines

    root = tmp_path / "college"
    init_workspace(root, "State College (fictional)", None, True, ["6103(m)(4)(B)"], [], catalogs)
    ws = open_workspace(root, catalogs)
    said = ("educational institutions receiving IRS addresses to locate debtors under IRC § 6103(m)(4)(B) send "
            "their compliance reports to the Department of Education, the federal oversight agency for this "
            "program (Pub 1075 Rev. 11-2021 §2.E.4.4)")
    due = next(d for d in deadlines(ws, TODAY) if d.title == "Safeguard Security Report (SSR) due")
    assert said in due.detail
    out = tmp_path / "ssr.docx"
    write_ssr(ws, out, today=TODAY)
    assert "E" + said[1:] + "." in read_docx(out).paragraphs
    # an agency under another authority reports to the Office of Safeguards alone: no such words
    assert "Department of Education" not in next(
        d for d in deadlines(open_workspace(example_workspace(), catalogs, bundled=True), TODAY)
        if d.title == "Safeguard Security Report (SSR) due").detail
