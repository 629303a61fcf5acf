"""Building the site: pages to Markdown, an mkdocs.yml of ours, mkdocs-material in
strict mode, and the result moved into place only when the whole build succeeded
and every file of it passed the FTI scan (:mod:`ssrgen.output`). mkdocs renders
the theme in the same sandbox as every other template (:mod:`ssrgen.templating`).

The Markdown sources live in a folder of their own (a temporary one for
``build``), never among the workspace's files. Nothing in the built site asks for
a resource from another host: no web fonts (``font: false``), no CDN, no analytics.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import SecurityError

from ssrgen import templating
from ssrgen.errors import DeliverableError, SsrgenError
from ssrgen.output import delivering
from ssrgen.paths import templates_dir
from ssrgen.scope import MOU_NOTICE, MOU_NOTICE_SHORT
from ssrgen.site import theme_hook
from ssrgen.site.data import SiteData
from ssrgen.site.pages import (
    TEMPLATE_FOLDER,
    Page,
    all_pages,
    environment,
    render,
    write_if_changed,
)
from ssrgen.site.seal import seal
from ssrgen.workspace import Workspace

MARKER = ".ssrgen-site"
DEFAULT_FOLDER = "site"
# MOU §9.F, quoted, for an agency the MOU binds (Pub 1075's Introduction for every other, see
# ssrgen.scope); the banner on every page says it briefly, the footer in full
NOTICE_SHORT = MOU_NOTICE_SHORT
NOTICE_QUOTE = MOU_NOTICE
# lunr splits words at these; a hyphen or parenthesis inside a word is kept, so
# ids (AC-2, ac-2(3), P1075-2.B.2) stay whole tokens in the index and the query
SEARCH_SEPARATOR = r"[\s,;:!?=\[\]\"'/|<>]+|\.(?!\S)|(?<![\w)])\(|\)(?![\w(])|(?<!\w)-|-(?!\w)"
# our files among the theme's: (template name, place in the site)
ASSETS = (("ssrgen.css", "assets/ssrgen.css"),
          ("search-worker.js", "assets/javascripts/workers/ssrgen-search-worker.js"),
          ("iframe-worker.js", "assets/javascripts/iframe-worker.js"))
# the theme loads these first on every page; the offline plugin would add the
# iframe-worker shim from a CDN unless one is already listed
POLYFILLS = ["assets/javascripts/iframe-worker.js"]
HOOK_FILE = "regenerate.py"


def site_config(workspace: Workspace, pages: list[Page], out_dir: Path, docs_dir: Path,
                overrides: Path) -> dict[str, Any]:
    """The mkdocs.yml of the site."""
    return {
        "site_name": f"{workspace.name}: safeguards compliance",
        "docs_dir": str(docs_dir),
        "site_dir": str(out_dir),
        "use_directory_urls": False,
        "strict": True,
        "theme": {
            "name": "material",
            "custom_dir": str(overrides),
            "font": False,
            "language": "en",
            "features": ["navigation.top", "search.highlight", "toc.follow"],
            "palette": {"scheme": "default", "primary": "indigo", "accent": "indigo"},
        },
        # offline: the search index also as search_index.js, read by a page opened from a file share
        "plugins": [{"search": {"separator": SEARCH_SEPARATOR}}, "offline"],
        # superfences: the guides of the Help section have code blocks inside lists
        "markdown_extensions": ["tables", "attr_list", {"toc": {"permalink": False}}, "pymdownx.superfences"],
        "extra_css": ["assets/ssrgen.css"],
        "extra": {
            "generator": False,
            "polyfills": POLYFILLS,
            "notice": workspace.scope.notice_short,
            "notice_quote": workspace.scope.notice,
            "agency": workspace.name,
        },
        "nav": navigation(pages),
        "not_in_nav": "*.md",
        "validation": {
            "nav": {"omitted_files": "info", "not_found": "warn", "absolute_links": "warn"},
            "links": {"not_found": "warn", "anchors": "warn", "absolute_links": "warn",
                      "unrecognized_links": "warn"},
        },
    }


def navigation(pages: list[Page]) -> list[Any]:
    """mkdocs' nav from the pages' places: sections in the order they first appear."""
    nav: list[Any] = []
    for page in pages:
        if page.nav is None:
            continue
        level = nav
        for section in page.nav[:-1]:
            found = next((item for item in level if isinstance(item, dict) and section in item
                          and isinstance(item[section], list)), None)
            if found is None:
                found = {section: []}
                level.append(found)
            level = found[section]
        level.append({page.nav[-1]: page.path})
    return nav


def generate(workspace: Workspace, source: Path, out_dir: Path, today: dt.date | None = None,
             hooks: list[Path] | None = None) -> Path:
    """Write the Markdown pages, theme override, stylesheet and mkdocs.yml into
    ``source``; returns the mkdocs.yml. Pages whose text did not change are not rewritten."""
    site = SiteData(workspace, today or dt.date.today())
    env = environment(workspace)
    pages = all_pages(site)
    docs = source / "docs"
    wanted = set()
    for page in pages:
        target = docs / page.path
        write_if_changed(target, render(env, page, site))
        wanted.add(target)
    for name, place in ASSETS:
        target = docs / place
        write_if_changed(target, _site_file(workspace, name).read_text(encoding="utf-8"))
        wanted.add(target)
    for stale in docs.rglob("*"):
        if stale.is_file() and stale not in wanted:
            stale.unlink()
    overrides = source / "overrides"
    write_if_changed(overrides / "main.html", _site_file(workspace, "main.html.jinja").read_text(encoding="utf-8"))
    config = source / "mkdocs.yml"
    settings = site_config(workspace, pages, out_dir, docs, overrides)
    # the theme renders in the template sandbox; serve's regeneration hook runs first
    settings["hooks"] = [*(str(h) for h in hooks or []), str(Path(theme_hook.__file__))]
    text = yaml.safe_dump(settings,
                          sort_keys=False, allow_unicode=True, width=1000)
    write_if_changed(config, text)
    return config


def _site_file(workspace: Workspace, name: str) -> Path:
    own = workspace.root / "templates" / TEMPLATE_FOLDER / name
    return own if own.is_file() else templates_dir() / TEMPLATE_FOLDER / name


def build_site(workspace: Workspace, out_dir: Path, today: dt.date | None = None) -> Path:
    """Build the site into ``out_dir``; the previous site there is replaced only
    when the new one is complete and scanned. Returns ``out_dir``."""
    out_dir = out_dir.resolve()
    _check_target(workspace, out_dir)
    with delivering(workspace) as delivery, \
            tempfile.TemporaryDirectory(prefix="ssrgen-site-src-") as src_name:
        fresh = delivery.folder(out_dir, kind="site")
        config = generate(workspace, Path(src_name), fresh, today)
        run_mkdocs(config)
        seal(fresh)
        (fresh / MARKER).write_text("Built by ssrgen site build; this folder is replaced on each build.\n",
                                    encoding="utf-8")
        delivery.scan_folder(out_dir)
    return out_dir


def _check_target(workspace: Workspace, out_dir: Path) -> None:
    root = workspace.root.resolve()
    if out_dir == root or root.is_relative_to(out_dir):
        raise DeliverableError("the site folder would replace the workspace", where=str(out_dir),
                               fix="Give a folder of its own with -o, e.g. -o site.")
    if out_dir.exists() and not out_dir.is_dir():
        raise DeliverableError("the site folder is a file", where=str(out_dir),
                               fix="Give a folder with -o, or remove the file.")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise DeliverableError(
            "the folder is not empty and was not written by 'ssrgen site build'", where=str(out_dir),
            fix="Give an empty or new folder with -o; ssrgen replaces only a site it built itself.",
        )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _quiet_mkdocs() -> Iterator[_Collect]:
    """mkdocs logs to 'mkdocs'; the library prints nothing, so collect its warnings."""
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.handlers, logger.propagate, _ = saved
        logger.setLevel(saved[2])


def load_mkdocs_config(config: Path, **overrides: Any) -> Any:
    from mkdocs.config import load_config

    return load_config(config_file=str(config), **overrides)


def run_mkdocs(config: Path) -> None:
    """mkdocs build in strict mode; any warning stops it with a clear error."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    with _quiet_mkdocs() as collected:
        try:
            build(load_mkdocs_config(config, strict=True))
        except SecurityError as exc:
            raise DeliverableError(
                f"the site's page template (templates/{TEMPLATE_FOLDER}/main.html.jinja) {templating.refusal(exc)}",
                where=f"templates/{TEMPLATE_FOLDER}/main.html.jinja" + (f":{exc.lineno}" if isinstance(exc, templating.ForbiddenUse) else ""),
                fix=templating.FIX + ". Nothing was written.",
            ) from exc
        except jinja2.TemplateError as exc:
            raise DeliverableError(
                f"the site's page template cannot be rendered ({exc})",
                where=f"templates/{TEMPLATE_FOLDER}/main.html.jinja",
                fix="Correct the template, or remove the workspace's copy so the bundled one is used.",
            ) from exc
        except (MkDocsException, OSError, SsrgenError) as exc:
            details = "; ".join(collected.messages[:5]) or str(exc)
            raise DeliverableError(
                f"mkdocs could not build the site: {details}",
                where=f"templates/{TEMPLATE_FOLDER}/",
                fix="If the workspace has its own site templates, check the links and Markdown they "
                "write; otherwise report this with 'ssrgen --debug site build'.",
            ) from exc


_HOOK = """# Regenerates the pages from the workspace before each rebuild of 'ssrgen site serve'.
import datetime as dt
import logging
from pathlib import Path

from ssrgen.errors import SsrgenError
from ssrgen.site.builder import regenerate


def on_pre_build(config):
    today = {today}
    try:
        regenerate(Path({root!r}), {bundled!r}, Path({source!r}), Path({site_dir!r}),
                   dt.date.fromisoformat(today) if today else None)
    except SsrgenError as exc:
        logging.getLogger("mkdocs").warning("the pages were not updated: %s", exc.message)


def on_post_build(config):
    from ssrgen.site.builder import withdraw_if_fti

    withdraw_if_fti(Path({site_dir!r}), {allowlist!r})
"""


def withdraw_if_fti(site_dir: Path, allowlist: list[str]) -> None:
    """``site serve``: scan what mkdocs just built, as ``site build`` does; a site with a number
    shaped like a taxpayer identifier is taken down (only a page saying why is served)."""
    from ssrgen.output import scan_bytes

    hits = [hit for path in sorted(site_dir.rglob("*")) if path.is_file()
            for hit in scan_bytes(path.relative_to(site_dir).as_posix(), path.read_bytes(), allowlist)]
    if not hits:
        return
    shutil.rmtree(site_dir)
    site_dir.mkdir()
    first = hits[0]
    message = (f"The site is not served: {first.where} would hold {first.match.describe()}"
               f"{f' (and {len(hits) - 1} more)' if len(hits) > 1 else ''}. Remove the identifier from the "
               "workspace or the template; the site is built again when a file changes.")
    (site_dir / "index.html").write_text(f"<!doctype html><title>Not served</title><p>{html.escape(message)}</p>\n",
                                         encoding="utf-8")
    logging.getLogger("mkdocs").error(message)


def regenerate(root: Path, bundled: bool, source: Path, site_dir: Path, today: dt.date | None) -> None:
    """Reload the workspace and rewrite the pages that changed (``site serve``)."""
    from ssrgen.catalog import load_catalogs
    from ssrgen.workspace import open_workspace

    workspace = open_workspace(root, load_catalogs(), bundled=bundled)
    generate(workspace, source, site_dir, today, hooks=[source / HOOK_FILE])


def serve_site(workspace: Workspace, port: int, today: dt.date | None = None,
               open_browser: bool = False) -> None:
    """Preview on http://127.0.0.1:PORT/ with live reload; pages are regenerated
    from the workspace when one of its files changes. Runs until interrupted."""
    from mkdocs.commands.serve import serve

    with tempfile.TemporaryDirectory(prefix="ssrgen-site-src-") as src_name, \
            tempfile.TemporaryDirectory(prefix="ssrgen-site-") as out_name:
        source = Path(src_name)
        site_dir = Path(out_name) / "site"
        hook = source / HOOK_FILE
        hook.write_text(_HOOK.format(root=str(workspace.root), bundled=workspace.bundled,
                                     source=str(source), site_dir=str(site_dir),
                                     allowlist=list(workspace.config.fti_allowlist),
                                     today=repr(today.isoformat() if today else None)), encoding="utf-8")
        config = generate(workspace, source, site_dir, today, hooks=[hook])
        with _quiet_mkdocs():
            logging.getLogger("mkdocs").propagate = True  # serve reports its address and rebuilds
            serve(str(config), dev_addr=f"127.0.0.1:{port}", livereload=True, open_in_browser=open_browser,
                  watch=[str(workspace.root)], strict=False)


def write_site(workspace: Workspace, out_dir: Path) -> list[Path]:
    """Build step of ``ssrgen build``: the site into ``out_dir/site``."""
    target = out_dir / DEFAULT_FOLDER
    build_site(workspace, target)
    return [target]  # as the user gave it, like the other deliverables' paths
