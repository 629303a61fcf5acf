"""``ssrgen oscal export``: every OSCAL file of a workspace, written as one set.

The files (see ``docs/oscal.md``):

==================================  ==================================================
``pub1075-profile.json``            Pub 1075 §4 as a profile over NIST SP 800-53 Rev. 5
``pub1075-catalog.json``            the same resolved into a catalog
``pub1075-requirements-catalog.json`` the Pub 1075 requirements outside §4
``mou-catalog.json``                the MOU obligations, for an agency the MOU binds
``baseline-profile.json``           what applies to the agency: the three above
``ssp.json``                        the system security plan (when a control is answered)
``poam.json``                       the plan of action and milestones (when there are findings: IRS's, the agency's)
==================================  ==================================================

They go through the output door as one delivery (:func:`ssrgen.output.delivering`):
staged, scanned for taxpayer identifiers as a reader sees the JSON, and moved into
place only when every file passed; a file of the last export that this one does not
write (``poam.json`` when the workspace no longer has a finding) is removed then, from
the folder and its manifest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ssrgen.oscal.catalogs import FILES, catalog_document
from ssrgen.oscal.document import JSON, PUB1075_URL, dumps, metadata, newest_change, prop, tool_prop
from ssrgen.oscal.parameters import nist_values
from ssrgen.oscal.parties import agency_key, agency_parties
from ssrgen.oscal.poam import POAM_FILE, poam_document
from ssrgen.oscal.profile import CATALOG_FILE, PROFILE_FILE, pub1075_catalog, pub1075_profile
from ssrgen.oscal.ssp import BASELINE_FILE, SSP_FILE, answered, baseline_profile, ssp_document
from ssrgen.output import Delivery, delivering
from ssrgen.workspace import Workspace

KIND = "oscal"
# the workspace files the documents are drawn from (their newest change is last-modified)
SOURCES = ("ssrgen.yaml", "implementation", "evidence", "cap", "registers")


@dataclass
class OscalExport:
    """What an export wrote, and what it left out and why."""

    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def last_modified_of(workspace: Workspace) -> dt.datetime:
    """The newest change among the workspace's records and the catalogs."""
    roots = [workspace.root / name for name in SOURCES]
    if workspace.catalogs.root is not None:
        roots.append(workspace.catalogs.root)
    return newest_change(roots)


def _other_catalog(workspace: Workspace, catalog: str, exported: list[str], moment: dt.datetime) -> JSON:
    info = workspace.catalogs.infos[catalog]
    roles, parties, responsible = agency_parties(workspace.config)
    links = [{"href": PUB1075_URL, "rel": "reference", "text": "IRS Publication 1075 (PDF)"}] \
        if catalog == "pub1075-req" else []
    meta = metadata(info.title, f"{info.version} (ssrgen catalogs {workspace.catalogs.version})", moment,
                    roles=roles, parties=parties, responsible=responsible,
                    props=[tool_prop(), prop("source", info.source)], links=links or None,
                    remarks=info.description)
    cls = "mou-obligation" if catalog == "mou" else "pub1075-requirement"
    return catalog_document(workspace.catalogs, catalog, exported, nist_values(), meta, cls,
                            agency_key(workspace.config))


def oscal_documents(workspace: Workspace, last_modified: dt.datetime | None = None, out_dir: Path | None = None
                    ) -> tuple[dict[str, JSON], list[str]]:
    """File name -> document for every file of the export into ``out_dir`` (default
    ``out/oscal``), and notes on what was left out."""
    moment = last_modified or last_modified_of(workspace)
    notes: list[str] = []
    others = [c for c in ("pub1075-req", "mou") if c in workspace.scope.catalogs and c in workspace.catalogs.infos]
    exported = [PROFILE_FILE, CATALOG_FILE, *(FILES[c] for c in others)]
    documents: dict[str, JSON] = {
        PROFILE_FILE: pub1075_profile(workspace.catalogs, workspace.config, moment),
        CATALOG_FILE: pub1075_catalog(workspace.catalogs, workspace.config, moment, exported),
    }
    for catalog in others:
        documents[FILES[catalog]] = _other_catalog(workspace, catalog, exported, moment)
    documents[BASELINE_FILE] = baseline_profile(workspace, moment, {c: FILES[c] for c in others}, PROFILE_FILE)
    if answered(workspace):
        documents[SSP_FILE] = ssp_document(workspace, moment, out_dir)
        scope = {e.id for e in workspace.in_scope()}
        outside = sorted(c for c in workspace.implementation if c not in scope)
        if outside:
            notes.append(f"{SSP_FILE} leaves out {len(outside)} answer(s) outside the workspace's scope "
                         f"({', '.join(outside[:5])}{', ...' if len(outside) > 5 else ''}); 'ssrgen validate' "
                         "lists them")
    else:
        notes.append(f"no {SSP_FILE}: the workspace answers no control in scope yet")
    poam = poam_document(workspace, moment, with_ssp=SSP_FILE in documents)
    if poam is None:
        notes.append(f"no {POAM_FILE}: cap/findings.yaml and registers/poam.yaml hold no finding")
    else:
        documents[POAM_FILE] = poam
    return documents, notes


def write_oscal(workspace: Workspace, delivery: Delivery, out_dir: Path,
                last_modified: dt.datetime | None = None) -> OscalExport:
    """Write every OSCAL file of ``workspace`` into ``out_dir`` through ``delivery``."""
    documents, notes = oscal_documents(workspace, last_modified, out_dir)
    result = OscalExport(notes=notes)
    # a file of the last export the workspace no longer gives (poam.json once every finding is
    # closed out of the registers) must not stay beside the new set, nor in its manifest
    delivery.whole_set(out_dir, KIND)
    for name, document in documents.items():
        result.written.append(delivery.write(out_dir / name, dumps(document), kind=KIND))
    return result


def export_oscal(workspace: Workspace, out_dir: Path, last_modified: dt.datetime | None = None) -> OscalExport:
    """Write every OSCAL file of ``workspace`` into ``out_dir`` as one set (all or none)."""
    with delivering(workspace, anchors=(out_dir,)) as delivery:
        return write_oscal(workspace, delivery, out_dir, last_modified)
