"""Builders of the hostile inputs of cases/oscal.yaml: OSCAL files handed to
``ssrgen oscal import-ssp`` that are not what they claim, and exports aimed at the
workspace's own data.

Each builder takes the fresh workspace copy ``ws`` and a scratch folder ``tmp`` (and the
case's ``with:`` values) and plants its input, mostly ``{tmp}/ssp.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ssrgen.catalog import load_catalogs
from ssrgen.oscal.export import export_oscal
from ssrgen.workspace import open_workspace

SSN = "123-45-6789"


def _exported(ws: Path, tmp: Path) -> dict[str, Any]:
    """The workspace's own SSP, as 'ssrgen oscal export' writes it."""
    folder = tmp / "exported"
    export_oscal(open_workspace(ws, load_catalogs()), folder)
    return json.loads((folder / "ssp.json").read_text(encoding="utf-8"))


def _write(tmp: Path, document: Any) -> None:
    (tmp / "ssp.json").write_text(json.dumps(document), encoding="utf-8")


def _requirement(document: dict[str, Any], control: str) -> dict[str, Any]:
    requirements = document["system-security-plan"]["control-implementation"]["implemented-requirements"]
    return next(r for r in requirements if r["control-id"] == control)


def not_json(ws: Path, tmp: Path) -> None:
    (tmp / "ssp.json").write_text("<system-security-plan>XML, not JSON</system-security-plan>\n", encoding="utf-8")


def binary(ws: Path, tmp: Path) -> None:
    (tmp / "ssp.json").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)


def json_list(ws: Path, tmp: Path) -> None:
    _write(tmp, [{"system-security-plan": {}}])


def wrong_model(ws: Path, tmp: Path) -> None:
    """An OSCAL catalog (the one ssrgen exports) handed in as an SSP."""
    export_oscal(open_workspace(ws, load_catalogs()), tmp / "exported")
    (tmp / "ssp.json").write_bytes((tmp / "exported" / "mou-catalog.json").read_bytes())


def sparse(ws: Path, tmp: Path, megabytes: int) -> None:
    """A file of ``megabytes`` MB that costs no disk (a sparse file): past the size limit."""
    with (tmp / "ssp.json").open("wb") as handle:
        handle.write(b'{"system-security-plan": {"padding": "')
        handle.truncate(megabytes * 1024 * 1024)


def padded(ws: Path, tmp: Path, megabytes: int) -> None:
    """A JSON object of ``megabytes`` MB, one long string in it, and nothing of an SSP."""
    with (tmp / "ssp.json").open("w", encoding="utf-8") as handle:
        handle.write('{"system-security-plan": {"uuid": "0c0ffee0-0000-4000-8000-000000000001", "padding": "')
        chunk = "safeguards " * 1000
        for _ in range(megabytes * 1024 * 1024 // len(chunk)):
            handle.write(chunk)
        handle.write('"}}')


def nested(ws: Path, tmp: Path, depth: int) -> None:
    """An SSP whose one value nests ``depth`` arrays deep."""
    (tmp / "ssp.json").write_text('{"system-security-plan": {"metadata": ' + "[" * depth + "]" * depth + "}}",
                                  encoding="utf-8")


def unknown_controls_only(ws: Path, tmp: Path) -> None:
    """The workspace's SSP with every control id replaced by one no catalog knows."""
    document = _exported(ws, tmp)
    requirements = document["system-security-plan"]["control-implementation"]["implemented-requirements"]
    for number, requirement in enumerate(requirements, start=1):
        requirement["control-id"] = f"zz-{number}"
    _write(tmp, document)


def fti_in_statement(ws: Path, tmp: Path) -> None:
    """The workspace's SSP with a taxpayer identifier in AC-7's narrative."""
    document = _exported(ws, tmp)
    by = _requirement(document, "ac-7")["statements"][0]["by-components"][0]
    by["description"] = f"Tested the lockout with the account of {SSN}."
    _write(tmp, document)


def unknown_component(ws: Path, tmp: Path) -> None:
    document = _exported(ws, tmp)
    by = _requirement(document, "ac-7")["statements"][0]["by-components"][0]
    by["component-uuid"] = "00000000-0000-4000-8000-000000000000"
    _write(tmp, document)


def bad_state(ws: Path, tmp: Path) -> None:
    document = _exported(ws, tmp)
    by = _requirement(document, "ac-2")["statements"][0]["by-components"][0]
    by["implementation-status"] = {"state": "mostly"}
    _write(tmp, document)


def _ac2_owner_role(document: dict[str, Any]) -> dict[str, Any]:
    role: dict[str, Any] = _requirement(document, "ac-2")["statements"][0]["by-components"][0]["responsible-roles"][0]
    return role


def party_uuids_objects(ws: Path, tmp: Path) -> None:
    """A role's parties given as objects, where OSCAL has their uuids."""
    document = _exported(ws, tmp)
    role = _ac2_owner_role(document)
    role["party-uuids"] = [{"uuid": role["party-uuids"][0]}]
    _write(tmp, document)


def party_uuids_text(ws: Path, tmp: Path) -> None:
    """A role's parties given as one string, where OSCAL has a list."""
    document = _exported(ws, tmp)
    _ac2_owner_role(document)["party-uuids"] = "abc"
    _write(tmp, document)


def state_list(ws: Path, tmp: Path) -> None:
    document = _exported(ws, tmp)
    by = _requirement(document, "ac-2")["statements"][0]["by-components"][0]
    by["implementation-status"] = {"state": ["implemented"]}
    _write(tmp, document)


def status_text(ws: Path, tmp: Path) -> None:
    """The implementation status as a bare string, where OSCAL has an object with its state."""
    document = _exported(ws, tmp)
    by = _requirement(document, "ac-2")["statements"][0]["by-components"][0]
    by["implementation-status"] = "implemented"
    _write(tmp, document)


def duplicate_component(ws: Path, tmp: Path) -> None:
    """Two components with the same uuid: whose answers the statements give is anyone's guess."""
    document = _exported(ws, tmp)
    components = document["system-security-plan"]["system-implementation"]["components"]
    components[2]["uuid"] = components[1]["uuid"]
    _write(tmp, document)


def cut_short(ws: Path, tmp: Path) -> None:
    """The workspace's SSP cut off in the middle of a text, as an interrupted download leaves it."""
    text = json.dumps(_exported(ws, tmp))
    (tmp / "ssp.json").write_text(text[:text.index('"description": "') + 30], encoding="utf-8")
