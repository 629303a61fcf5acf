"""The Pub 1075 §4 catalog in controls/pub1075 says what the publication says.

The expected values below were checked by hand against IRS Publication 1075 Rev. 11-2021
(§4, the Security and Privacy Control Table and Table 3 of §2.E.4.1).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from ssrgen.model.catalog import CatalogInfo, Entry, Group
from tests.catalog.pub1075_ids import IDS

CATALOG_DIR = Path(__file__).resolve().parents[2] / "controls" / "pub1075"

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - pure-Python PyYAML
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

CONTROL_COUNTS = {
    "AC": 18,
    "AT": 5,
    "AU": 12,
    "CA": 8,
    "CM": 14,
    "CP": 6,
    "IA": 11,
    "IR": 9,
    "MA": 6,
    "MP": 7,
    "PE": 9,
    "PL": 4,
    "PM": 14,
    "PS": 9,
    "PT": 2,
    "RA": 5,
    "SA": 11,
    "SC": 19,
    "SI": 11,
    "SR": 6,
}
# (CE-n) headings counted in §4 of the source, per family
ENHANCEMENT_COUNTS = {
    "AC": 31,
    "AT": 4,
    "AU": 12,
    "CA": 4,
    "CM": 13,
    "CP": 6,
    "IA": 18,
    "IR": 13,
    "MA": 10,
    "MP": 2,
    "PE": 2,
    "PL": 2,
    "PM": 1,
    "PS": 1,
    "PT": 0,
    "RA": 4,
    "SA": 20,
    "SC": 23,
    "SI": 19,
    "SR": 5,
}
TITLES = {
    "AC-2": "Account Management",
    "AC-7": "Unsuccessful Logon Attempts",
    "AC-14": "Permitted Actions Without Identification or Authentication",
    "AC-23": "Data Mining Protection",
    "AT-2": "Awareness Training",
    "AU-2": "Audit Events",
    "AU-16": "Cross-Organizational Auditing Logging",
    "CA-3": "Information Exchange",
    "CM-12": "Information Location",
    "CP-9": "System Backup",
    "IA-2": "Identification and Authentication (Organizational Users)",
    "IR-9": "Information Spillage Response",
    "MP-6": "Media Sanitization",
    "PE-5": "Access Control for Output Devices",
    "PL-2": "System Security and Privacy Plans",
    "PM-29": "Risk Management Program Leadership Roles",
    "PT-1": "Personally Identifiable Information Processing and Transparency Policy and Procedures",
    "RA-5": "Vulnerability Monitoring and Scanning",
    "SC-21": "Secure Name/Address Resolution Service (Recursive or Caching Resolver)",
    "SI-16": "Memory Protection",
    "SR-11": "Component Authenticity",
    "AC-2(3)": "Disable Accounts",
    "AC-11(1)": "Pattern-Hiding Displays",
    "IA-5(1)": "Password-Based Authentication",
    "IR-7(2)": "Coordination with External Providers",
}
# (entry, parameter name) -> (value, unit, applies_to)
PARAMETERS = {
    ("AC-2", "notify_account_no_longer_required"): (24, "hours", "h.1"),
    ("AC-2", "user_account_review_frequency"): (1, "years", "j"),
    ("AC-2", "privileged_account_review_frequency"): (6, "months", "j"),
    ("AC-2(3)", "disable_accounts_deadline"): (120, "days", "CE-3"),
    ("AC-2(3)", "inactivity_limit_non_privileged_accounts"): (120, "days", "CE-3.d"),
    ("AC-2(3)", "inactivity_limit_privileged_accounts"): (60, "days", "CE-3.d"),
    ("AC-7", "invalid_logon_attempts_limit"): (3, "attempts", "a"),
    ("AC-7", "invalid_logon_attempt_window"): (120, "minutes", "a"),
    ("AC-7", "account_lockout_duration"): (15, "minutes", "b"),
    ("AC-11", "device_lock_inactivity_timeout"): (15, "minutes", "a"),
    ("AC-12", "session_inactivity_timeout"): (30, "minutes", None),
    ("AU-6", "audit_review_frequency"): (1, "weeks", "a"),
    ("AU-11", "audit_record_retention"): (7, "years", None),
    ("IA-5(1)", "password_min_length"): (14, "characters", "CE-1.h.1"),
    ("IA-5(1)", "password_max_lifetime"): (90, "days", "CE-1.h.5.i"),
    ("IA-5(1)", "password_history_generations"): (24, "generations", "CE-1.h.6.i"),
    ("PS-3", "rescreening_frequency"): (5, "years", "b"),
    ("RA-5", "vulnerability_scan_frequency"): (30, "days", "a"),
    ("AC-1", "policy_review_frequency"): (3, "years", "c.1"),
    ("AC-1", "procedures_review_frequency"): (3, "years", "c.2"),
}
PAGE_NOISE = re.compile(r"\bPage \d+\b|Publication 1075\s*(\(|Rev\.|November)|^\s*\d+\s*$")


@cache
def groups() -> dict[str, Group]:
    out: dict[str, Group] = {}
    for path in sorted(CATALOG_DIR.glob("*.yaml")):
        if path.name == "catalog.yaml":
            continue
        with path.open(encoding="utf-8") as fh:
            group = Group.model_validate(yaml.load(fh, Loader=Loader))
        out[group.group] = group
    return out


@cache
def entries() -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for g in groups().values():
        for c in g.entries:
            out[c.id] = c
            for e in c.enhancements:
                out[e.id] = e
    return out


def all_entries() -> list[Entry]:
    return list(entries().values())


def texts(entry: Entry) -> list[str]:
    out = [entry.title, *(entry.irs_defined), *(entry.guidance)]
    if entry.text:
        out.append(entry.text)
    stack = list(entry.parts)
    while stack:
        p = stack.pop()
        out.append(p.text)
        stack.extend(p.parts)
    return out


def test_catalog_info() -> None:
    with (CATALOG_DIR / "catalog.yaml").open(encoding="utf-8") as fh:
        info = CatalogInfo.model_validate(yaml.load(fh, Loader=Loader))
    assert info.id == "pub1075"
    assert info.version == "Rev. 11-2021"
    assert info.id_format == "AC-2, AC-2(3)"


def test_one_file_per_family() -> None:
    names = sorted(p.name for p in CATALOG_DIR.glob("*.yaml") if p.name != "catalog.yaml")
    assert names == sorted(f"{f.lower()}.yaml" for f in IDS)
    for g in groups().values():
        assert g.catalog == "pub1075"
        assert g.source.startswith("Pub 1075 Rev. 11-2021 §4.")


def test_group_titles() -> None:
    assert groups()["AC"].title == "Access Control"
    assert groups()["AC"].source == "Pub 1075 Rev. 11-2021 §4.1"
    assert groups()["SR"].source == "Pub 1075 Rev. 11-2021 §4.20"


@pytest.mark.parametrize("family", list(IDS))
def test_control_ids_in_source_order(family: str) -> None:
    ids = [c.id for c in groups()[family].entries]
    assert ids == IDS[family]
    assert len(ids) == CONTROL_COUNTS[family]


def test_totals() -> None:
    assert sum(len(g.entries) for g in groups().values()) == 186
    assert sum(len(c.enhancements) for g in groups().values() for c in g.entries) == 190


@pytest.mark.parametrize("family", list(IDS))
def test_enhancement_counts(family: str) -> None:
    assert sum(len(c.enhancements) for c in groups()[family].entries) == ENHANCEMENT_COUNTS[family]


def test_enhancement_ids_and_numbers() -> None:
    for g in groups().values():
        for c in g.entries:
            numbers = [e.number for e in c.enhancements]
            assert numbers == sorted(numbers), c.id
            for e in c.enhancements:
                assert e.id == f"{c.id}({e.number})"
                assert e.source == f"{c.source} (CE-{e.number})"


def test_sources() -> None:
    assert entries()["AC-2"].source == "Pub 1075 Rev. 11-2021 §4.1 AC-2"
    assert entries()["AC-2(3)"].source == "Pub 1075 Rev. 11-2021 §4.1 AC-2 (CE-3)"
    assert entries()["SR-11"].source == "Pub 1075 Rev. 11-2021 §4.20 SR-11"


@pytest.mark.parametrize(("cid", "title"), list(TITLES.items()))
def test_titles(cid: str, title: str) -> None:
    assert entries()[cid].title == title


@pytest.mark.parametrize(("key", "expected"), list(PARAMETERS.items()))
def test_irs_parameters(key: tuple[str, str], expected: tuple[int, str, str | None]) -> None:
    cid, name = key
    params = {p.name: p for p in entries()[cid].parameters}
    assert name in params, sorted(params)
    p = params[name]
    assert (p.value, p.unit, p.applies_to) == expected
    assert p.quote


def test_parameter_quotes_are_source_words() -> None:
    for e in all_entries():
        names = [p.name for p in e.parameters]
        assert len(names) == len(set(names)), e.id
        body = " ".join(texts(e))
        for p in e.parameters:
            assert p.quote.split(" ")[0] in body, (e.id, p.name)


def test_ac7_text() -> None:
    ac7 = entries()["AC-7"]
    a, b = ac7.parts
    assert a.label == "a" and b.label == "b"
    assert (
        "limit of three (3) consecutive invalid logon attempts by a user during a 120-minute"
        " period" in a.text
    )
    assert (
        "Automatically lock the account for 15 minutes or until released by an administrator"
        in b.text
    )


def test_nist_titles_and_baselines() -> None:
    assert entries()["AU-2"].nist_title == "Event Logging"
    assert entries()["AC-1"].nist_title == "Policy and Procedures"
    assert entries()["AC-2"].nist_title is None
    assert sum(1 for g in groups().values() for c in g.entries if c.nist_title) == 33
    for cid in ("AC-23", "CA-8", "IR-9", "PM-1"):
        assert entries()[cid].nist_baselines == [], cid
    outside = [c.id for g in groups().values() for c in g.entries if c.nist_baselines == []]
    assert len(outside) == 14
    assert entries()["AC-1"].nist_baselines == ["moderate", "privacy"]
    assert entries()["PT-2"].nist_baselines == ["privacy"]
    assert entries()["AC-2(3)"].nist_baselines == ["moderate"]


def test_policy_controls_cadence() -> None:
    for g in groups().values():
        one = g.entries[0]
        assert one.id.endswith("-1")
        cad = one.review_cadence
        assert cad is not None
        assert (cad.value, cad.unit) == (3, "years"), one.id
        # PM-1 is the program plan, the others the policy and procedures
        assert cad.basis == (
            "program_plan_review_frequency" if one.id == "PM-1" else "policy_review_frequency"
        )


def test_cadence_examples() -> None:
    def cad(cid: str) -> tuple[int, str, str]:
        c = entries()[cid].review_cadence
        assert c is not None
        return (c.value, c.unit, c.basis)

    assert cad("AU-6") == (1, "weeks", "audit_review_frequency")
    assert cad("RA-5") == (30, "days", "vulnerability_scan_frequency")
    assert cad("PS-3") == (5, "years", "rescreening_frequency")
    assert cad("AC-7") == (1, "years", "default")
    # "Conduct penetration testing every 3 years on the FTI environment."
    assert cad("CA-8") == (3, "years", "penetration_testing_frequency")
    for g in groups().values():
        for c in g.entries:
            assert c.review_cadence is not None, c.id


# A frequency the text states for reviewing, updating, assessing, testing, scanning,
# monitoring, rescreening or inspecting, read here from the statement itself (every
# inflection: "testing", "scans", "monitoring"), sentence by sentence, independently of the
# extractor.
ACTIVITY = re.compile(r"\b(review|updat|assess|test|scan|rescreen|monitor|inspect)\w*", re.I)
SMALL_NUMBERS = {"one": 1, "two": 2, "three": 3, "five": 5, "six": 6, "twelve": 12, "thirty": 30}
EVERY = re.compile(
    r"\bevery\s+(?:[a-z]+\s*\((?P<digits>\d+)\)|(?P<number>\d+)|(?P<word>[a-z]+))?\s*"
    r"(?P<unit>day|week|month|year)s?\b", re.I,
)
FREQUENCY_WORDS = {"semi-annually": (6, "months"), "annually": (1, "years"), "annual basis": (1, "years"),
                   "quarterly": (3, "months"), "once per quarter": (3, "months"), "monthly": (1, "months"),
                   "weekly": (1, "weeks"), "daily": (1, "days")}
# "semi - annually": the source breaks the word at its hyphen (Pub 1075 §2.B.5)
FREQUENCY_WORD = re.compile(
    r"\b(semi\s*-\s*annually|annually|annual basis|quarterly|once per quarter|monthly|weekly|daily)\b", re.I)
SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-Z•])|\n+")
# a frequency the entry lifts ("will not be required to complete an internal inspection
# every 18 months", §2.F.4) is not one it sets
NOT_REQUIRED = re.compile(r"\bnot be required\b", re.I)
DAYS = {"days": 1, "weeks": 7, "months": 30.4, "years": 365.25}


def stated_frequencies(entry: Entry) -> list[tuple[int, str, str]]:
    """(value, unit, text) of each frequency of a review-like activity in the statement; a
    part is read with the parts above it ("Review ... : 1. Policy every three (3) years")."""
    found = []
    spans = [entry.text or "", *entry.irs_defined]

    def walk(parts: list, above: str) -> None:
        for part in parts:
            spans.append(f"{above} {part.text}")
            walk(part.parts, f"{above} {part.text}")

    walk(entry.parts, entry.text or "")
    for text in (sentence for span in spans for sentence in SENTENCE_END.split(span)):
        if not ACTIVITY.search(text) or NOT_REQUIRED.search(text):
            continue
        for m in EVERY.finditer(text):
            value = int(m["digits"] or m["number"] or SMALL_NUMBERS.get((m["word"] or "one").lower(), 0))
            if value:
                found.append((value, m["unit"].lower() + "s", text))
        for m in FREQUENCY_WORD.finditer(text):
            word = re.sub(r"\s*-\s*", "-", m[1].lower())
            found.append((*FREQUENCY_WORDS[word], text))
    return found


def requirement_entries() -> list[Entry]:
    folder = CATALOG_DIR.parent / "pub1075-req"
    return [entry for path in sorted(folder.glob("s*.yaml"))
            for entry in Group.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)).entries]


def test_every_stated_review_frequency_is_the_cadence() -> None:
    """Controls, their enhancements and the requirement sections of Pub 1075 alike: a stated
    frequency is the cadence; without one a control is on the default annual review, and an
    enhancement or a section has no cadence of its own (its control's, or the default)."""
    checked = []
    for entry in [*all_entries(), *requirement_entries()]:
        stated = stated_frequencies(entry)
        cadence = entry.review_cadence
        if not stated:
            if entry.number is not None or entry.id.startswith("P1075-"):
                assert cadence is None, entry.id
            else:
                assert cadence is not None and cadence.basis == "default", entry.id
            continue
        value, unit, text = min(stated, key=lambda f: f[0] * DAYS[f[1]])
        assert cadence is not None, (entry.id, text)
        assert value * DAYS[unit] == cadence.value * DAYS[cadence.unit], (entry.id, text, cadence)
        checked.append(entry.id)
    assert len(checked) >= 70  # the policy controls alone are 20
    for named in ("CM-5(5)", "SC-7(10)", "SC-7(4)", "SI-8(2)", "AT-2(3)", "SI-2(2)",
                  "P1075-2.B.3.2", "P1075-2.B.3.5", "P1075-2.B.5"):
        assert named in checked


def test_enhancement_and_section_cadences() -> None:
    cadence = {e.id: e.review_cadence for e in [*all_entries(), *requirement_entries()]}

    def cad(entry_id: str) -> tuple[int, str, str] | None:
        found = cadence[entry_id]
        return (found.value, found.unit, found.basis) if found else None

    assert cad("CM-5(5)") == (6, "months", "privilege_review_frequency")  # "semi-annually"
    assert cad("SC-7(10)") == (6, "months", "exfiltration_test_frequency")
    assert cad("SI-2(2)") == (1, "days", "workstation_flaw_status_check_frequency")  # "daily"
    assert cad("P1075-2.B.3.2") == (1, "months", "aal_review")
    assert cad("P1075-2.B.5") == (6, "months", "media_inventory_review")
    assert cad("AC-2(1)") is None  # states none: AC-2's own
    assert cad("P1075-2.B.3") is None  # a heading: its subsections have their own


def test_table3_artifacts() -> None:
    assert entries()["AU-3"].expected_artifacts == [
        "Sample audit logs for all technologies/components associated with FTI"
    ]
    cm8 = entries()["CM-8"].expected_artifacts
    assert len(cm8) == 2
    assert cm8[0].startswith("Complete listing of FTI inventory (includes networking devices")
    assert cm8[1].startswith("Note: The agency must provide sufficient version detail")
    with_artifacts = sorted(
        c.id for g in groups().values() for c in g.entries if c.expected_artifacts
    )
    assert with_artifacts == sorted(
        [
            "AC-6",
            "AC-17",
            "AC-20",
            "AU-2",
            "AU-3",
            "AT-4",
            "CA-2",
            "CA-5",
            "CA-6",
            "CM-8",
            "IA-2",
            "IA-5",
            "IA-12",
            "IR-6",
            "MP-6",
            "PE-3",
            "PE-8",
            "PM-5",
            "PS-8",
            "RA-5",
            "SA-9",
            "SC-4",
            "SC-7",
            "SC-8",
            "SI-2",
            "SI-3",
        ]
    )


def test_flags_and_reference_sections() -> None:
    at2 = entries()["AT-2"].flags
    assert at2 is not None and all(at2.model_dump().values())
    assert entries()["AC-17"].reference_section == "2.B.7"
    assert entries()["AC-6"].reference_section == "Need-to-Know"
    assert entries()["AC-8"].reference_section == "Exhibit 8"
    assert entries()["PE-5"].reference_section == "2.B.3.3"
    for g in groups().values():
        for c in g.entries:
            assert c.flags is not None, c.id
    assert any("new to this revision" in n for n in entries()["AC-23"].notes)


def test_irs_defined_and_guidance() -> None:
    assert (
        entries()["AC-3"]
        .irs_defined[0]
        .startswith(
            "Users having accounts with administrator access privileges may access those accounts"
        )
    )
    assert entries()["AC-3"].guidance[0].startswith("A key intent is to prohibit")
    assert len(entries()["AC-6(2)"].irs_defined) == 2


def test_no_page_noise_or_broken_text() -> None:
    for e in all_entries():
        for t in texts(e):
            assert not PAGE_NOISE.search(t), (e.id, t)
            assert "  " not in t and "\t" not in t, (e.id, t)
            assert "Control Enhancements" not in t, (e.id, t)
            assert not t.startswith(("(CE-", "(IRS-Defined)", "Supplemental Guidance")), e.id
            for broken in ("sy stem", "privil eges", "Contro l", " upplemental"):
                assert broken not in t, (e.id, t)
