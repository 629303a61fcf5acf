"""The agency and its people as OSCAL parties and roles.

Every document names the agency as a party (with its head, its safeguards
contact and the official who signs the SSR certification); the SSP adds the
offices that own controls, and the POA&M the IRS Office of Safeguards, whose
reviews the CAP findings come from.
"""

from __future__ import annotations

from collections.abc import Sequence

from ssrgen.model.workspace import Person, WorkspaceConfig
from ssrgen.oscal.document import JSON, prop, stable_uuid

IRS_SAFEGUARDS = "IRS Office of Safeguards"

ROLES: dict[str, str] = {
    "prepared-by": "Prepared by: the agency that keeps these records",
    "head-of-agency": "Head of agency",
    "certification-signer": "Signs the SSR certification (Pub 1075 §2.E.4)",
    "safeguards-contact": "Safeguards point of contact",
    "control-owner": "Owns the implementation of a control",
    "assessor": "Reviews the agency's safeguards",
}


def agency_key(config: WorkspaceConfig) -> str:
    """What identifies the agency in every UUID: its IRS agency code, else its name."""
    return config.agency.code or config.agency.name


def agency_uuid(config: WorkspaceConfig) -> str:
    return stable_uuid("party", agency_key(config))


def person_uuid(config: WorkspaceConfig, person: Person | str) -> str:
    name = person if isinstance(person, str) else person.name
    return stable_uuid("party", agency_key(config), "person", name)


def owner_uuid(config: WorkspaceConfig, owner: str) -> str:
    return stable_uuid("party", agency_key(config), "owner", " ".join(owner.split()).casefold())


def irs_uuid() -> str:
    return stable_uuid("party", IRS_SAFEGUARDS)


def _person(config: WorkspaceConfig, person: Person, member_of: str) -> JSON:
    out: JSON = {"uuid": person_uuid(config, person), "type": "person", "name": person.name,
                 "props": [prop("job-title", person.title, ours=False)]}
    if person.email:
        out["email-addresses"] = [person.email]
    if person.phone:
        out["telephone-numbers"] = [{"number": person.phone}]
    out["member-of-organizations"] = [member_of]
    return out


def agency_parties(config: WorkspaceConfig, owners: Sequence[str] = (), irs: bool = False,
                   ) -> tuple[list[JSON], list[JSON], list[JSON]]:
    """(roles, parties, responsible-parties) of the agency, its people, the control owners
    given, and the IRS Office of Safeguards when ``irs``."""
    agency = config.agency
    agency_id = agency_uuid(config)
    party: JSON = {"uuid": agency_id, "type": "organization", "name": agency.name}
    if agency.code:
        party["short-name"] = agency.code
    if agency.address:
        party["addresses"] = [{"addr-lines": [agency.address]}]
    parties = [party]
    responsible = [{"role-id": "prepared-by", "party-uuids": [agency_id]}]
    people = [("head-of-agency", config.head_of_agency), ("safeguards-contact", config.safeguards_contact)]
    if config.certification_signer:
        signer = config.certification_signer
        people.append(("certification-signer", Person(name=signer.name, title=signer.title)))
    seen: set[str] = set()
    for role, person in people:
        person_id = person_uuid(config, person)
        if person_id not in seen:
            parties.append(_person(config, person, agency_id))
            seen.add(person_id)
        responsible.append({"role-id": role, "party-uuids": [person_id]})
    owner_ids = []
    for owner in owners:
        owner_id = owner_uuid(config, owner)
        if owner_id in seen:
            continue
        seen.add(owner_id)
        owner_ids.append(owner_id)
        parties.append({"uuid": owner_id, "type": "organization", "name": " ".join(owner.split()),
                        "props": [prop("owner-of", "controls")], "member-of-organizations": [agency_id]})
    if owner_ids:
        responsible.append({"role-id": "control-owner", "party-uuids": owner_ids})
    if irs:
        parties.append({"uuid": irs_uuid(), "type": "organization", "name": IRS_SAFEGUARDS,
                        "short-name": "Safeguards"})
        responsible.append({"role-id": "assessor", "party-uuids": [irs_uuid()]})
    used = {r["role-id"] for r in responsible}
    roles = [{"id": role, "title": title} for role, title in ROLES.items() if role in used]
    return roles, parties, responsible
