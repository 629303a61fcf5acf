"""The pages of the site: one Jinja template and one entry in :func:`page_kinds`
per kind of page. A kind lists its pages (path, title, place in the navigation,
template variables); rendering and writing are the same for every kind.

To add a page (a register, a report), write ``templates/site/<name>.md.j2`` and
add a :class:`PageKind` to :func:`page_kinds`; see docs/site.md.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError

from ssrgen import templating
from ssrgen.catalog import CatalogEntry, Catalogs
from ssrgen.errors import DeliverableError
from ssrgen.model.catalog import Entry, Part
from ssrgen.model.inspections import Inspection
from ssrgen.paths import templates_dir
from ssrgen.site import escape
from ssrgen.site.chart import share_chart
from ssrgen.site.data import ALL_STATUSES, STATUS_LABELS, Share, SiteData
from ssrgen.site.help_pages import help_pages
from ssrgen.site.inspection_pages import inspection_pages
from ssrgen.site.register_pages import REGISTER_PAGES, register_page_lister, register_template
from ssrgen.workspace import Workspace

TEMPLATE_FOLDER = "site"


@dataclass(frozen=True)
class Page:
    """One Markdown page: where it goes, its title, where the navigation shows it."""

    path: str  # relative to the docs folder, with '/' and ending in .md
    title: str
    template: str
    nav: tuple[str, ...] | None = None  # section titles; None: reached by links and search only
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PageKind:
    """A kind of page: its template and the function that lists its pages."""

    name: str
    template: str
    pages: Callable[[SiteData, str], Iterable[Page]]  # (site, template) -> pages


# ------------------------------------------------------------------ where pages are

def catalog_index(catalog: str) -> str:
    return f"{catalog}/index.md"


def family_page(catalog: str, family: str) -> str:
    return f"{catalog}/family-{escape.slug(family)}.md"


def entry_page(entry: CatalogEntry) -> str:
    """The page of a base entry; an enhancement is a section of its parent's page."""
    base = entry.parent or entry.id
    return f"{entry.catalog}/{escape.slug(base)}.md" + (f"#{escape.slug(entry.id)}" if entry.parent else "")


# ------------------------------------------------------------------ the kinds

def _single(path: str, title: str, nav: tuple[str, ...]) -> Callable[[SiteData, str], Iterable[Page]]:
    def pages(site: SiteData, template: str) -> Iterable[Page]:
        return [Page(path, title, template, nav)]
    return pages


def _obligations(site: SiteData, template: str) -> Iterable[Page]:
    """The MOU obligations page, for an agency the MOU binds."""
    if not site.scope.mou:
        return []
    return _single("obligations.md", "MOU obligations", ("MOU obligations",))(site, template)


def _catalog_pages(site: SiteData, template: str) -> Iterable[Page]:
    for catalog in site.catalogs:
        title = site.catalog_title(catalog)
        yield Page(catalog_index(catalog), title, template, (title, "Overview"), {"catalog": catalog})


def _family_pages(site: SiteData, template: str) -> Iterable[Page]:
    for catalog in site.catalogs:
        for family, family_title in site.families(catalog):
            if not site.in_family(catalog, family):
                continue
            yield Page(
                family_page(catalog, family), f"{family} {family_title}", template,
                (site.catalog_title(catalog), f"{family} {family_title}"),
                {"catalog": catalog, "family": family, "family_title": family_title},
            )


def _entry_pages(site: SiteData, template: str) -> Iterable[Page]:
    for entry in site.entries:
        if entry.parent:
            continue
        yield Page(entry_page(entry), f"{entry.id} {entry.title}", template, None, {"entry": entry})


def page_kinds() -> list[PageKind]:
    """Every kind of page, in the order the navigation lists them."""
    return [
        PageKind("home", "home.md.j2", _single("index.md", "Dashboard", ("Dashboard",))),
        PageKind("catalog", "catalog.md.j2", _catalog_pages),
        PageKind("family", "family.md.j2", _family_pages),
        PageKind("control", "control.md.j2", _entry_pages),
        PageKind("obligations", "obligations.md.j2", _obligations),
        PageKind("findings", "findings.md.j2", _single("findings.md", "Findings (CAP)", ("Findings (CAP)",))),
        PageKind("calendar", "calendar.md.j2", _single("calendar.md", "Calendar", ("Calendar",))),
        *(PageKind(f"register-{name}", register_template(name), register_page_lister(name, title))
          for name, title in REGISTER_PAGES),
        PageKind("inspection", "inspection.md.j2", inspection_pages),
        PageKind("systems", "systems.md.j2", _single("systems.md", "Systems", ("Systems",))),
        PageKind("help", "help.md.j2", help_pages),
    ]


def all_pages(site: SiteData) -> list[Page]:
    return [page for kind in page_kinds() for page in kind.pages(site, kind.template)]


# ------------------------------------------------------------------ rendering

# the queries the page templates may call (docs/site.md): the site's, and two of the records'
templating.offer_methods(SiteData)
templating.offer_methods(Catalogs, "entries")
templating.offer_methods(Inspection, "counts")


def environment(workspace: Workspace) -> jinja2.Environment:
    """Jinja for the page templates: the workspace's ``templates/site/`` first, then
    the bundled ones, in the sandbox every template renders in (:mod:`ssrgen.templating`);
    undefined names are errors. Output is Markdown, so escaping is explicit: every
    workspace text goes through ``inline``, ``cell`` or ``block``."""
    folders = [workspace.root / "templates" / TEMPLATE_FOLDER, templates_dir() / TEMPLATE_FOLDER]
    env = templating.environment(
        loader=templating.FolderLoader([str(f) for f in folders if f.is_dir()]),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update({
        "inline": escape.inline,
        "cell": escape.cell,
        "block": escape.block,
        "attr": escape.attribute,
        "slug": escape.slug,
        "label": lambda status: STATUS_LABELS.get(status, status),
    })
    env.globals.update({
        "badge": badge, "share_chart": chart, "link": link, "href": href,
        "catalog_shares": catalog_shares, "family_shares": family_shares,
        "entry_page": entry_page, "family_page": family_page, "catalog_index": catalog_index,
        "status_order": ALL_STATUSES, "statement_lines": statement_lines, "search_forms": search_forms,
    })
    return env


def badge(status: str) -> str:
    """The coloured status label (HTML; the status is one of ours, not user text)."""
    label = STATUS_LABELS.get(status, status)
    return f'<span class="ssr-badge ssr-badge--{escape.slug(status)}" data-status="{escape.attribute(status)}">{escape.attribute(label)}</span>'


@jinja2.pass_context
def href(context: jinja2.runtime.Context, target: str) -> str:
    """The relative link from the page being rendered to ``target`` (a docs path)."""
    here = posixpath.dirname(context["page"].path)
    path, _, anchor = target.partition("#")
    relative = posixpath.relpath(path, here or ".")
    return relative + (f"#{anchor}" if anchor else "")


@jinja2.pass_context
def link(context: jinja2.runtime.Context, entry_id: str, text: str | None = None) -> str:
    """A Markdown link to a catalog entry's page, or the id as text when it has none."""
    site: SiteData = context["site"]
    entry = site.entry(entry_id)
    label = escape.inline(text if text is not None else entry_id)
    if entry is None or not site.scope.includes(entry):  # no page outside the agency's scope
        return label
    return f"[{label}]({href(context, entry_page(entry))})"


def statement_lines(entry: Entry) -> list[tuple[int, str, str, bool]]:
    """(depth, label, text, IRS-defined) of every part of a statement, depth first."""
    lines: list[tuple[int, str, str, bool]] = []

    def walk(parts: list[Part], depth: int) -> None:
        for part in parts:
            label = part.label
            if not (label.startswith("(") or label == "•"):
                label += ":" if " " in label else "."
            lines.append((depth, label, part.text, part.irs_defined))
            walk(part.parts, depth + 1)

    walk(entry.parts, 0)
    return lines


def search_forms(entry_id: str) -> str:
    """The id as people type it, so the search finds it: AC-2(3) AC23 ac-2-3."""
    compact = "".join(c for c in entry_id if c.isalnum())
    return " ".join(dict.fromkeys([entry_id, compact, escape.slug(entry_id)]))


def catalog_shares(site: SiteData) -> list[Share]:
    """Share implemented per catalog in scope, each linked to the catalog's overview."""
    return [
        site.share(site.catalog_title(c), [e for e in site.entries if e.catalog == c], catalog_index(c))
        for c in site.catalogs
    ]


def family_shares(site: SiteData, catalog: str) -> list[Share]:
    """Share implemented per family of a catalog, each linked to the family's page."""
    return [
        site.share(f"{family} {title}", site.in_family(catalog, family), family_page(catalog, family))
        for family, title in site.families(catalog) if site.in_family(catalog, family)
    ]


@jinja2.pass_context
def chart(context: jinja2.runtime.Context, shares: list[Share], title: str) -> str:
    """The SVG bar chart, its links made relative to the page (raw HTML: .html, not .md)."""
    linked = [
        Share(s.label, s.done, s.applicable, _html(href(context, s.link)) if s.link else "") for s in shares
    ]
    return share_chart(linked, title)


def _html(link: str) -> str:
    path, _, anchor = link.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return path + (f"#{anchor}" if anchor else "")


def render(env: jinja2.Environment, page: Page, site: SiteData) -> str:
    """The Markdown of one page; a template mistake names the template and line."""
    try:
        template = env.get_template(page.template)
        return template.render(site=site, page=page, **page.context)
    except jinja2.TemplateNotFound as exc:
        raise DeliverableError(
            f"the site template '{exc.name}' is missing",
            where=f"templates/{TEMPLATE_FOLDER}/",
            fix="Restore it, or remove the workspace's copy so the bundled one is used.",
        ) from exc
    except templating.ForbiddenUse as exc:
        raise DeliverableError(
            f"the site template {_template_name(exc.name, page.template)} uses "
            f"{templating.describe(exc.uses)}, which templates may not use",
            where=f"{_template_name(exc.name, page.template)}:{exc.lineno}",
            fix=templating.FIX + ". Nothing was written.",
        ) from exc
    except SecurityError as exc:
        raise DeliverableError(
            f"the site template '{page.template}' {templating.refusal(exc)}",
            where=_template_line(exc, page.template),
            fix=templating.FIX + ". Nothing was written.",
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise DeliverableError(
            f"the site template has a syntax error: {exc.message}",
            where=f"{exc.filename or exc.name}:{exc.lineno}",
            fix="Correct the Jinja tag ({{ ... }} or {% ... %}) on that line.",
        ) from exc
    except jinja2.UndefinedError as exc:
        raise DeliverableError(
            f"the site template '{page.template}' uses an unknown name ({exc.message})",
            where=_template_line(exc, page.template),
            fix="Check the spelling against the variables listed by 'ssrgen docs site'.",
        ) from exc
    except UnicodeDecodeError as exc:
        raise DeliverableError(
            f"a site template is not UTF-8 text ({exc.reason} at byte {exc.start})",
            where=f"templates/{TEMPLATE_FOLDER}/ (while rendering {page.template})",
            fix="Save the template as UTF-8 text. Nothing was written.",
        ) from exc
    except (TypeError, ValueError, LookupError, OverflowError, RecursionError) as exc:
        # what a tag does while rendering: a template that includes itself, a range too large, ...
        raise DeliverableError(
            f"the site template '{page.template}' cannot be rendered: one of its tags fails "
            f"({type(exc).__name__}: {str(exc)[:200]})",
            where=_template_line(exc, page.template),
            fix="Check the template's includes (none may include itself), ranges (at most 100,000 items) and "
            "format() calls. Nothing was written.",
        ) from exc


def _template_name(filename: str | None, fallback: str) -> str:
    if not filename:
        return f"templates/{TEMPLATE_FOLDER}/{fallback}"
    path = Path(filename)
    return f"templates/{TEMPLATE_FOLDER}/{path.name}" if path.is_absolute() else filename


def _template_line(exc: BaseException, name: str) -> str:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"templates/{TEMPLATE_FOLDER}/{name}" + (f":{line}" if line else "")


def write_if_changed(path: Path, text: str) -> bool:
    """Write the page only when its text changed (mkdocs serve rebuilds less)."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
