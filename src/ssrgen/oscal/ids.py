"""Catalog ids in OSCAL form, and back.

OSCAL control ids are tokens, lower case by NIST's convention: ``ac-2`` for our
``AC-2``, ``ac-2.3`` for ``AC-2(3)``. The entries of the other catalogs keep their
shape: ``P1075-2.B.2`` is ``p1075-2.b.2``, ``MOU-9.A.5`` is ``mou-9.a.5``. A
statement of a control is its id with ``_smt`` (``ac-2_smt``), a part of it
``ac-2_smt.a``.

Reading a document from another tool, any of these forms is taken back to ours:
``AC-02``, ``ac-2.3``, ``AC-2(3)``, ``ac-2_smt.a`` (see :func:`our_id`).
"""

from __future__ import annotations

import re

from ssrgen import ids

_OSCAL_ID = re.compile(r"^([a-z]{2})-0*(\d+)(?:\.0*(\d+))?$")
_OUR_ID = re.compile(r"^([A-Z]{2})-(\d+)(?:\((\d+)\))?$")
# what follows a control id in the id of one of its parts: ac-2_smt.a, ac-2_gdn, ac-2_obj
_PART_SUFFIX = re.compile(r"_[a-z][a-z0-9-]*(?:\..*)?$", re.IGNORECASE)


def oscal_to_ours(oscal_id: str) -> str | None:
    """``ac-2`` -> ``AC-2``, ``ac-2.3`` -> ``AC-2(3)``; None for other ids (parts, groups)."""
    m = _OSCAL_ID.match(oscal_id.strip().lower())
    if not m:
        return None
    family, number, enhancement = m.groups()
    base = f"{family.upper()}-{int(number)}"
    return f"{base}({int(enhancement)})" if enhancement else base


def ours_to_oscal(our_id: str) -> str | None:
    """``AC-2(3)`` -> ``ac-2.3``; None for ids that are not NIST-style controls."""
    m = _OUR_ID.match(our_id.strip())
    if not m:
        return None
    family, number, enhancement = m.groups()
    base = f"{family.lower()}-{int(number)}"
    return f"{base}.{int(enhancement)}" if enhancement else base


def control_id(entry_id: str) -> str:
    """The OSCAL id of any catalog entry: ``ac-2.3``, ``p1075-2.b.2``, ``mou-9.a.5``."""
    return ours_to_oscal(entry_id) or entry_id.lower()


def statement_id(entry_id: str) -> str:
    """The id of an entry's statement part: ``ac-2_smt``."""
    return f"{control_id(entry_id)}_smt"


def our_id(text: str) -> str:
    """Our canonical id for an id written in any form (OSCAL, ours, a part's id).

    The result may name no entry (an id of a control outside the catalogs); the
    caller looks it up.
    """
    cleaned = text.strip()
    if "_" in cleaned:
        cleaned = _PART_SUFFIX.sub("", cleaned)
    return oscal_to_ours(cleaned) or ids.normalize(cleaned)
