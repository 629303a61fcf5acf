"""The exported files load in compliance-trestle's models, and the profiles resolve with its resolver."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from trestle.core.profile_resolver import ProfileResolver
from trestle.oscal.catalog import Catalog
from trestle.oscal.poam import PlanOfActionAndMilestones
from trestle.oscal.profile import Profile
from trestle.oscal.ssp import SystemSecurityPlan

from ssrgen.catalog import load_catalogs
from ssrgen.paths import example_workspace
from ssrgen.workspace import open_workspace
from tests.oscal.conftest import MODELS, controls, nist_catalogs
from tests.oscal.nist_stub import nist_stub, write_profile_against

TRESTLE = {"catalog": Catalog, "profile": Profile, "ssp": SystemSecurityPlan, "poam": PlanOfActionAndMilestones}


@pytest.mark.parametrize("name", list(MODELS))
def test_each_file_loads_in_trestles_model(exported: tuple[Path, dict[str, Any]], name: str) -> None:
    out, documents = exported
    model = TRESTLE[MODELS[name]].oscal_read(out / name)
    assert model is not None
    # what trestle read is what was written (its model keeps every field)
    again = json.loads(model.oscal_serialize_json())
    key = next(iter(documents[name]))
    assert again[key]["uuid"] == documents[name][key]["uuid"]
    assert again[key]["metadata"]["oscal-version"] == "1.2.1"


def test_trestle_reads_the_ssp_answers(exported: tuple[Path, dict[str, Any]]) -> None:
    out, _ = exported
    ssp = SystemSecurityPlan.oscal_read(out / "ssp.json")
    requirements = {r.control_id: r for r in ssp.control_implementation.implemented_requirements}
    ac2 = requirements["ac-2"]
    by = {b.component_uuid: b for b in ac2.statements[0].by_components}
    components = {c.title: c.uuid for c in ssp.system_implementation.components}
    assert by[components["Case Tracking System"]].implementation_status.state == "implemented"
    assert "provisioned from the HR system" in by[components["Case Tracking System"]].description


def _workdir(tmp_path: Path) -> Path:
    (tmp_path / ".trestle" / "cache").mkdir(parents=True)  # the resolver's cache of fetched imports
    return tmp_path


def _resolve(work: Path, profile: Path) -> dict[str, Any]:
    resolved = ProfileResolver.get_resolved_profile_catalog(work, str(profile))
    return json.loads(resolved.oscal_serialize_json())


def test_the_profile_resolves_to_every_control_of_the_catalog(exported: tuple[Path, dict[str, Any]],
                                                               tmp_path: Path) -> None:
    """Against a stand-in for NIST's catalog with every Pub 1075 control: all come back, with IRS's values."""
    _, documents = exported
    work = _workdir(tmp_path)
    catalog, profile = documents["pub1075-catalog.json"], documents["pub1075-profile.json"]
    stub = work / "nist.json"
    stub.write_text(json.dumps(nist_stub(catalog, profile)), encoding="utf-8")
    resolved = _resolve(work, write_profile_against(profile, stub, work))
    ids = [c["id"] for c in controls(resolved["catalog"])]
    ours = [c["id"] for c in controls(catalog["catalog"])]
    assert len(ids) == len(ours) == len(set(ours)) == 376
    assert set(ids) == set(ours)
    by_id = {c["id"]: c for c in controls(resolved["catalog"])}
    params = {p["id"]: p for p in by_id["ac-7"]["params"]}
    assert params["ac-07_odp.01"]["values"] == ["three (3)"]
    assert params["ac-07_odp.02"]["values"] == ["120-minute period"]
    props = {(p["name"], p["value"]) for p in by_id["au-2"]["props"]}
    assert ("pub1075-title", "Audit Events") in props and ("nist-title", "Event Logging") in props
    # the requirements marked (IRS-Defined) are items of the statement
    statement = next(p for p in by_id["ac-3"]["parts"] if p["name"] == "statement")
    assert any(part.get("class") == "irs-defined" and "agency-owned" in part["prose"]
               for part in statement.get("parts", []))
    # a control outside NIST's baselines is there, and says so
    assert ("nist-baseline", "none") in {(p["name"], p["value"]) for p in by_id["ac-23"]["props"]}


def _merged(moderate: dict[str, Any], privacy: dict[str, Any]) -> dict[str, Any]:
    """NIST's moderate catalog with the controls and enhancements only the privacy baseline has."""
    by_id = {c["id"]: c for c in controls(moderate["catalog"])}
    groups = {g["id"]: g for g in moderate["catalog"]["groups"]}
    for group in privacy["catalog"]["groups"]:
        for control in group.get("controls", []):
            if control["id"] not in by_id:
                target = groups.setdefault(group["id"], {"id": group["id"], "title": group["title"]})
                target.setdefault("controls", []).append(control)
                by_id.update({c["id"]: c for c in controls({"controls": [control]})})
                continue
            for enhancement in control.get("controls", []):
                if enhancement["id"] not in by_id:
                    by_id[control["id"]].setdefault("controls", []).append(enhancement)
                    by_id[enhancement["id"]] = enhancement
    moderate["catalog"]["groups"] = list(groups.values())
    return moderate


def test_the_profile_resolves_against_nists_catalogs(exported: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    """Against NIST's own moderate and privacy catalogs (shared/reference): every Pub 1075 control that
    NIST places in those baselines resolves, in NIST's words with IRS's values set."""
    moderate, privacy = nist_catalogs()
    _, documents = exported
    work = _workdir(tmp_path)
    merged = work / "nist-moderate-and-privacy.json"
    nist = _merged(json.loads(moderate.read_text("utf-8")), json.loads(privacy.read_text("utf-8")))
    merged.write_text(json.dumps(nist), encoding="utf-8")
    have = {c["id"] for c in controls(nist["catalog"])}
    profile = json.loads(json.dumps(documents["pub1075-profile.json"]))
    body = profile["profile"]
    wanted = body["imports"][0]["include-controls"][0]["with-ids"]
    body["imports"][0]["include-controls"][0]["with-ids"] = [i for i in wanted if i in have]
    body["modify"]["alters"] = [a for a in body["modify"]["alters"] if a["control-id"] in have]
    resolved = _resolve(work, write_profile_against(profile, merged, work))
    ids = {c["id"]: c for c in controls(resolved["catalog"])}
    in_baselines = {c["id"] for c in controls(documents["pub1075-catalog.json"]["catalog"])
                    if any(p["name"] == "nist-baseline" and p["value"] != "none" for p in c["props"])}
    assert set(ids) == in_baselines
    assert len(ids) == len(in_baselines) > 250
    params = {p["id"]: p for p in ids["ac-7"]["params"]}
    assert params["ac-07_odp.01"]["values"] == ["three (3)"]
    assert "consecutive invalid logon attempts" in json.dumps(ids["ac-7"]["parts"])  # NIST's words


def test_the_baseline_resolves_to_what_is_in_scope(exported: tuple[Path, dict[str, Any]], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The agency's baseline: the profile (through it, NIST's catalog), the requirements and the MOU."""
    out, documents = exported
    work = _workdir(tmp_path)
    for name in MODELS:
        shutil.copy(out / name, work / name)
    stub = work / "nist.json"
    stub.write_text(json.dumps(nist_stub(documents["pub1075-catalog.json"], documents["pub1075-profile.json"])),
                    encoding="utf-8")
    write_profile_against(documents["pub1075-profile.json"], stub, work, "pub1075-profile.json")
    monkeypatch.chdir(work)  # the baseline names its imports by relative paths
    resolved = _resolve(work, work / "baseline-profile.json")
    ids = [c["id"] for c in controls(resolved["catalog"])]
    workspace = open_workspace(example_workspace(), load_catalogs(), bundled=True)
    in_scope = list(workspace.in_scope())
    assert len(ids) == len(in_scope)
    assert "mou-9.a.5" in ids and "p1075-2.b.2" in ids and "ac-2.3" in ids
