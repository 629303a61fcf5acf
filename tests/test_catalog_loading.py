"""Loading catalogs: every problem found at once, each with its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

from ssrgen.catalog import read_catalogs

FIXTURE = Path(__file__).parent / "fixtures" / "controls"


def copy_fixture(tmp_path: Path) -> Path:
    root = tmp_path / "controls"
    shutil.copytree(FIXTURE, root)
    return root


def test_fixture_loads_with_enhancements_and_default_cadence(tmp_path: Path) -> None:
    catalogs, problems = read_catalogs(copy_fixture(tmp_path))
    assert problems == []
    assert list(catalogs.by_id) == ["AC-1", "AC-2", "AC-2(3)", "AC-7", "MOU-9.A.5", "IRC-6103(i)(2)"]
    assert catalogs.get("ac-2 (3)").parent == "AC-2"
    assert catalogs.cadence("AC-1").value == 3
    assert catalogs.cadence("AC-2(3)").basis == "default"


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    ac = root / "pub1075" / "ac.yaml"
    text = ac.read_text()
    text = text.replace("  - id: AC-7\n", "  - id: AC-2\n")  # duplicate id
    ac.write_text(text)
    extra = root / "pub1075" / "at.yaml"
    extra.write_text(
        "catalog: pub1075\ngroup: AT\ntitle: Awareness and Training\nsource: s\nentries:\n"
        "  - id: AT-1\n    title: Policy\n    source: s\n    owner: me\n"
    )
    mou = root / "mou" / "s9.yaml"
    mou.write_text(mou.read_text().replace("related: [AC-2]", "related: [AC-99]"))
    auth = root / "authorities" / "authorities.yaml"
    auth.write_text("catalog: authorities\ngroup: IRC\n  title: [broken\n")

    _, problems = read_catalogs(root)
    messages = [str(p) for p in problems]
    lines = ac.read_text().splitlines()
    dup_line = lines.index("  - id: AC-2", lines.index("  - id: AC-2") + 1) + 1
    assert any(m.startswith("controls/authorities/authorities.yaml:3: the file is not valid YAML") for m in messages)
    assert "controls/pub1075/at.yaml:9: unknown field 'owner'. Remove it or correct its spelling" in "\n".join(messages)
    assert any(m.startswith(f"controls/pub1075/ac.yaml:{dup_line}: duplicate id 'AC-2'") for m in messages)
    assert any("'MOU-9.A.5' refers to 'AC-99', which no catalog defines" in m for m in messages)
