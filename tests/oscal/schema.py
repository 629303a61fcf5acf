"""Validation against NIST's OSCAL JSON schemas (tests/fixtures/oscal-schema).

The schemas' patterns are ECMAScript regular expressions with Unicode classes
(``\\p{L}``) that Python's ``re`` does not know; ``pattern`` is checked with the
``regex`` module instead, the rest by jsonschema's Draft 7 validator.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import regex
from jsonschema import Draft7Validator, validators
from jsonschema.exceptions import ValidationError

from tests.oscal.conftest import SCHEMAS


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = validators.extend(Draft7Validator, {"pattern": _pattern})


@cache
def validator(model: str) -> Any:
    schema = json.loads((SCHEMAS / f"oscal_{model}_schema.json").read_text("utf-8"))
    return Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def schema_errors(model: str, document: dict[str, Any]) -> list[str]:
    """Every error of ``document`` against the model's schema, as 'path: message'."""
    return [f"{e.json_path}: {e.message[:200]}" for e in validator(model).iter_errors(document)]
