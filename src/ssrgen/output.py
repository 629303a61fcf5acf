"""One door for every file ssrgen writes outside the workspace.

Every deliverable (SSR and CAP documents, workbooks, checklist, calendar, site,
inspection reports, OSCAL files, the package) is written through a
:class:`Delivery`:

1. each file is written into a private staging folder beside its destination
   (``.ssrgen-stage-<pid>-<random>``), never straight into place;
2. the exact bytes are read back as a reader would see them
   (:func:`ssrgen.file_text.text_of`: Word paragraphs, Excel cells, HTML, JSON,
   iCalendar, PDF) and scanned for taxpayer identifiers
   (:func:`ssrgen.fti_scan.find_identifiers`); files made by another tool
   (mkdocs builds the site) are scanned the same way when the tool is done;
3. only when every file of the set passed is the set moved into place, one
   rename per file or folder, with Ctrl-C held off while it moves; a refused or
   interrupted delivery removes its staging folder and leaves the destination
   as it was;
4. the destination's manifest (``ssrgen-manifest.json``) records what was
   written: name, kind, SHA-256, size, time (and the period of an SSR);
   ``ssrgen package`` takes exactly what it lists;
5. a delivery that writes a whole set of files of one kind (:meth:`Delivery.whole_set`:
   the OSCAL files) removes, as the set moves into place, the files the manifest
   lists as of that kind that the new set no longer has (``poam.json`` once the
   workspace has no finding), so the folder and its manifest hold the set as it is
   now; no file the manifest does not list as of the set is ever removed.

A file named for another format than its own (a workbook called ``.docx``, a
calendar called ``.txt``) is refused before it is written, whatever the command.

A destination inside the workspace is refused unless it is under ``out/`` or
``site/`` (and is not a YAML file): a deliverable never overwrites the agency's
records. A refusal names the place in the file that was about to be written
(``out/SSR.docx (body, paragraph 12)``, ``Evidence!C14``), the number masked,
and where the text came from when a workspace file or template holds it.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssrgen.errors import DeliverableError, WorkspaceError
from ssrgen.file_text import BINARY_SUFFIXES, Piece, Unreadable, format_of, text_of
from ssrgen.fti_scan import Match, find_identifiers, visible_form

MANIFEST = "ssrgen-manifest.json"
STAGE_PREFIX = ".ssrgen-stage-"
# folders of a workspace that a deliverable may be written into
OUTPUT_FOLDERS = ("out", "site")


@dataclass(frozen=True)
class Hit:
    """An identifier look-alike in a file about to be written."""

    where: str
    match: Match


def scan_bytes(name: str, data: bytes, allowlist: tuple[str, ...] | list[str] = ()) -> list[Hit]:
    """Every identifier look-alike in the file ``name`` holding ``data``.

    A binary file of a kind no one writes text into (a font, an image) is
    skipped; any other file ssrgen cannot read is refused as if it held one.
    """
    try:
        pieces = list(text_of(name, data))
    except Unreadable:
        if Path(name).suffix.lower() in BINARY_SUFFIXES:
            return []
        raise DeliverableError(
            "ssrgen cannot read back the text of a file it was about to write, so it cannot check it "
            "for taxpayer identifiers", where=name,
            fix="Nothing was written. Report this with 'ssrgen --debug' and the command you ran.",
        ) from None
    return [hit for piece in pieces for hit in scan_piece(piece, allowlist)]


def scan_piece(piece: Piece, allowlist: tuple[str, ...] | list[str] = ()) -> list[Hit]:
    hits = []
    text: str | None = None
    for match in find_identifiers(piece.text, allowlist):
        if piece.unit:
            text = text if text is not None else visible_form(piece.text)
            hits.append(Hit(piece.at(text.count("\n", 0, match.start) + 1), match))
        else:
            hits.append(Hit(piece.where, match))
    return hits


def _from_template(hit: Hit) -> bool:
    """A Word document's text: the template may hold or assemble it (``{{ '987-65-' ~ '4321' }}``)."""
    return ".docx (" in hit.where


def refusal(hits: list[Hit], origins: dict[str, str] | None = None, *, written: str = "") -> DeliverableError:
    """The error for ``hits``: every place, masked, with where each number came from."""
    origins = origins or {}
    shown = []
    for hit in hits[:10]:
        origin = origins.get(hit.match.digits)
        tail = (f" (it comes from {origin})" if origin
                else " (no workspace file holds it: the template writes or assembles it)" if origins is not None
                and hit.match.digits not in origins and _from_template(hit) else "")
        shown.append(f"{hit.where} would hold {hit.match.describe()}{tail}")
    more = f"; and {len(hits) - 10} more" if len(hits) > 10 else ""
    count = len(hits)
    what = ("a text about to be written looks like a taxpayer identifier" if count == 1 else
            f"{count} texts about to be written look like taxpayer identifiers")
    what += " (FTI never leaves the workspace): " + "; ".join(shown) + more
    return DeliverableError(
        what,
        fix=f"Nothing was written{written}. Remove the identifier where it comes from (a workspace file, an "
        "import, or the template). If it is not FTI (a phone, form or case number), add its exact text as an "
        "entry of 'fti_allowlist:' in ssrgen.yaml, then run the command again.",
    )


# ------------------------------------------------------------------ where a number came from

def origins(root: Path | None, hits: list[Hit], templates: Sequence[Path] = ()) -> dict[str, str]:
    """For each hit's digits, the first workspace file (``file:line``) or template that holds them."""
    wanted = {hit.match.digits for hit in hits}
    found: dict[str, str] = {}
    candidates: list[Path] = []
    if root is not None and root.is_dir():
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if relative.parts and (relative.parts[0] in OUTPUT_FOLDERS or relative.parts[0].startswith(".")):
                continue
            if path.is_file() and (path.suffix in (".yaml", ".yml") or "templates" in relative.parts):
                candidates.append(path)
    candidates += [t for t in templates if t.is_file()]
    for path in candidates:
        if not wanted - set(found):
            break
        shown = _shown(path, root)
        try:
            pieces = list(text_of(shown, path.read_bytes()))
        except (Unreadable, OSError):
            continue
        for piece in pieces:
            for hit in scan_piece(piece):
                if hit.match.digits in wanted and hit.match.digits not in found:
                    found[hit.match.digits] = hit.where if "templates" not in path.parts else f"the template {hit.where}"
    return found


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        with contextlib.suppress(ValueError):
            return path.resolve().relative_to(root.resolve()).as_posix()
    return str(path)


# ------------------------------------------------------------------ the delivery

@dataclass
class _Stage:
    anchor: Path  # the destination folder
    root: Path  # the staging folder beside it
    created_anchor: bool


@dataclass
class Delivery:
    """A set of files staged, scanned, and moved into place together (see the module's text).

    ``workspace`` supplies the allow-list, the places a deliverable may not go,
    and where a refused number came from. ``anchors`` are destination folders
    to stage for at once (``build`` stages its whole output folder before it
    forks the site's process, so both write into the same staging folder).
    """

    workspace: Any  # ssrgen.workspace.Workspace (not imported: this module sits below it)
    anchors: tuple[Path, ...] = ()
    stages: list[_Stage] = field(default_factory=list)
    kinds: dict[Path, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    scanned: set[Path] = field(default_factory=set)
    templates: list[Path] = field(default_factory=list)
    sets: dict[Path, set[str]] = field(default_factory=dict)
    done: bool = False

    def __post_init__(self) -> None:
        for anchor in self.anchors:
            self._stage(anchor.resolve())

    @property
    def allowlist(self) -> list[str]:
        return list(self.workspace.config.fti_allowlist)

    # ---- staging
    def _stage(self, anchor: Path) -> _Stage:
        for stage in self.stages:
            if anchor == stage.anchor:
                return stage
        created = not anchor.exists()
        try:
            anchor.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise DeliverableError("the output folder is a file", where=str(anchor),
                                   fix="Give a folder, or remove the file.") from None
        _clean_stale_stages(anchor)
        root = anchor / f"{STAGE_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        root.mkdir(mode=0o700)
        stage = _Stage(anchor, root, created)
        self.stages.append(stage)
        return stage

    def _locate(self, final: Path) -> tuple[_Stage, Path]:
        final = final.resolve()
        check_destination(self.workspace, final)
        for stage in self.stages:
            if final != stage.anchor and final.is_relative_to(stage.anchor):
                return stage, stage.root / final.relative_to(stage.anchor)
        stage = self._stage(final.parent)
        return stage, stage.root / final.name

    def whole_set(self, folder: Path, kind: str) -> None:
        """This delivery writes every file of ``kind`` that belongs in ``folder``: those of
        that kind the folder's manifest lists and the delivery does not write are removed
        when it commits."""
        anchor = folder.resolve()
        self._stage(anchor)
        self.sets.setdefault(anchor, set()).add(kind)

    def path(self, final: Path, kind: str = "file", **meta: Any) -> Path:
        """Where to write the file that will become ``final`` (its parent folders are made)."""
        _, staged = self._locate(final)
        staged.parent.mkdir(parents=True, exist_ok=True)
        self.kinds[final.resolve()] = (kind, meta)
        return staged

    def folder(self, final: Path, kind: str = "folder") -> Path:
        """Where to build the folder that will become ``final`` (not created)."""
        _, staged = self._locate(final)
        staged.parent.mkdir(parents=True, exist_ok=True)
        self.kinds[final.resolve()] = (kind, {})
        return staged

    def write(self, final: Path, data: bytes | str, kind: str = "file", **meta: Any) -> Path:
        """Scan ``data`` as the file ``final`` and stage it; returns ``final``."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        staged = self.path(final, kind, **meta)  # a destination in the workspace's own data is refused first
        check_suffix(final, data)
        self._check(staged, _display(final, self.workspace), data)
        with _named(staged).open("wb") as handle:
            handle.write(data)
        self.scanned.add(staged)
        return final

    def write_sealed(self, final: Path, data: bytes, members: list[tuple[str, bytes]], kind: str = "package",
                     **meta: Any) -> Path:
        """Stage a file whose bytes cannot be read back (an encrypted package): ``members``,
        the plain content of what it holds, are scanned instead."""
        shown = _display(final, self.workspace)
        hits = [h for name, content in members for h in scan_bytes(f"{shown} > {name}", content, self.allowlist)]
        if hits:
            raise self._refused(hits)
        staged = self.path(final, kind, **meta)
        with _named(staged).open("wb") as handle:
            handle.write(data)
        self.scanned.add(staged)
        return final

    def scan_folder(self, final: Path) -> None:
        """Scan every file made in the staged folder that will become ``final``."""
        _, staged = self._locate(final)
        hits: list[Hit] = []
        shown = _display(final, self.workspace)
        for path in sorted(staged.rglob("*")) if staged.is_dir() else []:
            if path.is_file() and path not in self.scanned:
                name = f"{shown}/{path.relative_to(staged).as_posix()}"
                hits += scan_bytes(name, path.read_bytes(), self.allowlist)
                self.scanned.add(path)
        if hits:
            raise self._refused(hits)

    def mark_scanned(self, final: Path) -> None:
        """A folder another process of this command staged and scanned (``build``'s site)."""
        _, staged = self._locate(final)
        self.scanned.update(p for p in staged.rglob("*") if p.is_file())
        self.scanned.add(staged)

    def _check(self, staged: Path, shown: str, data: bytes) -> None:
        hits = scan_bytes(shown, data, self.allowlist)
        name_hits = [Hit(f"the file name {Path(shown).name}", m)
                     for m in find_identifiers(Path(shown).name, self.allowlist)]
        if hits or name_hits:
            raise self._refused(name_hits + hits)

    def _refused(self, hits: list[Hit]) -> DeliverableError:
        found = origins(None if self.workspace.bundled else self.workspace.root, hits, self.templates)
        anchors = sorted({_display(s.anchor, self.workspace) for s in self.stages})
        shown = ", ".join("the current folder" if a == "." else a for a in anchors) or "the output folder"
        return refusal(hits, found, written=f" ({shown} {'is' if len(anchors) < 2 else 'are'} as before)")

    # ---- finishing
    def commit(self) -> list[Path]:
        """Scan what is not scanned yet, then move every staged file and folder into place."""
        for stage in self.stages:
            for path in sorted(stage.root.rglob("*")):
                if path.is_file() and path not in self.scanned:
                    final = stage.anchor / path.relative_to(stage.root)
                    self._check(path, _display(final, self.workspace), path.read_bytes())
                    self.scanned.add(path)
        moved: list[Path] = []
        with _signals_held():
            for stage in self.stages:
                moved += _move_into_place(stage)
                _remove_dropped(stage.anchor, self.sets.get(stage.anchor, set()), moved)
                _record(stage.anchor, moved, self.kinds)
                shutil.rmtree(stage.root, ignore_errors=True)
        self.done = True
        return moved

    def abort(self) -> None:
        """Remove every staging folder; the destinations are as they were."""
        for stage in self.stages:
            shutil.rmtree(stage.root, ignore_errors=True)
            if stage.created_anchor:
                with contextlib.suppress(OSError):
                    stage.anchor.rmdir()  # only if empty
        self.done = True


_CURRENT: contextvars.ContextVar[Delivery | None] = contextvars.ContextVar("ssrgen_delivery", default=None)


@contextlib.contextmanager
def delivering(workspace: Any, anchors: tuple[Path, ...] = ()) -> Iterator[Delivery]:
    """The delivery in progress (``build`` gathers every deliverable into one), else a new one
    committed when the block ends and removed if it fails."""
    current = _CURRENT.get()
    if current is not None and not current.done:
        yield current
        return
    delivery = Delivery(workspace, tuple(a for a in anchors))
    token = _CURRENT.set(delivery)
    try:
        yield delivery
        delivery.commit()
    except BaseException:
        delivery.abort()
        raise
    finally:
        _CURRENT.reset(token)


def write_file(workspace: Any, final: Path, data: bytes | str, kind: str = "file", **meta: Any) -> Path:
    """Write one deliverable through the door (into the delivery in progress, if any)."""
    with delivering(workspace) as delivery:
        return delivery.write(final, data, kind, **meta)


def check_destination(workspace: Any, final: Path) -> None:
    """Refuse a destination that is the workspace's own data."""
    root = Path(workspace.root).resolve()
    if workspace.bundled:
        if final == root or final.is_relative_to(root):
            raise WorkspaceError("the bundled example is read-only", where=str(final),
                                 fix="Write into another folder (-o), e.g. ./out.")
        return
    if final == root or root.is_relative_to(final):
        raise WorkspaceError("the output would replace the workspace folder", where=str(final),
                             fix="Give a file or folder of its own, e.g. under out/.")
    if not final.is_relative_to(root):
        _check_other_workspace(final)
        return
    relative = final.relative_to(root)
    inside_output = relative.parts[0] in OUTPUT_FOLDERS
    data_file = final.suffix.lower() in (".yaml", ".yml") or final.name == "ssrgen.yaml"
    existing = final.exists() and not inside_output
    if (len(relative.parts) > 1 and not inside_output) or data_file or existing:
        raise WorkspaceError(
            f"the output path is the workspace's own data ({relative.as_posix()}); a deliverable never "
            "overwrites the workspace's records",
            where=str(final),
            fix="Write it into out/ of the workspace (the default) or a folder outside the workspace.",
        )
    if len(relative.parts) == 1 and not inside_output:
        raise WorkspaceError(
            f"the output path is the workspace's own folder ({relative.as_posix()}), beside its records; "
            "deliverables go into out/ or site/ of the workspace, or outside it",
            where=str(final), fix="Write it into out/ of the workspace (the default) or a folder outside the workspace.")


def _check_other_workspace(final: Path) -> None:
    """Refuse a destination among the records of another workspace (anywhere but its out/ and site/)."""
    for folder in final.parents:
        if (folder / "ssrgen.yaml").is_file():
            relative = final.relative_to(folder)
            if relative.parts[0] not in OUTPUT_FOLDERS:
                raise WorkspaceError(
                    f"the output path is inside another ssrgen workspace ({folder}), among its records "
                    f"({relative.as_posix()}); a deliverable never overwrites a workspace's records",
                    where=str(final),
                    fix="Write it into out/ of that workspace, or a folder that is no workspace's.")
            return


def check_suffix(final: Path, data: bytes) -> None:
    """Refuse a file named for another format than its own (a workbook called .docx)."""
    found = format_of(data)
    if found is None or final.suffix.lower() in found.suffixes:
        return
    named = final.with_suffix(found.suffixes[0]).name if final.suffix else final.name + found.suffixes[0]
    given = f", not {final.suffix}" if final.suffix else ""
    raise DeliverableError(f"{found.name} must end in {' or '.join(found.suffixes)}{given}", where=str(final),
                           fix=f"Nothing was written. Name the file {named} (or give a folder to write it into).")


def _display(path: Path, workspace: Any) -> str:
    path = path.resolve()
    with contextlib.suppress(ValueError):
        return path.relative_to(Path.cwd().resolve()).as_posix()
    return str(path)


def _named(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _clean_stale_stages(anchor: Path) -> None:
    """Staging folders left by a command that was killed (its process is gone)."""
    with contextlib.suppress(OSError):
        for entry in anchor.glob(f"{STAGE_PREFIX}*"):
            pid = entry.name.removeprefix(STAGE_PREFIX).split("-")[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C (and a plain kill) while a set moves into place; they act right after."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _move_into_place(stage: _Stage) -> list[Path]:
    moved = []
    for entry in sorted(stage.root.iterdir()):
        target = stage.anchor / entry.name
        if entry.is_dir() and not entry.is_symlink():
            if target.is_dir() and not target.is_symlink():
                old = stage.root / f".previous-{entry.name}"
                target.rename(old)
                entry.rename(target)
                shutil.rmtree(old, ignore_errors=True)
            else:
                if target.exists() or target.is_symlink():
                    target.unlink()
                entry.rename(target)
        else:
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            with contextlib.suppress(OSError):  # a rewritten deliverable keeps the mode of the one it replaces
                if target.is_file() and not target.is_symlink():
                    os.chmod(entry, stat.S_IMODE(target.stat().st_mode))
            os.replace(entry, target)
        moved.append(target)
    return moved


def _remove_dropped(anchor: Path, kinds: set[str], moved: list[Path]) -> None:
    """Files of a whole set written before (the manifest says so) that the new set lacks."""
    if not kinds:
        return
    kept = {path.name for path in moved if path.parent == anchor}
    for name, entry in read_manifest(anchor).items():
        if entry.get("kind") not in kinds or name in kept or Path(name).name != name or name in (".", ".."):
            continue
        old = anchor / name
        if old.is_file() and not old.is_symlink():
            with contextlib.suppress(OSError):
                old.unlink()


# ------------------------------------------------------------------ the manifest

def _record(anchor: Path, moved: list[Path], kinds: dict[Path, tuple[str, dict[str, Any]]]) -> None:
    from filelock import FileLock

    # two deliverable commands writing into one folder at once both record what they wrote
    with FileLock(str(anchor / f".{MANIFEST}.lock"), thread_local=False):
        _update_manifest(anchor, moved, kinds)


def _update_manifest(anchor: Path, moved: list[Path], kinds: dict[Path, tuple[str, dict[str, Any]]]) -> None:
    manifest = read_manifest(anchor)
    now = dt.datetime.now().replace(microsecond=0).isoformat()
    for path in moved:
        if path.parent != anchor:
            continue
        kind, meta = kinds.get(path.resolve(), ("file", {}))
        entry: dict[str, Any] = {"kind": kind, "written": now, **meta}
        if path.is_file():
            entry["sha256"] = sha256_file(path)
            entry["size"] = path.stat().st_size
        manifest[path.name] = entry
    for name in list(manifest):
        # an entry of a file gone, or one not naming a file of this folder (the manifest was edited)
        if not (anchor / name).exists() or name in (".", "..") or any(c in name for c in "/\\"):
            del manifest[name]
    text = json.dumps({"written_by": "ssrgen", "files": manifest}, indent=2, sort_keys=True) + "\n"
    tmp = anchor / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, anchor / MANIFEST)


def read_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """What the deliverable commands wrote into ``folder``: name -> kind, sha256, size, written, ..."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # a damaged manifest lists nothing
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    return {str(k): v for k, v in files.items() if isinstance(v, dict)} if isinstance(files, dict) else {}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
