"""The placeholders ``ssrgen init`` writes, and where they still are.

``init`` cannot know the head of agency, the contact, the address, the systems
or the authority the agency receives FTI under; it writes ``To be completed``
in their place. ``validate`` reports each one still there as a warning with its
file and line, and ``build`` says how many remain.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ssrgen.errors import Problem

PLACEHOLDER = "To be completed"

# what to write instead, by the field's name (the last key of its place in ssrgen.yaml)
_FIXES = {
    ("agency", "address"): "Write the agency's mailing address, as it appears on the SSR.",
    ("agency", "name"): "Write the agency's name as it appears on the SSR.",
    ("head_of_agency", "name"): "Write the name of the head of agency, who signs the SSR certification.",
    ("head_of_agency", "title"): "Write the head of agency's title (e.g. Commissioner, Director).",
    ("safeguards_contact", "name"): "Write the name of the Safeguards point of contact (Pub 1075 §1.5).",
    ("safeguards_contact", "title"): "Write the Safeguards point of contact's title.",
    ("safeguards_contact", "email"): "Write the Safeguards point of contact's email address.",
    ("safeguards_contact", "phone"): "Write the Safeguards point of contact's phone number.",
    ("systems", "name"): "Describe each system that receives, processes, stores or transmits FTI "
                         "('ssrgen docs workspace' lists the fields), or remove the placeholder system.",
    ("systems", "description"): "Say what the system does with FTI.",
    ("authorities",): "Write the IRC § 6103 provision the agency receives FTI under, e.g. IRC-6103(d) "
                      "for a state tax agency ('ssrgen controls list --catalog authorities' lists them).",
}


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() == PLACEHOLDER.lower()


def placeholders(data: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The place (keys and list indexes) of every placeholder in parsed YAML."""
    if is_placeholder(data):
        yield loc
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from placeholders(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from placeholders(value, (*loc, index))


def dotted(loc: tuple[str | int, ...]) -> str:
    """``systems[0].name`` for ('systems', 0, 'name')."""
    text = ""
    for key in loc:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


def placeholder_problems(doc: Any) -> list[Problem]:
    """A warning per placeholder still in ``ssrgen.yaml`` (``doc`` is the parsed file)."""
    problems = []
    for loc in placeholders(doc.data):
        names = tuple(k for k in loc if isinstance(k, str))
        fix = _FIXES.get(names[:1] + names[-1:]) or _FIXES.get(names[:1]) or "Replace it with the real value."
        problems.append(Problem(doc.where(list(loc)), f"'{dotted(loc)}' is still the placeholder "
                                f"'{PLACEHOLDER}' that 'ssrgen init' wrote", fix, "warning"))
    return problems


def count_placeholders(data: Any) -> int:
    return sum(1 for _ in placeholders(data))
