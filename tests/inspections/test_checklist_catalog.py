"""controls/inspection-checklist.yaml: drawn from the catalogs, every citation resolving in
them, every quote found in the text it cites, and in step with its reviewed table."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from ssrgen.catalog import Catalogs
from ssrgen.inspections.checklist import checklist_catalog
from ssrgen.model.inspections import AREAS, FACILITY_KINDS
from ssrgen.paths import controls_dir
from tools.checklist_table import (
    ChecklistError,
    build_checklist,
    entry_texts,
    norm,
    read_table,
    runs,
)


def requirement_entries(catalogs: Catalogs) -> dict:
    return {e.id: e.entry for e in catalogs.by_id.values() if e.catalog == "pub1075-req"}


def test_the_five_areas_of_section_2_d_3_each_with_items() -> None:
    catalog = checklist_catalog()
    assert [a.id for a in catalog.areas] == list(AREAS)
    assert [a.title for a in catalog.areas] == ["Recordkeeping", "Secure storage", "Limited access", "Disposal",
                                                "Cybersecurity"]
    assert catalog.areas_quote == ("Required items to review during internal inspections include recordkeeping, "
                                   "secure storage, limited access, disposal, and cybersecurity.")
    counts = Counter(i.area for i in catalog.items)
    assert all(counts[area] >= 5 for area in AREAS), counts
    assert catalog.controls.kinds == ["headquarters", "computer-facility"]


def test_every_citation_resolves_and_every_quote_is_in_the_text_it_cites(catalogs: Catalogs) -> None:
    for item in checklist_catalog().items:
        entry = catalogs.find(item.cite)
        assert entry is not None and entry.catalog == "pub1075-req", item.id
        assert item.source == f"Pub 1075 Rev. 11-2021 §{item.cite.removeprefix('P1075-')}"
        assert item.id.startswith(item.cite.removeprefix("P1075-") + "-")
        text = norm(" ".join(entry_texts(entry.entry)))
        # the item's words, less what it adds in [brackets] and the list it quotes after its colon
        for run in runs(item.text):
            for piece in re.split(r"(?<=:) |; ", run):
                if piece.strip(" .;:"):
                    assert norm(piece.rstrip(".")) in text, (item.id, piece)
        assert set(item.kinds) <= set(FACILITY_KINDS) and item.look_at


def test_no_item_twice() -> None:
    items = checklist_catalog().items
    assert len({i.id for i in items}) == len(items)
    texts = Counter(i.text for i in items)
    assert [t for t, n in texts.items() if n > 1] == []


def test_the_catalog_is_what_the_reviewed_table_makes_of_the_catalog_text(catalogs: Catalogs) -> None:
    built = build_checklist(read_table(), requirement_entries(catalogs))
    written = yaml.safe_load((controls_dir() / "inspection-checklist.yaml").read_text(encoding="utf-8"))
    assert built == written, "run 'python tools/extract_requirements.py --reference ... --out controls'"


def test_a_mistyped_quote_stops_the_extractor(catalogs: Catalogs) -> None:
    table = copy.deepcopy(read_table())
    row = next(r for r in table["items"] if r["id"] == "2.B.3.1-g")
    row["quote"] = row["quote"].replace("each month", "each quarter")
    with pytest.raises(ChecklistError, match=r"item 2.B.3.1-g: 'Each restricted area access log must be closed out "
                                             r"at the end of each quarter"):
        build_checklist(table, requirement_entries(catalogs))


def test_a_requirement_the_table_forgets_stops_the_extractor(catalogs: Catalogs) -> None:
    table = copy.deepcopy(read_table())
    table["items"] = [r for r in table["items"] if r["id"] != "2.B.3.4-h"]
    with pytest.raises(ChecklistError, match=r"§2.B.3.4: no item quotes this requirement and not_checked does not "
                                             r"list it: 'An annual reconciliation must be done on all key records.'"):
        build_checklist(table, requirement_entries(catalogs))


def test_an_exclusion_without_its_sentence_stops_the_extractor(catalogs: Catalogs) -> None:
    table = copy.deepcopy(read_table())
    table["not_checked"].append({"section": "2.B.5", "starts": "Nothing like this", "why": "test"})
    with pytest.raises(ChecklistError, match=r"not_checked §2\.B\.5 'Nothing like this': no requirement sentence"):
        build_checklist(table, requirement_entries(catalogs))


def test_split_sentences_and_lists_read_alone() -> None:
    items = {i.id: i for i in checklist_catalog().items}
    # one sentence, two requirements: the number of entrances, and their controlled access
    assert items["2.B.3-e"].text == "The number of entrances must be kept to a minimum"
    assert items["2.B.3-f"].text.startswith("[Entrances to a restricted area] … must have controlled access")
    assert items["2.B.3.1-f"].text.endswith("Purpose of visit; Name and organization of person visited.")
    assert "Name and organization of the visitor;" in items["2.B.3.1-f"].text
    assert items["2.C.11.1-a"].authorities == ["IRC-6103(l)(10)", "IRC-6103(l)(6)", "IRC-6103(l)(8)"]
    assert items["2.C.3-e"].agency == "state" and items["2.C.3-j"].agency == "federal"


def test_the_extractor_writes_the_checklist_as_it_is(tmp_path: Path) -> None:
    """Run on the reference texts, tools/extract_requirements.py writes the checklist the tree holds."""
    reference = Path(os.environ.get("SSRGEN_REFERENCE", controls_dir().parents[1] / "shared" / "reference"))
    if not (reference / "pub1075-rev11-2021.txt").is_file():
        pytest.skip("the reference texts are not on this machine (set SSRGEN_REFERENCE)")
    script = controls_dir().parent / "tools" / "extract_requirements.py"
    done = subprocess.run([sys.executable, str(script), "--reference", str(reference), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "inspection checklist: 239 items" in done.stdout
    written = (tmp_path / "inspection-checklist.yaml").read_text(encoding="utf-8")
    assert written == (controls_dir() / "inspection-checklist.yaml").read_text(encoding="utf-8")
