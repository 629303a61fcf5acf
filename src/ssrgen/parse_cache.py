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

On a first run over a large workspace, :func:`prepare` parses the files the
cache lacks on two cores: a forked child parses about half of them into the
cache while this process parses the rest, and the loading that follows finds
them all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from ssrgen.forking import second_core

MIN_SIZE = 32 * 1024  # characters; below this, parsing is as fast as the cache
MAX_ENTRIES = 256
# characters not yet cached before a second process is worth starting (the reference
# workspace of the benchmark has about 12 million)
PARALLEL_MIN = 2_000_000
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


# results of prepare() in this process, by key, taken by cached_parse
_PREPARED: dict[str, Any] = {}


def cached_parse(text: str, parse: Callable[[str], Any]) -> Any:
    """``parse(text)``, or its earlier result for the same text."""
    folder = cache_dir() if len(text) >= MIN_SIZE else None
    if folder is None:
        return parse(text)
    key = _key(text)
    if key in _PREPARED:
        return _PREPARED.pop(key)
    entry = folder / f"{key}.pickle"
    try:
        return _read(entry)
    except _Miss:
        pass
    data = parse(text)
    _write(folder, entry, data)
    return data


def prepare(paths: Sequence[Path], parse: Callable[[str], Any]) -> None:
    """Parse into the cache, on two cores, the files of ``paths`` it lacks, when
    they are many enough to be worth it; later :func:`cached_parse` calls find them.

    A file that cannot be read or parsed is skipped here: loading it later
    reports the problem as usual.
    """
    folder = cache_dir()
    if folder is None or not second_core():
        return
    missing: list[tuple[str, str]] = []  # (key, text)
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if len(text) >= MIN_SIZE and not (folder / f"{(key := _key(text))}.pickle").exists():
            missing.append((key, text))
    if sum(len(text) for _, text in missing) < PARALLEL_MIN:
        return
    ours: list[tuple[str, str]] = []
    theirs: list[tuple[str, str]] = []
    load = [0, 0]
    for key, text in sorted(missing, key=lambda m: len(m[1]), reverse=True):  # largest first, to balance
        side = 0 if load[0] <= load[1] else 1
        (ours, theirs)[side].append((key, text))
        load[side] += len(text)
    try:
        child = os.fork()
    except OSError:
        return
    if child == 0:  # pragma: no cover - runs in the forked child, which ends with os._exit
        try:
            for key, text in theirs:
                with contextlib.suppress(Exception):
                    _write(folder, folder / f"{key}.pickle", parse(text))
        finally:
            os._exit(0)
    try:
        for key, text in ours:
            with contextlib.suppress(Exception):
                _PREPARED[key] = data = parse(text)
                _write(folder, folder / f"{key}.pickle", data)
    finally:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child, 0)


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
