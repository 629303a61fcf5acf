"""Changes to a workspace's YAML files, rendered together and written in one transaction.

:class:`PendingWrites` collects changes to implementation, evidence, register,
finding and journal files (comments and order kept, through ruamel.yaml),
renders every one, checks that each reads back exactly and brings in no text
shaped like a taxpayer identifier, and only then hands them to a
:class:`~ssrgen.transaction.Change`: all files or none.

YAML anchors and aliases are never written: two fields holding the same date
stay two values, so editing one never changes the other.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ssrgen import ids
from ssrgen.errors import InputError, WorkspaceError
from ssrgen.fti_scan import find_identifiers
from ssrgen.model.records import AGENCY_WIDE, Evidence
from ssrgen.transaction import Change, locked
from ssrgen.workspace import Workspace
from ssrgen.yamlio import check_shape, display_path, load_round_trip, load_yaml, round_trip


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
            if path.exists():
                # the guarded reader first: aliases, merge keys, repeated keys, bad bytes and deep nesting
                # are refused with the file and line before the round-trip reader builds anything
                check_shape(load_yaml(path, self.workspace.root), list if empty is CommentedSeq else dict)
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

    def commit(self, command: str = "ssrgen", notify: Callable[[str], None] | None = None,
               sources: Sequence[tuple[str, str]] = ()) -> list[Path]:
        """Write every changed file, in one transaction, after all rendered cleanly.

        ``sources`` are the texts the change was read from, with their places: a new
        identifier look-alike is reported at its place there."""
        rendered = self.render()
        self.check_no_fti(rendered, sources)
        say = notify or (lambda _: None)
        with locked(self.workspace.root, command, say):
            change = Change(self.workspace.root, command, say)
            for path, text in rendered.items():
                change.write(path, text)
            change.commit()
        return list(rendered)

    def check_no_fti(self, rendered: Mapping[Path, str], sources: Sequence[tuple[str, str]] = ()) -> None:
        """Refuse a change that would bring text shaped like a taxpayer identifier into the
        workspace (one already there, and allowed or reported by validate, is left alone)."""
        allow = self.workspace.config.fti_allowlist
        hits: list[str] = []
        for path, text in rendered.items():
            before = path.read_text(encoding="utf-8") if path.exists() else ""
            old = {m.digits for m in find_identifiers(before, allow)}
            for match in find_identifiers(text, allow):
                if match.digits in old:
                    continue
                origin = next((where for where, source in sources
                               if any(m.digits == match.digits for m in find_identifiers(source, allow))), None)
                shown = display_path(path, self.workspace.root)
                hits.append(f"{origin or shown} has {match.describe()}" + (f" (bound for {shown})" if origin else ""))
        if hits:
            raise InputError(
                "the change would bring text shaped like a taxpayer identifier into the workspace (FTI is "
                "never kept in it): " + "; ".join(dict.fromkeys(hits)),
                fix="Nothing was written. Remove the identifier from the file imported or the value given. If it "
                "is not FTI (a phone, form or case number), add its exact text to 'fti_allowlist:' in ssrgen.yaml.",
            )


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
    """Round-trip YAML that keeps long lines whole (no re-wrapping of untouched text) and
    writes no anchors or aliases."""
    writer = round_trip()
    writer.width = 4096
    writer.representer.ignore_aliases = lambda data: True
    if flush_lists:
        writer.indent(mapping=2, sequence=2, offset=0)
    return writer


def _item_data(item: Evidence) -> dict[str, Any]:
    data = item.model_dump(exclude_none=True)
    return {name: _yaml_value(data[name]) for name in _EVIDENCE_FIELDS if name in data}


def yaml_value(value: Any) -> Any:
    """A value as a workspace file writes it (see :func:`_yaml_value`)."""
    return _yaml_value(value)


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
