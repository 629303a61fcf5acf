"""A cache of parsed YAML, keyed by the file's content, for large workspaces.

Parsing is what a large workspace pays most for (tens of thousands of evidence
items take seconds through libyaml and PyYAML's constructor, where reading the
parsed data back from a pickle takes a fraction of a second). The key is the
SHA-256 of the text, so a changed file is simply a new entry: the cache can
never serve stale data. Only files of some size are cached; small ones parse
faster than the cache could be read.

The cache lives in ``$SSRGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/ssrgen``, else
``~/.cache/ssrgen``; ``SSRGEN_NO_CACHE=1`` turns it off. It cannot lie:

* the folder must belong to the user and be writable by no one else (it is
  made so, 0700); a folder others can write is refused with a clear message,
  since an entry planted there would be read as a workspace file's content;
* every entry carries an HMAC-SHA256 of its bytes under a key of the user's own
  (``key`` in the folder, 0600, made on first use); an entry whose HMAC does not
  match is ignored and replaced, whoever wrote it;
* unpickling admits only the date and time types YAML produces, so even an
  entry with a valid HMAC cannot run code.

Beyond that it is best effort: a cache that cannot be read or written is ignored.

On a first run over a large workspace, :func:`prepare` parses the files the
cache lacks on two cores: a forked child parses about half of them into the
cache while this process parses the rest, and the loading that follows finds
them all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import io
import json
import os
import pickle
import secrets
import stat
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from ssrgen.errors import WorkspaceError
from ssrgen.forking import second_core

MIN_SIZE = 32 * 1024  # characters; below this, parsing is as fast as the cache
MAX_ENTRIES = 256
# characters not yet cached before a second process is worth starting (the reference
# workspace of the benchmark has about 12 million)
PARALLEL_MIN = 2_000_000
_FORMAT = b"ssrgen-parsed-yaml/3"  # (data, line table); /3: aliases and repeated keys refused
_KEY = "key"
_MAC_SIZE = 32
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


_FIX = ("Point SSRGEN_CACHE_DIR at a folder of your own (or remove the variable to use ~/.cache/ssrgen), "
        "or turn the cache off with SSRGEN_NO_CACHE=1.")


def _checked_key(folder: Path) -> bytes | None:
    """The user's key for the folder, once the folder is shown to be the user's alone; None
    when the folder cannot be made or read (the cache is then skipped)."""
    key = _KEYS.get(folder)
    if key is not None:
        return key
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    if hasattr(os, "getuid"):
        if info.st_uid != os.getuid():
            raise WorkspaceError("the parse cache folder belongs to another user, so ssrgen will not read from it",
                                 where=str(folder), fix=_FIX)
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise WorkspaceError(
                "the parse cache folder can be written by other users, so ssrgen will not read from it (an entry "
                "planted there would be taken for a workspace file's content)", where=str(folder),
                fix=f"Make it yours alone (chmod 700 {folder}). " + _FIX)
    path = folder / _KEY
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError:
        return None
    else:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    try:
        key_info = path.stat()
        key = path.read_bytes()
    except OSError:
        return None
    if hasattr(os, "getuid") and (key_info.st_uid != os.getuid() or key_info.st_mode & 0o077):
        raise WorkspaceError("the parse cache's key can be read or written by others", where=str(path),
                             fix=f"Delete it (ssrgen makes a new one): rm {path}. " + _FIX)
    if len(key) < 32:
        return None
    _KEYS[folder] = key
    return key


_KEYS: dict[Path, bytes] = {}


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()


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
    secret = _checked_key(folder)
    if secret is None:
        return parse(text)
    key = _key(text)
    if key in _PREPARED:
        return _PREPARED.pop(key)
    entry = folder / f"{key}.pickle"
    try:
        return _read(entry, secret)
    except _Miss:
        pass
    data = parse(text)
    _write(folder, entry, data, secret)
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
    secret = _checked_key(folder)
    if secret is None:
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
                    _write(folder, folder / f"{key}.pickle", parse(text), secret)
        finally:
            os._exit(0)
    try:
        for key, text in ours:
            with contextlib.suppress(Exception):
                _PREPARED[key] = data = parse(text)
                _write(folder, folder / f"{key}.pickle", data, secret)
    finally:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child, 0)


def _read(entry: Path, secret: bytes) -> Any:
    try:
        raw = entry.read_bytes()
        mac, payload = raw[:_MAC_SIZE], raw[_MAC_SIZE:]
        if len(mac) != _MAC_SIZE or not hmac.compare_digest(mac, _mac(secret, payload)):
            raise _Miss("not written with this user's key")
        data = _DataOnly(io.BytesIO(payload)).load()
    except (OSError, _Miss, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError) as exc:
        raise _Miss(str(exc)) from exc
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used entries survive pruning
    return data


def _write(folder: Path, entry: Path, data: Any, secret: bytes) -> None:
    try:
        payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(prefix=".parsed.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_mac(secret, payload))
                handle.write(payload)
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


# ------------------------------------------------------------------ small hints

def load_hint(name: str) -> Any:
    """A small piece of data kept for speed under ``name`` (JSON, authenticated like every
    entry); None when absent, altered, or the cache is off."""
    folder = cache_dir()
    if folder is None:
        return None
    secret = _checked_key(folder)
    if secret is None:
        return None
    try:
        raw = (folder / f"{name}.json").read_bytes()
    except OSError:
        return None
    mac, payload = raw[:_MAC_SIZE], raw[_MAC_SIZE:]
    if len(mac) != _MAC_SIZE or not hmac.compare_digest(mac, _mac(secret, payload)):
        return None
    try:
        return json.loads(payload.decode("utf-8"))
    except ValueError:
        return None


def save_hint(name: str, data: Any) -> None:
    """Keep ``data`` under ``name`` for :func:`load_hint` (best effort)."""
    folder = cache_dir()
    if folder is None:
        return
    secret = _checked_key(folder)
    if secret is None:
        return
    payload = json.dumps(data).encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".hint.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(_mac(secret, payload) + payload)
        os.replace(tmp, folder / f"{name}.json")
    except OSError:
        pass
