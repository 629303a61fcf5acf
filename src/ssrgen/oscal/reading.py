"""Opening an OSCAL JSON file someone hands in, safely.

The file is refused, with what to do, when it is too large (:data:`MAX_BYTES`),
not UTF-8 text, not JSON (with its line and column), nested deeper than any OSCAL
document is (:data:`MAX_DEPTH`), or an OSCAL document of another model than the
one expected (a catalog given where an SSP is asked for).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ssrgen.errors import InputError

# the SSP of the benchmark's reference workspace (6,175 answers, 25,000 evidence items) is
# about 52 MB; this leaves room for four times that, and refuses what no SSP is
MAX_BYTES = 256 * 1024 * 1024
# an OSCAL SSP nests about 12 levels deep (parts in parts add a few)
MAX_DEPTH = 64
# Python refuses to read integers longer than this (sys.int_info.default_max_str_digits)
MAX_DIGITS = 4300
_SURROGATE = re.compile("[\ud800-\udfff]")
MODELS = {
    "catalog": "catalog", "profile": "profile", "component-definition": "component definition",
    "system-security-plan": "system security plan (SSP)", "assessment-plan": "assessment plan",
    "assessment-results": "assessment results", "plan-of-action-and-milestones": "plan of action and milestones",
    "mapping-collection": "mapping",
}


@dataclass(frozen=True)
class OscalFile:
    """An OSCAL document read from a file: its model's key, the document, the file's SHA-256."""

    path: Path
    model: str
    document: dict[str, Any]
    sha256: str


class _LongNumber(str):
    """A JSON number of more digits than Python reads (kept as its text, to be reported with its place)."""


def _number(text: str) -> int | _LongNumber:
    return _LongNumber(text) if len(text.lstrip("-")) > MAX_DIGITS else int(text)


def _depth(value: Any, limit: int) -> int:
    """How deep ``value`` nests (stops counting past ``limit``), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            return deepest
        if isinstance(node, dict):
            stack.extend((child, level + 1) for child in node.values())
        elif isinstance(node, list):
            stack.extend((child, level + 1) for child in node)
    return deepest


def _unreadable(value: Any) -> tuple[str, str] | None:
    """The JSON path of the first value no text or number can hold, and why: a number of more
    than :data:`MAX_DIGITS` digits, or text with half a character (a lone UTF-16 surrogate,
    which JSON's ``\\ud800`` escapes can spell)."""
    stack: list[tuple[Any, str]] = [(value, "$")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _LongNumber):
            return path, f"a number of {len(node.lstrip('-'))} digits, more than ssrgen reads ({MAX_DIGITS})"
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return path, "text with half a character (an unpaired \\ud800-\\udfff escape)"
        elif isinstance(node, dict):
            for key, child in node.items():
                if _SURROGATE.search(key):
                    return path, "a name with half a character (an unpaired \\ud800-\\udfff escape)"
                stack.append((child, f"{path}.{key}"))
        elif isinstance(node, list):
            stack.extend((child, f"{path}[{index}]") for index, child in enumerate(node))
    return None


def read_oscal(path: Path, expected: str) -> OscalFile:
    """Read the OSCAL JSON document of model ``expected`` (``system-security-plan``) at ``path``."""
    where = str(path)
    if not path.is_file():
        raise InputError("the file does not exist", where=where, fix="Check the path of the OSCAL JSON file.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            f"the file is {size / 1024 / 1024:.0f} MB; ssrgen reads OSCAL files of up to "
            f"{MAX_BYTES // 1024 // 1024} MB", where=where,
            fix="Export the SSP without embedded attachments (base64 resources), or check that this is the file "
            "you meant.")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the file is not UTF-8 text, so it is not OSCAL JSON", where=where,
                         fix="Give the .json file the other tool exported (OSCAL JSON is UTF-8).") from None
    try:
        document = json.loads(text, parse_int=_number)
    except json.JSONDecodeError as exc:
        # json's own message may end in "at" ("Unterminated string starting at"): say it once
        raise InputError(f"the file is not JSON: {exc.msg.removesuffix(' at')} at line {exc.lineno}, "
                         f"column {exc.colno}",
                         where=where, fix="Give the OSCAL JSON file itself (not XML or YAML), as exported.") from None
    except RecursionError:
        raise InputError(f"the JSON nests more than {MAX_DEPTH} levels deep; no OSCAL document does",
                         where=where, fix="Check that this is the OSCAL file you meant.") from None
    if _depth(document, MAX_DEPTH) > MAX_DEPTH:
        raise InputError(f"the JSON nests more than {MAX_DEPTH} levels deep; no OSCAL document does",
                         where=where, fix="Check that this is the OSCAL file you meant.")
    unreadable = _unreadable(document)
    if unreadable is not None:
        raise InputError(f"the file holds {unreadable[1]}", where=f"{where} {unreadable[0]}",
                         fix="Correct that value in the file (or in the tool that exported it), then import again.")
    wanted = MODELS.get(expected, expected)
    if not isinstance(document, dict):
        raise InputError(f"the file holds a JSON {type(document).__name__ if document is not None else 'null'}, "
                         f"not an OSCAL {wanted}", where=where,
                         fix=f"Give the OSCAL {wanted} in JSON: an object with '{expected}' at its top.")
    if expected not in document:
        models = [MODELS[key] for key in document if key in MODELS]
        what = (f"the file is an OSCAL {models[0]}, not a {wanted}" if models else
                f"the file is JSON but not an OSCAL {wanted}: it has no '{expected}' at its top")
        raise InputError(what, where=where, fix=f"Give the {wanted} (for ssrgen's export: ssp.json).")
    body = document[expected]
    if not isinstance(body, dict):
        raise InputError(f"'{expected}' is not an object", where=f"{where} $.{expected}",
                         fix=f"Give a valid OSCAL {wanted}.")
    return OscalFile(path, expected, body, hashlib.sha256(data).hexdigest())
