"""Evidence per control, and the writers that change a workspace's records.

Evidence items are metadata in ``evidence/*.yaml`` (the files themselves stay
where the analyst put them, inside the workspace, conventionally
``evidence/files/``). :func:`add_evidence` registers files with their SHA-256;
:func:`verify_evidence` re-hashes them.

:class:`PendingWrites` collects changes to implementation and evidence files
(comments and order kept, through ruamel.yaml), renders all of them, and only
then writes each one atomically: a change that cannot be written leaves every
file as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ssrgen import ids
from ssrgen.controls_text import cadence_text
from ssrgen.errors import InputError, Problem, WorkspaceError
from ssrgen.freshness import freshness, stale_after
from ssrgen.model.records import AGENCY_WIDE, EVIDENCE_KINDS, Evidence
from ssrgen.workspace import Workspace
from ssrgen.yamlio import atomic_write_text, display_path, load_round_trip, round_trip

REGISTER = Path("evidence") / "register.yaml"
FILES_FOLDER = "evidence/files/"
_EVIDENCE_ID = re.compile(r"^EV-(\d+)$")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
    """Every evidence file that is missing or whose content changed since it was registered."""
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


# ------------------------------------------------------------------ writing

def implementation_file(workspace: Workspace, control: str) -> Path:
    """Where a control's record goes: the file that holds it, else one per family
    (``implementation/ac.yaml``) or per catalog for entries outside Pub 1075 §4."""
    if control in workspace.implementation_files:
        return workspace.implementation_files[control]
    entry = workspace.catalogs.get(control)
    name = entry.group.lower() if entry.catalog == "pub1075" else entry.catalog
    return workspace.root / "implementation" / f"{name}.yaml"


class PendingWrites:
    """Changes to workspace YAML files, written together once all are rendered."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.documents: dict[Path, Any] = {}
        self.flush_lists: set[Path] = set()  # files whose top-level list starts at column 0

    def document(self, path: Path, empty: type[CommentedMap] | type[CommentedSeq]) -> Any:
        if path not in self.documents:
            data = load_round_trip(path) if path.exists() else empty()
            if not path.exists() or re.search(r"^- ", path.read_text(encoding="utf-8"), re.MULTILINE):
                self.flush_lists.add(path)
            if path.exists() and isinstance(data, CommentedMap) and not data and empty is CommentedSeq:
                data = CommentedSeq()
            self.documents[path] = data
        return self.documents[path]

    # ---- implementation records
    def set_answer(self, control: str, system: str, values: Mapping[str, Any]) -> None:
        """Set (or with None, remove) fields of a control's answer, agency-wide or for a system."""
        path = implementation_file(self.workspace, control)
        data = self.document(path, CommentedMap)
        key = next((k for k in data if ids.normalize(str(k)) == control), control)
        record = data.get(key)
        if record is None:
            record = data[key] = CommentedMap()
        target = record
        if system != AGENCY_WIDE:
            systems = record.setdefault("systems", CommentedMap())
            target = systems.get(system)
            if target is None:
                target = systems[system] = CommentedMap()
        for name, value in values.items():
            if value is None:
                target.pop(name, None)
            else:
                target[name] = _yaml_value(value)
        if system != AGENCY_WIDE and not target:
            del record["systems"][system]
        if "systems" in record and not record["systems"]:
            del record["systems"]
        if not record:
            del data[key]

    # ---- evidence items
    def append_evidence(self, path: Path, item: Evidence) -> None:
        items = self.document(path, CommentedSeq)
        items.append(CommentedMap(_item_data(item)))

    def update_evidence(self, item_id: str, values: Mapping[str, Any]) -> None:
        items, index = self._find(item_id)
        entry = items[index]
        for name, value in values.items():
            if value is None:
                entry.pop(name, None)
            else:
                entry[name] = _yaml_value(value)

    def remove_evidence(self, item_id: str) -> None:
        items, index = self._find(item_id)
        del items[index]

    def _find(self, item_id: str) -> tuple[Any, int]:
        path = self.workspace.evidence_files[item_id]
        items = self.document(path, CommentedSeq)
        for index, entry in enumerate(items):
            if str(entry.get("id")) == item_id:
                return items, index
        raise InputError(f"evidence item {item_id} is no longer in {display_path(path, self.workspace.root)}",
                         fix="Run the command again.")

    # ---- writing
    def render(self) -> dict[Path, str]:
        rendered = {}
        for path, data in self.documents.items():
            buffer = io.StringIO()
            _writer(path in self.flush_lists).dump(data, buffer)
            text = buffer.getvalue()
            if yaml.safe_load(text) != _plain(data):  # what is written must read back exactly
                raise WorkspaceError(
                    "ssrgen could not write the change so that it reads back exactly",
                    where=display_path(path, self.workspace.root),
                    fix="Nothing was written. Check the texts for unusual characters and report this.",
                )
            rendered[path] = text
        return rendered

    def commit(self) -> list[Path]:
        """Write every changed file (each atomically) after all rendered cleanly."""
        rendered = self.render()
        for path, text in rendered.items():
            atomic_write_text(path, text)
        return list(rendered)


_EVIDENCE_FIELDS = ("id", "control", "system", "title", "kind", "location", "sha256",
                    "collected_on", "effective", "collected_by", "artifact")


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {str(k) if not isinstance(k, int | float | bool) else k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, str):
        return str(data)
    return data


def _writer(flush_lists: bool) -> YAML:
    """Round-trip YAML that keeps long lines whole (no re-wrapping of untouched text)."""
    writer = round_trip()
    writer.width = 4096
    if flush_lists:
        writer.indent(mapping=2, sequence=2, offset=0)
    return writer


def _item_data(item: Evidence) -> dict[str, Any]:
    data = item.model_dump(exclude_none=True)
    return {name: _yaml_value(data[name]) for name in _EVIDENCE_FIELDS if name in data}


def _yaml_value(value: Any) -> Any:
    """Multi-line text as a literal block when that reads back exactly; text a plain
    scalar could alter (line breaks, edge spaces, control characters) double-quoted."""
    if not isinstance(value, str):
        return value
    if "\n" in value.rstrip("\n") and _literal_reads_back(value):
        return LiteralScalarString(value)
    if value != value.strip() or any(not c.isprintable() for c in value):
        return DoubleQuotedScalarString(value)
    return value


def _literal_reads_back(text: str) -> bool:
    buffer = io.StringIO()
    try:
        _writer(False).dump({"x": LiteralScalarString(text)}, buffer)
        return bool(yaml.safe_load(buffer.getvalue()) == {"x": text})
    except Exception:  # ruamel refuses some texts in block style; plain style then
        return False


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
