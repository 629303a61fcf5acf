import pytest

from ssrgen.ids import base_of, family_of, normalize, sort_key


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("ac-2", "AC-2"),
        ("AC-02", "AC-2"),
        ("AC-2 (3)", "AC-2(3)"),
        ("ac-2(03)", "AC-2(3)"),
        ("ac-2.3", "AC-2(3)"),
        (" ia-5(1) ", "IA-5(1)"),
        ("mou 9.a.5", "MOU-9.A.5"),
        ("p1075-2.b.2", "P1075-2.B.2"),
        ("IRC-6103(p)(4)", "IRC-6103(p)(4)"),
    ],
)
def test_normalize_accepts_what_users_type(typed: str, canonical: str) -> None:
    assert normalize(typed) == canonical


def test_family_and_base() -> None:
    assert family_of("AC-2(3)") == "AC"
    assert base_of("AC-2(3)") == "AC-2"
    assert family_of("MOU-9.A.5") is None


def test_sort_key_orders_numbers_as_numbers() -> None:
    ids = ["AC-10", "AC-2(1)", "AC-2", "AC-1"]
    assert sorted(ids, key=sort_key) == ["AC-1", "AC-2", "AC-2(1)", "AC-10"]
