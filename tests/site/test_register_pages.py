"""The register pages of the site: in the navigation, records with their rule flags, text escaped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.site.conftest import INJECTION, build, copy_example

DANA = "Dana Whitfield (Special Agent)"
PAGES = ["training", "inspections", "contractors", "incidents", "notifications", "ai-use"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("registers")
    workspace = copy_example(root / "freo")
    incidents = workspace / "registers" / "incidents.yaml"
    text = incidents.read_text(encoding="utf-8")
    old = "    by an employee of another unit, who returned it unread within 20 minutes. Reported\n"
    assert old in text
    incidents.write_text(text.replace(old, f"    {INJECTION} Reported\n"), encoding="utf-8")
    training = workspace / "registers" / "training.yaml"
    text = training.read_text(encoding="utf-8")
    training.write_text(text.replace(f"- person: {DANA}", f"- person: {json.dumps(DANA + ' <b>x</b>')}"),
                        encoding="utf-8")
    return build(workspace, root / "site")


def html(site: Path, name: str) -> str:
    return (site / "registers" / f"{name}.html").read_text(encoding="utf-8")


def test_a_page_per_register_in_the_navigation(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    for name in PAGES:
        assert (site / "registers" / f"{name}.html").is_file()
        assert f'href="registers/{name}.html"' in home
    assert "Internal inspections" in home and "45-day notifications" in home


def test_records_are_shown_with_their_flags(site: Path) -> None:
    page = html(site, "training")
    assert "<td>Casey Nguyen (Safeguards Program Manager)</td>" in page
    row = page[page.index("Dana Whitfield"):]
    row = row[: row.index("</tr>")]
    assert "<td>2025-08-14</td>" in row
    assert '<span class="ssr-flag">the annual disclosure awareness training or confidentiality certification' in row
    assert "lapsed on 2026-08-14" in row
    casey = page[page.index("Casey Nguyen"):]
    assert casey[: casey.index("</tr>")].endswith("<td>OK</td>\n")
    inspections = html(site, "inspections")
    assert "FREO data center, Washington, DC" in inspections and "is overdue since 2026-06-03" in inspections
    incidents = html(site, "incidents")
    assert "<td>INC-2026-007</td>" in incidents and "the Office of Safeguards was not told" in incidents
    assert "has not been disclosed to the Office of Safeguards" in html(site, "ai-use")
    assert "Secure Data Transfer Gateway moved to a FedRAMP Moderate IaaS" in html(site, "notifications")
    assert "Northgate Secure Shredding Inc." in html(site, "contractors")


def test_register_text_is_escaped(site: Path) -> None:
    incidents = html(site, "incidents")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in incidents
    assert "<script>alert" not in incidents and 'href="javascript' not in incidents
    assert "<em>not bold</em>" not in incidents
    training = html(site, "training")
    assert "<b>x</b>" not in training
    assert training.count("&lt;b&gt;x&lt;/b&gt;") == 2  # the name, and the flag that names the person
