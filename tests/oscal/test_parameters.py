"""controls/oscal/nist-parameters.yaml: IRS's values for NIST's parameters, as the extractor draws them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from ssrgen.catalog import Catalogs
from ssrgen.model.catalog import Entry, Part
from ssrgen.oscal.parameters import FILE, nist_values
from ssrgen.paths import controls_dir
from tests.oscal.conftest import ROOT, nist_catalogs


def test_every_value_belongs_to_a_control_and_reads_whole(catalogs: Catalogs) -> None:
    values = nist_values()
    assert sum(len(v) for v in values.values()) == 513 and len(values) == 173
    for control, rows in values.items():
        entry = catalogs.get(control).entry
        assert catalogs.get(control).catalog == "pub1075"
        names = {p.name for p in entry.parameters}
        params = [r.param for r in rows]
        assert len(params) == len(set(params)), control
        for row in rows:
            assert row.param.startswith(control.lower()[:2]), row
            assert row.value.strip() == row.value and row.value, row
            assert row.value.count("(") == row.value.count(")"), row  # no bracket cut off
            assert row.how in ("exact", "review-policy", "structured", "aggregate"), row
            assert row.parameter is None or row.parameter in names, row


def _pub_text(entry: Entry, part: str) -> str:
    """Pub 1075's text of a statement item ('statement', 'a', 'c.1'), spacing made plain."""
    if part == "statement":
        return " ".join((entry.text or "").split())
    parts: list[Part] = entry.parts
    found: Part | None = None
    for label in part.split("."):
        found = next(p for p in parts if p.label.strip("().") == label)
        parts = found.parts
    assert found is not None
    return " ".join(found.text.split())


def test_every_value_is_whole_words_of_the_pub1075_text_it_comes_from(catalogs: Catalogs) -> None:
    cut = []
    for control, rows in nist_values().items():
        entry = catalogs.get(control).entry
        for row in rows:
            text = _pub_text(entry, row.part)
            whole = re.compile(rf"(?<!\w){re.escape(row.value)}(?!\w)")
            if re.fullmatch(r"\w", row.value) or not whole.search(text):
                cut.append(f"{control} {row.param}: {row.value!r} in {text!r}")
    assert cut == []


def test_values_once_cut_mid_word_are_whole_or_left_to_irs_wording() -> None:
    values = {r.param: r.value for rows in nist_values().values() for r in rows}
    assert values["ra-05.05_odp.01"] == "all information system components"
    assert values["ra-05.05_odp.02"] == "selected vulnerability scanning activities"
    assert values["si-04_odp.03"] == "the output from system monitoring"
    assert values["sa-11_odp.03"] == "all post-design phases of the SDLC"
    # two NIST placeholders side by side leave nowhere sound to split IRS's words
    for param in ("si-04_odp.04", "cp-09_odp.01", "ir-08_odp.01", "cm-8.3_prm_1", "si-7.1_prm_1"):
        assert param not in values


def test_ac7_gets_irs_words_and_structured_values() -> None:
    rows = {r.param: r for r in nist_values()["AC-7"]}
    assert rows["ac-07_odp.01"].value == "three (3)" and rows["ac-07_odp.01"].parameter == "invalid_logon_attempts_limit"
    assert rows["ac-07_odp.02"].value == "120-minute period"
    assert rows["ac-07_odp.02"].parameter == "invalid_logon_attempt_window"


def test_the_file_is_the_extractors_output(tmp_path: Path) -> None:
    nist_catalogs()
    out = tmp_path / "nist-parameters.yaml"
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "extract_oscal_parameters.py"), "--nist-dir",
                           str(nist_catalogs()[0].parent), "--out", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "513 parameter values of 173 controls" in done.stdout
    assert out.read_text("utf-8") == (controls_dir() / FILE).read_text("utf-8")
