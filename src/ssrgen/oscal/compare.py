"""Compare our control ids and NIST titles with an OSCAL catalog.

An OSCAL catalog (``{"catalog": {"groups": [{"controls": [...]}]}}``) holds
controls with ids like ``ac-2`` and enhancements nested in them with ids like
``ac-2.3``. Ours are written ``AC-2`` and ``AC-2(3)``. :func:`compare_with_oscal`
lists what differs: an id on one side only, or a title that is not the same.
Only families that appear in ours are compared, so a PRIVACY-baseline file
does not report every AC control as missing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ssrgen import ids
from ssrgen.oscal.ids import oscal_to_ours

DifferenceKind = Literal["missing-in-oscal", "missing-in-ours", "title-differs"]



@dataclass(frozen=True)
class Difference:
    """One difference between our catalog and the OSCAL one."""

    kind: DifferenceKind
    id: str
    ours: str | None
    theirs: str | None


def _controls(node: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for group in node.get("groups") or []:
        if isinstance(group, Mapping):
            yield from _controls(group)
    for control in node.get("controls") or []:
        if isinstance(control, Mapping):
            yield control
            yield from _controls(control)


def oscal_titles(oscal: Mapping[str, Any]) -> dict[str, str]:
    """Our id -> title for every control and enhancement in an OSCAL catalog.

    Raises ValueError when the document is not an OSCAL catalog.
    """
    if not isinstance(oscal, Mapping) or not isinstance(oscal.get("catalog"), Mapping):
        raise ValueError("not an OSCAL catalog: the document has no 'catalog' object")
    out: dict[str, str] = {}
    for control in _controls(oscal["catalog"]):
        raw_id = control.get("id")
        if not isinstance(raw_id, str):
            continue
        our_id = oscal_to_ours(raw_id)
        if our_id is None:
            continue
        title = control.get("title")
        out[our_id] = " ".join(title.split()) if isinstance(title, str) else ""
    return out


def _family(our_id: str) -> str:
    return our_id.split("-", 1)[0]


def _same_title(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def compare_with_oscal(ours: list[tuple[str, str]], oscal: Mapping[str, Any]) -> list[Difference]:
    """Differences between our (id, NIST title) pairs and an OSCAL catalog.

    Ids are compared in our form (``AC-2(3)``). Titles are compared without
    regard to case or runs of spaces. Only families present in ``ours`` are
    compared. The result is sorted by id (AC-2 before AC-10), then kind.
    """
    theirs = oscal_titles(oscal)
    mine: dict[str, str] = {}
    for our_id, title in ours:
        mine[our_id.strip()] = title
    families = {_family(i) for i in mine}
    out: list[Difference] = []
    for our_id, title in mine.items():
        if our_id not in theirs:
            out.append(Difference("missing-in-oscal", our_id, title, None))
        elif not _same_title(title, theirs[our_id]):
            out.append(Difference("title-differs", our_id, title, theirs[our_id]))
    for their_id, title in theirs.items():
        if their_id not in mine and _family(their_id) in families:
            out.append(Difference("missing-in-ours", their_id, None, title))
    out.sort(key=lambda d: (ids.sort_key(d.id), d.kind))
    return out
