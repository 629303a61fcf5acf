"""``ssrgen oscal export``: what each file holds, stable UUIDs, identical reruns, the output door."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from ssrgen.catalog import load_catalogs
from ssrgen.errors import DeliverableError
from ssrgen.oscal.export import export_oscal, last_modified_of
from ssrgen.workspace import open_workspace
from tests.oscal.conftest import MODELS, MOMENT, controls, copy_example

Docs = tuple[Path, dict[str, Any]]


def _props(node: dict[str, Any]) -> set[tuple[str, str]]:
    return {(p["name"], p["value"]) for p in node.get("props", [])}


def _by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in controls(document["catalog"])}


# ------------------------------------------------------------------ the profile and catalogs

def test_the_profile_selects_every_control_of_pub1075_from_nist(exported: Docs) -> None:
    profile = exported[1]["pub1075-profile.json"]["profile"]
    assert profile["imports"][0]["href"].endswith("/nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog.json")
    ids = profile["imports"][0]["include-controls"][0]["with-ids"]
    assert len(ids) == len(set(ids)) == 376
    assert {"ac-2", "ac-2.3", "ac-23", "pm-1", "sr-6"} <= set(ids)
    assert profile["merge"] == {"as-is": True}


def test_the_profile_sets_irs_values(exported: Docs) -> None:
    settings = {s["param-id"]: s for s in exported[1]["pub1075-profile.json"]["profile"]["modify"]["set-parameters"]}
    assert settings["ac-07_odp.01"]["values"] == ["three (3)"]
    assert settings["ac-07_odp.02"]["values"] == ["120-minute period"]
    # IRS's structured value goes with its words
    assert ("irs-value", "3") in _props(settings["ac-07_odp.01"])
    assert ("irs-unit", "attempts") in _props(settings["ac-07_odp.01"])
    # a policy's review frequency, and NIST's selection narrowed to IRS's choice
    assert settings["ac-01_odp.05"]["values"] == ["every three (3) years"]
    assert settings["ac-01_odp.03"]["select"] == {"how-many": "one", "choice": ["An agency or organization-level"]}


def test_irs_values_pub1075_words_differently_are_set_on_nists_parameter(exported: Docs) -> None:
    profile = exported[1]["pub1075-profile.json"]["profile"]["modify"]
    settings = {s["param-id"]: s for s in profile["set-parameters"]}
    values = {param: setting["values"][0] for param, setting in settings.items() if "values" in setting}
    assert values["au-11_odp"] == "seven (7) years"
    assert ("irs-parameter", "audit_record_retention") in _props(settings["au-11_odp"])
    for control in ("pl", "ps", "pt", "ra"):  # "Policies every three (3) years"
        assert values[f"{control}-01_odp.05"] == "every three (3) years"
    assert values["ra-01_odp.07"] == "every three (3) years"  # Pub 1075 numbers RA-1's items f.1, f.2
    assert values["cp-02_odp.05"] == "at a minimum annually"
    assert values["ca-03_odp.03"] == "on an annual basis"
    assert values["ca-7_prm_5"] == values["ca-07_odp.05"] == values["ca-07_odp.07"] == "annually"
    assert values["at-02_odp.01"] == values["at-02_odp.02"] == "annually"
    assert values["si-03_odp.02"] == "weekly"
    assert values["si-04_odp.06"] == "at a minimum every two weeks"
    assert values["ra-03.01_odp.02"] == "every three (3) years"
    # IR-6 a (personnel to the agency's incident response) is "immediately upon discovery" in Pub 1075;
    # its 24 hours are b's (reporting to TIGTA and the IRS), for which NIST has no time period
    assert "ir-06_odp.01" not in values
    # set on NIST's parameter, a value is no longer added as one of IRS's own
    own = {p["id"] for a in profile["alters"] for add in a["adds"] for p in add.get("params", [])}
    assert "au-11_irs.audit_record_retention" not in own and "pl-1_irs.policy_review_frequency" not in own
    assert "ir-6_irs.incident_reporting_deadline" in own


def test_the_profile_alters_with_irs_additions(exported: Docs) -> None:
    alters = {a["control-id"]: a for a in exported[1]["pub1075-profile.json"]["profile"]["modify"]["alters"]}
    ac3 = alters["ac-3"]["adds"]
    into_statement = next(a for a in ac3 if a.get("by-id") == "ac-3_smt")
    assert into_statement["position"] == "ending"
    assert "agency-owned or authorized contractor systems" in into_statement["parts"][0]["prose"]
    assert into_statement["parts"][0]["class"] == "irs-defined"
    au2 = alters["au-2"]["adds"][0]
    assert ("pub1075-title", "Audit Events") in _props(au2) and ("nist-title", "Event Logging") in _props(au2)
    # IRS's values NIST has no parameter for are added as parameters
    ac2 = {p["id"]: p for p in alters["ac-2"]["adds"][0]["params"]}
    assert ac2["ac-2_irs.user_account_review_frequency"]["values"] == ["1 year"]  # singular for one
    assert "semi-annually for privileged accounts" in ac2["ac-2_irs.user_account_review_frequency"]["guidelines"][0][
        "prose"]


def test_the_catalog_keeps_pub1075s_words_and_flags(exported: Docs) -> None:
    catalog = _by_id(exported[1]["pub1075-catalog.json"])
    assert len(catalog) == 376
    ac7 = catalog["ac-7"]
    assert ac7["title"] == "Unsuccessful Logon Attempts"
    items = ac7["parts"][0]["parts"]
    assert items[0]["id"] == "ac-7_smt.a" and "three (3) consecutive invalid logon attempts" in items[0]["prose"]
    assert {"values": ["three (3)"]}.items() <= next(p for p in ac7["params"] if p["id"] == "ac-07_odp.01").items()
    au2 = catalog["au-2"]
    assert au2["title"] == "Audit Events" and ("nist-title", "Event Logging") in _props(au2)
    ac1 = catalog["ac-1"]
    assert ("review-cadence", "3 years") in _props(ac1)
    assert ("review-cadence", "1 year") in _props(catalog["au-11"])
    assert ("control-table", "information-technology") in _props(ac1)
    assert ("nist-baseline", "moderate") in _props(ac1) and ("nist-baseline", "privacy") in _props(ac1)
    assert ("nist-baseline", "none") in _props(catalog["ac-23"])
    assert catalog["ac-2.3"]["class"] == "SP800-53-enhancement"
    assert ("label", "AC-2(3)") in _props(catalog["ac-2.3"])
    assert any(p["name"] == "guidance" and p.get("class") == "pub1075" for p in catalog["ac-3"]["parts"])


def test_the_requirements_and_mou_catalogs_cite_their_sources(exported: Docs) -> None:
    requirements = _by_id(exported[1]["pub1075-requirements-catalog.json"])
    entry = requirements["p1075-2.a.2"]
    assert entry["title"] == "Logs of FTI (Electronic and Non-Electronic Receipts)"
    assert ("source", "Pub 1075 Rev. 11-2021 §2.A.2") in _props(entry)
    mou = _by_id(exported[1]["mou-catalog.json"])
    obligation = mou["mou-9.a.1"]
    assert ("source", "IRS-ICE MOU (April 2025) §9.A.1") in _props(obligation)
    assert {"href": "pub1075-requirements-catalog.json#p1075-2.a.1", "rel": "related"} in obligation["links"]
    assert ("related-authority", "IRC-6103(p)(4)") in _props(mou["mou-9.a"])


def test_a_state_agency_gets_no_mou_catalog(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "drcs", "state")
    result = export_oscal(open_workspace(ws, load_catalogs()), tmp_path / "out", MOMENT)
    names = sorted(p.name for p in result.written)
    assert "mou-catalog.json" not in names and "ssp.json" in names
    baseline = json.loads((tmp_path / "out" / "baseline-profile.json").read_text("utf-8"))
    assert [i["href"] for i in baseline["profile"]["imports"]] == ["pub1075-profile.json",
                                                                   "pub1075-requirements-catalog.json"]


# ------------------------------------------------------------------ the SSP

def _ssp(exported: Docs) -> dict[str, Any]:
    return exported[1]["ssp.json"]["system-security-plan"]


def test_the_ssp_describes_the_agency_and_its_systems(exported: Docs) -> None:
    ssp = _ssp(exported)
    parties = {p["name"]: p for p in ssp["metadata"]["parties"]}
    assert parties["Federal Records Enforcement Office (fictional)"]["short-name"] == "FREO-0001"
    assert parties["Casey Nguyen"]["email-addresses"] == ["safeguards@freo.example"]
    characteristics = ssp["system-characteristics"]
    assert ("fti-authority", "IRC § 6103(i)(2)") in _props(characteristics)
    assert "Case Tracking System (case-tracker): on-premises, FREO data center, Washington, DC; FTI: receive, " \
           "process, store; paper FTI too." in characteristics["authorization-boundary"]["description"]
    assert "FTI consists of federal tax returns" in characteristics["system-information"]["information-types"][0][
        "description"]
    components = {c["title"]: c for c in ssp["system-implementation"]["components"]}
    gateway = components["Secure Data Transfer Gateway"]
    assert {("system-id", "secure-transfer"), ("hosting", "cloud"), ("fti-function", "transmit"),
            ("technology", "TLS 1.3")} <= _props(gateway)
    assert sum(c["type"] == "this-system" for c in components.values()) == 1
    assert ssp["import-profile"] == {"href": "baseline-profile.json"}


def test_the_ssp_holds_each_answer(exported: Docs) -> None:
    ssp = _ssp(exported)
    components = {c["uuid"]: c for c in ssp["system-implementation"]["components"]}
    parties = {p["uuid"]: p["name"] for p in ssp["metadata"]["parties"]}
    requirements = {r["control-id"]: r for r in ssp["control-implementation"]["implemented-requirements"]}
    assert {"ac-2", "ac-2.3", "p1075-2.a", "mou-9.a.1"} <= set(requirements)
    ac2 = requirements["ac-2"]["statements"][0]
    assert ac2["statement-id"] == "ac-2_smt"
    answers = {components[b["component-uuid"]]["title"]: b for b in ac2["by-components"]}
    agency = answers["Federal Records Enforcement Office (fictional): FTI environment (agency-wide)"]
    assert agency["implementation-status"] == {"state": "partial"}
    assert agency["description"].startswith("Account types are defined in the IAM standard.")
    assert agency["remarks"] == "Privileged account review for the transfer gateway is scheduled for Q1."
    assert ("last-reviewed", "2026-03-02") in _props(agency)
    assert parties[agency["responsible-roles"][0]["party-uuids"][0]] == "Identity and Access Management Team"
    assert answers["Secure Data Transfer Gateway"]["implementation-status"] == {"state": "planned"}
    ac12 = requirements["ac-12"]["statements"][0]["by-components"][0]
    assert ac12["implementation-status"] == {"state": "not-implemented"}


def test_the_ssp_lists_evidence_with_its_hash(exported: Docs) -> None:
    ssp = _ssp(exported)
    resources = {r["uuid"]: r for r in ssp["back-matter"]["resources"]}
    sc8 = next(r for r in ssp["control-implementation"]["implemented-requirements"] if r["control-id"] == "sc-8")
    # the gateway has no answer of its own for SC-8: its evidence is the requirement's
    link = next(x for x in sc8["links"] if x["text"] == "Transfer gateway TLS configuration")
    resource = resources[link["href"].removeprefix("#")]
    assert link["rel"] == "evidence"
    # the export went to a folder beside the workspace: the link leads there from it
    out, _ = exported
    href = resource["rlinks"][0]["href"]
    assert href == "../freo/evidence/files/tls-configuration.txt"
    assert (out / href).resolve() == (out.parent / "freo" / "evidence" / "files" / "tls-configuration.txt").resolve()
    assert resource["rlinks"][0]["hashes"] == [
        {"algorithm": "SHA-256", "value": "d8c30d64d3dcd3a6b99109e1c9c64da2c351e5e5976bc9d39c4f662f4ab6ecdc"}]
    assert {("evidence-id", "EV-012"), ("kind", "configuration"), ("system-id", "secure-transfer")} <= _props(resource)


# ------------------------------------------------------------------ the POA&M

def test_the_poam_holds_the_cap_findings(exported: Docs) -> None:
    poam = exported[1]["poam.json"]["plan-of-action-and-milestones"]
    items = {next(v for n, v in _props(i) if n == "finding-number"): i for i in poam["poam-items"]}
    assert set(items) == {"H.1.1", "H.2.1", "H.2.3", "H.4.2", "H.5.1"} or "H.1.1" in items
    item = items["H.1.1"]
    assert item["title"] == "H.1.1: FTI transmitted to the transfer gateway without encryption in transit"
    assert {("criticality", "critical"), ("finding-status", "completed-pending-irs"), ("issue-code", "HSC8"),
            ("closure-evidence", "EV-012")} <= _props(item)
    risks = {r["uuid"]: r for r in poam["risks"]}
    risk = risks[item["related-risks"][0]["risk-uuid"]]
    assert risk["status"] == "remediating"
    assert risk["deadline"] == "2026-09-30T00:00:00Z"
    assert risk["characterizations"][0]["facets"][0]["value"] == "critical"
    remediation = next(r for r in risk["remediations"] if r["lifecycle"] == "completed")
    milestones = {t["title"]: t["timing"]["on-date"]["date"] for t in remediation["tasks"]}
    assert milestones == {"Mitigation plan sent to the Office of Safeguards": "2026-08-18T00:00:00Z",
                          "Planned completion": "2026-09-30T00:00:00Z", "Completed": "2026-09-26T00:00:00Z"}
    findings = {f["uuid"]: f for f in poam["findings"]}
    targets = [findings[r["finding-uuid"]]["target"] for r in item["related-findings"]]
    assert [t["target-id"] for t in targets] == ["sc-8_smt", "sc-13_smt"]
    assert {t["status"]["state"] for t in targets} == {"not-satisfied"}
    assert poam["import-ssp"] == {"href": "ssp.json"}


def test_the_poam_holds_the_agencys_own_findings_too(exported: Docs) -> None:
    poam = exported[1]["poam.json"]["plan-of-action-and-milestones"]
    items = {next(v for n, v in _props(i) if n == "finding-number"): i for i in poam["poam-items"]}
    item = items["IIR-2025-01-F2"]
    assert item["title"] == ("IIR-2025-01-F2: The weekly audit log review of the case tracking system was skipped in "
                             "3 of the last 8 weeks.")
    assert {("source", "internal-inspection"), ("inspection", "IIR-2025-01"), ("checklist-item", "AU-6"),
            ("finding-status", "in-progress"), ("responsible-office", "Infrastructure Operations")} <= _props(item)
    assert item["origins"][0]["actors"][0]["role-id"] == "assessor"
    risk = next(r for r in poam["risks"] if r["uuid"] == item["related-risks"][0]["risk-uuid"])
    assert (risk["status"], risk["deadline"]) == ("remediating", "2027-01-15T00:00:00Z")
    assert risk["remediations"][0]["lifecycle"] == "planned"
    findings = {f["uuid"]: f for f in poam["findings"]}
    [target] = [findings[r["finding-uuid"]]["target"] for r in item["related-findings"]]
    assert (target["target-id"], target["status"]["state"]) == ("au-6_smt", "not-satisfied")
    closed = items["IIR-2025-01-F1"]
    [closed_target] = [findings[r["finding-uuid"]]["target"] for r in closed["related-findings"]]
    assert closed_target["target-id"] == "p1075-2.b.3.4_smt" and closed_target["status"]["state"] == "satisfied"
    assert poam["metadata"]["title"].endswith("(IRS Safeguard review findings and internal inspection findings)")


# ------------------------------------------------------------------ identity, reruns, the door

def test_the_same_workspace_gives_the_same_files(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "freo")
    first = export_oscal(open_workspace(ws, load_catalogs()), tmp_path / "one")
    second = export_oscal(open_workspace(ws, load_catalogs()), tmp_path / "two")
    assert [p.name for p in first.written] == [p.name for p in second.written]
    for a, b in zip(first.written, second.written, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_uuids_are_stable_and_unique(exported: Docs, tmp_path: Path) -> None:
    _, documents = exported
    found: list[str] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            found.extend(v for k, v in node.items() if k == "uuid")
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for name in ("ssp.json", "poam.json"):
        found.clear()
        collect(documents[name])
        assert len(found) == len(set(found)) > 20, name
    # another export of another copy of the same workspace: the same UUIDs (and, the output
    # folder placed beside the copy as before, the same links to its evidence)
    ws = copy_example(tmp_path / "again" / "freo")
    export_oscal(open_workspace(ws, load_catalogs()), tmp_path / "again" / "out", MOMENT)
    again = json.loads((tmp_path / "again" / "out" / "ssp.json").read_text("utf-8"))
    assert again == documents["ssp.json"]


def test_last_modified_is_the_newest_change(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "freo")
    record = ws / "implementation" / "ac.yaml"
    later = dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=dt.UTC).timestamp()
    os.utime(record, (later, later))
    workspace = open_workspace(ws, load_catalogs())
    assert last_modified_of(workspace) == dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    export_oscal(workspace, tmp_path / "out")
    ssp = json.loads((tmp_path / "out" / "ssp.json").read_text("utf-8"))
    assert ssp["system-security-plan"]["metadata"]["last-modified"] == "2031-05-06T07:08:09Z"


def test_nothing_is_written_when_a_text_looks_like_fti(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "freo")
    workspace = open_workspace(ws, load_catalogs())
    workspace.implementation["AC-7"].narrative = "Locked out the account of 123-45-6789 as a test."
    out = tmp_path / "out"
    with pytest.raises(DeliverableError) as raised:
        export_oscal(workspace, out, MOMENT)
    assert "ssp.json" in raised.value.message and "Nothing was written" in raised.value.message
    assert not out.exists() or not any(out.iterdir())


def test_a_workspace_without_answers_or_findings_gets_the_profile_and_catalogs(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "freo")
    for path in (ws / "implementation").glob("*.yaml"):
        path.write_text("{}\n", encoding="utf-8")
    (ws / "cap" / "findings.yaml").write_text("reviews: []\nfindings: []\n", encoding="utf-8")
    (ws / "registers" / "poam.yaml").write_text("[]\n", encoding="utf-8")
    result = export_oscal(open_workspace(ws, load_catalogs()), tmp_path / "out", MOMENT)
    assert sorted(p.name for p in result.written) == sorted(set(MODELS) - {"ssp.json", "poam.json"})
    assert result.notes == ["no ssp.json: the workspace answers no control in scope yet",
                            "no poam.json: cap/findings.yaml and registers/poam.yaml hold no finding"]


def test_answers_outside_the_scope_are_left_out_and_said_so(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "drcs", "state")
    (ws / "implementation" / "mou.yaml").write_text("MOU-9.A.1:\n  status: implemented\n", encoding="utf-8")
    result = export_oscal(open_workspace(ws, load_catalogs()), tmp_path / "out", MOMENT)
    assert any(n.startswith("ssp.json leaves out 1 answer(s) outside the workspace's scope (MOU-9.A.1)")
               for n in result.notes), result.notes
    ssp = json.loads((tmp_path / "out" / "ssp.json").read_text("utf-8"))
    ids = {r["control-id"] for r in ssp["system-security-plan"]["control-implementation"]["implemented-requirements"]}
    assert "mou-9.a.1" not in ids


def test_files_the_workspace_no_longer_gives_leave_the_folder_and_its_manifest(tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "ws")
    out = tmp_path / "out"
    export_oscal(open_workspace(ws, load_catalogs()), out, MOMENT)
    assert (out / "poam.json").is_file() and (out / "ssp.json").is_file()
    # what ssrgen did not write as part of the set stays, listed in the manifest or not
    (out / "notes.txt").write_text("the agency's own notes\n", encoding="utf-8")
    manifest = json.loads((out / "ssrgen-manifest.json").read_text("utf-8"))
    manifest["files"]["SSR.docx"] = {"kind": "ssr", "sha256": "0" * 64, "size": 1, "written": "2026-11-02T09:30:00"}
    (out / "ssrgen-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (out / "SSR.docx").write_bytes(b"x")
    # every finding closed out of the records, every answer gone
    (ws / "cap" / "findings.yaml").unlink()
    (ws / "registers" / "poam.yaml").unlink()
    for path in (ws / "implementation").glob("*.yaml"):
        path.write_text("{}\n", encoding="utf-8")
    result = export_oscal(open_workspace(ws, load_catalogs()), out, MOMENT)
    assert "poam.json" not in {p.name for p in result.written}
    assert not (out / "poam.json").exists() and not (out / "ssp.json").exists()
    files = json.loads((out / "ssrgen-manifest.json").read_text("utf-8"))["files"]
    assert set(files) == {"pub1075-profile.json", "pub1075-catalog.json", "pub1075-requirements-catalog.json",
                          "mou-catalog.json", "baseline-profile.json", "SSR.docx"}
    assert (out / "notes.txt").read_text("utf-8") == "the agency's own notes\n" and (out / "SSR.docx").exists()


def test_a_quantity_of_one_reads_singular(exported: Docs) -> None:
    units = "minutes|hours|days|business days|calendar days|weeks|months|years|attempts|characters|digits|generations"
    plural = re.compile(rf"(?<![\d.,])1 ({units})\b")
    for name, document in exported[1].items():
        found = sorted(set(plural.findall(json.dumps(document))))
        assert found == [], name


def _evidence_rlink(out: Path, evidence_id: str) -> dict[str, Any]:
    ssp = json.loads((out / "ssp.json").read_text("utf-8"))["system-security-plan"]
    resource = next(r for r in ssp["back-matter"]["resources"] if ("evidence-id", evidence_id) in _props(r))
    rlink: dict[str, Any] = resource["rlinks"][0]
    return rlink


def test_evidence_links_lead_to_the_file_from_where_the_ssp_is(run: Any, tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "ws")
    # the registered hash left out: the export computes it
    register = ws / "evidence" / "register.yaml"
    register.write_text(register.read_text("utf-8").replace(
        "  sha256: d8c30d64d3dcd3a6b99109e1c9c64da2c351e5e5976bc9d39c4f662f4ab6ecdc\n", ""), encoding="utf-8")
    result = run("oscal", "export", "-w", str(ws))
    assert result.exit_code == 0, result.output
    out = ws / "out" / "oscal"
    rlink = _evidence_rlink(out, "EV-012")
    assert rlink["href"] == "../../evidence/files/tls-configuration.txt"
    assert (out / rlink["href"]).resolve() == (ws / "evidence" / "files" / "tls-configuration.txt").resolve()
    assert rlink["hashes"] == [
        {"algorithm": "SHA-256", "value": "d8c30d64d3dcd3a6b99109e1c9c64da2c351e5e5976bc9d39c4f662f4ab6ecdc"}]
    assert "changed since they were registered" not in result.output


def test_exporting_warns_of_evidence_changed_since_registered(run: Any, tmp_path: Path) -> None:
    ws = copy_example(tmp_path / "ws")
    with (ws / "evidence" / "files" / "tls-configuration.txt").open("a", encoding="utf-8") as handle:
        handle.write("ssl_protocols TLSv1;\n")
    result = run("oscal", "export", "-w", str(ws))
    assert result.exit_code == 0, result.output
    assert "Warning: evidence/: 1 evidence file(s) changed since they were registered (EV-012)" in result.output
    # the SSP keeps the hash the item was registered with
    assert _evidence_rlink(ws / "out" / "oscal", "EV-012")["hashes"][0]["value"] == (
        "d8c30d64d3dcd3a6b99109e1c9c64da2c351e5e5976bc9d39c4f662f4ab6ecdc")


def test_evidence_on_a_drive_no_relative_path_reaches_is_linked_by_its_file_uri(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ssrgen.oscal import ssp

    ws = copy_example(tmp_path / "ws")
    workspace = open_workspace(ws, load_catalogs())
    item = next(e for e in workspace.evidence if e.id == "EV-012")

    def other_drive(path: str, start: str) -> str:
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr(ssp.os.path, "relpath", other_drive)
    href = ssp.evidence_href(workspace, item, tmp_path / "elsewhere")
    assert href == (ws / "evidence" / "files" / "tls-configuration.txt").resolve().as_uri()
