"""The FTI scan: identifier shapes found, look-alikes left alone, messages masked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssrgen.errors import DeliverableError
from ssrgen.fti_scan import check_no_fti, find_identifiers, visible_form


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in find_identifiers(text)]


def test_ssn_shape_is_found_and_masked() -> None:
    [match] = find_identifiers("Caller gave 123-45-6789 on the phone.")
    assert (match.kind, match.text, match.masked) == ("SSN", "123-45-6789", "***-**-6789")


def test_ein_shape_is_found_and_masked() -> None:
    [match] = find_identifiers("Employer 12-3456789 filed late")
    assert (match.kind, match.masked) == ("EIN", "**-***6789")


def test_nine_digits_only_next_to_an_identifier_word() -> None:
    assert kinds("taxpayer TIN 123456789 recorded") == [("nine-digit number", "123456789")]
    assert kinds("SSN: 123 45 6789") == [("nine-digit number", "123 45 6789")]
    assert kinds("Case 123456789 was closed") == []
    assert kinds("ticket 123456789; the social security number was redacted") == [
        ("nine-digit number", "123456789")
    ]


@pytest.mark.parametrize("text", [
    "Reviewed on 2026-03-02 and 2025-4-7",
    "Call 202-555-0143 or (202) 555-0143 or 1-202-555-0143",
    "Version 3.2.1-45 of 12.34.5678 released; build 123-45-6789.1",
    "sha256 d25398d5f25ce88603743557e34bdecb7b2bdcb02016ccde9cb178c21e7f0560",
    "Pub 1075 Rev. 11-2021, Form 8821, order FREO-2025-04, ZIP 20500-1234",
    "id EV-123-45-6789 and A123-45-6789 and 123-45-67890",
    "Inactive accounts are disabled after 60 days for privileged and 120 days for others.",
])
def test_look_alikes_are_not_identifiers(text: str) -> None:
    assert find_identifiers(text) == []


def test_allowlist_clears_exact_text() -> None:
    text = "IRS form 12-3456789 is the request form; SSN 987-65-4321 leaked"
    found = find_identifiers(text, allowlist=["form 12-3456789"])
    assert [m.text for m in found] == ["987-65-4321"]


def test_check_no_fti_names_where_and_masks() -> None:
    fields = [
        ("AC-7 narrative (implementation/ac.yaml:14)", "Locked after 3 tries; see 123-45-6789."),
        ("AC-2 owner (implementation/ac.yaml:3)", "IAM team"),
    ]
    with pytest.raises(DeliverableError) as caught:
        check_no_fti(fields, allowlist=[])
    message = caught.value.message
    assert message == (
        "this text looks like it holds a taxpayer identifier (FTI never goes into a deliverable): "
        "AC-7 narrative (implementation/ac.yaml:14) has an SSN-shaped number (***-**-6789). "
        "Nothing was written. Remove the identifier from the record named. If it is not FTI "
        "(a phone, form or case number), add its exact text as an entry of 'fti_allowlist:' in "
        "ssrgen.yaml, then run the command again."
    )
    assert "123-45" not in message


def test_check_no_fti_lists_every_hit_at_once() -> None:
    with pytest.raises(DeliverableError) as caught:
        check_no_fti([("a", "12-3456789"), ("b", "SSN 111223333")], allowlist=())
    assert "2 texts look like they hold taxpayer identifiers" in caught.value.message
    assert "a has an EIN-shaped number (**-***6789)" in caught.value.message
    assert "b has a nine-digit number next to an identifier word (*****3333)" in caught.value.message


def test_check_no_fti_passes_clean_text() -> None:
    check_no_fti([("x", "Accounts lock after three attempts, phone 202-555-0143.")], allowlist=())


@given(st.text())
def test_masked_never_shows_more_than_four_digits(text: str) -> None:
    for match in find_identifiers(text):
        assert sum(c.isdigit() for c in match.masked) <= 4


@given(st.from_regex(r"\d{3}-\d{2}-\d{4}", fullmatch=True), st.sampled_from([" ", "(", ": ", "\n"]))
def test_any_ssn_shape_in_prose_is_found(ssn: str, before: str) -> None:
    assert [m.text for m in find_identifiers(f"note{before}{ssn} end")] == [visible_form(ssn)]


@pytest.mark.parametrize(("text", "masked"), [
    ("SSN 123.45.6789", "***.**.6789"),
    ("SSN 123/45/6789", "***/**/6789"),
    ("SSN-123-45-6789", "***-**-6789"),
    ("ssn#123456789", "*****6789"),
    ("EIN-12-3456789", "**-***6789"),
    ("taxpayer id number 123 45 6789", "*** ** 6789"),
    ("123\u201145\u20116789", "***-**-6789"),  # non-breaking hyphen
    ("123\u201245\u20126789", "***-**-6789"),  # figure dash
    ("123\u201345\u20136789", "***-**-6789"),  # en dash
    ("123\u201445\u20146789", "***-**-6789"),  # em dash
    ("123\u201045\u20156789", "***-**-6789"),  # hyphen, horizontal bar
    ("123\u221245\u22126789", "***-**-6789"),  # minus sign
    ("12\u200b3-45-67\u200d89", "***-**-6789"),  # zero-width space and joiner inside
    ("123\u00ad-45-6789", "***-**-6789"),  # soft hyphen
    ("\u2066123-45-6789\u2069", "***-**-6789"),  # direction isolates around it
    ("\uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19", "***-**-6789"),  # full-width digits
    ("SSN 123-45-6789\u2014then deleted", "***-**-6789"),  # an em dash after the number
    ("record\u2014123-45-6789", "***-**-6789"),  # and before it
    ("SSN 123456789\u2013mailed", "*****6789"),
    ("SSN_123-45-6789", "***-**-6789"),  # an underscore joins no number
    ("file_123-45-6789.pdf", "***-**-6789"),
    ("No.123-45-6789", "***-**-6789"),
    ("SSN 123 - 45 - 6789", "*** - ** - 6789"),  # spaced dashes
    ("1\u03012\u03013-45-6789", "***-**-6789"),  # combining marks on the digits
    ("123\ufe0f-45-6789", "***-**-6789"),  # a variation selector
])
def test_what_people_and_word_processors_do_to_numbers_is_seen_through(text: str, masked: str) -> None:
    assert [m.masked for m in find_identifiers(f"Case notes: {text} (closed)")] == [masked]


@pytest.mark.parametrize("text", [
    "NIST SP 800-53 Rev. 5, CVE-2021-44228, OMB No. 1545-0074, OMB M-21-31",
    "Call 202\u2011555\u20110143; ZIP 20500\u20131234; 2026\u201303\u201302",
    "SSN policy reviewed 2021-01-01 and again in 2024/11/05",
    "taxpayer notice 3.2.1 and revision 12.34.5678",
])
def test_look_alikes_stay_quiet_in_every_dash(text: str) -> None:
    assert find_identifiers(text) == []
