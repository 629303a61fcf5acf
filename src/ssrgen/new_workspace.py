"""Creating a workspace: ``ssrgen init``.

A new workspace asks for nothing ssrgen cannot know. The agency's kind (state
or federal) decides its due dates (Pub 1075 Table 4), so it must be given; the
authorities it receives FTI under, and the agreements with obligations of their
own (the IRS-ICE MOU), are named when known. Everything else (head of agency,
contact, address, systems, and the authority when not given) is written as a
placeholder, ``To be completed``, that ``validate`` reports with its line until
it is replaced.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from ssrgen import ids
from ssrgen.catalog import Catalogs
from ssrgen.errors import InputError, WorkspaceError
from ssrgen.model.workspace import WorkspaceConfig
from ssrgen.paths import EXAMPLES, example_workspace
from ssrgen.placeholders import PLACEHOLDER
from ssrgen.scope import AUTHORITIES, agreement_names, basis_ids
from ssrgen.workspace import CONFIG, state_codes
from ssrgen.yamlio import display_path

HEADER = """\
# ssrgen workspace: who the agency is, where it keeps FTI, and under which authority it
# receives it. Replace every '{placeholder}' ('ssrgen validate' lists each one with its
# line). 'ssrgen docs workspace' shows the guide that explains every field.
"""


def _scalar(value: str) -> str:
    """A string as a YAML scalar, quoted only when it must be."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000).strip()
    return text.removesuffix("...").strip()


def resolve_authority(text: str, catalogs: Catalogs) -> str:
    """The authority id for what a user typed (``IRC 6103(d)``, ``6103(d)``, ``IRC-6103(d)``)."""
    known = basis_ids(catalogs)
    found = catalogs.find(ids.normalize(text))
    if found is None or found.catalog != AUTHORITIES:
        raise InputError(f"'{text}' is not a disclosure authority ssrgen knows",
                         fix=f"Use one of: {', '.join(known)}.")
    if not found.entry.basis:
        raise InputError(f"{found.id} ({found.title}) is not a provision an agency receives FTI under",
                         fix=f"Use one of: {', '.join(known)}.")
    return found.id


def resolve_agreement(text: str, catalogs: Catalogs) -> str:
    """The catalog of the agreement a user named (its catalog id, or the agreement id it declares)."""
    wanted = text.strip().lower()
    for name, info in catalogs.infos.items():
        if info.agreement is not None and wanted in (name.lower(), info.agreement.id.lower()):
            return name
    raise InputError(f"'{text}' is not an agreement ssrgen has a catalog for",
                     fix=f"Use one of: {', '.join(agreement_names(catalogs)) or 'none installed'}. "
                     "Other agreements go under 'agreements:' in ssrgen.yaml without a catalog.")


def init_workspace(folder: Path, agency: str, state: str | None, federal: bool,
                   authorities: list[str], agreements: list[str], catalogs: Catalogs) -> Path:
    """Create a new workspace with a commented ``ssrgen.yaml``; never overwrite one."""
    config_path = folder / CONFIG
    if config_path.exists():
        raise WorkspaceError(
            "a workspace already exists here", where=display_path(config_path),
            fix="Choose an empty folder, or edit the existing ssrgen.yaml.",
        )
    if state and federal:
        raise InputError("--state and --federal exclude each other", fix="Give one of them.")
    if not state and not federal:
        raise InputError(
            "say what kind of agency this is: it decides the SSR and CAP due dates (Pub 1075 Table 4)",
            fix="Give --state XX (the two-letter code) for a state, territory or local agency, "
            "or --federal for a federal agency.",
        )
    if state and state.upper() not in state_codes():
        raise InputError(f"'{state}' is not a state or territory code in Pub 1075 Table 4",
                         fix="Use a two-letter code such as TX, CA, DC, PR.")
    authority_ids = list(dict.fromkeys(resolve_authority(a, catalogs) for a in authorities))
    agreement_catalogs = list(dict.fromkeys(resolve_agreement(a, catalogs) for a in agreements))
    text = config_text(agency, state.upper() if state else None, authority_ids, agreement_catalogs, catalogs)
    WorkspaceConfig.model_validate(yaml.safe_load(text))  # what init writes always loads
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("implementation", "evidence/files", "cap", "registers"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    config_path.write_text(text, encoding="utf-8")
    return config_path


def config_text(agency: str, state: str | None, authorities: list[str], agreement_catalogs: list[str],
                catalogs: Catalogs) -> str:
    """The ``ssrgen.yaml`` of a new workspace, with a comment on each part."""
    todo = PLACEHOLDER
    lines = [HEADER.format(placeholder=todo).rstrip("\n"), "agency:", f"  name: {_scalar(agency)}"]
    if state:
        lines += ["  type: state", f"  state: {state}            # decides the SSR and CAP due dates (Table 4)"]
    else:
        lines += ["  type: federal          # SSR due January 31 (Pub 1075 Table 4)"]
    lines += [
        f"  address: {todo}",
        "",
        "head_of_agency:           # signs the SSR certification (Pub 1075 §2.E.2)",
        f"  name: {todo}",
        f"  title: {todo}",
        "",
        "safeguards_contact:       # the Safeguards point of contact (Pub 1075 §1.5)",
        f"  name: {todo}",
        "  title: Safeguards Point of Contact",
        f"  email: {todo}",
        f"  phone: {todo}",
        "",
        "# The IRC § 6103 provisions the agency receives FTI under ('ssrgen controls list",
        "# --catalog authorities' lists them). They decide which Pub 1075 §2.C.11 rules apply",
        "# and what the SSR certification names.",
        "authorities:",
    ]
    named_by_agreements = [catalogs.infos[c].agreement for c in agreement_catalogs]
    if authorities:
        lines += [f"  - {a}" for a in authorities]
    elif any(a is not None and a.authority for a in named_by_agreements):
        lines[-1] = "authorities: []           # the agreement below names its authority"
    else:
        lines += [f"  - {todo}"]
    lines += [
        "",
        "# Each system that receives, processes, stores or transmits FTI.",
        "systems:",
        "  - id: system-1",
        f"    name: {todo}",
        f"    description: {todo}",
        "    hosting: on-premises     # on-premises, cloud, hybrid, contractor, state-data-center",
        "",
        "# The data-exchange agreements the agency receives FTI under. An agreement whose",
        "# obligations ssrgen keeps as a catalog (the IRS-ICE MOU: 'catalog: mou') brings them into scope.",
    ]
    if not agreement_catalogs:
        lines += ["agreements: []"]
    else:
        lines += ["agreements:"]
        for name in agreement_catalogs:
            info = catalogs.infos[name].agreement
            assert info is not None  # resolve_agreement returns only agreement catalogs
            lines += [f"  - id: {info.id}", f"    name: {_scalar(info.name)}",
                      f"    partner: {_scalar(info.partner)}"]
            if info.authority:
                lines += [f"    authority: {info.authority}"]
            lines += [f"    catalog: {name}", f"    signed: {todo}            # YYYY-MM-DD"]
    lines += [
        "",
        "# The catalogs every agency keeps: Pub 1075 §4 and the Pub 1075 requirements outside §4.",
        "catalogs: [pub1075, pub1075-req]",
        "",
    ]
    return "\n".join(lines)


def copy_example(target: Path, name: str = "freo") -> Path:
    """Copy a bundled example workspace to ``target`` (which must not exist)."""
    if name not in EXAMPLES:
        raise InputError(f"there is no example '{name}'", fix=f"Use one of: {', '.join(EXAMPLES)}.")
    if target.exists():
        raise WorkspaceError("the folder already exists", where=str(target),
                             fix="Choose a new folder name.")
    shutil.copytree(example_workspace(name), target, ignore=shutil.ignore_patterns("out", "site", ".ssrgen"))
    return target
