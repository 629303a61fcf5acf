"""controls/oscal/nist-parameters.yaml: IRS's values for NIST's parameters, as the extractor draws them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ssrgen.catalog import Catalogs
from ssrgen.oscal.parameters import FILE, nist_values
from ssrgen.paths import controls_dir
from tests.oscal.conftest import ROOT, nist_catalogs


def test_every_value_belongs_to_a_control_and_reads_whole(catalogs: Catalogs) -> None:
    values = nist_values()
    assert sum(len(v) for v in values.values()) == 392 and len(values) == 170
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
            assert row.how in ("exact", "review-policy"), row
            assert row.parameter is None or row.parameter in names, row


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
    assert "392 parameter values of 170 controls" in done.stdout
    assert out.read_text("utf-8") == (controls_dir() / FILE).read_text("utf-8")
