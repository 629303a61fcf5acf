"""The register pages of the site: one page per register, each record with the
flags its rules raise (the words of ``ssrgen validate``) next to it.

Each register has its own template (``templates/site/register-<name>.md.j2``),
which gets ``records`` (the register's records), ``flags``
(:class:`ssrgen.registers.flags.RegisterFlags`) and ``flag_cell(index)`` (the
record's flags as one escaped table cell).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ssrgen.registers.flags import RegisterFlags, register_flags
from ssrgen.site import escape
from ssrgen.site.data import SiteData

if TYPE_CHECKING:
    from ssrgen.site.pages import Page

REGISTER_PAGES: tuple[tuple[str, str], ...] = (
    ("training", "Training"),
    ("inspections", "Internal inspections"),
    ("contractors", "Contractors"),
    ("incidents", "Incidents"),
    ("notifications", "45-day notifications"),
    ("ai_use", "AI use"),
    ("disclosures", "Disclosures"),
    ("poam", "POA&M"),
)
NAV = "Registers"


def register_path(register: str) -> str:
    return f"registers/{register.replace('_', '-')}.md"


def register_template(register: str) -> str:
    return f"register-{register.replace('_', '-')}.md.j2"


def flag_cell(flags: RegisterFlags) -> Callable[[int], str]:
    """``flag_cell(index)``: the flags of record ``index`` as one table cell ('OK' when none)."""

    def render(index: int) -> str:
        found = flags.of(index)
        if not found:
            return "OK"
        return "<br>".join(f'<span class="ssr-flag">{escape.inline(text)}</span>' for text in found)

    return render


def register_page_lister(register: str, title: str) -> Callable[[SiteData, str], Iterable[Page]]:
    """The page of one register (a function for a :class:`ssrgen.site.pages.PageKind`)."""

    def pages(site: SiteData, template: str) -> Iterable[Page]:
        from ssrgen.site.pages import Page  # pages.py lists these kinds

        flags = _flags(site)[register]
        return [Page(register_path(register), title, template, (NAV, title), {
            "records": getattr(site.workspace.registers, register),
            "flags": flags,
            "flag_cell": flag_cell(flags),
        })]

    return pages


_CACHE: dict[int, tuple[SiteData, dict[str, RegisterFlags]]] = {}


def _flags(site: SiteData) -> dict[str, RegisterFlags]:
    """The flags of every register, worked out once per site build."""
    cached = _CACHE.get(id(site))
    if cached is None or cached[0] is not site:
        _CACHE.clear()
        cached = _CACHE[id(site)] = (site, register_flags(site.workspace, site.today))
    return cached[1]
