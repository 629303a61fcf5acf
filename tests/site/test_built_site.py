"""The built site of the example: pages, links, notice, privacy, escaping, search."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from ssrgen.site.builder import NOTICE_SHORT, SEARCH_SEPARATOR
from tests.site.conftest import example_yaml

SITE_PAGES = ["index.html", "obligations.html", "findings.html", "calendar.html", "systems.html",
              "pub1075/index.html", "pub1075/family-ac.html", "pub1075/ac-2.html",
              "pub1075-req/p1075-2-b-2.html", "mou/mou-9-a-5.html"]
TRACKERS = ("fonts.googleapis.com", "fonts.gstatic.com", "googletagmanager", "google-analytics")


class Links(HTMLParser):
    """Every link, resource reference and element id of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.metas: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "meta":
            self.metas.append(values)
        for name in ("href", "src"):
            if values.get(name):
                self.refs.append((tag, name, values[name] or ""))


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_pages_a_reviewer_opens_exist(injected_site: tuple[Path, Path]) -> None:
    _, site = injected_site
    for page in SITE_PAGES:
        assert (site / page).is_file(), page
    families = [p.stem for p in (Path(__file__).parents[2] / "controls" / "pub1075").glob("*.yaml")
                if p.name != "catalog.yaml"]
    for family in families:
        assert (site / "pub1075" / f"family-{family}.html").is_file(), family


def test_every_internal_link_resolves(injected_site: tuple[Path, Path]) -> None:
    _, site = injected_site
    parsed = {p: parse(p) for p in html_files(site)}
    broken = []
    for page, links in parsed.items():
        if page.name == "404.html":
            continue  # a web server's error page, with links from the server's root
        for _, _, value in links.refs:
            parts = urlsplit(value)
            if parts.scheme or value.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {value}")
            elif parts.fragment and target.suffix == ".html":
                ids = (parsed.get(target) or parse(target)).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)} -> {value} (no such anchor)")
    assert not broken, broken[:10]


def test_every_page_carries_the_notice_and_noindex(injected_site: tuple[Path, Path]) -> None:
    _, site = injected_site
    notice = NOTICE_SHORT.replace("'", "&#39;")
    for page in html_files(site):
        text = page.read_text(encoding="utf-8")
        assert notice in text, page
        assert "IRS official records" in text and "§9.F" in text, page
        robots = [m for m in parse(page).metas if m.get("name") == "robots"]
        assert robots and robots[0]["content"] == "noindex,nofollow", page


def test_nothing_is_fetched_from_another_host(injected_site: tuple[Path, Path]) -> None:
    workspace, site = injected_site
    for page in html_files(site):
        for tag, attribute, value in parse(page).refs:
            scheme = urlsplit(value).scheme
            assert scheme in ("", "data") and not value.startswith("//"), f"{page}: <{tag} {attribute}={value}>"
    for path in [*site.rglob("*.css"), *site.rglob("*.html"), *site.rglob("*.js")]:
        text = path.read_text(encoding="utf-8", errors="replace")
        for tracker in TRACKERS:
            assert tracker not in text, f"{path} names {tracker}"
    for path in site.rglob("*.css"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), path
        assert "@import" not in text, path
    # an address in any file of the site is one a person wrote (catalog, workspace or the guides
    # of the Help section), never the theme's
    repo = Path(__file__).parents[2]
    written = "".join(p.read_text(encoding="utf-8") for p in [*repo.joinpath("controls").rglob("*.yaml"), *workspace.rglob("*.yaml"), *repo.joinpath("docs").glob("*.md")])
    files = [p for p in site.rglob("*") if p.suffix in (".html", ".css", ".js", ".json", ".xml", ".svg")]
    assert any(p.suffix == ".js" for p in files) and any(p.suffix == ".css" for p in files)
    for path in files:
        for url in re.findall(r"(?i)https?://[^\s\"'`<>)\\]+", path.read_text(encoding="utf-8", errors="replace")):
            if url.startswith("http://www.w3.org/"):
                continue  # an XML namespace name (SVG icons), not a request
            assert url.rstrip(".,;") in written or url in written, f"{path}: {url}"
    assert not list(site.rglob("*.map")), "source maps are not shipped"
    assert not (site / "sitemap.xml").exists(), "a site not for public release has no sitemap"


def test_markup_from_the_workspace_shows_as_text(injected_site: tuple[Path, Path]) -> None:
    _, site = injected_site
    page = (site / "pub1075" / "ac-6.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "*not bold*" in page and "<em>not bold</em>" not in page
    assert "[not a link](javascript:alert(2))" in page and 'href="javascript' not in page
    assert "`tick`" in page and "<code>tick</code>" not in page
    assert "# not a heading" in page and "- not a list" in page
    for path in html_files(site):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, path
        # the agency's name, in the title of every page and in the header, shows as its words
        title = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
        assert title is not None and "&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in title.group(1), path
    # the inspection's page is in the navigation of every page under its facility's name, as words
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Denver Field Office&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in home
    for path in site.rglob("*"):
        if path.suffix in (".json", ".js", ".xml", ".css") and path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "<script>alert" not in text and "<img src=x" not in text, path


def tokens(text: str) -> set[str]:
    """The words lunr indexes, split with the site's separator as the theme does."""
    text = re.sub(r"<[^>]+>", " ", text)
    return {t.lower() for t in re.split(SEARCH_SEPARATOR, text) if t}


def test_the_search_index_finds_controls_by_id_and_words(injected_site: tuple[Path, Path]) -> None:
    workspace, site = injected_site
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == SEARCH_SEPARATOR
    docs = {d["location"]: d for d in index["docs"]}

    def found(query: str) -> list[str]:
        wanted = tokens(query)
        return [loc for loc, d in docs.items() if wanted <= tokens(d["title"] + " " + d["text"])]

    assert "pub1075/ac-2.html" in found("AC-2")
    assert "pub1075/ac-2.html#ac-2-3" in found("ac-2(3)")
    assert not any(loc.startswith("pub1075/ac-20") for loc in found("ac-2(3)"))
    assert "pub1075-req/p1075-2-b-2.html" in found("P1075-2.B.2")
    # words of the narrative, as the example's YAML has them
    answers, _ = example_yaml(workspace)
    narrative = answers["AC-2"]["narrative"]
    assert "semi-annual" in narrative
    assert any(loc.startswith("pub1075/ac-2.html") for loc in found("semi-annual privileged"))


def test_control_page_shows_status_and_evidence_from_the_workspace(injected_site: tuple[Path, Path]) -> None:
    workspace, site = injected_site
    answers, evidence = example_yaml(workspace)
    page = (site / "pub1075" / "ac-2.html").read_text(encoding="utf-8")
    assert f'data-status="{answers["AC-2"]["status"]}"' in page
    for system, answer in answers["AC-2"]["systems"].items():
        assert f'data-status="{answer["status"]}"' in page, system
    items = [e for e in evidence if e["control"] == "AC-2"]
    assert items
    for item in items:
        assert item["title"] in page
        assert str(item["effective"]) in page


def test_home_counts_match_the_workspace(injected_site: tuple[Path, Path]) -> None:
    workspace, site = injected_site
    answers, _ = example_yaml(workspace)
    home = (site / "index.html").read_text(encoding="utf-8")
    implemented = sum(1 for a in answers.values() if a.get("status") == "implemented")
    row = re.search(r'data-status="implemented">Implemented</span></td>\s*<td[^>]*>(\d+)</td>', home)
    assert row and int(row.group(1)) == implemented
    assert "<svg" in home and "ssr-chart-bar" in home
    findings = yaml.safe_load((workspace / "cap" / "findings.yaml").read_text(encoding="utf-8"))["findings"]
    critical_open = sum(1 for f in findings if f["criticality"] == "critical" and f.get("status", "open") != "closed")
    row = re.search(r'data-status="critical">[^<]+</span></td>\s*<td[^>]*>(\d+)</td>', home)
    assert row and int(row.group(1)) == critical_open


def test_obligations_page_rolls_up_the_implementing_entries(injected_site: tuple[Path, Path]) -> None:
    _, site = injected_site
    page = (site / "obligations.html").read_text(encoding="utf-8")
    assert 'id="mou-9-a-5"' in page and 'id="mou-8-a"' in page
    assert "Implementing entries rolled up" in page


@pytest.mark.parametrize("name", ["index.html", "pub1075/ac-2.html"])
def test_pages_are_read_only_html_without_inline_event_handlers(injected_site: tuple[Path, Path], name: str) -> None:
    _, site = injected_site
    # an attribute inside a tag (escaped text that reads "onerror=" is words, not an attribute)
    assert not re.search(r"<[a-zA-Z][^<>]*\son[a-z]+=", (site / name).read_text(encoding="utf-8"))
