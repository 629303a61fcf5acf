"""Cell values: text that survives Excel's XML, and dates people type."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssrgen.workbook.cells import DateError, decode_text, encode_text, parse_date


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_any_text_survives_encoding(text: str) -> None:
    assert decode_text(encode_text(text)) == text


def test_control_characters_use_excels_own_escape() -> None:
    assert encode_text("a\x01b") == "a_x0001_b"
    assert encode_text("keep\ttab\nand newline") == "keep\ttab\nand newline"
    # a literal escape sequence typed by someone is itself escaped, as Excel does
    assert encode_text("_x0041_") == "_x005F_x0041_"
    assert decode_text("_x005F_x0041_") == "_x0041_"


@pytest.mark.parametrize(("typed", "expected"), [
    ("2026-03-02", dt.date(2026, 3, 2)),
    ("2026/3/2", dt.date(2026, 3, 2)),
    ("2 March 2026", dt.date(2026, 3, 2)),
    ("02-Mar-2026", dt.date(2026, 3, 2)),
    ("March 2, 2026", dt.date(2026, 3, 2)),
    ("Sept 30 2026", dt.date(2026, 9, 30)),
    ("3/14/2026", dt.date(2026, 3, 14)),
    ("14/3/2026", dt.date(2026, 3, 14)),
    ("3/3/2026", dt.date(2026, 3, 3)),
    (dt.datetime(2026, 3, 2), dt.date(2026, 3, 2)),
    (None, None),
    ("  ", None),
])
def test_dates_people_type(typed: object, expected: dt.date | None) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize(("typed", "message"), [
    ("03/04/2026", "'03/04/2026' is ambiguous: it could be month/day or day/month"),
    ("2026-02-30", "'2026-02-30' is not a date that exists"),
    ("next Tuesday", "'next Tuesday' is not a date ssrgen understands"),
    ("2 Smarch 2026", "'2 Smarch 2026' names no month ssrgen knows"),
    (46000, "'46000' is a number, not a date (the cell may have lost its date format)"),
    (dt.datetime(2026, 3, 2, 14, 30), "it holds a time of day as well as a date"),
])
def test_dates_refused_with_the_reason(typed: object, message: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(typed)
    assert str(caught.value) == message
