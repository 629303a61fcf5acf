"""The requirement catalogs and schedules written by tools/extract_requirements.py.

Checks the YAML under controls/pub1075-req, controls/mou, controls/authorities and
controls/schedules.yaml against the models and against what the sources say.
Run with ``PYTHONPATH=src``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ssrgen.model.catalog import CatalogInfo, Entry, Group, Part
from ssrgen.model.schedules import MonthDay, Schedules
from tests.catalog.pub1075_ids import IDS

CONTROLS = Path(__file__).resolve().parents[2] / "controls"

# The 186 base control ids of Pub 1075 Rev. 11-2021 §4 (from its control headings).
PUB1075_BASE_IDS = frozenset(i for family in IDS.values() for i in family)

MOU_IDS = [
    "MOU-8.A",
    "MOU-8.B",
    "MOU-9.A",
    *[f"MOU-9.A.{n}" for n in range(1, 13)],
    "MOU-9.B",
    "MOU-9.C",
    "MOU-9.D",
    "MOU-9.E",
    "MOU-9.F",
    "MOU-9.G",
]


def load(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def catalog(name: str) -> tuple[CatalogInfo, dict[str, Group]]:
    folder = CONTROLS / name
    info = CatalogInfo.model_validate(load(folder / "catalog.yaml"))
    groups = {
        p.name: Group.model_validate(load(p))
        for p in sorted(folder.glob("*.yaml"))
        if p.name != "catalog.yaml"
    }
    return info, groups


def entries(name: str) -> dict[str, Entry]:
    _, groups = catalog(name)
    out: dict[str, Entry] = {}
    for group in groups.values():
        for e in group.entries:
            assert e.id not in out, f"duplicate id {e.id}"
            out[e.id] = e
    return out


@pytest.fixture(scope="module")
def req() -> dict[str, Entry]:
    return entries("pub1075-req")


@pytest.fixture(scope="module")
def mou() -> dict[str, Entry]:
    return entries("mou")


@pytest.fixture(scope="module")
def authorities() -> dict[str, Entry]:
    return entries("authorities")


@pytest.fixture(scope="module")
def schedules() -> Schedules:
    return Schedules.model_validate(load(CONTROLS / "schedules.yaml"))


def control_ids() -> frozenset[str]:
    """Base ids from controls/pub1075 when it exists, else the list above."""
    folder = CONTROLS / "pub1075"
    if not folder.is_dir():
        return PUB1075_BASE_IDS
    ids: set[str] = set()
    for path in folder.glob("*.yaml"):
        data = load(path)
        if isinstance(data, dict) and "entries" in data:
            for e in data["entries"]:
                ids.add(e["id"])
                ids.update(x["id"] for x in e.get("enhancements") or [])
    return frozenset(ids | PUB1075_BASE_IDS)


def parts_text(parts: list[Part]) -> str:
    return " ".join(f"{p.label} {p.text} {parts_text(p.parts)}" for p in parts)


# ---------------------------------------------------------------------------- catalogs


@pytest.mark.parametrize(
    ("name", "files"),
    [
        ("pub1075-req", ["s1.yaml", "s2.yaml", "s3.yaml"]),
        ("mou", ["s8.yaml", "s9.yaml"]),
        ("authorities", ["authorities.yaml"]),
    ],
)
def test_catalog_files_validate(name: str, files: list[str]) -> None:
    info, groups = catalog(name)
    assert info.id == name
    assert sorted(groups) == files
    for group in groups.values():
        assert group.catalog == name
        assert group.entries


def test_the_base_id_list_is_complete() -> None:
    assert len(PUB1075_BASE_IDS) == 186
    assert len({i.split("-")[0] for i in PUB1075_BASE_IDS}) == 20


def test_files_say_how_they_were_made() -> None:
    for path in [
        *CONTROLS.glob("pub1075-req/*.yaml"),
        *CONTROLS.glob("mou/*.yaml"),
        *CONTROLS.glob("authorities/*.yaml"),
        CONTROLS / "schedules.yaml",
    ]:
        head = path.read_text(encoding="utf-8").splitlines()[:6]
        assert any("tools/extract_requirements.py" in line for line in head), path


# ---------------------------------------------------------------------------- Pub 1075


def test_p1075_sections_present(req: dict[str, Entry]) -> None:
    ids = set(req)
    s18 = {i for i in ids if i.startswith("P1075-1.8")}
    s19 = {i for i in ids if i.startswith("P1075-1.9")}
    assert {"P1075-1.8", *(f"P1075-1.8.{n}" for n in range(1, 6))} <= s18
    assert {"P1075-1.9", *(f"P1075-1.9.{n}" for n in range(1, 6))} <= s19
    assert len(s18) == 8 and len(s19) == 6  # 1.8.1.1 and 1.8.1.2 as well
    assert {f"P1075-3.3.{n}" for n in range(1, 9)} | {"P1075-3.3"} == {
        i for i in ids if i.startswith("P1075-3.3")
    }
    for letter in "ABCDEF":
        assert f"P1075-2.{letter}" in ids
    counts = {
        letter: len([i for i in ids if i.startswith(f"P1075-2.{letter}.")]) for letter in "ABCDEF"
    }
    # numbered subsections at every depth, as printed in Rev. 11-2021
    assert counts == {"A": 4, "B": 16, "C": 26, "D": 11, "E": 16, "F": 5}
    for sid in [
        "2.B.2",
        "2.C.5",
        "2.D.2",
        "2.D.3",
        "2.E.4",
        "2.E.4.4",
        "2.E.5",
        "2.E.6",
        "2.E.6.4",
        "2.F.3.1",
        "2.D.9",
    ]:
        assert f"P1075-{sid}" in ids
    assert len(ids) == 107


def test_p1075_titles_and_sources(req: dict[str, Entry]) -> None:
    assert req["P1075-1.8.3"].title == "Office of Safeguards Notification Process"
    assert req["P1075-2.B.2"].title == "Minimum Protection Standards"
    assert req["P1075-2.D.3"].title == "Internal Inspections and On-Site Reviews"
    assert req["P1075-3.3.1"].title == "Cloud Computing"
    assert req["P1075-3.3.8"].title == "Public-Facing Systems"
    for e in req.values():
        assert e.source == f"Pub 1075 Rev. 11-2021 §{e.id.removeprefix('P1075-')}"
        assert e.text or e.parts or e.notes, e.id


def test_p1075_text_is_mended(req: dict[str, Entry]) -> None:
    everything = " ".join((e.text or "") + parts_text(e.parts) for e in req.values())
    for noise in ["### ", "access ed", "t he Office", "hi gh", "c annot", "sub contractor"]:
        assert noise not in everything
    assert "(3 NIST Privacy Control" not in everything


def params(e: Entry) -> dict[str, tuple[object, str | None]]:
    return {p.name: (p.value, p.unit) for p in e.parameters}


def test_p1075_parameters(req: dict[str, Entry]) -> None:
    assert params(req["P1075-1.8.2"])["report_to_tigta_within"] == (24, "hours")
    assert params(req["P1075-1.8"])["contact_tigta_and_irs_within"] == (24, "hours")
    d3 = params(req["P1075-2.D.3"])
    assert d3["headquarters_inspection"] == (18, "months")
    assert d3["field_office_inspection"] == (3, "years")
    assert d3["contractor_inspection"] == (18, "months")
    assert params(req["P1075-2.E.6"])["notification_lead"] == (45, "days")
    assert params(req["P1075-2.D.2.1"])["certification_retention"] == (5, "years")
    for e in req.values():
        for p in e.parameters:
            assert p.quote


def test_p1075_related_are_what_the_text_names(req: dict[str, Entry]) -> None:
    assert req["P1075-1.8.2"].related == ["IR-6", "IR-8"]
    assert "PS-7" in req["P1075-1.9.3"].related
    assert req["P1075-3.3.4"].related == ["AC-19"]
    assert "AU-12" in req["P1075-2.C.1"].related
    for e in req.values():
        for rid in e.related:
            assert rid in PUB1075_BASE_IDS, (e.id, rid)


def test_commingling_artifacts(req: dict[str, Entry]) -> None:
    assert req["P1075-2.C.5"].expected_artifacts == [
        "Screenshots of database schemas that will show electronic FTI labeling",
        "Sample output (report/notice) that will show how FTI is labeled",
    ]


def test_table_3_is_kept_with_2_E_4_1(req: dict[str, Entry]) -> None:
    table = next(p for p in req["P1075-2.E.4.1"].parts if p.label == "Table 3")
    assert [r.label for r in table.parts][:3] == ["2.C.5", "AC-6", "AC-17"]
    assert len(table.parts) == 27


# ---------------------------------------------------------------------------- MOU


def test_every_mou_item_present(mou: dict[str, Entry]) -> None:
    assert list(mou) == MOU_IDS
    for e in mou.values():
        assert e.text and e.source.endswith(e.id.removeprefix("MOU-"))


def test_mou_related_resolve(
    mou: dict[str, Entry], req: dict[str, Entry], authorities: dict[str, Entry]
) -> None:
    if not (CONTROLS / "pub1075").is_dir():
        print("controls/pub1075 not present: checking §4 ids against the built-in list")
    known = control_ids() | set(req) | set(authorities)
    for e in mou.values():
        for rid in e.related:
            assert rid in known, (e.id, rid)
    for e in authorities.values():
        for rid in e.related:
            assert rid in known | set(mou), (e.id, rid)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("9.A.5", {"AT-2", "AT-3", "AT-4", "P1075-2.D.2"}),
        ("9.D", {"IR-6", "P1075-1.8"}),
        ("9.A.9", {"MP-6", "P1075-2.F"}),
        ("9.A.6", {"P1075-2.E.4", "P1075-2.E.5"}),
        ("9.A.10", {"P1075-2.D.3"}),
        ("9.A.11", {"P1075-1.9.4", "SA-9", "IRC-6103(p)(9)"}),
        ("9.A", {"IRC-6103(p)(4)"}),
    ],
)
def test_mou_mappings(mou: dict[str, Entry], item: str, expected: set[str]) -> None:
    assert expected <= set(mou[f"MOU-{item}"].related)


def test_mou_parameters(mou: dict[str, Entry]) -> None:
    assert params(mou["MOU-9.D"])["report_within"] == (24, "hours")
    assert params(mou["MOU-9.A.5"])["training_frequency"] == (1, "years")
    assert params(mou["MOU-9.A.6"])["ssr_frequency"] == (1, "years")
    assert params(mou["MOU-8.A"])["contact_csirc"] == ("immediately", None)


def test_head_of_agency_certification(mou: dict[str, Entry]) -> None:
    parts = mou["MOU-9.A.6"].parts
    assert [p.label for p in parts] == ["1", "2", "3", "4", "5", "6"]
    assert parts[0].text.startswith("the SSR addresses all Outstanding Actions")
    assert parts[-1].text.startswith("to support timely mitigation of identified risk to FTI")
    assert any("certification" in n for n in mou["MOU-9.A.6"].notes)


# ---------------------------------------------------------------------------- authorities


# every IRC § 6103 provision Pub 1075 names as a basis for receiving FTI, with its §
BASES = {
    "IRC-6103(d)": "§1.4",
    "IRC-6103(i)": "§2.C.11.7",
    "IRC-6103(i)(2)": "§2.C.11.7",
    "IRC-6103(j)": "§1.10.1",
    "IRC-6103(l)(6)": "§2.C.11.1",
    "IRC-6103(l)(7)": "§2.C.11.2",
    "IRC-6103(l)(8)": "§2.C.11.1",
    "IRC-6103(l)(10)": "§2.C.11.3",
    "IRC-6103(l)(12)(C)": "§2.C.11.4",
    "IRC-6103(l)(14)": "301.6103(l)(14)-1",
    "IRC-6103(l)(20)": "§2.C.11.5",
    "IRC-6103(l)(21)": "§2.C.11.6",
    "IRC-6103(m)(2)": "§2.C.11.8",
    "IRC-6103(m)(4)(B)": "§2.E.4.4",
    "IRC-6103(n)": "301.6103(n)-1",
    "IRC-6103(p)(2)(B)": "§1.9.5",
}


def test_authorities(authorities: dict[str, Entry]) -> None:
    assert {
        "IRC-6103(p)(4)",
        "IRC-6103(p)(9)",
        "CFR-301.6103(l)(14)-1",
        "CFR-301.6103(m)-1",
        "CFR-301.6103(n)-1",
    } | set(BASES) <= set(authorities)
    assert "Customs" in authorities["CFR-301.6103(l)(14)-1"].title
    assert "agent includes a contractor" in (authorities["CFR-301.6103(m)-1"].text or "")
    assert [p.label for p in authorities["IRC-6103(p)(4)"].parts] == [
        "(A)",
        "(B)",
        "(C)",
        "(D)",
        "(E)",
        "(F)",
    ]
    for e in authorities.values():
        assert e.text and e.source


@pytest.mark.parametrize(("ident", "section"), sorted(BASES.items()))
def test_every_basis_cites_its_section(authorities: dict[str, Entry], ident: str, section: str) -> None:
    entry = authorities[ident]
    assert entry.basis
    assert section in entry.source


def test_what_an_authority_implies(authorities: dict[str, Entry]) -> None:
    implied = parts_text(authorities["IRC-6103(l)(7)"].parts)
    assert "may not contract for services that involve the disclosure of FTI" in implied
    assert "(Pub 1075 Rev. 11-2021 Exhibit 6)" in implied
    assert "state tax administration" in (authorities["IRC-6103(d)"].text or "")
    assert "Forms 1099 and W-2" in parts_text(authorities["IRC-6103(l)(6)"].parts)


# Every provision Pub 1075's statute texts name as a basis for receiving FTI, and nothing more of:
# Exhibit 2 (IRC § 6103(p)(4), "as a condition for receiving returns"), Exhibit 4 (§ 7213(a)(2)),
# Exhibit 1 (§ 6103(a)(3)); the quote of each names it in the statute's list form.
NAMED_AS_A_BASIS = {
    "(c)": "Exhibit 1", "(h)(2)": "Exhibit 2", "(h)(5)": "Exhibit 2", "(i)(1)": "Exhibit 2",
    "(i)(3)": "Exhibit 2", "(i)(5)": "Exhibit 2", "(i)(7)": "Exhibit 2", "(j)(1)": "Exhibit 2",
    "(j)(2)": "Exhibit 2", "(j)(5)": "Exhibit 2", "(k)(8)": "Exhibit 2", "(k)(10)": "Exhibit 2",
    "(k)(11)": "Exhibit 2", "(k)(13)": "Exhibit 4", "(k)(14)": "Exhibit 4", "(l)(1)": "Exhibit 2",
    "(l)(2)": "Exhibit 2", "(l)(3)": "Exhibit 2", "(l)(5)": "Exhibit 2", "(l)(9)": "Exhibit 2",
    "(l)(11)": "Exhibit 2", "(l)(12)": "Exhibit 2", "(l)(13)": "Exhibit 2", "(l)(15)": "Exhibit 2",
    "(l)(16)": "Exhibit 2", "(l)(17)": "Exhibit 2", "(l)(18)": "Exhibit 2", "(l)(19)": "Exhibit 2",
    "(l)(22)": "Exhibit 2", "(m)(4)": "Exhibit 4", "(m)(5)": "Exhibit 4", "(m)(6)": "Exhibit 2",
    "(m)(7)": "Exhibit 2", "(o)(1)(A)": "Exhibit 2", "(o)(3)": "Exhibit 2",
}


@pytest.mark.parametrize(("provision", "exhibit"), sorted(NAMED_AS_A_BASIS.items()))
def test_every_provision_named_as_a_basis_has_an_entry(authorities: dict[str, Entry], provision: str,
                                                       exhibit: str) -> None:
    entry = authorities[f"IRC-6103{provision}"]
    assert entry.basis and not entry.described
    assert exhibit in entry.source
    assert f'{exhibit}: "' in (entry.text or "")
    assert entry.notes


def test_named_only_and_not_a_basis(authorities: dict[str, Entry]) -> None:
    named_only = {i for i, e in authorities.items() if not e.described}
    assert {"IRC-6103(l)(8)", "IRC-6103(k)(9)", "IRC-6103(e)(1)(D)(iii)", "IRC-6103(h)(4)", "IRC-6103(p)(8)"} | {
        f"IRC-6103{p}" for p in NAMED_AS_A_BASIS} == named_only
    assert "as a condition for receiving returns" in parts_text(authorities["IRC-6103(k)(10)"].parts)
    assert "Department of Health and Human Services" in authorities["IRC-6103(m)(6)"].title
    for ident in ("IRC-6103(h)(4)", "IRC-6103(p)(8)"):  # named, but not as a basis
        assert not authorities[ident].basis
    assert any("heading" in n for n in authorities["IRC-6103(l)(8)"].notes)
    for ident in ("IRC-6103(a)", "IRC-6103(b)", "IRC-6103(p)(4)", "IRC-6103(p)(9)", "IRC-6103(p)(7)"):
        assert not authorities[ident].basis


def test_other_disclosures_apply_to_the_authorities_their_heading_names(req: dict[str, Entry]) -> None:
    assert req["P1075-2.C.11.1"].authorities == ["IRC-6103(l)(6)", "IRC-6103(l)(8)", "IRC-6103(l)(10)"]
    assert req["P1075-2.C.11.2"].authorities == ["IRC-6103(l)(7)"]
    assert req["P1075-2.C.11.7"].authorities == ["IRC-6103(i)"]
    assert req["P1075-2.C.11.8"].authorities == ["IRC-6103(m)(2)"]
    assert not req["P1075-2.C.6"].authorities


def test_the_mou_catalog_declares_its_agreement() -> None:
    info, _ = catalog("mou")
    assert info.agreement is not None
    assert info.agreement.id == "irs-ice-mou"
    assert info.agreement.authority == "IRC-6103(i)(2)"
    assert "Nontax Criminal Enforcement" in info.agreement.name
    assert catalog("pub1075-req")[0].agreement is None


# ---------------------------------------------------------------------------- schedules


def md(month: int, day: int) -> MonthDay:
    return MonthDay(month=month, day=day)


def test_every_state_code_once(schedules: Schedules) -> None:
    codes = [c for r in schedules.ssr_dates.rows for c in r.codes]
    assert len(codes) == len(set(codes)) == 56
    assert sorted(codes) == sorted(schedules.jurisdictions.codes)
    assert {"DC", "PR", "GU", "VI", "AS", "MP"} <= set(codes)
    assert "MP" in schedules.jurisdictions.footnotes


# (codes of the row, period start, period end, SSR due, CAP only)
TABLE = [
    (None, (1, 1), (12, 31), (1, 31), (7, 31)),
    ("AK AL AR AS AZ CA", (2, 1), (1, 31), (2, 28), (8, 31)),
    ("CO CT DC DE FL GA MP", (3, 1), (2, 28), (3, 31), (9, 30)),
    ("GU HI IA ID IL IN KS", (4, 1), (3, 31), (4, 30), (10, 31)),
    ("KY LA MA MD ME MI", (5, 1), (4, 30), (5, 31), (11, 30)),
    ("MN MO MS MT NE", (6, 1), (5, 31), (6, 30), (12, 31)),
    ("NC NH NJ NM NV NY", (7, 1), (6, 30), (7, 31), (1, 31)),
    ("ND OH OK OR", (8, 1), (7, 31), (8, 31), (2, 28)),
    ("PA PR RI SC SD TN", (9, 1), (8, 31), (9, 30), (3, 31)),
    ("TX UT VA VI VT WA", (10, 1), (9, 30), (10, 31), (4, 30)),
    ("WI WV WY", (11, 1), (10, 31), (11, 30), (5, 31)),
]


@pytest.mark.parametrize(("codes", "start", "end", "due", "cap_only"), TABLE)
def test_tables_4_and_5(
    schedules: Schedules,
    codes: str | None,
    start: tuple[int, int],
    end: tuple[int, int],
    due: tuple[int, int],
    cap_only: tuple[int, int],
) -> None:
    for code in codes.split() if codes else [None]:
        ssr = schedules.ssr_row_for(code)
        cap = schedules.cap_row_for(code)
        if codes:
            assert ssr.codes == codes.split()
        assert ssr.period_start == md(*start)
        assert ssr.period_end == md(*end)
        assert ssr.ssr_due == md(*due)
        assert cap.cap_with_ssr == md(*due)
        assert cap.cap_only == md(*cap_only)


def test_table_row_count(schedules: Schedules) -> None:
    assert len(schedules.ssr_dates.rows) == len(TABLE) == 11  # federal + ten state groups
    assert len(schedules.cap_dates.rows) == 11


def test_rules(schedules: Schedules) -> None:
    assert schedules.first_cap_rule.days == 60
    ext = schedules.ssr_extension
    assert (ext.increment_days, ext.max_days, ext.request_lead_days) == (30, 60, 30)
    assert ext.second_extension_needs_draft
    cap = schedules.cap_extension
    assert (cap.max_days, cap.request_lead_days) == (30, 30)
    assert schedules.cap_dates.update_frequency_months == 6


def test_notifications(schedules: Schedules) -> None:
    rows = {n.kind: n for n in schedules.notifications.rows}
    assert list(rows) == [
        "cloud",
        "contractor",
        "subcontractor-redisclosure",
        "tax-modeling",
        "pre-production",
    ]
    assert {k for k, n in rows.items() if n.approval_required} == {
        "subcontractor-redisclosure",
        "tax-modeling",
        "pre-production",
    }
    assert all(n.lead_days == 45 for n in rows.values())


def test_inspections(schedules: Schedules) -> None:
    got = {i.site: (i.every, i.unit) for i in schedules.inspections.intervals}
    assert got["headquarters"] == (18, "months")
    assert got["computer-facility"] == (18, "months")
    assert got["field-office"] == (3, "years")
    assert got["contractor"] == (18, "months")
    assert got["off-site-storage"] == (18, "months")
    assert schedules.inspections.plan_years == 3


def test_schedules_reject_a_duplicate_code(schedules: Schedules) -> None:
    data = schedules.model_dump()
    data["ssr_dates"]["rows"][1]["codes"].append("TX")
    data["cap_dates"]["rows"][1]["codes"].append("TX")
    with pytest.raises(ValueError, match="more than one"):
        Schedules.model_validate(data)


def test_the_extractor_writes_the_catalogs_as_they_are(tmp_path: Path) -> None:
    """The catalogs are the extractor's output: every quote of tools/authorities.yaml is found
    in its section, every provision the sources name has an entry, and nothing was edited by hand."""
    import os
    import subprocess
    import sys

    # the reference texts sit beside the checkout (see the extractor's usage), or where $SSRGEN_REFERENCE says
    reference = Path(os.environ.get("SSRGEN_REFERENCE", CONTROLS.parents[1] / "shared" / "reference"))
    if not (reference / "pub1075-rev11-2021.txt").is_file():
        pytest.skip("the reference texts are not on this machine (set SSRGEN_REFERENCE)")
    script = CONTROLS.parent / "tools" / "extract_requirements.py"
    done = subprocess.run([sys.executable, str(script), "--reference", str(reference), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    for name in ("authorities", "mou", "pub1075-req"):
        for path in sorted((tmp_path / name).glob("*.yaml")):
            assert path.read_text(encoding="utf-8") == (CONTROLS / name / path.name).read_text(encoding="utf-8"), path
