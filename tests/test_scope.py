"""What applies to an agency: its authorities, its agreements' catalogs and the
requirements of its authorities; and the status, calendar and site that follow."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ssrgen.catalog import Catalogs
from ssrgen.model.workspace import WorkspaceConfig
from ssrgen.new_workspace import init_workspace
from ssrgen.scope import PUB_NOTICE, covers, scope_of
from ssrgen.site import build_site
from ssrgen.workspace import open_workspace

TODAY = dt.date(2026, 11, 22)
BASE = {"agency": {"name": "A", "type": "state", "state": "OH"},
        "head_of_agency": {"name": "H", "title": "T"}, "safeguards_contact": {"name": "C", "title": "T"},
        "agreements": []}


def config(**fields: object) -> WorkspaceConfig:
    return WorkspaceConfig.model_validate({**BASE, **fields})


def test_paragraphs_cover_their_sub_paragraphs_only() -> None:
    assert covers("IRC-6103(i)", "IRC-6103(i)(2)")
    assert covers("IRC-6103(l)(6)", "IRC-6103(l)(6)")
    assert not covers("IRC-6103(l)(1)", "IRC-6103(l)(10)")
    assert not covers("IRC-6103(i)(2)", "IRC-6103(i)")


def test_the_mou_comes_with_the_agreement_that_binds_the_agency(catalogs: Catalogs) -> None:
    assert not scope_of(config(), catalogs).mou
    by_catalog = config(agreements=[{"id": "x", "name": "X", "catalog": "mou"}])
    by_id = config(agreements=[{"id": "irs-ice-mou", "name": "The MOU"}])
    older = config(catalogs=["pub1075", "pub1075-req", "mou"])
    for each in (by_catalog, by_id, older):
        scope = scope_of(each, catalogs)
        assert scope.mou and scope.catalogs == ("pub1075", "pub1075-req", "mou")
    # neither 'agreements:' nor 'catalogs:': the older form, read with the MOU as it was then
    oldest = WorkspaceConfig.model_validate({k: v for k, v in BASE.items() if k != "agreements"})
    assert oldest.older_form and scope_of(oldest, catalogs).mou
    # an agreement with no catalog of its own brings nothing
    assert not scope_of(config(agreements=[{"id": "irs-state", "name": "S", "authority": "IRC-6103(d)"}]),
                        catalogs).mou


def test_other_disclosures_are_in_scope_for_their_authorities_only(catalogs: Catalogs) -> None:
    def in_scope(authorities: list[str]) -> set[str]:
        scope = scope_of(config(authorities=authorities), catalogs)
        return {e.id for e in scope.entries(catalogs) if e.id.startswith("P1075-2.C.11.")}

    assert in_scope(["IRC-6103(d)"]) == set()
    assert in_scope(["6103(l)(6)"]) == {"P1075-2.C.11.1"}
    assert in_scope(["IRC 6103(l)(10)"]) == {"P1075-2.C.11.1", "P1075-2.C.11.3"}
    assert in_scope(["IRC-6103(i)(2)"]) == {"P1075-2.C.11.7"}  # (i)(2) is a paragraph of (i)
    assert in_scope(["IRC-6103(l)(7)", "IRC-6103(m)(2)"]) == {"P1075-2.C.11.2", "P1075-2.C.11.8"}


def test_authorities_in_ssrgen_yaml_are_checked_with_their_line(run, tmp_path: Path, catalogs: Catalogs) -> None:
    root = tmp_path / "ws"
    init_workspace(root, "Agency", "OH", False, ["IRC-6103(d)"], [], catalogs)
    path = root / "ssrgen.yaml"
    text = path.read_text(encoding="utf-8").replace("  - IRC-6103(d)", "  - IRC 6103(d)\n  - IRC-6103(zz)\n"
                                                    "  - IRC-6103(p)(4)")
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = run("validate", "-w", str(root))
    assert result.exit_code == 1
    assert (f"Error: ssrgen.yaml:{lines.index('  - IRC-6103(zz)') + 1}: 'IRC-6103(zz)' is not a disclosure "
            "authority ssrgen knows. Use one of: IRC-6103(c), IRC-6103(d),") in result.stderr
    assert (f"Warning: ssrgen.yaml:{lines.index('  - IRC-6103(p)(4)') + 1}: IRC-6103(p)(4) (Safeguards required "
            "of agencies receiving returns and return information) is not a provision an agency receives FTI "
            "under") in result.stderr
    assert "IRC 6103(d)" not in result.stderr  # the spelling with a space is the same authority


def test_an_answer_outside_the_scope_is_kept_and_said(run, tmp_path: Path, catalogs: Catalogs) -> None:
    root = tmp_path / "ws"
    init_workspace(root, "Agency", "OH", False, ["IRC-6103(d)"], [], catalogs)
    (root / "implementation" / "req.yaml").write_text(
        "MOU-9.A.5:\n  status: implemented\nP1075-2.C.11.2:\n  status: implemented\n", encoding="utf-8")
    result = run("validate", "-w", str(root))
    assert result.exit_code == 0
    assert ("Warning: implementation/req.yaml:1: 'MOU-9.A.5' is answered, but the IRS-ICE Memorandum of "
            "Understanding: safeguarding obligations is not in scope for this workspace") in result.stderr
    assert ("Warning: implementation/req.yaml:3: 'P1075-2.C.11.2' is answered, but it applies only to agencies "
            "receiving FTI under IRC-6103(l)(7)") in result.stderr


def test_a_signed_date_is_a_date_quoted_or_not(catalogs: Catalogs) -> None:
    for value in ("2025-04-07", dt.date(2025, 4, 7)):
        agreement = config(agreements=[{"id": "a", "name": "A", "signed": value}]).agreements[0]
        assert agreement.signed == dt.date(2025, 4, 7)
    assert config(agreements=[{"id": "a", "name": "A", "signed": "spring 2025"}]).agreements[0].signed == "spring 2025"


# ------------------------------------------------------------------ status, due and the site

@pytest.fixture(scope="module")
def state_agency(tmp_path_factory: pytest.TempPathFactory, catalogs: Catalogs) -> Path:
    """A workspace just made by 'ssrgen init --state OH --authority 6103(d)', with a register or two."""
    root = tmp_path_factory.mktemp("state") / "dor"
    init_workspace(root, "Department of Revenue", "OH", False, ["6103(d)"], [], catalogs)
    (root / "registers" / "training.yaml").write_text(
        "- person: Pat Lee\n  initial_training: 2025-01-05\n  certification_signed: 2025-01-05\n", encoding="utf-8")
    (root / "registers" / "inspections.yaml").write_text(
        "- facility: Headquarters\n  kind: headquarters\n  last_inspection: 2024-01-10\n", encoding="utf-8")
    return root


def test_status_names_the_authority_and_no_mou(run, state_agency: Path) -> None:
    result = run("status", "-w", str(state_agency))
    assert result.exit_code == 0, result.output
    assert "FTI received under: IRC § 6103(d)" in result.stdout
    assert "MOU" not in result.output and "mou " not in result.stdout
    as_json = json.loads(run("status", "-w", str(state_agency), "--format", "json").stdout)
    assert as_json["authorities"] == ["IRC-6103(d)"]
    assert {c["catalog"] for c in as_json["catalogs"]} == {"pub1075", "pub1075-req"}
    example = run("status").stdout
    assert "FTI received under: IRC § 6103(i)(2); agreements: Memorandum of Understanding" in example
    assert any(line.startswith("mou ") for line in example.splitlines())


def test_due_cites_pub_1075_alone_for_a_state_agency(run, state_agency: Path) -> None:
    result = run("due", "-w", str(state_agency), "--within", "3650")
    assert result.exit_code == 0, result.output
    assert "Pub 1075 Rev. 11-2021 §2.D.2.1" in result.stdout and "§2.D.3" in result.stdout
    assert "MOU" not in result.stdout
    assert "MOU 9.A.10" in run("due", "--within", "3650").stdout


def test_the_site_of_a_state_agency(state_agency: Path, tmp_path: Path, catalogs: Catalogs) -> None:
    site = build_site(open_workspace(state_agency, catalogs), tmp_path / "site", TODAY)
    pages = sorted(site.rglob("*.html"))
    assert pages
    # the Help pages are ssrgen's guides, written for every kind of agency; the agency's own pages cite no MOU
    with_mou = [p.relative_to(site).as_posix() for p in pages
                if not p.relative_to(site).as_posix().startswith("help/") and "MOU" in p.read_text(encoding="utf-8")]
    assert with_mou == []
    assert not (site / "obligations.html").exists()
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "The agency receives FTI under IRC § 6103(d) (State tax agencies: FTI for state tax administration)." in index
    # the notice on every page: Pub 1075's own words on Safeguards records
    assert "(Pub 1075 Rev. 11-2021, Introduction)" in index
    assert "considered the property of the IRS and may not be disclosed to anyone outside the agency" in index
    assert PUB_NOTICE.startswith("“IRS Safeguards reports and related communications")


def test_the_notices_quote_their_sources() -> None:
    """The words the deliverables quote are the words of Pub 1075 and the MOU."""
    import os
    import re

    from ssrgen.scope import MOU_NOTICE, PUB_NOTICE

    reference = Path(os.environ.get("SSRGEN_REFERENCE", Path(__file__).parents[2] / "shared" / "reference"))
    if not (reference / "pub1075-rev11-2021.txt").is_file():
        pytest.skip("the reference texts are not on this machine (set SSRGEN_REFERENCE)")

    def norm(text: str) -> str:
        return re.sub(r"\s+", "", text.replace("\u2019", "'")).lower()

    pub = norm((reference / "pub1075-rev11-2021.txt").read_text(encoding="utf-8"))
    mou = norm((reference / "mou-irs-ice-2025.txt").read_text(encoding="utf-8"))
    for quote in re.findall(r"“(.+?)”", PUB_NOTICE):
        assert norm(quote) in pub, quote
    for quote in re.findall(r"“(.+?)”", MOU_NOTICE):
        assert norm(quote) in mou, quote
