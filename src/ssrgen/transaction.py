"""One transaction for every change to a workspace.

A command that changes a workspace holds its lock for the whole of its
read-plan-write (:func:`locked`); a second one waits a short while, saying who
holds it, then stops with nothing done. The lock is ``filelock``'s (the
operating system's lock on local disks and network shares, a lock file where a
share has none); who holds it is kept beside it in ``.ssrgen/holder.json``, so a
lock left by a command that died (its process gone) is taken over, and said so.

A change of several files is all or nothing (:class:`Change`):

1. every new file is written in full beside its target
   (``.<name>.ssrgen-<id>.tmp``), with the target's mode (and owner, where the
   system allows) kept;
2. an intent record (``.ssrgen/intent.json``) lists every file of the change;
3. each file is renamed over its target;
4. the workspace's generation (``.ssrgen/generation``) moves on and the record
   is removed.

A command that starts after a crash finds the record and completes the change
(every file it lists was already written in full), or, without a record,
removes the files of a change that never reached step 2: the workspace is then
the old one or the new one, never a mix, and the user is told which. A reader
(:func:`read_consistently`) never sees a change half-applied: it reads again if
the generation moved while it read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import re
import secrets
import socket
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from filelock import FileLock, Timeout

from ssrgen.errors import WorkspaceError

STATE = ".ssrgen"
LOCK = "lock"
HOLDER = "holder.json"
INTENT = "intent.json"
GENERATION = "generation"
TMP_MARK = ".ssrgen-"
# folders never searched for leftovers (deliverables, evidence files, version control)
_SKIP = {"out", "site", "files", ".git", STATE}
WAIT_ENV = "SSRGEN_LOCK_WAIT"
DEFAULT_WAIT = 10.0

Notify = Callable[[str], None]
T = TypeVar("T")


def _quiet(_: str) -> None:
    pass


# ------------------------------------------------------------------ the lock

@dataclass
class _Held:
    lock: FileLock
    count: int = 1


_HELD: dict[Path, _Held] = {}


def state_folder(root: Path) -> Path:
    """The workspace's own bookkeeping folder (``.ssrgen``: its lock, a change under way, hints)."""
    return _state(root)


def _state(root: Path) -> Path:
    folder = root / STATE
    ignore = folder / ".gitignore"
    if not ignore.exists():
        try:
            folder.mkdir(exist_ok=True)
            # version control keeps the workspace, not its lock and journal of changes under way
            ignore.write_text("*\n", encoding="utf-8")
        except OSError as exc:
            with contextlib.suppress(OSError):
                if ignore.stat().st_size == 0:
                    ignore.unlink()  # written again, in full, by the next command
            _if_full(exc, ignore, root)
            raise
    return folder


def holder_text(info: dict[str, Any]) -> str:
    """``pid 4242 on host-a, 'ssrgen evidence import', since 2026-11-30 10:32:01``."""
    return (f"pid {info.get('pid', '?')} on {info.get('host', '?')}, '{info.get('command', 'ssrgen')}', "
            f"since {info.get('since', '?')}")


def _read_holder(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / HOLDER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


@contextlib.contextmanager
def locked(root: Path, command: str = "ssrgen", notify: Notify = _quiet, wait: float | None = None) -> Iterator[None]:
    """Hold the workspace's lock (again, if this process holds it already)."""
    key = root.resolve()
    held = _HELD.get(key)
    if held is not None:
        held.count += 1
        try:
            yield
        finally:
            held.count -= 1
        return
    folder = _state(key)
    lock = FileLock(str(folder / LOCK), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        holder = _read_holder(folder)
        seconds = _wait_seconds() if wait is None else wait
        shown = f" ({holder_text(holder)})" if holder else ""
        notify(f"Another ssrgen command is changing this workspace{shown}; waiting up to {seconds:g} s for it.")
        try:
            lock.acquire(timeout=seconds)
        except Timeout:
            raise WorkspaceError(
                f"another ssrgen command is still changing this workspace{shown}", where=str(root),
                fix="Nothing was done. Run the command again when it has finished. If no such command "
                "is running, its computer may hold the lock: wait a minute and try again.",
            ) from None
    try:
        stale = _read_holder(folder)
        if stale is not None and stale.get("pid") != os.getpid():
            notify(f"The previous ssrgen command on this workspace ({holder_text(stale)}) ended without "
                   "releasing it; its lock was taken over.")
        try:
            _write_json(folder / HOLDER, {
                "pid": os.getpid(), "host": socket.gethostname(), "command": command,
                "since": dt.datetime.now().replace(microsecond=0).isoformat(sep=" "),
            })
        except OSError as exc:
            _if_full(exc, folder / HOLDER, key)
            raise
        _HELD[key] = _Held(lock)
        recover(key, notify)
        yield
    finally:
        _HELD.pop(key, None)
        with contextlib.suppress(OSError):
            (folder / HOLDER).unlink()
        lock.release()


def holds_lock(root: Path) -> bool:
    return root.resolve() in _HELD


# ------------------------------------------------------------------ the change

def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _if_full(exc: OSError, path: Path, root: Path) -> None:
    """A full disk is said with the file that did not fit (any other error goes on as it is)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        raise no_space(path, root) from exc


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def display(path: Path, root: Path) -> str:
    with contextlib.suppress(ValueError):
        return path.resolve().relative_to(root.resolve()).as_posix()
    return str(path)


def no_space(path: Path, root: Path) -> WorkspaceError:
    return WorkspaceError(
        f"there is no space left on the disk to write {display(path, root)}", where=str(root),
        fix="Nothing was changed. Free some space on that disk, then run the command again.",
    )


@dataclass
class Change:
    """The files of one change to a workspace, written all together or not at all."""

    root: Path
    command: str = "ssrgen"
    notify: Notify = _quiet
    staged: dict[Path, Path] = field(default_factory=dict)  # target -> its new content, beside it
    id: str = field(default_factory=lambda: secrets.token_hex(6))

    def write(self, target: Path, data: bytes | str) -> None:
        """Stage the new content of ``target`` (replacing what this change staged for it before).

        The workspace's lock must be held (:func:`locked`): what a change stages
        before it holds the lock would be taken for the leftover of a crash."""
        if not holds_lock(self.root):
            raise RuntimeError("a change is staged only while the workspace's lock is held")
        if isinstance(data, str):
            data = data.encode("utf-8")
        target = target if target.is_absolute() else self.root / target
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.parent / f".{target.name}{TMP_MARK}{self.id}.tmp"
        previous = _mode_and_owner(target)
        mode = previous[0] if previous else 0o666  # the umask applies to a new file, as for any other
        try:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if previous:
                os.chmod(tmp, previous[0])
                with contextlib.suppress(OSError):  # only the owner's administrator may give a file away
                    os.chown(tmp, previous[1], previous[2])
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            self.abort()
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise no_space(target, self.root) from exc
            raise
        self.staged[target] = tmp

    def commit(self) -> list[Path]:
        """Put every staged file in place as one change; returns the files changed."""
        if not self.staged:
            return []
        try:
            with locked(self.root, self.command, self.notify):
                folder = _state(self.root)
                files = [[display(t, self.root), display(s, self.root)] for t, s in self.staged.items()]
                try:
                    _write_json(folder / INTENT, {"id": self.id, "command": self.command,
                                                  "started": dt.datetime.now().isoformat(), "files": files})
                except OSError as exc:
                    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                        raise no_space(folder / INTENT, self.root) from exc
                    raise
                _fsync_folder(folder)
                _apply(self.root, files)
        except BaseException:
            self.abort()
            raise
        changed = list(self.staged)
        self.staged = {}
        return changed

    def abort(self) -> None:
        """Remove what was staged; the workspace is as it was."""
        for tmp in self.staged.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        self.staged = {}


def _mode_and_owner(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid


def _apply(root: Path, files: list[list[str]]) -> None:
    """Rename each staged file over its target, then close the change (steps 3 and 4)."""
    folders = set()
    for target, tmp in files:
        source = root / tmp
        if source.exists():
            os.replace(source, root / target)
        folders.add((root / target).parent)
    for folder in folders:
        _fsync_folder(folder)
    state = root / STATE
    _write_json(state / GENERATION, {"generation": generation(root) + 1})
    (state / INTENT).unlink(missing_ok=True)


def generation(root: Path) -> int:
    """How many changes were made to the workspace through ssrgen (0 when none was)."""
    try:
        data = json.loads((root / STATE / GENERATION).read_text(encoding="utf-8"))
        return int(data.get("generation", 0))
    except (OSError, ValueError, AttributeError, TypeError):
        return 0


def pending(root: Path) -> bool:
    """A change is being put in place, or was interrupted while it was."""
    return (root / STATE / INTENT).exists()


# ------------------------------------------------------------------ after a crash

def recover(root: Path, notify: Notify = _quiet) -> None:
    """Complete a change that was interrupted while being put in place, and remove the
    files of one interrupted before (call with the lock held)."""
    intent_path = root / STATE / INTENT
    if intent_path.exists():
        intent, files = _read_intent(root)
        _apply(root, files)
        shown = ", ".join(t for t, _ in files[:4]) + (", ..." if len(files) > 4 else "")
        notify(f"A change to this workspace was interrupted while it was being written "
               f"('{intent.get('command', 'ssrgen')}', started {str(intent.get('started', '?'))[:19]}); "
               f"it was completed ({len(files)} file(s): {shown}).")
    with contextlib.suppress(OSError):  # the bookkeeping's own (holder, generation), written under the lock
        for path in (root / STATE).glob(".*.tmp"):
            path.unlink(missing_ok=True)
    leftovers = list(_leftovers(root))
    for path in leftovers:
        with contextlib.suppress(OSError):
            path.unlink()
    if leftovers:
        notify(f"Removed {len(leftovers)} temporary file(s) left by a change that was interrupted before it was "
               "written; the workspace is as it was before that change.")


def _read_intent(root: Path) -> tuple[dict[str, Any], list[list[str]]]:
    """The intent record of an interrupted change, checked: every file it names is a file of the
    workspace, and each staged file is the one a change writes beside its target. Anything else
    (a damaged record, or one naming files elsewhere) is refused, with nothing moved."""
    where = f"{STATE}/{INTENT}"
    try:
        intent = json.loads((root / STATE / INTENT).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _bad_intent(root, f"the record of an interrupted change ({where}) cannot be read ({exc})") from None
    if (not isinstance(intent, dict) or not isinstance(intent.get("id"), str)
            or not isinstance(intent.get("files"), list)
            or not all(isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
                       for pair in intent["files"])):
        raise _bad_intent(root, f"the record of an interrupted change ({where}) is damaged: it is not an object "
                          "with an 'id' and a list of 'files' (each a pair of paths)")
    change_id = intent["id"]
    base = root.resolve()
    for target, staged in intent["files"]:
        problem = _outside(base, target) or _outside(base, staged)
        if problem is None:
            expected = (PurePosixPath(target).parent / f".{PurePosixPath(target).name}{TMP_MARK}{change_id}.tmp")
            if PurePosixPath(staged) != expected:
                problem = f"'{staged}' is not the file a change stages for '{target}' ('{expected.as_posix()}')"
        if problem is not None:
            raise _bad_intent(root, f"the record of an interrupted change ({where}) names a file ssrgen does not "
                              f"move: {problem}")
    return intent, intent["files"]


def _outside(base: Path, name: str) -> str | None:
    """Why ``name`` (from an intent record) is not a file of the workspace, or None when it is."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name or path.parts[:1] == (STATE,):
        return f"'{name}' is not a path inside the workspace"
    try:
        (base / path).resolve().relative_to(base)
    except (ValueError, OSError):
        return f"'{name}' leads outside the workspace"
    return None


def _bad_intent(root: Path, what: str) -> WorkspaceError:
    return WorkspaceError(
        what, where=str(root),
        fix=f"Nothing was moved. If no ssrgen command was interrupted on this workspace, remove {STATE}/{INTENT} "
        "(and any '.*.ssrgen-*.tmp' files beside the workspace's files), then check the workspace with "
        "'ssrgen validate'.",
    )


# ssrgen's own temporary files: a change's (``.<name>.ssrgen-<id>.tmp``), and the writes of earlier
# versions (``.<name>.<random>.tmp``, taken for one only when ``<name>`` is beside it)
_OURS = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<change>ssrgen-[0-9a-f]+)|[A-Za-z0-9_]{4,})\.tmp$")


def _leftovers(root: Path, depth: int = 0) -> Iterator[Path]:
    """Temporary files of an unfinished change (``.<name>.ssrgen-<id>.tmp``), and of the
    writes of earlier versions (``.<name>.<random>.tmp`` beside ``<name>``); nothing else,
    so a user's own ``.notes.tmp`` stays."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if depth < 4 and entry.name not in _SKIP:
                yield from _leftovers(Path(entry.path), depth + 1)
        elif (match := _OURS.match(entry.name)) is not None and (
                match.group("change") or os.path.lexists(os.path.join(root, match.group("name")))):
            yield Path(entry.path)


def read_consistently(root: Path, load: Callable[[], T], notify: Notify = _quiet, tries: int = 5) -> T:
    """``load()`` the workspace so that no change is seen half-applied: wait for a change
    being put in place, complete one that was interrupted, and read again if one landed
    while reading."""
    result: T | None = None
    for _ in range(tries):
        _settle(root, notify)
        before = generation(root)
        result = load()
        if generation(root) == before and not pending(root):
            return result
    assert result is not None
    return result


def _settle(root: Path, notify: Notify) -> None:
    """Before reading: wait for a change being put in place; complete one interrupted while it
    was, and remove the files of one interrupted before (both only when no writer holds the lock)."""
    if holds_lock(root):
        return
    deadline = time.monotonic() + _wait_seconds()
    while True:
        interrupted = pending(root)
        if not interrupted and not any(True for _ in _leftovers(root)):
            return
        lock = FileLock(str(_state(root) / LOCK), thread_local=False)
        try:
            lock.acquire(timeout=0)
        except Timeout:  # a writer is staging or putting its change in place
            if not interrupted or time.monotonic() > deadline:
                return
            time.sleep(0.05)
            continue
        try:
            recover(root, notify)
        finally:
            lock.release()
        return
