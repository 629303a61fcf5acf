"""A built site of the example workspace, shared by the tests of a module."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml

from ssrgen.catalog import load_catalogs
from ssrgen.paths import example_workspace
from ssrgen.site import build_site
from ssrgen.workspace import open_workspace

TODAY = dt.date(2026, 11, 2)
INJECTION = "<script>alert(1)</script> | *not bold* [not a link](javascript:alert(2)) `tick`"
AGENCY_INJECTION = "</title><script>alert(3)</script>"
TITLE_INJECTION = "\"><img src=x onerror=alert(4)><script>alert(5)</script>"


def copy_example(target: Path) -> Path:
    shutil.copytree(example_workspace(), target, ignore=shutil.ignore_patterns("out", "site", ".ssrgen"))
    return target


def inject(workspace: Path) -> None:
    """Put markup where the analyst writes: a narrative, a title, a note."""
    path = workspace / "implementation" / "ac.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  narrative: Role-based access limits investigators to the cases assigned to them; administrators use separate accounts.\n"
    assert old in text
    path.write_text(text.replace(old, f"  narrative: {json.dumps(INJECTION)}\n"
                                 "  notes: \"# not a heading\\n- not a list\"\n"), encoding="utf-8")
    # and where the theme prints a workspace text itself: the site's name (every title and header)
    # and the names and titles other pages and the navigation show
    for name, old, new in [
        ("ssrgen.yaml", "  name: Federal Records Enforcement Office (fictional)\n",
         f"  name: {json.dumps('Federal Records Enforcement Office (fictional)' + AGENCY_INJECTION)}\n"),
        ("cap/findings.yaml", "    title: FTI transmitted to the transfer gateway without encryption in transit\n",
         f"    title: {json.dumps('FTI transmitted to the transfer gateway' + TITLE_INJECTION)}\n"),
        ("registers/inspections.yaml", "- facility: FREO data center, Washington, DC\n",
         f"- facility: {json.dumps('FREO data center' + TITLE_INJECTION)}\n"),
        # an inspected facility: its name is the title of its page in the navigation
        ("registers/inspections.yaml", "- facility: Denver Field Office\n",
         f"- facility: {json.dumps('Denver Field Office' + AGENCY_INJECTION)}\n"),
        ("inspections/IIR-2026-01.yaml", "facility: Denver Field Office\n",
         f"facility: {json.dumps('Denver Field Office' + AGENCY_INJECTION)}\n"),
        ("evidence/register.yaml", "  title: Access Control Policy ISP-AC v3.2\n",
         f"  title: {json.dumps('Access Control Policy' + TITLE_INJECTION)}\n"),
    ]:
        target = workspace / name
        content = target.read_text(encoding="utf-8")
        assert old in content, (name, old)
        target.write_text(content.replace(old, new), encoding="utf-8")


def build(workspace: Path, out: Path) -> Path:
    ws = open_workspace(workspace, load_catalogs())
    return build_site(ws, out, TODAY)


def example_yaml(workspace: Path) -> tuple[dict, list[dict]]:
    """The example's answers and evidence, read straight from its YAML."""
    answers: dict = {}
    for path in sorted((workspace / "implementation").glob("*.yaml")):
        answers.update(yaml.safe_load(path.read_text(encoding="utf-8")))
    evidence: list[dict] = []
    for path in sorted((workspace / "evidence").glob("*.yaml")):
        evidence.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
    return answers, evidence


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(workspace, site) of the example with markup in its texts."""
    root = tmp_path_factory.mktemp("site")
    workspace = copy_example(root / "freo")
    inject(workspace)
    return workspace, build(workspace, root / "site")


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(workspace, site) of the example as it ships."""
    root = tmp_path_factory.mktemp("site")
    workspace = copy_example(root / "freo")
    return workspace, build(workspace, root / "site")
