"""Evidence per control, and the writers that change a workspace's records.

Evidence items are metadata in ``evidence/*.yaml`` (the files themselves stay
where the analyst put them, inside the workspace, conventionally
``evidence/files/``). :func:`add_evidence` registers files with their SHA-256;
:func:`verify_evidence` re-hashes them.

Changes are written through :class:`ssrgen.pending.PendingWrites`, in one
transaction (:mod:`ssrgen.transaction`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ssrgen.controls_text import cadence_text
from ssrgen.errors import InputError, Problem
from ssrgen.freshness import freshness, stale_after
from ssrgen.model.records import EVIDENCE_KINDS, Evidence
from ssrgen.output import sha256_file as sha256_of
from ssrgen.parse_cache import load_hint, save_hint
from ssrgen.pending import PendingWrites
from ssrgen.workspace import Workspace
from ssrgen.yamlio import display_path

REGISTER = Path("evidence") / "register.yaml"
FILES_FOLDER = "evidence/files/"
_EVIDENCE_ID = re.compile(r"^EV-(\d+)$")


def next_evidence_ids(workspace: Workspace, count: int, taken: Sequence[str] = ()) -> list[str]:
    """``count`` new ids continuing the EV-NNN sequence."""
    numbers = [int(m.group(1)) for e in workspace.evidence if (m := _EVIDENCE_ID.match(e.id))]
    numbers += [int(m.group(1)) for t in taken if (m := _EVIDENCE_ID.match(t))]
    start = max(numbers, default=0) + 1
    return [f"EV-{n:03d}" for n in range(start, start + count)]


def register_file(workspace: Workspace, control: str) -> Path:
    """Where new items of a control go: the file already holding its items, else the register."""
    for item in workspace.evidence:
        if item.control == control:
            return workspace.evidence_files[item.id]
    return workspace.root / REGISTER


def inside_workspace(workspace: Workspace, file: Path) -> str:
    """The path of ``file`` relative to the workspace, or an error saying to copy it in."""
    resolved = file.resolve()
    root = workspace.root.resolve()
    if not resolved.is_relative_to(root):
        raise InputError(
            "the file is outside the workspace", where=str(file),
            fix=f"Copy it into {FILES_FOLDER} of the workspace ({root / FILES_FOLDER}) and give that path.",
        )
    if not resolved.is_file():
        raise InputError("the file does not exist", where=str(file),
                         fix=f"Check the path; evidence files usually sit in {FILES_FOLDER}.")
    return resolved.relative_to(root).as_posix()


def add_evidence(
    workspace: Workspace,
    control: str,
    files: Sequence[Path],
    system: str | None = None,
    title: str | None = None,
    effective: dt.date | None = None,
    kind: str = "other",
    by: str | None = None,
    artifact: int | None = None,
    today: dt.date | None = None,
) -> list[Evidence]:
    """Register ``files`` (already inside the workspace) as evidence of ``control``."""
    entry = workspace.catalogs.get(control)
    if system and system not in workspace.system_ids:
        raise InputError(f"unknown system '{system}'",
                         fix=f"Use a system id from ssrgen.yaml: {', '.join(workspace.system_ids) or '(none defined)'}.")
    if kind not in EVIDENCE_KINDS:
        raise InputError(f"unknown kind of evidence '{kind}'", fix=f"Use one of: {', '.join(EVIDENCE_KINDS)}.")
    if not files:
        raise InputError("no file given", fix="Name at least one file inside the workspace.")
    today = today or dt.date.today()
    locations = [inside_workspace(workspace, f) for f in files]
    known = {(e.control, e.location): e.id for e in workspace.evidence}
    for file, location in zip(files, locations, strict=True):
        if (entry.id, location) in known:
            raise InputError(
                f"{location} is already registered for {entry.id} as {known[(entry.id, location)]}",
                where=str(file),
                fix="To keep a new version, save it under a new name (e.g. with the date) and add that.",
            )
    new_ids = next_evidence_ids(workspace, len(files))
    items = []
    for new_id, location in zip(new_ids, locations, strict=True):
        name = Path(location).name
        raw: dict[str, Any] = {
            "id": new_id, "control": entry.id, "system": system or None,
            "title": (f"{title} ({name})" if len(files) > 1 else title) if title else _title_from(name),
            "kind": kind, "location": location, "sha256": sha256_of(workspace.root / location),
            "collected_on": today, "effective": effective or today, "collected_by": by, "artifact": artifact,
        }
        try:
            items.append(Evidence.model_validate({k: v for k, v in raw.items() if v is not None}))
        except ValidationError as exc:
            raise InputError(f"the evidence item for {location} is not valid ({exc.errors()[0]['msg']})",
                             fix="Check --title, --kind and --artifact.") from exc
    target = register_file(workspace, entry.id)
    pending = PendingWrites(workspace)
    for item in items:
        pending.append_evidence(target, item)
    pending.commit()
    return items


def _title_from(name: str) -> str:
    """A title from a file name: words as written (RACF, LMS, iOS stay so), a capital only
    on a first word written all in lower case."""
    stem = " ".join(Path(name).stem.replace("_", " ").replace("-", " ").split())
    if not stem:
        return name
    return stem[:1].upper() + stem[1:] if stem.split(" ", 1)[0].islower() else stem


def verify_evidence(workspace: Workspace) -> list[Problem]:
    """Every evidence file that is missing or whose content changed since it was registered
    (each file hashed afresh; what is found is remembered for :func:`changed_evidence`)."""
    problems = []
    for item in workspace.evidence:
        if item.is_url:
            continue
        path = workspace.root / item.location
        actual = sha256_of(path) if path.is_file() else None
        if actual is not None and actual == item.sha256:
            continue
        where = workspace.where.get(f"evidence:{item.id}") or display_path(workspace.evidence_files[item.id],
                                                                            workspace.root)
        if actual is None:
            problems.append(Problem(where, f"the file of {item.id} ({item.control}) is missing: {item.location}",
                                    "Restore the file, or correct 'location'."))
        elif item.sha256 is None:
            problems.append(Problem(where, f"{item.id} has no SHA-256 recorded, so changes cannot be detected",
                                    f"Add 'sha256: {actual}' to the item.", "warning"))
        else:
            problems.append(Problem(
                where, f"the file of {item.id} ({item.control}) changed since it was registered: {item.location}",
                f"Restore the registered version, or if the change is intended set 'sha256: {actual}'.",
            ))
    return problems


def changed_evidence(workspace: Workspace) -> list[Evidence]:
    """The evidence items whose file changed since it was registered. A file whose size and
    modification time are those it had when ssrgen last found it matching its SHA-256 is not
    hashed again (remembered in the user's cache); ``evidence verify`` hashes every file."""
    seen = _Matching(workspace)
    changed = []
    for item in workspace.evidence:
        if item.is_url or item.sha256 is None:
            continue
        found = workspace.evidence_stats.get(item.location)
        if found is None:
            continue  # missing: reported as the workspace is read
        if seen.matches(item, found):
            continue
        path = workspace.root / item.location
        if path.is_file() and sha256_of(path) == item.sha256:
            seen.add(item, found)
        else:
            changed.append(item)
    seen.save()
    return changed


def changed_evidence_warning(workspace: Workspace) -> list[Problem]:
    """One warning with the count of evidence files changed since registered (validate, ssr, build)."""
    changed = changed_evidence(workspace)
    if not changed:
        return []
    shown = ", ".join(item.id for item in changed[:5]) + (", ..." if len(changed) > 5 else "")
    return [Problem("evidence/", f"{len(changed)} evidence file(s) changed since they were registered ({shown})",
                    "'ssrgen evidence verify' lists each with its file and line.", "warning")]


class _Matching:
    """Evidence files found matching their registered SHA-256, by (location, size, modification
    time, SHA-256), kept in the user's cache (:func:`ssrgen.parse_cache.load_hint`)."""

    def __init__(self, workspace: Workspace) -> None:
        where = str(workspace.root.resolve()).encode("utf-8", "surrogatepass")
        self.name = "evidence-matching-" + hashlib.sha256(where).hexdigest()[:24]
        data = load_hint(self.name)
        self.keys: set[str] = {k for k in data if isinstance(k, str)} if isinstance(data, list) else set()
        self.added = False

    @staticmethod
    def _key(item: Evidence, found: tuple[int, int]) -> str:
        text = f"{item.location}\0{found[0]}\0{found[1]}\0{item.sha256}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]

    def matches(self, item: Evidence, found: tuple[int, int]) -> bool:
        return self._key(item, found) in self.keys

    def add(self, item: Evidence, found: tuple[int, int]) -> None:
        self.keys.add(self._key(item, found))
        self.added = True

    def save(self) -> None:
        if self.added:
            save_hint(self.name, sorted(self.keys))


def stale_evidence(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """A warning per evidence item older than its control's review cycle (for validate and status)."""
    today = today or dt.date.today()
    problems = []
    for item in workspace.evidence:
        if freshness(workspace, item, today) != "stale":
            continue
        cadence = cadence_text(workspace.catalogs.cadence(item.control))
        problems.append(Problem(
            workspace.where.get(f"evidence:{item.id}", item.id),
            f"evidence {item.id} of {item.control} is stale since {stale_after(workspace, item)} (effective "
            f"{item.effective}; {item.control} is reviewed {cadence})",
            "Collect current evidence and register it with 'ssrgen evidence add', or set 'effective' if the "
            "item was re-confirmed.", "warning",
        ))
    return problems
