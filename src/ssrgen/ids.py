"""Catalog ids, and the forms users type for them.

Ids are stable and documented:

- Pub 1075 §4 controls ``AC-2``, enhancements ``AC-2(3)``;
- Pub 1075 requirements outside §4 ``P1075-2.B.2``;
- MOU obligations ``MOU-9.A.5``;
- disclosure authorities ``IRC-6103(p)(4)``, ``CFR-301.6103(n)-1``.

:func:`normalize` turns what a user types (``ac-2``, ``AC-02``, ``AC-2 (3)``,
``ac-2.3``, ``mou 9.a.5``, ``IRC 6103(d)``, ``6103(d)``) into the canonical id.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(
    r"^\s*([A-Za-z]{2})\s*-?\s*0*(\d+)\s*(?:(?:\(\s*0*(\d+)\s*\))|(?:\.0*(\d+)))?\s*$"
)
_PREFIXED = re.compile(r"^\s*(P1075|MOU|IRC|CFR)\s*[-\s]?\s*(.+?)\s*$", re.IGNORECASE)
# an IRC § 6103 provision written without the prefix: "6103(d)", "§ 6103(l)(6)"
_BARE_6103 = re.compile(r"^\s*(?:§\s*)?6103\s*\(")


def normalize(text: str) -> str:
    """The canonical form of an id as a user may type it."""
    match = _CONTROL.match(text)
    if match:
        family, number, enh_paren, enh_dot = match.groups()
        enhancement = enh_paren or enh_dot
        base = f"{family.upper()}-{int(number)}"
        return f"{base}({int(enhancement)})" if enhancement else base
    if _BARE_6103.match(text):
        text = f"IRC-{text.strip()}"
    match = _PREFIXED.match(text)
    if match:
        prefix, rest = match.groups()
        prefix = prefix.upper()
        rest = rest.replace(" ", "")
        if prefix in {"P1075", "MOU"}:
            rest = rest.lstrip("§").upper()
        elif prefix == "IRC":
            rest = rest.lstrip("-§")
        return f"{prefix}-{rest}"
    return text.strip()


def family_of(control_id: str) -> str | None:
    """``AC`` for ``AC-2(3)``; None for ids that are not NIST-style controls."""
    match = _CONTROL.match(control_id)
    return match.group(1).upper() if match else None


def base_of(control_id: str) -> str:
    """``AC-2`` for ``AC-2(3)``; the id itself otherwise."""
    return control_id.split("(", 1)[0] if _CONTROL.match(control_id) else control_id


def sort_key(entry_id: str) -> tuple[str, int, int, str]:
    """Order ids as a reader expects: AC-2 before AC-10, AC-2 before AC-2(1)."""
    match = _CONTROL.match(entry_id)
    if match:
        family, number, enh_paren, enh_dot = match.groups()
        return (family.upper(), int(number), int(enh_paren or enh_dot or 0), "")
    parts = re.split(r"(\d+)", entry_id)
    padded = "".join(p.zfill(6) if p.isdigit() else p for p in parts)
    return ("~" + padded, 0, 0, entry_id)
