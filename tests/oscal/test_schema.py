"""Every file 'ssrgen oscal export' writes validates against NIST's OSCAL 1.2.1 JSON schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.oscal.conftest import MODELS, SCHEMAS
from tests.oscal.schema import schema_errors


def test_the_vendored_schemas_are_nists_1_2_1() -> None:
    for model in ("catalog", "profile", "ssp", "poam"):
        schema = json.loads((SCHEMAS / f"oscal_{model}_schema.json").read_text("utf-8"))
        assert schema["$id"].startswith("http://csrc.nist.gov/ns/oscal/1.2.1/"), model


@pytest.mark.parametrize("name", list(MODELS))
def test_each_file_validates(exported: tuple[Path, dict[str, Any]], name: str) -> None:
    _, documents = exported
    assert schema_errors(MODELS[name], documents[name]) == []


@pytest.mark.parametrize(("name", "damage", "expected"), [
    # the validation can fail: each of these breaks one rule of the schema
    ("ssp.json", lambda d: d["system-security-plan"].pop("import-profile"), "'import-profile' is a required property"),
    ("ssp.json", lambda d: d["system-security-plan"]["control-implementation"]["implemented-requirements"][0]
     .update({"control-id": "not a token"}), "does not match"),
    ("poam.json", lambda d: d["plan-of-action-and-milestones"]["poam-items"][0].update({"uuid": "42"}), "does not match"),
    ("pub1075-profile.json", lambda d: d["profile"]["metadata"].update({"last-modified": "yesterday"}), "does not match"),
    ("pub1075-catalog.json", lambda d: d["catalog"]["groups"][0].update({"controls": []}), "is not valid under any"),
])
def test_a_damaged_file_does_not_validate(exported: tuple[Path, dict[str, Any]], name: str, damage: Any,
                                          expected: str) -> None:
    _, documents = exported
    document = copy.deepcopy(documents[name])
    damage(document)
    errors = schema_errors(MODELS[name], document)
    assert any(expected in e for e in errors), errors
