"""ssrgen site build: the happy path, a workspace's own template, and bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from ssrgen.site.escape import block, cell, inline


def test_site_build_writes_the_site_and_replaces_its_own_previous_build(
    run: Callable[..., Result], example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "published"
    first = run("site", "build", "-w", str(example), "-o", str(out))
    assert first.exit_code == 0, first.output
    assert f"Wrote {out.resolve() / 'index.html'}" in first.output
    pages = sorted(p.relative_to(out) for p in out.rglob("*.html"))
    again = run("site", "build", "-w", str(example), "-o", str(out))
    assert again.exit_code == 0, again.output
    assert sorted(p.relative_to(out) for p in out.rglob("*.html")) == pages


def test_a_workspace_template_overrides_the_bundled_one(
    run: Callable[..., Result], example: Path, tmp_path: Path
) -> None:
    own = example / "templates" / "site"
    own.mkdir(parents=True)
    (own / "systems.md.j2").write_text("# Our systems\n\n{{ site.workspace.config.systems | length }} systems of {{ site.workspace.name | inline }}.\n",
                                       encoding="utf-8")
    result = run("site", "build", "-w", str(example), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "systems.html").read_text(encoding="utf-8")
    assert "2 systems of Federal Records Enforcement Office (fictional)." in page


def test_a_template_typo_names_the_template_and_line(
    run: Callable[..., Result], example: Path, tmp_path: Path
) -> None:
    own = example / "templates" / "site"
    own.mkdir(parents=True)
    (own / "calendar.md.j2").write_text("# Calendar\n\n{{ site.deadlinez }}\n", encoding="utf-8")
    result = run("site", "build", "-w", str(example), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "Error: the site template 'calendar.md.j2' uses an unknown name" in result.output
    assert "templates/site/calendar.md.j2:3" in result.output
    assert not (tmp_path / "out").exists()


def test_a_broken_link_in_a_template_stops_the_strict_build(
    run: Callable[..., Result], example: Path, tmp_path: Path
) -> None:
    own = example / "templates" / "site"
    own.mkdir(parents=True)
    (own / "systems.md.j2").write_text("# Systems\n\n[gone](nowhere.md)\n", encoding="utf-8")
    result = run("site", "build", "-w", str(example), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "Error: mkdocs could not build the site:" in result.output
    assert "nowhere.md" in result.output
    assert not (tmp_path / "out").exists()


def test_a_folder_ssrgen_did_not_build_is_never_replaced(
    run: Callable[..., Result], example: Path, tmp_path: Path
) -> None:
    target = tmp_path / "documents"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("site", "build", "-w", str(example), "-o", str(target))
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        "Error: the folder is not empty and was not written by 'ssrgen site build', in "
        f"{target.resolve()}. Give an empty or new folder with -o; ssrgen replaces only a site it built itself."
    )
    assert (target / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_escaping_keeps_words_and_drops_markup() -> None:
    import markdown

    html = markdown.markdown(block("# Title\n- item\n1. first\n=== \n<b>x</b> *y* [z](http://e.example) `c` a|b"),
                             extensions=["tables", "attr_list"])
    assert "<h1>" not in html and "<li>" not in html and "<ol>" not in html and "<b>" not in html
    assert "<em>" not in html and "<a " not in html and "<code>" not in html
    for words in ("# Title", "- item", "1. first", "&lt;b&gt;x&lt;/b&gt;", "*y*", "[z](http://e.example)", "`c`", "a|b"):
        assert words in html, words
    table = markdown.markdown(f"| a | b |\n|---|---|\n| {cell('x | y')} | {inline('AC-2(3)')} |", extensions=["tables"])
    assert "<td>x | y</td>" in table and "<td>AC-2(3)</td>" in table
    assert cell(None) == "&ndash;"


def test_a_served_site_holding_an_identifier_is_taken_down(tmp_path: Path) -> None:
    from ssrgen.site.builder import withdraw_if_fti

    site = tmp_path / "site"
    (site / "pub1075").mkdir(parents=True)
    (site / "index.html").write_text("<p>Dashboard</p>", encoding="utf-8")
    (site / "pub1075" / "ac-2.html").write_text("<p>Case of SSN 123-45-6789</p>", encoding="utf-8")
    withdraw_if_fti(site, [])
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["index.html"]
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "The site is not served: pub1075/ac-2.html:1 would hold an SSN-shaped number (***-**-6789)" in page
    assert "123-45-6789" not in page
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "index.html").write_text("<p>Call 202-555-0143</p>", encoding="utf-8")
    withdraw_if_fti(clean, [])
    assert (clean / "index.html").read_text(encoding="utf-8") == "<p>Call 202-555-0143</p>"
