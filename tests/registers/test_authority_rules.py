"""The rules of Pub 1075 §2.C.11: each applies to the records whose FTI was received
under the authority its section names, flags the record with its file and line,
and stays quiet when the record is in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ssrgen.catalog import Catalogs
from ssrgen.errors import Problem
from ssrgen.new_workspace import init_workspace
from ssrgen.registers import REGISTER_RULES
from ssrgen.registers.authority_rules import (
    check_child_support,
    check_cms_agents,
    check_deficit_reduction,
    check_disclosure_log,
    check_federal_claims,
    check_health_coverage,
    check_human_services,
    check_law_enforcement,
    check_medicare_premium,
    check_record_authorities,
)
from ssrgen.validate import check
from ssrgen.workspace import Workspace, open_workspace

TODAY = dt.date(2026, 11, 22)
CONTRACTOR = """\
- name: Example Vendor
  services: Example services
  exhibit7_language: true
  notification_date: 2026-01-05
  last_onsite_assessment: 2026-06-01
  certified_compliant: true
"""


def agency(root: Path, catalogs: Catalogs, authorities: list[str], registers: dict[str, str],
           federal: bool = False) -> Workspace:
    """A workspace made by init, with register files written as given."""
    init_workspace(root, "Test Agency", None if federal else "OH", federal, authorities, [], catalogs)
    for name, text in registers.items():
        (root / "registers" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return open_workspace(root, catalogs)


def line_of(root: Path, register: str, text: str) -> str:
    """``registers/<name>.yaml:N`` of the first line holding ``text``."""
    lines = (root / "registers" / f"{register}.yaml").read_text(encoding="utf-8").splitlines()
    return f"registers/{register}.yaml:{next(i for i, line in enumerate(lines, 1) if text in line)}"


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# Each case: the rule, the agency's authorities, the register, the record that breaks the
# rule, the line the flag points at, words the flag says, and the same record set right.
CASES = [
    pytest.param(
        check_disclosure_log, ["IRC-6103(d)"], "disclosures",
        "- date: 2026-05-04\n  recipient: State Auditor\n  authorization: IRS approval of 2026-04-01\n", "- date",
        ["does not say what was disclosed ('fti_items') or why ('purpose')", "§2.A.2"],
        "- date: 2026-05-04\n  recipient: State Auditor\n  fti_items: [return-information]\n"
        "  purpose: Audit of the tax agency\n",
        id="2.A.2 disclosure log"),
    pytest.param(
        check_child_support, ["IRC-6103(l)(6)"], "contractors",
        CONTRACTOR + "  fti_items: [address, ssn, form-1099]\n", "fti_items",
        ["Form 1099 information", "§2.C.11.1", "Forms 1099 and W-2 information are not authorized"],
        CONTRACTOR + "  fti_items: [address, ssn, offset-amount]\n",
        id="2.C.11.1 contractor gets Form 1099"),
    pytest.param(
        check_child_support, ["IRC-6103(l)(6)"], "contractors",
        CONTRACTOR, "- name",
        ["does not say what", "only the address, the Social Security Number"],
        CONTRACTOR + "  fti_items: [address]\n",
        id="2.C.11.1 contractor without fti_items"),
    pytest.param(
        check_child_support, ["IRC-6103(l)(6)"], "disclosures",
        "- date: 2026-09-22\n  recipient: County Court\n  recipient_kind: court\n"
        "  fti_items: [payment-history, offset-amount]\n", "fti_items",
        ["tax refund offset payment information", "may not be disclosed into any court proceeding"],
        "- date: 2026-09-22\n  recipient: County Court\n  recipient_kind: court\n"
        "  fti_items: [payment-history]\n",
        id="2.C.11.1 offset data in court"),
    pytest.param(
        check_child_support, ["IRC-6103(l)(8)"], "disclosures",
        "- date: 2026-09-22\n  recipient: County Welfare Office\n  recipient_kind: government-agency\n",
        "- date", ["further disclosure", "IRC-6103(l)(8)", "can make further disclosures of FTI"],
        "- date: 2026-09-22\n  recipient: County Welfare Office\n  recipient_kind: government-agency\n"
        "  authorization: IRS written approval of 2026-08-01\n",
        id="2.C.11.1 further disclosure"),
    pytest.param(
        check_human_services, ["IRC-6103(l)(7)"], "contractors",
        CONTRACTOR + "  fti_access: true\n", "fti_access",
        ["has access to FTI received under IRC-6103(l)(7)", "§2.C.11.2", "may not contract for services"],
        CONTRACTOR + "  fti_access: false\n",
        id="2.C.11.2 contractor with FTI"),
    pytest.param(
        check_human_services, ["IRC-6103(l)(7)", "IRC-6103(d)"], "disclosures",
        "- date: 2026-03-01\n  recipient: Housing Authority\n  authority: IRC-6103(l)(7)\n", "- date",
        ["further disclosure of FTI received under IRC-6103(l)(7)", "for any purpose"],
        "- date: 2026-03-01\n  recipient: Housing Authority\n  authority: IRC-6103(d)\n"
        "  authorization: IRS written approval\n",
        id="2.C.11.2 further disclosure"),
    pytest.param(
        check_deficit_reduction, ["IRC-6103(l)(10)"], "disclosures",
        "- date: 2026-03-01\n  recipient: State Treasurer\n", "- date",
        ["§2.C.11.3", "prohibited from making further disclosures", "unless authorized"],
        "- date: 2026-03-01\n  recipient: State Treasurer\n  authorization: State offset statute approved by IRS\n",
        id="2.C.11.3 unauthorized further disclosure"),
    pytest.param(
        check_cms_agents, ["IRC-6103(l)(12)(C)"], "disclosures",
        "- date: 2026-03-01\n  recipient: Benefits Consultant\n  recipient_kind: other\n", "recipient_kind",
        ["is not to an agent of CMS", "§2.C.11.4"],
        "- date: 2026-03-01\n  recipient: Coordination Contractor\n  recipient_kind: agent\n"
        "  agreement: CMS contract 75FCMC-EXAMPLE\n",
        id="2.C.11.4 not an agent"),
    pytest.param(
        check_cms_agents, ["IRC-6103(l)(12)(C)"], "disclosures",
        "- date: 2026-03-01\n  recipient: Coordination Contractor\n  recipient_kind: agent\n", "- date",
        ["has no contract recorded", "a contractual relationship must exist between CMS and the agent"],
        "- date: 2026-03-01\n  recipient: Coordination Contractor\n  recipient_kind: agent\n"
        "  agreement: CMS contract 75FCMC-EXAMPLE\n",
        id="2.C.11.4 agent without contract"),
    pytest.param(
        check_medicare_premium, ["IRC-6103(l)(20)"], "disclosures",
        "- date: 2026-03-01\n  recipient: Part D Plan Administrator\n", "- date",
        ["§2.C.11.5", "any redisclosures authorized by this provision are subject to safeguards"],
        "- date: 2026-03-01\n  recipient: Part D Plan Administrator\n  agreement: Safeguards agreement 2026-04\n",
        id="2.C.11.5 recipient not held to safeguards"),
    pytest.param(
        check_health_coverage, ["IRC-6103(l)(21)"], "disclosures",
        "- date: 2026-03-01\n  recipient: State Auditor\n  recipient_kind: state-audit-agency\n", "- date",
        ["§2.C.11.6", "unless a contractual relationship is established"],
        "- date: 2026-03-01\n  recipient: State Auditor\n  recipient_kind: state-audit-agency\n"
        "  agreement: Audit contract conforming to IRC 6103\n",
        id="2.C.11.6 state audit agency"),
    pytest.param(
        check_law_enforcement, ["IRC-6103(i)"], "disclosures",
        "- date: 2026-03-01\n  recipient: Federal Bureau of Investigation\n"
        "  recipient_kind: federal-law-enforcement\n", "- date",
        ["does not say how many FTI records", "§2.C.11.7", "must report in its SSR the number of FTI records"],
        "- date: 2026-03-01\n  recipient: Federal Bureau of Investigation\n"
        "  recipient_kind: federal-law-enforcement\n  records: 14\n",
        id="2.C.11.7 record count"),
    pytest.param(
        check_federal_claims, ["IRC-6103(m)(2)"], "disclosures",
        "- date: 2026-03-01\n  recipient: Collection Agent\n  recipient_kind: agent\n", "- date",
        ["§2.C.11.8", "all subject to IRS safeguarding requirements and reviews"],
        "- date: 2026-03-01\n  recipient: Collection Agent\n  recipient_kind: agent\n"
        "  agreement: Task order 2026-17 with Exhibit 7 language\n",
        id="2.C.11.8 agent not held to safeguards"),
]
FEDERAL = {"IRC-6103(i)", "IRC-6103(m)(2)", "IRC-6103(l)(12)(C)", "IRC-6103(l)(20)"}


@pytest.mark.parametrize(("rule", "authorities", "register", "failing", "at", "words", "passing"), CASES)
def test_rule_flags_the_record_and_passes_it_set_right(
    tmp_path: Path, catalogs: Catalogs, rule, authorities: list[str], register: str, failing: str,
    at: str, words: list[str], passing: str,
) -> None:
    federal = bool(set(authorities) & FEDERAL)
    bad = agency(tmp_path / "bad", catalogs, authorities, {register: failing}, federal)
    problem = only(rule(bad, TODAY))
    assert problem.where == line_of(tmp_path / "bad", register, at)
    assert problem.severity == "warning"
    for word in words:
        assert word in problem.what
    assert problem.fix
    good = agency(tmp_path / "good", catalogs, authorities, {register: passing}, federal)
    assert rule(good, TODAY) == []


def test_a_rule_leaves_other_authorities_alone(tmp_path: Path, catalogs: Catalogs) -> None:
    # the same contractor at a state tax agency: §2.C.11.1 and §2.C.11.2 do not apply
    ws = agency(tmp_path, catalogs, ["IRC-6103(d)"],
                {"contractors": CONTRACTOR + "  fti_items: [return-information, form-1099]\n"})
    assert check_child_support(ws, TODAY) == []
    assert check_human_services(ws, TODAY) == []


def test_the_rules_are_what_validate_reports(tmp_path: Path, catalogs: Catalogs) -> None:
    agency(tmp_path, catalogs, ["IRC-6103(l)(7)"], {"contractors": CONTRACTOR})
    assert check_human_services in REGISTER_RULES
    _, problems = check(tmp_path)
    flagged = [p for p in problems if "§2.C.11.2" in p.what]
    assert [p.where for p in flagged] == [line_of(tmp_path, "contractors", "- name")]


def test_records_say_which_authority_when_the_agency_has_several(tmp_path: Path, catalogs: Catalogs) -> None:
    ws = agency(tmp_path / "several", catalogs, ["IRC-6103(d)", "IRC-6103(l)(6)"],
                {"contractors": CONTRACTOR, "disclosures": "- date: 2026-03-01\n  recipient: Court\n"
                 "  authority: IRC-6103(q)\n"})
    problems = check_record_authorities(ws, TODAY)
    by_where = {p.where: p for p in problems}
    unsaid = by_where[line_of(tmp_path / "several", "contractors", "- name")]
    assert "does not say under which authority" in unsaid.what and unsaid.severity == "warning"
    unknown = by_where[line_of(tmp_path / "several", "disclosures", "authority:")]
    assert "'IRC-6103(q)', which is not a disclosure authority ssrgen knows" in unknown.what
    assert unknown.is_error
    # one authority: the records are under it without saying so
    single = agency(tmp_path / "single", catalogs, ["IRC-6103(l)(6)"], {"contractors": CONTRACTOR})
    assert check_record_authorities(single, TODAY) == []
    # an authority the agency does not list
    other = agency(tmp_path / "other", catalogs, ["IRC-6103(d)"],
                   {"contractors": CONTRACTOR + "  authority: 6103(l)(7)\n"})
    problem = only(check_record_authorities(other, TODAY))
    assert "IRC-6103(l)(7), which ssrgen.yaml does not list" in problem.what
