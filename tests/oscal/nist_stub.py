"""A stand-in for NIST's SP 800-53 Rev. 5 catalog, made from ssrgen's own export.

It has every control of Pub 1075 §4 with the ids, statements and parameters the
profile refers to, and nothing of ssrgen's: resolving the profile against it
must bring back every control, IRS's values and additions. The tests that use
the real NIST catalogs (shared/reference) cover only the controls of NIST's
moderate and privacy baselines, the only NIST files there are.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

OSCAL_PROPS = ("label", "sort-id")


def _stub_control(control: dict[str, Any], selections: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": control["id"], "class": control["class"].replace("-enhancement", ""),
                           "title": control["title"]}
    params = []
    for param in control.get("params", []):
        if "_irs." in param["id"]:
            continue  # IRS's own values: the profile adds them
        if param["id"] in selections:
            params.append({"id": param["id"], "select": {"how-many": "one-or-more", "choice": ["(NIST's options)"]}})
        else:
            params.append({"id": param["id"], "label": "organization-defined value"})
    if params:
        out["params"] = params
    out["props"] = [p for p in control.get("props", []) if p["name"] in OSCAL_PROPS and "ns" not in p]
    out["parts"] = [{"id": f"{control['id']}_smt", "name": "statement", "prose": "NIST's statement."}]
    if control.get("controls"):
        out["controls"] = [_stub_control(c, selections) for c in control["controls"]]
    return out


def nist_stub(catalog: dict[str, Any], profile: dict[str, Any]) -> dict[str, Any]:
    """A NIST-like catalog with the controls of ``catalog`` (ssrgen's pub1075-catalog.json)."""
    selections = {s["param-id"] for s in profile["profile"]["modify"]["set-parameters"] if "select" in s}
    stub = copy.deepcopy(catalog)
    body = stub["catalog"]
    body["uuid"] = "5f4e2c1a-3b6d-4e8f-9a0b-1c2d3e4f5a6b"
    body["metadata"] = {"title": "Stand-in for NIST SP 800-53 Rev. 5", "last-modified": "2026-01-01T00:00:00Z",
                        "version": "test", "oscal-version": "1.2.1"}
    body["groups"] = [{"id": g["id"], "class": "family", "title": g["title"],
                       "controls": [_stub_control(c, selections) for c in g["controls"]]} for g in body["groups"]]
    return stub


def write_profile_against(profile: dict[str, Any], catalog: Path, folder: Path, name: str = "profile.json") -> Path:
    """The profile, its import pointed at a local catalog file, written into ``folder``."""
    local = copy.deepcopy(profile)
    local["profile"]["imports"][0]["href"] = str(catalog)
    path = folder / name
    path.write_text(json.dumps(local), encoding="utf-8")
    return path
