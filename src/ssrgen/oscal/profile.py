"""Pub 1075 §4 as an OSCAL profile over NIST SP 800-53 Rev. 5, and resolved into a catalog.

``pub1075-profile.json`` imports NIST's SP 800-53 Rev. 5 catalog (as NIST
publishes it), selects every control and enhancement of Pub 1075 §4 (those
outside NIST's moderate and privacy baselines too), keeps NIST's grouping, and
modifies it the way IRS tailors it:

- ``set-parameters``: IRS's value for each NIST parameter that Pub 1075 fills in
  (``ac-07_odp.01`` = ``three (3)``), from ``controls/oscal/nist-parameters.yaml``;
- ``alters``: what IRS adds: the requirements marked (IRS-Defined) as items of the
  statement, the Supplemental Guidance, IRS's values that NIST has no parameter for,
  Table 3's evidentiary documents, and the properties of
  :mod:`ssrgen.oscal.catalogs` (Pub 1075's title where it differs from NIST's, the
  control-table columns, the baselines, the review cadence).

``pub1075-catalog.json`` is the same set of controls resolved into a catalog from
ssrgen's own catalog: Pub 1075's words (IRS's values in place), the same
parameter values, parts and properties, and the same ids (``ac-2.3``).
"""

from __future__ import annotations

import datetime as dt

from ssrgen.catalog import CatalogEntry, Catalogs
from ssrgen.model.workspace import WorkspaceConfig
from ssrgen.oscal.catalogs import (
    catalog_document,
    entry_props,
    extra_parts,
    irs_defined_parts,
    parameters,
)
from ssrgen.oscal.document import (
    JSON,
    NIST_CATALOG,
    PUB1075_URL,
    metadata,
    prop,
    stable_uuid,
    tool_prop,
)
from ssrgen.oscal.ids import control_id
from ssrgen.oscal.parameters import nist_values
from ssrgen.oscal.parties import agency_key, agency_parties

CATALOG = "pub1075"
PROFILE_FILE = "pub1075-profile.json"
CATALOG_FILE = "pub1075-catalog.json"


def _meta(catalogs: Catalogs, config: WorkspaceConfig, title: str, last_modified: dt.datetime,
          remarks: str) -> JSON:
    info = catalogs.infos[CATALOG]
    roles, parties, responsible = agency_parties(config)
    return metadata(
        title, f"{info.version} (ssrgen catalogs {catalogs.version})", last_modified,
        roles=roles, parties=parties, responsible=responsible,
        props=[tool_prop(), prop("source", info.source)],
        links=[{"href": PUB1075_URL, "rel": "reference", "text": "IRS Publication 1075 (PDF)"}],
        remarks=remarks,
    )


def _entries(catalogs: Catalogs) -> list[CatalogEntry]:
    return list(catalogs.entries(catalog=CATALOG))


def pub1075_profile(catalogs: Catalogs, config: WorkspaceConfig, last_modified: dt.datetime) -> JSON:
    """The profile document: NIST's catalog imported, Pub 1075's selection and tailoring."""
    nist = nist_values()
    set_parameters: list[JSON] = []
    alters: list[JSON] = []
    for found in _entries(catalogs):
        entry = found.entry
        cid = control_id(entry.id)
        nist_set, own = parameters(entry, cid, nist.get(entry.id, []))
        for param in nist_set:
            setting: JSON = {"param-id": param["id"], "props": param["props"]}
            setting.update({k: v for k, v in param.items() if k in ("values", "select")})
            set_parameters.append(setting)
        adds: list[JSON] = [{"position": "ending", "props": entry_props(entry)}]
        if own:
            adds[0]["params"] = own
        extra = extra_parts(entry, cid)
        if extra:
            adds[0]["parts"] = extra
        irs = irs_defined_parts(entry, cid)
        if irs:
            adds.append({"position": "ending", "by-id": f"{cid}_smt", "parts": irs})
        alters.append({"control-id": cid, "adds": adds})
    remarks = ("Import NIST SP 800-53 Rev. 5 from the address in 'imports'; to resolve offline, point it "
               "at a local copy of the catalog.")
    return {"profile": {
        "uuid": stable_uuid("profile", CATALOG, catalogs.version, agency_key(config)),
        "metadata": _meta(catalogs, config, "IRS Publication 1075 §4: NIST SP 800-53 Rev. 5 controls as IRS "
                          "tailors them (profile)", last_modified, remarks),
        "imports": [{"href": NIST_CATALOG,
                     "include-controls": [{"with-ids": [control_id(f.id) for f in _entries(catalogs)]}]}],
        "merge": {"as-is": True},
        "modify": {"set-parameters": set_parameters, "alters": alters},
    }}


def pub1075_catalog(catalogs: Catalogs, config: WorkspaceConfig, last_modified: dt.datetime,
                    exported: list[str]) -> JSON:
    """The profile resolved: every control of Pub 1075 §4 in Pub 1075's words."""
    remarks = (f"The controls of {PROFILE_FILE} resolved from ssrgen's catalog: Pub 1075's wording, with "
               "IRS's values in place and set as the parameters' values.")
    meta = _meta(catalogs, config, "IRS Publication 1075 §4: NIST SP 800-53 Rev. 5 controls as IRS tailors "
                 "them (resolved catalog)", last_modified, remarks)
    meta["links"].append({"href": PROFILE_FILE, "rel": "source-profile"})
    return catalog_document(catalogs, CATALOG, exported, nist_values(), meta, "SP800-53", agency_key(config))
