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

import hashlib
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ssrgen.errors import DeliverableError, Problem

# digits not glued to letters or other digits, not after a dash or slash, nor joined by a dot or dash to
# more digits (so dates, phone numbers, version numbers, ids like FREO-2025-04 or EV-123-45-6789 and
# hex hashes do not match); an underscore is no join ('SSN_123-45-6789', 'file_123-45-6789.pdf')
_BEFORE = r"(?<![^\W_])(?<!\d\.)(?<![\-/])"
_AFTER = r"(?![^\W_]|[.\-/]\d)"
_SHAPES = re.compile(rf"{_BEFORE}(?:(?P<ssn>\d{{3}}-\d{{2}}-\d{{4}})|(?P<ein>\d{{2}}-\d{{7}})){_AFTER}")
# nine digits, or 3-2-4 joined by the same space, dot, slash or dash (spaced or not): only near an
# identifier word
_NINE = re.compile(rf"{_BEFORE}(?:\d{{9}}|\d{{3}}( ?[./\-] ?| )\d{{2}}\1\d{{4}}){_AFTER}")
_WORD = r"(?:SSNs?|TINs?|ITINs?|EINs?|social\s+security|taxpayers?|tax\s*payer)"
_WORDS = IDENTIFIER_WORDS = re.compile(rf"\b{_WORD}\b", re.IGNORECASE)
# an identifier word, an optional 'number'/'no.'/'#', then the number joined by anything people use
_JOIN = r"[\s:#=\-./]{0,3}"
_LABEL = rf"\b{_WORD}(?:{_JOIN}(?:id(?:entification)?|number|num|no\.?|nbr)){{0,2}}{_JOIN}"
_PREFIXED = re.compile(rf"{_LABEL}(?:(?P<ssn>\d{{3}}[\s\-./]?\d{{2}}[\s\-./]?\d{{4}})|(?P<ein>\d{{2}}[\s\-./]?\d{{7}}))"
                       + _AFTER, re.IGNORECASE)
_NINE_DIGITS = re.compile(r"\d(?:\D{0,3}\d){8}")
# how far (in characters) an identifier word may sit from a bare nine-digit number
_NEAR = 40
# every dash people and word processors put between digits
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"})
# en and em dashes and the horizontal bar are punctuation unless digits stand on both sides:
# 'record\u2014123-45-6789' and '6789\u2014then' read as separate words
_PUNCTUATION_DASH = re.compile("(?<!\\d)[\u2013\u2014\u2015\ufe58]|[\u2013\u2014\u2015\ufe58](?!\\d)")


# every character of Unicode category Cf (invisible format characters: soft hyphen, zero-width
# space and joiners, direction marks and isolates, word joiner, BOM, tags), as of Unicode 15
_FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]+")


def visible_form(text: str) -> str:
    """``text`` as a reader sees it: NFKC, format characters dropped, every dash a ``-``.

    Only the lines that hold a character outside ASCII are changed (the others read the
    same), so a long file of plain text costs one pass."""
    if text.isascii():
        return text
    if "\n" not in text:
        return _visible_line(text)
    return "\n".join(line if line.isascii() else _visible_line(line) for line in text.split("\n"))


# combining marks and variation selectors put on a digit (1\u0301, 2\ufe0f): the digit is what is seen
_ON_DIGIT = re.compile("(?<=\\d)[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
                       "\U000e0100-\U000e01ef]+")


def _visible_line(text: str) -> str:
    text = _FORMAT.sub("", unicodedata.normalize("NFKC", text))
    return _ON_DIGIT.sub("", _PUNCTUATION_DASH.sub(" ", text).translate(_DASHES))


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
    if not _NINE_DIGITS.search(text):  # every shape has nine digits, at most three characters apart
        return []
    found: list[Match] = []
    for m in _SHAPES.finditer(text):
        found.append(Match("SSN" if m.lastgroup == "ssn" else "EIN", m.group(), m.start(), m.end()))
    # the shapes that count only near an identifier word: looked for around each word, not everywhere
    for start, end in _windows(text):
        for m in _PREFIXED.finditer(text, start, end):
            digits = m.group("ssn") or m.group("ein")
            at = m.start("ssn") if m.group("ssn") else m.start("ein")
            kind = ("SSN" if m.group("ssn") else "EIN") if "-" in digits else "nine-digit number"
            found.append(Match(kind, digits, at, at + len(digits)))
        for m in _NINE.finditer(text, start, end):
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


def masked(text: str, allowlist: Collection[str] = ()) -> str:
    """``text`` with every identifier in it masked (``SSN ***-**-6789``), safe to print in a
    message; a text with none is returned as it is, one with some in its visible form."""
    found = find_identifiers(text, allowlist)
    if not found:
        return text  # as it was written, not in its visible form
    seen = visible_form(text)
    for match in reversed(found):
        seen = seen[:match.start] + match.masked + seen[match.end:]
    return seen


def _windows(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` around identifier words (merged where they overlap)."""
    spans: list[tuple[int, int]] = []
    for word in _WORDS.finditer(text):
        # room for a number beyond the word, and for what follows it (a longer run is no identifier)
        start, end = max(0, word.start() - _NEAR - 12), min(len(text), word.end() + _NEAR + 32)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


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


class CleanTexts:
    """Large texts already scanned and found clean with this allow-list (kept in the user's
    cache: :func:`ssrgen.parse_cache.load_hint`), so a workspace file that did not change is
    not scanned again on every command. Small texts are scanned every time."""

    NAME = "fti-clean"
    VERSION = b"ssrgen-fti-scan/2"
    MIN_SIZE = 32 * 1024
    KEEP = 2048

    def __init__(self, allowlist: Collection[str]) -> None:
        from ssrgen.parse_cache import load_hint

        self.salt = self.VERSION + b"\0" + "\0".join(sorted(allowlist)).encode("utf-8", "surrogatepass") + b"\0"
        data = load_hint(self.NAME)
        self.keys: list[str] = [k for k in data if isinstance(k, str)] if isinstance(data, list) else []
        self.known_keys = set(self.keys)
        self.added = False

    def _key(self, text: str) -> str:
        return hashlib.sha256(self.salt + text.encode("utf-8", "surrogatepass")).hexdigest()

    def known(self, text: str) -> bool:
        return len(text) >= self.MIN_SIZE and self._key(text) in self.known_keys

    def add(self, text: str) -> None:
        if len(text) >= self.MIN_SIZE:
            key = self._key(text)
            if key not in self.known_keys:
                self.keys.append(key)
                self.known_keys.add(key)
                self.added = True

    def save(self) -> None:
        if self.added:
            from ssrgen.parse_cache import save_hint

            save_hint(self.NAME, self.keys[-self.KEEP:])
