"""The OSCAL files of the example workspace, exported once per module; the NIST reference catalogs."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ssrgen.catalog import load_catalogs
from ssrgen.oscal.export import export_oscal
from ssrgen.paths import example_workspace
from ssrgen.workspace import open_workspace

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "tests" / "fixtures" / "oscal-schema"
# a fixed time, so the files of two exports can be compared byte for byte
MOMENT = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)
MODELS = {
    "pub1075-profile.json": "profile",
    "pub1075-catalog.json": "catalog",
    "pub1075-requirements-catalog.json": "catalog",
    "mou-catalog.json": "catalog",
    "baseline-profile.json": "profile",
    "ssp.json": "ssp",
    "poam.json": "poam",
}


def reference_dir() -> Path:
    """Where the NIST catalogs are: $SSRGEN_REFERENCE, else shared/reference beside the checkout."""
    return Path(os.environ.get("SSRGEN_REFERENCE", ROOT.parent / "shared" / "reference"))


def nist_catalogs() -> tuple[Path, Path]:
    """The NIST moderate and privacy resolved catalogs; skipped without them (they are never
    part of the repository; the stand-in catalog built from our own export is always there)."""
    folder = reference_dir()
    files = (folder / "nist-800-53r5-moderate-resolved-catalog.json",
             folder / "nist-800-53r5-privacy-resolved-catalog.json")
    if not all(f.is_file() for f in files):
        pytest.skip(f"the NIST reference catalogs are not in {folder} (set SSRGEN_REFERENCE)")
    return files


def controls(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every control of an OSCAL catalog (groups walked, enhancements included), in order."""
    for group in node.get("groups", []):
        yield from controls(group)
    for control in node.get("controls", []):
        yield control
        yield from controls(control)


def copy_example(target: Path, name: str = "freo") -> Path:
    shutil.copytree(example_workspace(name), target, ignore=shutil.ignore_patterns("out", "site"))
    return target


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The example exported once: (output folder, file name -> document)."""
    base = tmp_path_factory.mktemp("oscal")
    ws = copy_example(base / "freo")
    out = base / "out"
    export_oscal(open_workspace(ws, load_catalogs()), out, MOMENT)
    return out, {name: json.loads((out / name).read_text("utf-8")) for name in MODELS}
