"""``ssrgen oscal import-ssp``: an SSP back into the answers, with the import pipeline's promises."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssrgen.catalog import load_catalogs
from ssrgen.errors import SsrgenError, ValidationFailed
from ssrgen.imports.journal import read_journal
from ssrgen.oscal.export import export_oscal
from ssrgen.oscal.importer import plan_ssp_import
from ssrgen.oscal.ssp import ssp_document
from ssrgen.workspace import open_workspace
from tests.oscal.conftest import MOMENT, copy_example

Run = Callable[..., Result]
NS = "urn:ssrgen:oscal"


def _blank(ws: Path) -> Path:
    for path in (ws / "implementation").glob("*.yaml"):
        path.write_text("{}\n", encoding="utf-8")
    return ws


def _export_ssp(ws: Path, out: Path) -> Path:
    export_oscal(open_workspace(ws, load_catalogs()), out, MOMENT)
    return out / "ssp.json"


@pytest.fixture
def ssp_file(tmp_path: Path) -> Path:
    """The example's SSP, exported."""
    return _export_ssp(copy_example(tmp_path / "source"), tmp_path / "oscal")


def _records(ws: Path) -> dict[str, Any]:
    workspace = open_workspace(ws, load_catalogs())
    return {control: record.model_dump() for control, record in workspace.implementation.items()}


def test_round_trip_brings_every_answer_back(run: Run, tmp_path: Path, ssp_file: Path) -> None:
    source = tmp_path / "source"
    target = _blank(copy_example(tmp_path / "target"))
    before = json.loads(run("status", "--format", "json", "-w", str(target)).output)
    assert before["overall"]["unanswered"] == before["overall"]["entries"]
    result = run("oscal", "import-ssp", str(ssp_file), "-w", str(target), "--by", "Migration")
    assert result.exit_code == 0, result.output
    assert "Imported: " in result.output and "0 conflict(s)" in result.output
    expected = json.loads(run("status", "--format", "json", "-w", str(source)).output)
    assert json.loads(run("status", "--format", "json", "-w", str(target)).output) == expected
    assert _records(target) == _records(source)
    # the same file again changes nothing
    again = run("oscal", "import-ssp", str(ssp_file), "-w", str(target))
    assert again.exit_code == 0 and "No change: the workspace already holds what ssp.json says" in again.output
    journal = read_journal(target)
    assert len(journal) == 1
    assert journal[0]["kind"] == "OSCAL SSP" and journal[0]["by"] == "Migration" and journal[0]["source"] == "ssp.json"
    assert journal[0]["ssp_uuid"] == json.loads(ssp_file.read_text("utf-8"))["system-security-plan"]["uuid"]
    assert "AC-2 (case-tracker): added Narrative" in journal[0]["changes"]


def _files(ws: Path) -> dict[Path, bytes]:
    """Every file of the workspace but the lock's folder."""
    return {p: p.read_bytes() for p in ws.rglob("*") if p.is_file() and ".ssrgen" not in p.relative_to(ws).parts}


def test_dry_run_writes_nothing(run: Run, tmp_path: Path, ssp_file: Path) -> None:
    target = _blank(copy_example(tmp_path / "target"))
    before = _files(target)
    result = run("oscal", "import-ssp", str(ssp_file), "-w", str(target), "--dry-run")
    assert result.exit_code == 0
    assert "AC-7" in result.output and "added    Status 'implemented'" in result.output
    assert "Dry run: " in result.output and "nothing was written" in result.output
    assert _files(target) == before


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    document = json.loads(path.read_text("utf-8"))
    change(document["system-security-plan"])
    path.write_text(json.dumps(document), encoding="utf-8")


def _by_component(ssp: dict[str, Any], control: str, index: int = 0) -> dict[str, Any]:
    requirement = next(r for r in ssp["control-implementation"]["implemented-requirements"] if r["control-id"] == control)
    return requirement["statements"][0]["by-components"][index]


def _set_narrative(ws: Path, control: str, text: str) -> None:
    path = ws / "implementation" / "ac.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data[control]["narrative"] = text
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_changed_in_the_file_only_is_taken(run: Run, tmp_path: Path, ssp_file: Path) -> None:
    source = tmp_path / "source"
    _edit(ssp_file, lambda ssp: _by_component(ssp, "ac-7").update(description="Locked after three attempts."))
    result = run("oscal", "import-ssp", str(ssp_file), "-w", str(source))
    assert result.exit_code == 0, result.output
    assert "changed  Narrative" in result.output and "Imported: 1 change(s) in 1 control(s)" in result.output
    assert open_workspace(source, load_catalogs()).implementation["AC-7"].narrative == "Locked after three attempts."


def test_changed_in_the_workspace_only_stands(run: Run, tmp_path: Path, ssp_file: Path) -> None:
    source = tmp_path / "source"
    _set_narrative(source, "AC-7", "Newer text written after the export.")
    result = run("oscal", "import-ssp", str(ssp_file), "-w", str(source))
    assert result.exit_code == 0 and "No change" in result.output
    assert open_workspace(source, load_catalogs()).implementation["AC-7"].narrative == \
        "Newer text written after the export."


def test_changed_on_both_sides_is_a_conflict(run: Run, tmp_path: Path, ssp_file: Path) -> None:
    source = tmp_path / "source"
    _set_narrative(source, "AC-7", "Workspace version.")
    _edit(ssp_file, lambda ssp: _by_component(ssp, "ac-7").update(description="File version."))
    result = run("oscal", "import-ssp", str(ssp_file), "-w", str(source))
    assert result.exit_code == 0
    assert "Conflict: ssp.json $.system-security-plan.control-implementation.implemented-requirements[" in result.output
    assert "AC-7 (agency-wide) changed in the workspace after the export and in the SSP" in result.output
    assert open_workspace(source, load_catalogs()).implementation["AC-7"].narrative == "Workspace version."


def _foreign(ws: Path) -> dict[str, Any]:
    """An SSP as another tool writes it: statements per part, its own role and component names."""
    return {"system-security-plan": {
        "uuid": "0c0ffee0-0000-4000-8000-000000000001",
        "metadata": {"title": "GRC export", "last-modified": "2026-10-01T00:00:00Z", "version": "7",
                     "oscal-version": "1.1.2",
                     "parties": [{"uuid": "0c0ffee0-0000-4000-8000-00000000000a", "type": "organization",
                                  "name": "Network   Engineering"}]},
        "import-profile": {"href": "https://example.org/profile.json"},
        "system-characteristics": {},
        "system-implementation": {"components": [
            {"uuid": "0c0ffee0-0000-4000-8000-0000000000c1", "type": "this-system", "title": "Whole system",
             "description": "All of it", "status": {"state": "operational"}},
            {"uuid": "0c0ffee0-0000-4000-8000-0000000000c2", "type": "software", "title": "Case Tracking System",
             "description": "CTS", "status": {"state": "operational"}},
            {"uuid": "0c0ffee0-0000-4000-8000-0000000000c3", "type": "hardware", "title": "Mainframe",
             "description": "Old", "status": {"state": "operational"}},
        ]},
        "control-implementation": {"description": "d", "implemented-requirements": [
            {"uuid": "0c0ffee0-0000-4000-8000-0000000000d1", "control-id": "AC-07",
             "responsible-roles": [{"role-id": "responsible", "party-uuids": ["0c0ffee0-0000-4000-8000-00000000000a"]}],
             "statements": [
                 {"statement-id": "ac-7_smt.a", "uuid": "0c0ffee0-0000-4000-8000-0000000000e1", "by-components": [
                     {"component-uuid": "0c0ffee0-0000-4000-8000-0000000000c2", "uuid": "0c0ffee0-0000-4000-8000-0000000000f1",
                      "description": "Three attempts in 120 minutes.", "implementation-status": {"state": "partial"}}]},
                 {"statement-id": "ac-7_smt.b", "uuid": "0c0ffee0-0000-4000-8000-0000000000e2", "by-components": [
                     {"component-uuid": "0c0ffee0-0000-4000-8000-0000000000c2", "uuid": "0c0ffee0-0000-4000-8000-0000000000f2",
                      "description": "Locked for 15 minutes.", "implementation-status": {"state": "partial"}}]},
             ]},
            {"uuid": "0c0ffee0-0000-4000-8000-0000000000d2", "control-id": "ac-2.3", "by-components": [
                {"component-uuid": "0c0ffee0-0000-4000-8000-0000000000c1", "uuid": "0c0ffee0-0000-4000-8000-0000000000f3",
                 "description": "Disabled after 60 days.", "implementation-status": {"state": "implemented"}},
                {"component-uuid": "0c0ffee0-0000-4000-8000-0000000000c3", "uuid": "0c0ffee0-0000-4000-8000-0000000000f4",
                 "description": "Mainframe accounts.", "implementation-status": {"state": "planned"}}]},
            {"uuid": "0c0ffee0-0000-4000-8000-0000000000d3", "control-id": "zz-99", "by-components": [
                {"component-uuid": "0c0ffee0-0000-4000-8000-0000000000c1", "uuid": "0c0ffee0-0000-4000-8000-0000000000f5",
                 "description": "Not ours."}]},
        ]},
    }}


def test_an_ssp_from_another_tool(run: Run, tmp_path: Path) -> None:
    ws = _blank(copy_example(tmp_path / "ws"))
    path = tmp_path / "grc-ssp.json"
    path.write_text(json.dumps(_foreign(ws)), encoding="utf-8")
    result = run("oscal", "import-ssp", str(path), "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert ("Warning: grc-ssp.json $.system-security-plan.control-implementation.implemented-requirements[2]."
            "control-id: 'zz-99' is not a control of Pub 1075 §4") in result.output
    assert ("Warning: grc-ssp.json $.system-security-plan.system-implementation.components[2]: the component "
            "'Mainframe' is no system of ssrgen.yaml") in result.output
    workspace = open_workspace(ws, load_catalogs())
    cts = workspace.answer("AC-7", "case-tracker")
    assert cts is not None
    assert cts.narrative == "a. Three attempts in 120 minutes.\n\nb. Locked for 15 minutes."
    assert cts.status == "partially-implemented"
    assert cts.owner == "Network Engineering"
    agency = workspace.answer("AC-2(3)")
    assert agency is not None and agency.status == "implemented" and agency.narrative == "Disabled after 60 days."
    assert set(workspace.implementation) == {"AC-7", "AC-2(3)"}


def test_every_problem_is_listed_with_its_json_path(tmp_path: Path) -> None:
    ws = _blank(copy_example(tmp_path / "ws"))
    document = _foreign(ws)
    requirements = document["system-security-plan"]["control-implementation"]["implemented-requirements"]
    requirements[0]["statements"][0]["by-components"][0]["implementation-status"]["state"] = "done-ish"
    requirements[1]["by-components"][0]["component-uuid"] = "0c0ffee0-0000-4000-8000-0000000000ff"
    requirements[0]["statements"][1]["by-components"][0]["props"] = [
        {"name": "last-reviewed", "ns": NS, "value": "last spring"}]
    del requirements[2]["control-id"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationFailed) as raised:
        plan_ssp_import(open_workspace(ws, load_catalogs()), path)
    errors = [str(p) for p in raised.value.problems if p.is_error]
    base = "bad.json $.system-security-plan.control-implementation.implemented-requirements"
    assert any(e.startswith(f"{base}[0].statements[0].by-components[0].implementation-status.state: 'done-ish' "
                            "is not an implementation state ssrgen knows") for e in errors)
    assert any(e.startswith(f"{base}[1].by-components[0].component-uuid: no component of the SSP has the uuid")
               for e in errors)
    assert any(e.startswith(f"{base}[0].statements[1].by-components[0].props[0].value: 'last spring' is not a date")
               for e in errors)
    assert any(e.startswith(f"{base}[2].control-id: the implemented requirement has no control-id") for e in errors)
    assert len(errors) == 4
    assert raised.value.what == "4 problems in bad.json; nothing was imported"


def test_the_cli_refuses_a_missing_file(run: Run, tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "ws")
    result = run("oscal", "import-ssp", str(tmp_path / "nope.json"), "-w", str(ws))
    assert result.exit_code == 1
    assert "Error: the file does not exist, in " in result.output and "Traceback" not in result.output


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, Path]:
    base = tmp_path_factory.mktemp("prop")
    source = open_workspace(copy_example(base / "source"), load_catalogs())
    blank = open_workspace(_blank(copy_example(base / "blank")), load_catalogs())
    return source, blank, base


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(narrative=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200)
       .filter(lambda t: t.strip() and t != "No narrative is recorded for this answer."))
def test_any_narrative_comes_back_as_written(loaded: tuple[Any, Any, Path], narrative: str) -> None:
    source, blank, base = loaded
    source = copy.copy(source)
    source.implementation = dict(source.implementation)
    source.implementation["AC-7"] = source.implementation["AC-7"].model_copy(update={"narrative": narrative})
    path = base / "ssp.json"
    path.write_text(json.dumps(ssp_document(source, MOMENT)), encoding="utf-8")
    plan = plan_ssp_import(blank, path)
    documents = plan.pending.documents
    record = next(data["AC-7"] for data in documents.values() if "AC-7" in data)
    assert record["narrative"] == narrative


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value of a JSON document, the document itself left out."""
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    found = []
    for key, child in children:
        found.append((*path, key))
        found += _places(child, (*path, key))
    return found


def test_a_value_of_any_wrong_json_type_is_a_problem_at_its_path_never_a_crash(tmp_path: Path) -> None:
    ws = _blank(copy_example(tmp_path / "ws"))
    workspace = open_workspace(ws, load_catalogs())
    document = _foreign(ws)
    by = document["system-security-plan"]["control-implementation"]["implemented-requirements"][1]["by-components"][0]
    by["props"] = [{"name": "last-reviewed", "ns": NS, "value": "2026-03-02"}]
    by["responsible-roles"] = [{"role-id": "control-owner", "party-uuids": ["0c0ffee0-0000-4000-8000-00000000000a"]}]
    path = tmp_path / "ssp.json"
    crashed = []
    for place in _places(document):
        for wrong in (7, ["x"], {"x": "y"}, "abc", [{"x": "y"}]):
            changed = copy.deepcopy(document)
            node = changed
            for key in place[:-1]:
                node = node[key]
            if type(node[place[-1]]) is type(wrong):
                continue
            node[place[-1]] = wrong
            path.write_text(json.dumps(changed), encoding="utf-8")
            try:
                plan_ssp_import(workspace, path)
            except SsrgenError:
                pass  # refused with its message
            except Exception as exc:
                crashed.append(f"{'.'.join(map(str, place))} = {wrong!r}: {exc!r}")
    assert crashed == []


def test_wrong_json_types_are_named_with_their_path(tmp_path: Path) -> None:
    ws = _blank(copy_example(tmp_path / "ws"))
    document = _foreign(ws)
    ssp = document["system-security-plan"]
    requirements = ssp["control-implementation"]["implemented-requirements"]
    requirements[0]["responsible-roles"][0]["party-uuids"] = "abc"
    requirements[0]["statements"][0]["by-components"][0]["implementation-status"] = "partial"
    requirements[1]["by-components"][0]["implementation-status"] = {"state": ["implemented"]}
    ssp["system-implementation"]["components"][2]["uuid"] = ssp["system-implementation"]["components"][1]["uuid"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ValidationFailed) as raised:
        plan_ssp_import(open_workspace(ws, load_catalogs()), path)
    errors = sorted(str(p) for p in raised.value.problems if p.is_error)
    base = "bad.json $.system-security-plan"
    assert errors == sorted([
        f"{base}.control-implementation.implemented-requirements[0].responsible-roles[0].party-uuids: 'party-uuids' "
        "is a JSON string, not a list. Give it as a JSON array, as OSCAL does.",
        f"{base}.control-implementation.implemented-requirements[0].statements[0].by-components[0]"
        ".implementation-status: 'implementation-status' is a JSON string, not an object. Give it as a JSON "
        'object, as OSCAL does: {"state": "implemented"}.',
        f"{base}.control-implementation.implemented-requirements[1].by-components[0].implementation-status.state: "
        "'state' is a JSON list, not text. Give it as a JSON string.",
        f"{base}.system-implementation.components[2].uuid: the uuid '0c0ffee0-0000-4000-8000-0000000000c2' is "
        "already that of components[1]. Give every component a uuid of its own.",
        # the component whose uuid was taken by mistake is no longer there to answer for
        f"{base}.control-implementation.implemented-requirements[1].by-components[1].component-uuid: no component "
        "of the SSP has the uuid '0c0ffee0-0000-4000-8000-0000000000c3'. Give the uuid of a component of "
        "system-implementation.",
    ])
