"""IRS's values for NIST's organization-defined parameters (``controls/oscal/nist-parameters.yaml``).

The file is drawn from Pub 1075 §4 and NIST's catalogs by
``tools/extract_oscal_parameters.py`` (see its text for how each value is found);
the profile writes each value as a ``set-parameter``, the resolved catalog as the
parameter's value.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from ssrgen.errors import InputError
from ssrgen.paths import controls_dir
from ssrgen.yamlio import load_yaml, pydantic_problems

FILE = Path("oscal") / "nist-parameters.yaml"


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")

    param: str
    part: str
    value: str
    how: str
    selection: bool = False
    parameter: str | None = None


@dataclass(frozen=True)
class NistValue:
    """IRS's words for one NIST parameter of a control."""

    param: str  # NIST's parameter id: ac-07_odp.01
    part: str  # the statement item as Pub 1075 labels it: a, c.1, statement
    value: str  # IRS's words: three (3)
    how: str  # exact, review-policy, structured, aggregate
    selection: bool = False  # NIST's parameter is a choice among options
    parameter: str | None = None  # the catalog's structured parameter that states it


@cache
def nist_values(root: Path | None = None) -> dict[str, list[NistValue]]:
    """Control id (ours) -> IRS's values for its NIST parameters, in statement order."""
    path = (root or controls_dir()) / FILE
    if not path.exists():
        return {}
    doc = load_yaml(path, path.parents[2])
    out: dict[str, list[NistValue]] = {}
    if not isinstance(doc.data, dict):
        raise InputError("expected a mapping of control ids to parameter values", where=doc.where(),
                         fix="Regenerate it with tools/extract_oscal_parameters.py.")
    for control, rows in doc.data.items():
        values = []
        for index, row in enumerate(rows or []):
            try:
                checked = _Row.model_validate(row)
            except ValidationError as exc:
                problem = pydantic_problems(doc, exc, [control, index])[0]
                raise InputError(problem.what, where=problem.where,
                                 fix="Regenerate it with tools/extract_oscal_parameters.py.") from None
            values.append(NistValue(**checked.model_dump()))
        out[str(control)] = values
    return out
