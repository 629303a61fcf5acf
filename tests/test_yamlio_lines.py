"""Lines from the table kept at parse time agree with lines from re-parsing the text."""

from __future__ import annotations

from pathlib import Path

from ssrgen.yamlio import YamlDocument, load_yaml

TEXT = """\
# a comment
reviews:
  - id: r1
    type: on-site
findings:
  - number: H.1.1
    controls: [SC-8, SC-13]
    review:
    history:
      - submitted: 2026-01-01
        status: open
  - number: "2"
    "1": numeric key
  - number: "3"
AC-2:
  systems:
    sys-1: {status: planned}
"""

LOCS: list[list[str | int]] = [
    [], ["reviews"], ["reviews", 0], ["reviews", 0, "type"], ["findings", 0, "controls", 1],
    ["findings", 0, "review"], ["findings", 0, "history", 0, "status"], ["findings", 1, "number"],
    ["findings", 1, 1], ["findings", 2, "number"], ["findings", 7], ["findings", 0, "nope", "deeper"],
    ["AC-2", "systems", "sys-1", "status"], ["AC-2", "systems", "sys-2"], ["reviews", "x"],
]


def test_every_location_matches_a_fresh_parse(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(TEXT, encoding="utf-8")
    doc = load_yaml(path, tmp_path)
    assert doc._lines is not None
    reparsed = YamlDocument(path=path, data=doc.data, text=TEXT, root=tmp_path)
    for loc in LOCS:
        assert doc.where(loc) == reparsed.where(loc), loc
    assert doc.where(["findings", 0, "history", 0, "status"]) == "f.yaml:11"
    assert doc.where(["findings", 0, "review"]) == "f.yaml:8"


def test_an_empty_file_is_line_one(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    doc = load_yaml(path, tmp_path)
    assert doc.data is None
    assert doc.where(["anything"]) == "empty.yaml:1"
