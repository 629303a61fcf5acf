"""Titles ``evidence add`` makes from file names keep the words as the analyst wrote them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssrgen.evidence import add_evidence
from tests.workbook.helpers import TODAY, copy_mini, load


@pytest.mark.parametrize(("file_name", "title"), [
    ("RACF-setropts.txt", "RACF setropts"),
    ("LMS_training_report_2026.pdf", "LMS training report 2026"),
    ("iOS-MDM-profile.txt", "iOS MDM profile"),
    ("screen-lock--GPO export.txt", "Screen lock GPO export"),
    ("2026-SIEM-review.csv", "2026 SIEM review"),
])
def test_title_from_the_file_name(tmp_path: Path, file_name: str, title: str) -> None:
    root = copy_mini(tmp_path / "ws")
    path = root / "evidence" / "files" / file_name
    path.write_text("export\n")
    [item] = add_evidence(load(root), "AC-7", [path], today=TODAY)
    assert item.title == title
    assert title in (root / "evidence" / "register.yaml").read_text()
