"""``ssrgen oscal import-ssp``: an OSCAL system security plan read into the workspace's answers.

The SSP may be one ssrgen wrote or one from another tool that implements the
same controls. Each implemented requirement is matched to a catalog entry by its
``control-id`` in any form (``ac-2.3``, ``AC-2(3)``, ``ac-02.03``, ``p1075-2.b.2``);
each by-component (directly under the requirement or under one of its statements)
is the answer of a system:

- the ``this-system`` component is the agency-wide answer;
- another component is the system of ``ssrgen.yaml`` its ``system-id`` property
  names (ssrgen's export carries one), else whose id or name is its title.

From a by-component: the description is the narrative (a requirement with several
statements gets them joined, each under its label), ``implementation-status`` the
status (OSCAL's states or ssrgen's), the party of the ``control-owner`` role (else
of the first role with a party) the owner, the ``last-reviewed`` property the date
of the last review, the remarks the notes. What the SSP leaves out is not cleared
in the workspace.

Conflicts: ssrgen's export stamps each answer with a fingerprint of what it held.
An answer unchanged in the file since the export leaves the workspace's (perhaps
newer) answer alone; one changed in the file and in the workspace is a conflict,
reported, the workspace's answer kept. A workspace answer that is empty takes
the file's.

Statements for controls no catalog knows, for entries outside the workspace's
scope, and for components that are no system of the workspace are listed as
warnings and left out; a file in which nothing can be matched is refused. Every
problem is reported with its JSON path, all at once, nothing written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ssrgen.errors import Problem, ValidationFailed
from ssrgen.imports.pipeline import ImportResult, run_import
from ssrgen.imports.plan import ImportPlan, conflict, described
from ssrgen.model.catalog import check_date
from ssrgen.model.records import AGENCY_WIDE, STATUSES
from ssrgen.oscal.document import NS
from ssrgen.oscal.ids import our_id
from ssrgen.oscal.reading import read_oscal
from ssrgen.oscal.ssp import (
    ANSWER_FIELDS,
    NO_NARRATIVE,
    STATES,
    THIS_SYSTEM,
    answer_values,
    fingerprint,
)
from ssrgen.pending import PendingWrites
from ssrgen.workspace import Workspace

MODEL = "system-security-plan"
KIND = "OSCAL SSP"
# OSCAL's implementation states and ssrgen's own, to ssrgen's statuses
STATUS_OF = {**{state: status for status, state in STATES.items()}, **{s: s for s in STATUSES}}
LABELS = {"status": "Status", "narrative": "Narrative", "owner": "Owner", "last_reviewed": "Last reviewed",
          "notes": "Notes"}


@dataclass
class _Read:
    """One answer as the SSP gives it, with where each value came from."""

    control: str
    system: str
    where: str
    values: dict[str, str | None] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    baseline: str | None = None


class _Reader:
    """Walks the SSP, collecting answers, problems and every text it reads."""

    def __init__(self, workspace: Workspace, plan: ImportPlan, name: str, ssp: dict[str, Any]) -> None:
        self.workspace = workspace
        self.plan = plan
        self.name = name
        self.ssp = ssp
        self.errors: list[Problem] = []
        self.components: dict[str, str | None] = {}
        self.parties: dict[str, str] = {}

    # ---------------------------------------------------------------- helpers
    def at(self, path: str) -> str:
        return f"{self.name} {path}"

    def error(self, path: str, what: str, fix: str) -> None:
        self.errors.append(Problem(self.at(path), what, fix))

    def warn(self, path: str, what: str, fix: str = "") -> None:
        self.plan.warnings.append(Problem(self.at(path), what, fix, "warning"))

    # Every value of the SSP is read through these, so a value of the wrong JSON type is a
    # problem reported at its path, never a crash or a value read letter by letter.
    def token(self, node: dict[str, Any], key: str, path: str) -> str | None:
        """A string that is an id (uuid, control-id, role-id, name of a prop): checked, not scanned."""
        value = node.get(key)
        if value is None or isinstance(value, str):
            return value
        self.error(f"{path}.{key}", f"'{key}' is a JSON {_kind(value)}, not text", "Give it as a JSON string.")
        return None

    def text(self, node: dict[str, Any], key: str, path: str) -> str | None:
        """A string someone wrote (a title, a narrative): checked and scanned for FTI."""
        value = self.token(node, key, path)
        if value is not None:
            self.plan.read(self.at(f"{path}.{key}"), value)
        return value

    def object(self, node: dict[str, Any], key: str, path: str, example: str) -> dict[str, Any] | None:
        value = node.get(key)
        if value is None or isinstance(value, dict):
            return value
        self.error(f"{path}.{key}", f"'{key}' is a JSON {_kind(value)}, not an object",
                   f"Give it as a JSON object, as OSCAL does: {example}.")
        return None

    def items(self, node: dict[str, Any], key: str, path: str) -> list[tuple[str, Any]]:
        value = node.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(f"{path}.{key}", f"'{key}' is a JSON {_kind(value)}, not a list",
                       "Give it as a JSON array, as OSCAL does.")
            return []
        return [(f"{path}.{key}[{index}]", item) for index, item in enumerate(value)]

    def objects(self, node: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for item_path, item in self.items(node, key, path):
            if isinstance(item, dict):
                out.append((item_path, item))
            else:
                self.error(item_path, f"this is a JSON {_kind(item)}, not an object",
                           "Give each item as a JSON object.")
        return out

    def uuids(self, node: dict[str, Any], key: str, path: str, what: str) -> list[tuple[str, str]]:
        out = []
        for item_path, item in self.items(node, key, path):
            if isinstance(item, str):
                out.append((item_path, item))
            else:
                self.error(item_path, f"this is a JSON {_kind(item)}, not text",
                           f"Give each {what} uuid as a JSON string, as OSCAL does.")
        return out

    def own_prop(self, node: dict[str, Any], name: str, path: str) -> tuple[str | None, str]:
        for prop_path, prop in self.objects(node, "props", path):
            if self.token(prop, "name", prop_path) == name and self.token(prop, "ns", prop_path) == NS:
                value = self.text(prop, "value", prop_path)
                return value, f"{prop_path}.value"
        return None, path

    # ---------------------------------------------------------------- the parts of an SSP
    def read_parties(self) -> None:
        metadata = self.ssp.get("metadata")
        if not isinstance(metadata, dict):
            self.error(f"$.{MODEL}.metadata", "the SSP has no metadata", "Give an OSCAL SSP with its metadata.")
            return
        for path, party in self.objects(metadata, "parties", f"$.{MODEL}.metadata"):
            name = self.text(party, "name", path)
            uuid = self.token(party, "uuid", path)
            if uuid and name:
                self.parties[uuid] = name

    def read_components(self) -> None:
        base = f"$.{MODEL}.system-implementation"
        implementation = self.ssp.get("system-implementation")
        if not isinstance(implementation, dict):
            self.error(base, "the SSP has no system implementation (its components)",
                       "Give an OSCAL SSP with 'system-implementation' and its components.")
            return
        systems = {s.id: s for s in self.workspace.config.systems}
        by_name = {" ".join(s.name.split()).casefold(): s.id for s in self.workspace.config.systems}
        first: dict[str, str] = {}
        for path, component in self.objects(implementation, "components", base):
            uuid = self.token(component, "uuid", path)
            if uuid is None:
                if "uuid" not in component:
                    self.error(f"{path}.uuid", "the component has no uuid", "Give every component its uuid.")
                continue
            if uuid in first:
                self.error(f"{path}.uuid", f"the uuid '{uuid}' is already that of "
                           f"{first[uuid].removeprefix(base + '.')}", "Give every component a uuid of its own.")
                continue
            first[uuid] = path
            title = self.text(component, "title", path) or ""
            self.text(component, "description", path)
            if self.token(component, "type", path) == THIS_SYSTEM:
                self.components[uuid] = AGENCY_WIDE
                continue
            named, _ = self.own_prop(component, "system-id", path)
            key = " ".join(title.split()).casefold()
            system = (named if named in systems else
                      key if key in systems else by_name.get(key))
            self.components[uuid] = system
            if system is None:
                self.warn(path, f"the component '{title or uuid}' is no system of ssrgen.yaml; its answers were "
                          "not imported", "Add the system to ssrgen.yaml (its id or name as the component's "
                          "title) and import again, if its answers belong in the workspace.")

    def read_requirements(self) -> list[_Read]:
        base = f"$.{MODEL}.control-implementation"
        implementation = self.ssp.get("control-implementation")
        if not isinstance(implementation, dict):
            self.error(base, "the SSP has no control implementation",
                       "Give an OSCAL SSP with 'control-implementation' and its implemented requirements.")
            return []
        scope = {e.id for e in self.workspace.in_scope()}
        answers: list[_Read] = []
        matched = 0
        for path, requirement in self.objects(implementation, "implemented-requirements", base):
            raw = self.token(requirement, "control-id", path)
            if raw is None and "control-id" in requirement:
                continue
            if not raw or not raw.strip():
                self.error(f"{path}.control-id", "the implemented requirement has no control-id",
                           "Give the id of the control it implements, e.g. ac-2.")
                continue
            found = self.workspace.catalogs.find(our_id(raw))
            if found is None or found.catalog == "authorities":
                self.warn(f"{path}.control-id", f"'{raw}' is not a control of Pub 1075 §4, the Pub 1075 "
                          "requirements or the MOU; its statements were not imported",
                          "If it is one under another id, write it as ssrgen does (ac-2, ac-2.3, p1075-2.b.2).")
                continue
            if found.id not in scope:
                self.warn(f"{path}.control-id", f"{found.id} is not in the workspace's scope (its authorities "
                          "and agreements); its statements were not imported")
                continue
            matched += 1
            answers += self.read_requirement(found.id, path, requirement)
        if not matched and not self.errors:
            self.error(f"{base}.implemented-requirements", "no implemented requirement names a control of the "
                       "workspace's catalogs in scope, so there is nothing to import",
                       "Check that this SSP implements Pub 1075's controls (see the warnings above).")
        return answers

    def read_requirement(self, control: str, path: str, requirement: dict[str, Any]) -> list[_Read]:
        default_owner = self.owner(requirement, path)
        pieces: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
        given = [("", component_path, by) for component_path, by in self.objects(requirement, "by-components", path)]
        for statement_path, statement in self.objects(requirement, "statements", path):
            label = _label(self.token(statement, "statement-id", statement_path))
            given += [(label, component_path, by)
                      for component_path, by in self.objects(statement, "by-components", statement_path)]
        for label, component_path, by in given:
            uuid = self.token(by, "component-uuid", component_path)
            if uuid is not None:
                pieces.setdefault(uuid, []).append((label, component_path, by))
            elif "component-uuid" not in by:
                self.error(f"{component_path}.component-uuid", "the by-component names no component",
                           "Give the uuid of a component of system-implementation as its component-uuid.")
        answers = []
        for uuid, parts in pieces.items():
            first_path = parts[0][1]
            if uuid not in self.components:
                self.error(f"{first_path}.component-uuid", f"no component of the SSP has the uuid '{uuid}'",
                           "Give the uuid of a component of system-implementation.")
                continue
            system = self.components[uuid]
            if system is None:
                continue  # warned once, at the component
            answers.append(self.read_answer(control, system, parts, default_owner))
        return answers

    def owner(self, node: dict[str, Any], path: str) -> tuple[str | None, str]:
        roles = self.objects(node, "responsible-roles", path)
        roles.sort(key=lambda item: self.token(item[1], "role-id", item[0]) != "control-owner")
        for role_path, role in roles:
            given = self.uuids(role, "party-uuids", role_path, "party's")
            names = [self.parties[u] for _, u in given if u in self.parties]
            unknown = [(where, u) for where, u in given if u not in self.parties]
            if unknown:
                self.error(unknown[0][0], f"no party of the metadata has the uuid '{unknown[0][1]}'",
                           "Give the uuid of a party listed in metadata.parties.")
            if names:
                return "; ".join(names), f"{role_path}.party-uuids"
        return None, path

    def read_answer(self, control: str, system: str, parts: list[tuple[str, str, dict[str, Any]]],
                    default_owner: tuple[str | None, str]) -> _Read:
        read = _Read(control, system, self.at(parts[0][1]))
        narratives, states = [], []
        owner: tuple[str | None, str] = (None, "")
        for label, path, by in parts:
            description = self.text(by, "description", path)
            none, _ = self.own_prop(by, "narrative", path)
            if description and description.strip() and description != NO_NARRATIVE and none != "none":
                narratives.append((label, description, f"{path}.description"))
            status = self.object(by, "implementation-status", path, '{"state": "implemented"}')
            if status is not None:
                state_path = f"{path}.implementation-status.state"
                state = self.token(status, "state", f"{path}.implementation-status")
                if state in STATUS_OF:
                    states.append((STATUS_OF[state], state_path))
                elif state is not None or "state" not in status:
                    what = (f"'{state}' is not an implementation state ssrgen knows" if state is not None
                            else "the implementation status has no state")
                    self.error(state_path, what,
                               f"Use one of {', '.join(sorted(set(STATES.values())))}.")
                self.text(status, "remarks", f"{path}.implementation-status")
            if owner[0] is None:
                owner = self.owner(by, path)
            reviewed, where = self.own_prop(by, "last-reviewed", path)
            if reviewed:
                try:
                    day = dt.date.fromisoformat(reviewed.strip())
                except ValueError:
                    self.error(where, f"'{reviewed}' is not a date", "Write it as YYYY-MM-DD, e.g. 2026-03-02.")
                else:
                    try:
                        read.values["last_reviewed"] = check_date(day).isoformat()
                        read.places["last_reviewed"] = self.at(where)
                    except ValueError as exc:  # the window every date of the workspace lies in
                        self.error(where, str(exc), "Correct the year of the 'last-reviewed' property.")
            remarks = self.text(by, "remarks", path)
            if remarks and remarks.strip():
                read.values["notes"] = remarks
                read.places["notes"] = self.at(f"{path}.remarks")
            stamp, _ = self.own_prop(by, "fingerprint", path)
            read.baseline = read.baseline or stamp
        if narratives:
            joined = narratives[0][1] if len(narratives) == 1 else "\n\n".join(
                f"{label} {text.strip()}".strip() for label, text, _ in narratives)
            read.values["narrative"] = joined
            read.places["narrative"] = self.at(narratives[0][2])
        if states:
            read.values["status"] = states[0][0]
            read.places["status"] = self.at(states[0][1])
            if len({s for s, _ in states}) > 1:
                self.warn(states[1][1], f"the statements of {control} give different statuses "
                          f"({', '.join(s for s, _ in states)}); the first, {states[0][0]}, was taken")
        owner = owner if owner[0] else default_owner
        if owner[0]:
            read.values["owner"] = " ".join(owner[0].split())
            read.places["owner"] = self.at(owner[1])
        return read


def _kind(value: object) -> str:
    """The JSON type of a value, in JSON's words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "list"
    return "string" if isinstance(value, str) else "null"


def _label(statement_id: object) -> str:
    """``a.`` for ``ac-2_smt.a``; '' for the whole statement."""
    if not isinstance(statement_id, str) or "_smt." not in statement_id:
        return ""
    return statement_id.split("_smt.", 1)[1] + "."


def plan_ssp_import(workspace: Workspace, path: Path) -> ImportPlan:
    """Read and check the SSP at ``path``; return what importing it would change.

    Raises :class:`ValidationFailed` listing every problem with its JSON path; nothing is written.
    """
    oscal = read_oscal(path, MODEL)
    plan = ImportPlan(path, oscal.sha256, KIND, PendingWrites(workspace))
    reader = _Reader(workspace, plan, path.name, oscal.document)
    metadata = oscal.document.get("metadata")
    title = metadata.get("title") if isinstance(metadata, dict) else None
    plan.read(f"{path.name} $.{MODEL}.metadata.title", title)  # it goes into the journal
    plan.journal = {"ssp_uuid": oscal.document.get("uuid") if isinstance(oscal.document.get("uuid"), str) else None,
                    "ssp_title": title if isinstance(title, str) else None}
    reader.read_parties()
    reader.read_components()
    answers = reader.read_requirements()
    seen: dict[tuple[str, str], str] = {}
    for read in answers:
        key = (read.control, read.system)
        if key in seen:
            reader.errors.append(Problem(
                read.where, f"{_subject(read)} is answered twice (also at {seen[key]})",
                "Keep one implemented requirement per control and one by-component per component."))
        seen.setdefault(key, read.where)
    if reader.errors:
        count = len(reader.errors)
        raise ValidationFailed(reader.errors + plan.warnings,
                               what=f"{count} problem{'s' if count != 1 else ''} in {path.name}; nothing was imported")
    for read in answers:
        _plan_answer(workspace, plan, read)
    return plan


def _subject(read: _Read) -> str:
    return f"{read.control} ({read.system or 'agency-wide'})"


def _plan_answer(workspace: Workspace, plan: ImportPlan, read: _Read) -> None:
    current = answer_values(workspace.answer(read.control, read.system))
    given = [name for name in ANSWER_FIELDS if read.values.get(name) is not None]
    new = {**current, **{name: read.values[name] for name in given}}
    changed = [name for name in given if new[name] != current[name]]
    if not changed:
        return
    empty = not any(current.values())
    if read.baseline and not empty:
        if read.baseline == fingerprint(new):
            return  # unchanged in the file since the export: the workspace's answer stands
        if read.baseline != fingerprint(current):
            plan.conflicts.append(conflict(read.where, _subject(read), "the SSP"))
            return
    assert plan.pending is not None
    values: dict[str, Any] = {name: new[name] for name in changed}
    if values.get("last_reviewed"):
        values["last_reviewed"] = dt.date.fromisoformat(str(values["last_reviewed"]))
    plan.pending.set_answer(read.control, read.system, values)
    plan.changes += [described(read.control, _subject(read), LABELS[name], current[name], new[name],
                               read.places.get(name, read.where)) for name in changed]


def import_ssp(workspace: Workspace, path: Path, *, dry_run: bool = False, by: str | None = None,
               notify: Callable[[str], None] | None = None, now: dt.datetime | None = None) -> ImportResult:
    """Plan the import of the OSCAL SSP at ``path`` and, unless ``dry_run``, apply it through the
    import pipeline (lock, FTI scan, one transaction, journal)."""
    return run_import(workspace, lambda ws: plan_ssp_import(ws, path), dry_run=dry_run, by=by,
                      command="ssrgen oscal import-ssp", notify=notify, now=now)
