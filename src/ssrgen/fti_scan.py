"""No FTI in deliverables: find text that looks like a taxpayer identifier.

Every file ssrgen writes outside the workspace passes through
:mod:`ssrgen.output`, which scans the exact text written with
:func:`find_identifiers`; the deliverables also check the texts they put in with
:func:`check_no_fti`, which names the record each came from. What counts as an
identifier:

* an SSN shape, ``123-45-6789``;
* an EIN shape, ``12-3456789``;
* nine digits in a row (``123456789``), or an SSN shape written with spaces,
  dots or slashes (``123 45 6789``, ``123.45.6789``, ``123/45/6789``), within a
  few words of SSN, TIN, ITIN, EIN, "social security" or "taxpayer";
* any of these right after such a word, whatever joins them (``SSN-123-45-6789``,
  ``SSN#123456789``, ``EIN: 12-3456789``).

The text is first put in the form people see: Unicode compatibility forms are
folded (NFKC: full-width digits become digits), invisible format characters
(zero-width spaces and joiners, soft hyphens, direction marks: category Cf) are
dropped, and every dash a word processor or a person types (non-breaking and
figure hyphens, en and em dashes, minus signs: U+2010-U+2015, U+2212, and their
small and full-width forms) becomes ``-``.

Shapes that are not identifiers are left alone: dates (``2026-03-02``), phone
numbers (``202-555-0143``), ZIP+4 codes, version numbers (``3.2.1``), NIST, CVE
and OMB ids, evidence hashes (64 hex characters) and numbers glued to letters or
longer digit runs. A known false positive is cleared by putting its exact text in
the workspace's ``fti_allowlist`` (``ssrgen.yaml``). Messages never repeat a
number in full: only its last four digits (``***-**-6789``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache

from ssrgen.errors import DeliverableError, Problem

# digits not glued to other digits, letters, dots or dashes (so dates, phone
# numbers, version numbers, ids like FREO-2025-04 and hex hashes do not match)
_SSN = re.compile(r"(?<![\w.\-])\d{3}-\d{2}-\d{4}(?![\w\-]|\.\d)")
_EIN = re.compile(r"(?<![\w.\-])\d{2}-\d{7}(?![\w\-]|\.\d)")
# nine digits, or 3-2-4 joined by the same space, dot or slash: only near an identifier word
_NINE = re.compile(r"(?<![\w.\-/])(?:\d{9}|\d{3}([ ./])\d{2}\1\d{4})(?![\w\-/]|\.\d)")
_WORD = r"(?:SSNs?|TINs?|ITINs?|EINs?|social\s+security|taxpayers?|tax\s*payer)"
_WORDS = re.compile(rf"\b{_WORD}\b", re.IGNORECASE)
# an identifier word, an optional 'number'/'no.'/'#', then the number joined by anything people use
_JOIN = r"[\s:#=\-./]{0,3}"
_LABEL = rf"\b{_WORD}(?:{_JOIN}(?:id(?:entification)?|number|num|no\.?|nbr)){{0,2}}{_JOIN}"
_PREFIXED_SSN = re.compile(rf"{_LABEL}(\d{{3}}[\s\-./]?\d{{2}}[\s\-./]?\d{{4}})(?![\w\-]|\.\d)", re.IGNORECASE)
_PREFIXED_EIN = re.compile(rf"{_LABEL}(\d{{2}}[\s\-./]?\d{{7}})(?![\w\-]|\.\d)", re.IGNORECASE)
_TWO_DIGITS = re.compile(r"\d\d")
# how far (in characters) an identifier word may sit from a bare nine-digit number
_NEAR = 40
# every dash people and word processors put between digits
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"})


@cache
def _format_characters() -> re.Pattern[str]:
    """Every character of Unicode category Cf (invisible format characters), as one class."""
    ranges: list[list[int]] = []
    for code in range(0x110000):
        if unicodedata.category(chr(code)) == "Cf":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    parts = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b != a else "") for a, b in ranges)
    return re.compile(f"[{parts}]+")


def visible_form(text: str) -> str:
    """``text`` as a reader sees it: NFKC, format characters dropped, every dash a ``-``."""
    if text.isascii():
        return text
    text = _format_characters().sub("", unicodedata.normalize("NFKC", text))
    return text.translate(_DASHES)


@dataclass(frozen=True)
class Match:
    """Something in a text that looks like a taxpayer identifier."""

    kind: str  # "SSN", "EIN" or "nine-digit number"
    text: str
    start: int  # in the text's visible form (see :func:`visible_form`)
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

    @property
    def digits(self) -> str:
        return "".join(c for c in self.text if c.isdigit())

    def describe(self) -> str:
        """``an SSN-shaped number (***-**-6789)``: what was found, masked."""
        if self.kind == "nine-digit number":
            return f"a nine-digit number next to an identifier word ({self.masked})"
        return f"an {self.kind}-shaped number ({self.masked})"


def find_identifiers(text: str, allowlist: Collection[str] = ()) -> list[Match]:
    """Every taxpayer-identifier look-alike in ``text``, in order of position.

    The text is read in its visible form (:func:`visible_form`). A match inside
    an occurrence of an ``allowlist`` entry (exact text) is skipped.
    """
    if not text:
        return []
    text = visible_form(text)
    if not _TWO_DIGITS.search(text):  # every shape has two digits in a row
        return []
    found: list[Match] = []
    for kind, pattern in (("SSN", _SSN), ("EIN", _EIN)):
        found.extend(Match(kind, m.group(), m.start(), m.end()) for m in pattern.finditer(text))
    if _WORDS.search(text):
        for kind, pattern in (("SSN", _PREFIXED_SSN), ("EIN", _PREFIXED_EIN)):
            for m in pattern.finditer(text):
                shape = kind if "-" in m.group(1) else "nine-digit number"
                found.append(Match(shape, m.group(1), m.start(1), m.end(1)))
        for m in _NINE.finditer(text):
            if _near_identifier_word(text, m.start(), m.end()):
                found.append(Match("nine-digit number", m.group(), m.start(), m.end()))
    if not found:
        return []
    cleared = _allowed_spans(text, allowlist)
    kept: list[Match] = []
    for match in sorted(found, key=lambda m: (m.start, -m.end)):
        if any(s <= match.start and match.end <= e for s, e in cleared):
            continue
        if kept and match.start < kept[-1].end:  # the same number found by two shapes
            continue
        kept.append(match)
    return kept


def _allowed_spans(text: str, allowlist: Collection[str]) -> list[tuple[int, int]]:
    spans = []
    for raw in allowlist:
        entry = visible_form(raw) if raw else raw
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


_FILE_FIX = ("Remove the identifier (FTI is never kept in the workspace: refer to the case by its case number). "
             "If it is not FTI (a phone, form or case number), add its exact text as an entry of 'fti_allowlist:' "
             "in ssrgen.yaml.")


def problems_in_text(shown: str, text: str, allowlist: Collection[str] = ()) -> list[Problem]:
    """An error for every identifier look-alike in a workspace file's text, at ``file:line``."""
    if not find_identifiers(text, allowlist):  # the whole text at once: almost always clean
        return []
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in find_identifiers(line, allowlist):
            problems.append(Problem(f"{shown}:{number}", f"this looks like a taxpayer identifier: {match.describe()}",
                                    _FILE_FIX))
    if not problems:  # a number split over two lines (a folded YAML text): report the file
        for match in find_identifiers(text, allowlist):
            problems.append(Problem(shown, f"this looks like a taxpayer identifier: {match.describe()}", _FILE_FIX))
    return problems


def problems_in_values(values: Iterable[tuple[str, str]], allowlist: Collection[str] = ()) -> list[Problem]:
    """The same for values read from a file (``(where, text)``), for what the file's text escapes."""
    return [Problem(where, f"this looks like a taxpayer identifier: {match.describe()}", _FILE_FIX)
            for where, text in values for match in find_identifiers(text, allowlist)]
