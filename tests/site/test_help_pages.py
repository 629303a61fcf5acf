"""The guides of docs/ in the site under Help: a page each, their headings, links
between them that work from a file share, and no link the site cannot follow."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from ssrgen.site.help_pages import site_markdown
from tests.site.conftest import build, copy_example
from tests.site.test_built_site import parse

DOCS = Path(__file__).resolve().parents[2] / "docs"


def headings(markdown: str, level: int) -> list[str]:
    """The headings of a level, outside code blocks, as the page shows them (no backticks)."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if re.match(r"^\s*(```|~~~)", line):
            fenced = not fenced
        elif not fenced and line.startswith("#" * level + " "):
            found.append(line[level + 1:].strip().replace("`", ""))
    return found


def page_text(path: Path) -> str:
    """The visible text of a page, tags removed and spaces joined."""
    html = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return " ".join(html.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", '"').split())


@pytest.mark.parametrize("guide", sorted(p.name for p in DOCS.glob("*.md")))
def test_every_guide_is_a_help_page_with_its_headings(example_site: tuple[Path, Path], guide: str) -> None:
    _, site = example_site
    page = site / "help" / guide.replace(".md", ".html")
    assert page.is_file(), page
    markdown = (DOCS / guide).read_text(encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    [title] = headings(markdown, 1)
    assert re.search(rf"<h1 id=\"[^\"]+\">{re.escape(title)}</h1>", html.replace("&amp;", "&")), title
    text = page_text(page)
    for heading in headings(markdown, 2):
        assert heading in text, (guide, heading)
    # the navigation of every page offers the guide under Help
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="help/{guide.replace(".md", ".html")}"' in home
    assert re.search(r">\s*Help\s*<", home)


def test_links_between_guides_work_from_the_page(example_site: tuple[Path, Path]) -> None:
    _, site = example_site
    page = site / "help" / "evidence.html"
    links = [value for tag, _, value in parse(page).refs if tag == "a"]
    assert "workspace.html" in links and "registers.html" in links
    for value in links:
        parts = urlsplit(value)
        assert not parts.scheme, value  # the site links to no other host
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        assert target.is_file(), value


def test_links_the_site_cannot_follow_become_words() -> None:
    guides = {"cap.md", "workspace.md"}
    text = (
        "See [the CAP](cap.md#exporting) and [the README](../README.md), "
        "[docxtpl](https://docxtpl.readthedocs.io/), ![chart](../bench/chart.svg).\n"
        "In code: `[kept](../src/x.py)`.\n"
        "```markdown\n[also kept](../tools/make_ssr_template.py)\n```\n"
    )
    assert site_markdown(text, guides) == (
        "See [the CAP](cap.md#exporting) and the README, "
        "docxtpl (https://docxtpl.readthedocs.io/), chart.\n"
        "In code: `[kept](../src/x.py)`.\n"
        "```markdown\n[also kept](../tools/make_ssr_template.py)\n```\n"
    )


def test_a_guide_linking_outside_docs_still_builds_in_strict_mode(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "first.md").write_text(
        "# First guide\n\nRead [the second](second.md#details), [the README](../README.md) and "
        "[a tool](../tools/extract_pub1075.py).\n", encoding="utf-8")
    (docs / "second.md").write_text("# Second guide\n\n## Details\n\nBack to [the first](first.md).\n",
                                    encoding="utf-8")
    monkeypatch.setattr("ssrgen.docs.docs_dir", lambda: docs)
    monkeypatch.setattr("ssrgen.site.help_pages.docs_dir", lambda: docs)
    site = build(copy_example(tmp_path / "freo"), tmp_path / "site")
    first = site / "help" / "first.html"
    links = [value for tag, _, value in parse(first).refs if tag == "a"]
    assert "second.html#details" in links
    assert not any("README" in value or "tools" in value for value in links)
    assert ('Read <a href="second.html#details">the second</a>, the README and a tool.'
            in first.read_text(encoding="utf-8"))
    assert (site / "help" / "second.html").is_file()


def test_site_build_help_cites_pub_1075_for_the_notice(run) -> None:
    text = " ".join(run("site", "build", "--help").stdout.split())
    assert "IRS property (Pub 1075 Introduction; MOU §9.F for an agency the MOU binds)" in text
    assert "(MOU §9.F) and" not in text
