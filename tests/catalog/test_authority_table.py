"""The coverage check of tools/authority_table.py: every IRC § 6103 provision the sources name,
in every form the statute text writes a list, must have an authority entry."""

from __future__ import annotations

import pytest

from tools.authority_table import TableError, check_coverage, covering, provisions_named

# Pub 1075 Exhibit 2 (IRC § 6103(p)(4)), Exhibit 1 (§ 6103(a)(3)) and Exhibit 4 (§ 7213(a)(2)), as printed
EXHIBIT_2 = ("Any Federal agency described in subsection (h)(2), (h)(5), (i)(1), (2), (3), (5), or (7), "
             "(j)(1), (2), or (5),\n(k)(8), (10), or (11), (l)(1), (2), (3), (5), (10), (11), (13)(A), (13)(B), "
             "(13)(C), (13)(D)(i), (14), (17), or (22),\n(o)(1)(A), or (o)(3), the Government Accountability Office")
EXHIBIT_1 = ("information under subsection (c), subsection (e)(1)(D)(iii), paragraph (10), (13), or (14) of\n"
             "subsection (k), paragraph (6), (10), (12), (13)(A), (13)(B), (13)(C), (13)(D)(i), (16), (19), (20), or\n"
             "(21) of subsection (l), paragraph (2) or (4)(B) of subsection (m), or subsection (n),")
EXHIBIT_4 = ("acquired by him or another person under\nsubsection (d), (i)(1)(C), (3)(B)(i), or (7)(A)(ii), (k)(10), "
             "(13), or (14), (l)(6), (7), (8), (9), (10), (12),\n(15), (16), (19), (20), or (21) or (m)(2), (4), (5), "
             "(6), or (7) of section 6103 or under section 6104(c).")


def ids(*provisions: str) -> set[str]:
    return {f"IRC-6103{p}" for p in provisions}


def test_a_list_in_the_statute_continues_the_subsection_it_names() -> None:
    assert provisions_named(EXHIBIT_2, statute=True) == ids(
        "(h)(2)", "(h)(5)", "(i)(1)", "(i)(2)", "(i)(3)", "(i)(5)", "(i)(7)", "(j)(1)", "(j)(2)", "(j)(5)",
        "(k)(8)", "(k)(10)", "(k)(11)", "(l)(1)", "(l)(2)", "(l)(3)", "(l)(5)", "(l)(10)", "(l)(11)",
        "(l)(13)(A)", "(l)(13)(B)", "(l)(13)(C)", "(l)(13)(D)(i)", "(l)(14)", "(l)(17)", "(l)(22)",
        "(o)(1)(A)", "(o)(3)")


def test_paragraphs_of_a_subsection() -> None:
    assert provisions_named(EXHIBIT_1, statute=True) == ids(
        "(c)", "(e)(1)(D)(iii)", "(k)(10)", "(k)(13)", "(k)(14)", "(l)(6)", "(l)(10)", "(l)(12)", "(l)(13)(A)",
        "(l)(13)(B)", "(l)(13)(C)", "(l)(13)(D)(i)", "(l)(16)", "(l)(19)", "(l)(20)", "(l)(21)", "(m)(2)",
        "(m)(4)(B)", "(n)", "(k)", "(l)", "(m)")


def test_a_list_of_section_6103_outside_its_own_text() -> None:
    named = provisions_named(EXHIBIT_4)
    assert ids("(d)", "(i)(1)(C)", "(i)(3)(B)(i)", "(i)(7)(A)(ii)", "(k)(13)", "(l)(9)", "(l)(15)",
               "(m)(5)", "(m)(7)") <= named
    # outside the statute, a bare "subsection (a)" is the citing section's own (IRC § 7431, § 7213A)
    assert provisions_named("Any violation of subsection (a) shall be punishable") == set()


def test_the_older_forms_still_read() -> None:
    assert provisions_named("Child Support Agencies—IRC §§ 6103(l)(6), (l)(8) and (l)(10)") == ids(
        "(l)(6)", "(l)(8)", "(l)(10)")
    assert provisions_named("IRC § 6103(I)(6)") == ids("(l)(6)")


def test_a_subsection_entry_does_not_cover_the_paragraphs_named_as_a_basis() -> None:
    known = {"IRC-6103(l)", "IRC-6103(l)(6)", "IRC-6103(b)", "IRC-6103(p)(4)"}
    assert covering("IRC-6103(l)(9)", known) is None
    assert covering("IRC-6103(b)(2)", known, whole={"IRC-6103(b)"}) == "IRC-6103(b)"
    assert covering("IRC-6103(p)(4)(E)", known) == "IRC-6103(p)(4)"
    assert covering("IRC-6103(p)", known) == "IRC-6103(p)(4)"  # "subsections ... and (p)"
    assert covering("IRC-6103(c)", known) is None


def test_the_check_fails_for_the_recipients_exhibit_2_names_without_an_entry() -> None:
    before = {"IRC-6103(i)", "IRC-6103(i)(2)", "IRC-6103(j)", "IRC-6103(l)", "IRC-6103(l)(10)", "IRC-6103(l)(14)"}
    with pytest.raises(TableError) as caught:
        check_coverage({}, before, statute={"Exhibit 2": EXHIBIT_2})
    message = str(caught.value)
    for missing in ("(h)(2)", "(i)(1)", "(k)(10)", "(l)(13)(A)", "(o)(3)"):
        assert f"IRC-6103{missing} (Exhibit 2)" in message
    assert "IRC-6103(i)(2) " not in message
