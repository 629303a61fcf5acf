"""A cache of parsed YAML, keyed by the file's content, for large workspaces.

Parsing is what a large workspace pays most for (tens of thousands of evidence
items take seconds through libyaml and PyYAML's constructor, where reading the
parsed data back from a pickle takes a fraction of a second). The key is the
SHA-256 of the text, so a changed file is simply a new entry: the cache can
never serve stale data. Only files of some size are cached; small ones parse
faster than the cache could be read.

The cache lives in ``$SSRGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/ssrgen``, else
``~/.cache/ssrgen``; ``SSRGEN_NO_CACHE=1`` turns it off. It is best effort: a
cache that cannot be read or written is ignored. Unpickling admits only the
date and time types YAML produces, so a tampered entry cannot run code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

import yaml

MIN_SIZE = 32 * 1024  # characters; below this, parsing is as fast as the cache
MAX_ENTRIES = 256
_FORMAT = b"ssrgen-parsed-yaml/2"  # (data, line table)
_ALLOWED = {
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "timedelta"): dt.timedelta,
    ("datetime", "timezone"): dt.timezone,
}


class _Miss(Exception):
    """The entry is absent, unreadable or not what the cache writes."""


def cache_dir() -> Path | None:
    """Where parsed files are kept, or None when the cache is off."""
    if os.environ.get("SSRGEN_NO_CACHE"):
        return None
    explicit = os.environ.get("SSRGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ssrgen"


def _key(text: str) -> str:
    digest = hashlib.sha256(_FORMAT)
    digest.update(yaml.__version__.encode())
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class _DataOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        allowed = _ALLOWED.get((module, name))
        if allowed is None:
            raise _Miss(f"{module}.{name}")
        return allowed


def cached_parse(text: str, parse: Any) -> Any:
    """``parse(text)``, or its earlier result for the same text."""
    folder = cache_dir() if len(text) >= MIN_SIZE else None
    if folder is None:
        return parse(text)
    entry = folder / f"{_key(text)}.pickle"
    try:
        return _read(entry)
    except _Miss:
        pass
    data = parse(text)
    _write(folder, entry, data)
    return data


def _read(entry: Path) -> Any:
    try:
        raw = entry.read_bytes()
        data = _DataOnly(io.BytesIO(raw)).load()
    except (OSError, _Miss, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError) as exc:
        raise _Miss(str(exc)) from exc
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used entries survive pruning
    return data


def _write(folder: Path, entry: Path, data: Any) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".parsed.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(folder)
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # the cache is an optimisation; the parsed data is returned all the same


def _prune(folder: Path) -> None:
    entries = list(folder.glob("*.pickle"))
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda p: p.stat().st_mtime)
    for old in entries[: len(entries) - MAX_ENTRIES]:
        old.unlink(missing_ok=True)
