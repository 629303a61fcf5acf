"""The workspace as an OSCAL system security plan (``ssp.json``) and its baseline.

- **System characteristics**: the agency's FTI environment is the system; its
  authorities and agreements are properties; the authorization boundary is
  described from the systems of ``ssrgen.yaml``; the information type is FTI in
  Pub 1075's words.
- **System implementation**: one component of type ``this-system`` for the
  agency-wide answers, and one component per FTI system (its hosting, location,
  technologies and FTI functions as properties).
- **Control implementation**: one implemented-requirement per answered entry in
  scope; the answer of each system (and the agency-wide one) is a by-component of
  the statement (``ac-2_smt``): the narrative as its description, the status as
  ``implementation-status``, the owner as the ``control-owner`` role, the date of
  the last review and the notes; its evidence are links to back-matter resources
  that carry the file's address and SHA-256 (the files themselves are not embedded):
  relative to ``ssp.json`` (from ``out/oscal``: ``../../evidence/files/x.pdf``, which
  holds wherever the workspace folder is copied, and names no one's home folder),
  the file's absolute ``file://`` URI only where no relative path leads there (another
  drive); the SHA-256 registered with the item, or the file's own, computed at
  export, when none is registered.
- ``import-profile`` points at ``baseline-profile.json``: the Pub 1075 profile,
  the Pub 1075 requirements outside §4 that apply to the agency and, for an agency
  it binds, the MOU (:func:`baseline_profile`).

Statuses map to OSCAL's implementation states: ``partially-implemented`` is
``partial``; ``not-implemented`` (for which OSCAL has no value; its list is open)
is written as it is. :data:`STATES` holds both ways.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

from ssrgen.errors import DeliverableError
from ssrgen.model.records import AGENCY_WIDE, Answer, Evidence
from ssrgen.oscal.document import JSON, RFC4122, metadata, prop, props_of, stable_uuid, tool_prop
from ssrgen.oscal.ids import control_id
from ssrgen.oscal.parties import agency_key, agency_parties, owner_uuid
from ssrgen.output import sha256_file
from ssrgen.scope import authority_label
from ssrgen.workspace import Workspace

SSP_FILE = "ssp.json"
BASELINE_FILE = "baseline-profile.json"
THIS_SYSTEM = "this-system"
NO_NARRATIVE = "No narrative is recorded for this answer."

# our status -> OSCAL implementation-status state
STATES = {
    "implemented": "implemented",
    "partially-implemented": "partial",
    "planned": "planned",
    "alternative": "alternative",
    "not-applicable": "not-applicable",
    "not-implemented": "not-implemented",
}
FTI_DEFINITION = (
    "FTI consists of federal tax returns and return information (and information derived from it) that is in "
    "the agency's possession or control that is covered by the confidentiality protections of the IRC and "
    "subject to the IRC § 6103(p)(4) safeguarding requirements including IRS oversight. (IRS Publication 1075 "
    "Rev. 11-2021, Key Definitions)"
)


ANSWER_FIELDS = ("status", "narrative", "owner", "last_reviewed", "notes")


def answer_values(answer: Answer | None) -> dict[str, str | None]:
    """The fields of an answer as an import compares them: text, dates as YYYY-MM-DD, '' as None."""
    out: dict[str, str | None] = {}
    for name in ANSWER_FIELDS:
        value = getattr(answer, name) if answer is not None else None
        if isinstance(value, dt.date):
            value = value.isoformat()
        out[name] = value if value and str(value).strip() else None
    return out


def fingerprint(values: dict[str, str | None]) -> str:
    """What an answer held when it was exported: an import tells a change in the file from one in
    the workspace by it (the value of the ``fingerprint`` property)."""
    text = json.dumps([values.get(name) for name in ANSWER_FIELDS], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def system_uuid(workspace: Workspace) -> str:
    return stable_uuid("ssp", agency_key(workspace.config))


def component_uuid(workspace: Workspace, system: str) -> str:
    return stable_uuid("ssp", agency_key(workspace.config), "component", system or THIS_SYSTEM)


def evidence_uuid(workspace: Workspace, item: Evidence) -> str:
    return stable_uuid("ssp", agency_key(workspace.config), "evidence", item.id)


def answered(workspace: Workspace) -> list[tuple[str, list[tuple[str, Answer]]]]:
    """(entry id, [(system or AGENCY_WIDE, answer)]) of every entry in scope with an answer."""
    out = []
    for found in workspace.in_scope():
        record = workspace.implementation.get(found.id)
        if record is None:
            continue
        answers: list[tuple[str, Answer]] = []
        agency_wide = Answer.model_validate(record.model_dump(exclude={"systems"}))
        if not agency_wide.is_empty():
            answers.append((AGENCY_WIDE, agency_wide))
        answers += [(system, answer) for system, answer in record.systems.items() if not answer.is_empty()]
        if answers:
            out.append((found.id, answers))
    return out


def _owners(answers: list[tuple[str, list[tuple[str, Answer]]]]) -> list[str]:
    seen: dict[str, str] = {}
    for _, each in answers:
        for _, answer in each:
            if answer.owner:
                seen.setdefault(" ".join(answer.owner.split()).casefold(), answer.owner)
    return list(seen.values())


def _components(workspace: Workspace) -> list[JSON]:
    config = workspace.config
    out: list[JSON] = [{
        "uuid": component_uuid(workspace, AGENCY_WIDE), "type": THIS_SYSTEM,
        "title": f"{config.agency.name}: FTI environment (agency-wide)",
        "description": "The agency as a whole: the answers that hold for every system that receives, "
                       "processes, stores or transmits FTI.",
        "status": {"state": "operational"},
    }]
    for system in config.systems:
        props = [prop("system-id", system.id), prop("hosting", system.hosting)]
        if system.cloud_provider:
            props.append(prop("cloud-provider", system.cloud_provider))
        if system.location:
            props.append(prop("location", system.location))
        props += [prop("fti-function", f) for f in system.fti_functions]
        if system.fti_paper:
            props.append(prop("fti-paper", "true"))
        props += [prop("technology", t) for t in system.technologies]
        out.append({"uuid": component_uuid(workspace, system.id), "type": "software", "title": system.name,
                    "description": system.description or system.name, "props": props_of(props),
                    "status": {"state": "operational"}})
    return out


def _boundary(workspace: Workspace) -> str:
    systems = workspace.config.systems
    if not systems:
        return ("ssrgen.yaml lists no system that receives, processes, stores or transmits FTI; the boundary is "
                "the agency's handling of FTI as a whole.")
    lines = ["The systems that receive, process, store, transmit, access or protect FTI, as the agency lists them:", ""]
    for system in systems:
        where = ", ".join(x for x in (system.hosting, system.cloud_provider, system.location) if x)
        functions = ", ".join(system.fti_functions) or "no FTI function listed"
        paper = "; paper FTI too" if system.fti_paper else ""
        lines.append(f"- {system.name} ({system.id}): {where}; FTI: {functions}{paper}.")
    return "\n".join(lines)


def _by_component(workspace: Workspace, entry_id: str, system: str, answer: Answer) -> JSON:
    key = agency_key(workspace.config)
    out: JSON = {
        "component-uuid": component_uuid(workspace, system),
        "uuid": stable_uuid("ssp", key, "by-component", entry_id, system or THIS_SYSTEM),
        "description": answer.narrative if answer.narrative and answer.narrative.strip() else NO_NARRATIVE,
    }
    props = [prop("fingerprint", fingerprint(answer_values(answer)))]
    if not (answer.narrative and answer.narrative.strip()):
        props.append(prop("narrative", "none"))
    if answer.last_reviewed:
        props.append(prop("last-reviewed", answer.last_reviewed.isoformat()))
    out["props"] = props
    evidence = [e for e in workspace.evidence_for(entry_id) if (e.system or AGENCY_WIDE) == system]
    if evidence:
        out["links"] = [{"href": f"#{evidence_uuid(workspace, e)}", "rel": "evidence", "text": e.title}
                        for e in evidence]
    if answer.status:
        out["implementation-status"] = {"state": STATES[answer.status]}
    if answer.owner:
        out["responsible-roles"] = [{"role-id": "control-owner",
                                     "party-uuids": [owner_uuid(workspace.config, answer.owner)]}]
    if answer.notes and answer.notes.strip():
        out["remarks"] = answer.notes
    return out


def _requirement(workspace: Workspace, entry_id: str, answers: list[tuple[str, Answer]]) -> JSON:
    key = agency_key(workspace.config)
    found = workspace.catalogs.get(entry_id)
    cid = control_id(entry_id)
    out: JSON = {"uuid": stable_uuid("ssp", key, "requirement", entry_id), "control-id": cid,
                 "props": [prop("catalog", found.catalog)]}
    answered_systems = {system for system, _ in answers}
    # evidence of a system with no answer of its own is the requirement's
    loose = [e for e in workspace.evidence_for(entry_id) if (e.system or AGENCY_WIDE) not in answered_systems]
    if loose:
        out["links"] = [{"href": f"#{evidence_uuid(workspace, e)}", "rel": "evidence", "text": e.title} for e in loose]
    out["statements"] = [{
        "statement-id": f"{cid}_smt", "uuid": stable_uuid("ssp", key, "statement", entry_id),
        "by-components": [_by_component(workspace, entry_id, system, answer) for system, answer in answers],
    }]
    return out


def evidence_href(workspace: Workspace, item: Evidence, out_dir: Path) -> str:
    """The address of an evidence item as seen from ``ssp.json`` in ``out_dir``."""
    if item.is_url:
        return item.location
    target = (workspace.root / item.location).resolve()
    try:
        return quote(Path(os.path.relpath(target, out_dir.resolve())).as_posix())
    except ValueError:  # on another drive: no relative path leads there
        return target.as_uri()


def _resource(workspace: Workspace, item: Evidence, out_dir: Path) -> JSON:
    props = [prop("evidence-id", item.id), prop("kind", item.kind), prop("control", item.control)]
    if item.system:
        props.append(prop("system-id", item.system))
    for name in ("collected_on", "effective"):
        value = getattr(item, name)
        if value:
            props.append(prop(name.replace("_", "-"), value.isoformat()))
    if item.collected_by:
        props.append(prop("collected-by", item.collected_by))
    if item.artifact:
        props.append(prop("artifact", item.artifact))
    link: JSON = {"href": evidence_href(workspace, item, out_dir)}
    path = workspace.root / item.location
    # a file changed since it was registered keeps its registered hash (the export warns of it)
    sha256 = item.sha256 or (sha256_file(path) if not item.is_url and path.is_file() else None)
    if sha256:
        link["hashes"] = [{"algorithm": "SHA-256", "value": sha256}]
    return {"uuid": evidence_uuid(workspace, item), "title": item.title, "props": props_of(props), "rlinks": [link]}


def ssp_document(workspace: Workspace, last_modified: dt.datetime, out_dir: Path | None = None) -> JSON:
    """The SSP of ``workspace``, to be written into ``out_dir`` (default ``out/oscal``);
    raises :class:`DeliverableError` when no entry is answered."""
    out_dir = out_dir or workspace.out / "oscal"
    config = workspace.config
    answers = answered(workspace)
    if not answers:
        raise DeliverableError(
            "the workspace answers no control in scope, and an OSCAL system security plan needs at least one "
            "implemented requirement", where=str(workspace.root / "implementation"),
            fix="Answer a control first (ssrgen evidence export, then import the workbook).")
    roles, parties, responsible = agency_parties(config, _owners(answers))
    system_props = [prop("fti-authority", authority_label(a)) for a in workspace.scope.authorities]
    system_props += [prop("agreement", a.name) for a in config.agreements]
    ids = [{"identifier-type": RFC4122, "id": system_uuid(workspace)}]
    if config.agency.code:
        ids.append({"id": config.agency.code})
    answered_ids = {entry_id for entry_id, _ in answers}
    evidence = [e for e in workspace.evidence if e.control in answered_ids]
    document: JSON = {
        "uuid": system_uuid(workspace),
        "metadata": metadata(
            f"{config.agency.name}: System Security Plan for Federal Tax Information (IRS Publication 1075)",
            f"ssrgen workspace, catalogs {workspace.catalogs.version}", last_modified,
            roles=roles, parties=parties, responsible=responsible, props=[tool_prop()]),
        "import-profile": {"href": BASELINE_FILE},
        "system-characteristics": {
            "system-ids": ids,
            "system-name": f"{config.agency.name}: FTI environment",
            **({"system-name-short": config.agency.code} if config.agency.code else {}),
            "description": f"The systems and processes of {config.agency.name} that receive, process, store, "
                           "transmit, access or protect Federal Tax Information, and the safeguards of IRS "
                           "Publication 1075 that protect them.",
            **({"props": props_of(system_props)} if props_of(system_props) else {}),
            "system-information": {"information-types": [{
                "uuid": stable_uuid("ssp", agency_key(config), "information-type", "fti"),
                "title": "Federal Tax Information (FTI)",
                "description": FTI_DEFINITION,
            }]},
            "status": {"state": "operational"},
            "authorization-boundary": {"description": _boundary(workspace)},
        },
        "system-implementation": {"components": _components(workspace)},
        "control-implementation": {
            "description": f"How {config.agency.name} implements Pub 1075 §4, the Pub 1075 requirements "
                           "outside §4 that apply to it" + (" and the MOU obligations" if any(
                               f.catalog == "mou" for f in workspace.in_scope(enhancements=False)) else "")
                           + ": one implemented requirement per answered entry; the agency-wide answer under "
                           "the this-system component, each system's under its own.",
            "implemented-requirements": [_requirement(workspace, entry_id, each) for entry_id, each in answers],
        },
    }
    if evidence:
        document["back-matter"] = {"resources": [_resource(workspace, e, out_dir) for e in evidence]}
    return {"system-security-plan": document}


def baseline_profile(workspace: Workspace, last_modified: dt.datetime, catalog_files: dict[str, str],
                     profile_file: str) -> JSON:
    """The agency's baseline: the Pub 1075 profile and the entries of the other catalogs in scope."""
    config = workspace.config
    roles, parties, responsible = agency_parties(config)
    imports: list[JSON] = [{"href": profile_file, "include-all": {}}]
    for catalog, file in catalog_files.items():
        chosen = [control_id(f.id) for f in workspace.in_scope() if f.catalog == catalog]
        if chosen:
            imports.append({"href": file, "include-controls": [{"with-ids": chosen}]})
    return {"profile": {
        "uuid": stable_uuid("baseline", agency_key(config), workspace.catalogs.version,
                            *sorted(catalog_files)),
        "metadata": metadata(
            f"{config.agency.name}: baseline of Pub 1075 safeguards in scope", f"catalogs {workspace.catalogs.version}",
            last_modified, roles=roles, parties=parties, responsible=responsible, props=[tool_prop()],
            remarks="Pub 1075 §4 (the profile over NIST SP 800-53 Rev. 5), the Pub 1075 requirements outside §4 "
            "that apply to the agency's authorities, and the obligations of its agreements."),
        "imports": imports,
        "merge": {"as-is": True},
    }}
