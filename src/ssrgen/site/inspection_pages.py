"""A page per internal inspection recorded (``inspections/<id>.md``), with what its
report holds (:func:`ssrgen.inspections.results.inspection_context`): the facility,
who inspected and how, the results by area, the findings of the POA&M and each
item's result. The register page of the inspections links to them, the POA&M page too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ssrgen.inspections.results import inspection_context
from ssrgen.site import escape
from ssrgen.site.data import SiteData

if TYPE_CHECKING:
    from ssrgen.site.pages import Page

NAV = "Internal inspections"


def inspection_path(ident: str) -> str:
    return f"inspections/{escape.slug(ident)}.md"


def inspection_pages(site: SiteData, template: str) -> Iterable[Page]:
    """One page per inspection, newest first in the navigation."""
    from ssrgen.site.pages import Page  # pages.py lists these kinds

    for inspection in reversed(site.workspace.inspections):
        context, _ = inspection_context(site.workspace, inspection, site.today)
        title = f"{inspection.id}: {inspection.facility}"
        yield Page(inspection_path(inspection.id), title, template, (NAV, title), context)
