"""The example's site in a real browser (Debian's Chromium driven by Playwright):
no console error, no request to another host, search for AC-2 reaches its page,
and the page shows the status and evidence the workspace records."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.site.conftest import example_yaml

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = "Chromium is not installed at /usr/bin/chromium; install it with 'apt-get install -y chromium'"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (the browser tests must run in CI)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def served(example_site: tuple[Path, Path]) -> Iterator[str]:
    """The built site on a local web server at a free port."""
    _, site = example_site

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_reviewer_finds_ac2_and_sees_what_the_workspace_says(
    served: str, example_site: tuple[Path, Path], tmp_path: Path
) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    workspace, _ = example_site
    answers, evidence = example_yaml(workspace)
    hosts: set[str] = set()
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})

            def record(route, request) -> None:  # type: ignore[no-untyped-def]
                host = urlsplit(request.url).hostname or ""
                hosts.add(host)
                if host == "127.0.0.1":
                    route.continue_()
                else:
                    route.abort()

            page.route("**/*", record)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{served}/index.html")
            assert "IRS official record" in page.locator(".ssr-notice").first.inner_text()
            assert page.locator("svg.ssr-chart").count() >= 1

            page.locator("input.md-search__input").click()
            page.keyboard.type("AC-2")
            first = page.locator(".md-search-result__item a").first
            first.wait_for(timeout=15000)
            page.wait_for_function(
                "() => { const a = document.querySelector('.md-search-result__item a');"
                " return a && a.getAttribute('href').includes('ac-2.html'); }", timeout=15000)
            page.locator(".md-search-result__item a").first.click()
            page.wait_for_url("**/pub1075/ac-2.html*")
            assert page.locator("h1").first.inner_text().startswith("AC-2 Account Management")

            badge = page.locator("article .ssr-badge").first
            assert badge.get_attribute("data-status") == answers["AC-2"]["status"]
            evidence_table = page.locator("#evidence").locator("xpath=following::table[1]")
            text = evidence_table.inner_text()
            for item in (e for e in evidence if e["control"] == "AC-2"):
                assert item["title"] in text
                assert str(item["effective"]) in text
                assert item["kind"] in text
            page.screenshot(path=str(tmp_path / "ac-2.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "ac-2.png").stat().st_size > 0
    assert hosts == {"127.0.0.1"}, f"requests to other hosts: {sorted(hosts - {'127.0.0.1'})}"
    assert not errors, errors


def test_the_site_is_searchable_from_a_file_share(example_site: tuple[Path, Path], tmp_path: Path) -> None:
    """Opened as files (file://), as from a share: the search runs in the shipped
    iframe shim and reaches AC-2 from another control's page."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    _, site = example_site
    schemes: set[str] = set()
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda request: schemes.add(urlsplit(request.url).scheme))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((site / "pub1075" / "ac-6.html").as_uri())
            assert page.evaluate("location.protocol") == "file:"
            page.locator("input.md-search__input").click()
            page.keyboard.type("ac-2(3)")
            page.wait_for_function(
                "() => { const a = document.querySelector('.md-search-result__item a');"
                " return a && a.getAttribute('href').includes('ac-2.html'); }", timeout=15000)
            page.locator(".md-search-result__item a").first.click()
            page.wait_for_url("**/pub1075/ac-2.html*")
            assert page.locator("h1").first.inner_text().startswith("AC-2 Account Management")
            page.screenshot(path=str(tmp_path / "ac-2-file.png"))
        finally:
            browser.close()
    assert (tmp_path / "ac-2-file.png").stat().st_size > 0
    assert schemes <= {"file", "data", "about"}, f"requests beyond the files: {sorted(schemes)}"
    assert not errors, errors
