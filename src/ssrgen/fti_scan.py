"""No FTI in deliverables: find text that looks like a taxpayer identifier.

Every deliverable (SSR, CAP, workbook, site) passes the text it is about to
write through :func:`check_no_fti` before writing anything. What counts as an
identifier:

* an SSN shape, ``123-45-6789`` (also ``123 45 6789`` next to an identifier word);
* an EIN shape, ``12-3456789``;
* nine digits in a row (``123456789``) within a few words of SSN, TIN, ITIN,
  EIN, "social security" or "taxpayer".

Shapes that are not identifiers are left alone: dates (``2026-03-02``), phone
numbers (``202-555-0143``), ZIP+4 codes, version numbers (``3.2.1``), evidence
hashes (64 hex characters) and numbers glued to letters or longer digit runs.
A known false positive is cleared by putting its exact text in the workspace's
``fti_allowlist`` (``ssrgen.yaml``). Messages never repeat a number in full:
only its last four digits (``***-**-6789``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ssrgen.errors import DeliverableError

# digits not glued to other digits, letters, dots or dashes (so dates, phone
# numbers, version numbers, ids like FREO-2025-04 and hex hashes do not match)
_SSN = re.compile(r"(?<![\w.\-])\d{3}-\d{2}-\d{4}(?![\w\-]|\.\d)")
_EIN = re.compile(r"(?<![\w.\-])\d{2}-\d{7}(?![\w\-]|\.\d)")
_NINE = re.compile(r"(?<![\w.\-])(?:\d{9}|\d{3} \d{2} \d{4})(?![\w\-]|\.\d)")
_WORDS = re.compile(
    r"\b(?:SSNs?|TINs?|ITINs?|EINs?|social\s+security|taxpayers?|tax\s*payer)\b", re.IGNORECASE
)
_TWO_DIGITS = re.compile(r"\d\d")
# how far (in characters) an identifier word may sit from a bare nine-digit number
_NEAR = 40


@dataclass(frozen=True)
class Match:
    """Something in a text that looks like a taxpayer identifier."""

    kind: str  # "SSN", "EIN" or "nine-digit number"
    text: str
    start: int
    end: int

    @property
    def masked(self) -> str:
        """The match with every digit but the last four hidden: ``***-**-6789``."""
        digits = sum(c.isdigit() for c in self.text)
        shown = 0
        out = []
        for char in self.text:
            if char.isdigit():
                shown += 1
                out.append(char if shown > digits - 4 else "*")
            else:
                out.append(char)
        return "".join(out)

    def describe(self) -> str:
        """``an SSN-shaped number (***-**-6789)``: what was found, masked."""
        if self.kind == "nine-digit number":
            return f"a nine-digit number next to an identifier word ({self.masked})"
        return f"an {self.kind}-shaped number ({self.masked})"


def find_identifiers(text: str, allowlist: Collection[str] = ()) -> list[Match]:
    """Every taxpayer-identifier look-alike in ``text``, in order of position.

    A match inside an occurrence of an ``allowlist`` entry (exact text) is skipped.
    """
    if not text or not _TWO_DIGITS.search(text):  # every shape has two digits in a row
        return []
    cleared = _allowed_spans(text, allowlist)
    found: list[Match] = []
    for kind, pattern in (("SSN", _SSN), ("EIN", _EIN)):
        found.extend(Match(kind, m.group(), m.start(), m.end()) for m in pattern.finditer(text))
    for m in _NINE.finditer(text):
        if _near_identifier_word(text, m.start(), m.end()):
            found.append(Match("nine-digit number", m.group(), m.start(), m.end()))
    found = [m for m in found if not any(s <= m.start and m.end <= e for s, e in cleared)]
    return sorted(found, key=lambda m: m.start)


def _allowed_spans(text: str, allowlist: Collection[str]) -> list[tuple[int, int]]:
    spans = []
    for entry in allowlist:
        if not entry:
            continue
        start = text.find(entry)
        while start != -1:
            spans.append((start, start + len(entry)))
            start = text.find(entry, start + 1)
    return spans


def _near_identifier_word(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - _NEAR): end + _NEAR]
    return _WORDS.search(window) is not None


def check_no_fti(fields: Iterable[tuple[str, str]], allowlist: Collection[str] = ()) -> None:
    """Raise :class:`DeliverableError` when any field looks like it holds FTI.

    ``fields`` are ``(where, text)`` pairs, ``where`` naming the record and the
    field, e.g. ``("AC-2 narrative (implementation/ac.yaml:14)", text)``. Every
    hit is listed at once, each number masked.
    """
    hits: list[str] = []
    for where, text in fields:
        for match in find_identifiers(text or "", allowlist):
            hits.append(f"{where} has {match.describe()}")
    if not hits:
        return
    count = len(hits)
    what = (
        f"{'this text looks' if count == 1 else f'{count} texts look'} like "
        f"{'it holds a taxpayer identifier' if count == 1 else 'they hold taxpayer identifiers'} "
        f"(FTI never goes into a deliverable): " + "; ".join(hits)
    )
    raise DeliverableError(
        what,
        fix="Nothing was written. Remove the identifier from the record named. If it is not FTI "
        "(a phone, form or case number), add its exact text as an entry of 'fti_allowlist:' in "
        "ssrgen.yaml, then run the command again.",
    )
