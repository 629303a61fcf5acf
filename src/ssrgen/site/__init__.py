"""The compliance site: every control, obligation, piece of evidence and finding as
a browsable, searchable mkdocs-material site that works offline.

:func:`build_site` writes it, :func:`serve_site` previews it with live reload,
:func:`write_site` is the step of ``ssrgen build``. The pages are listed in
:func:`ssrgen.site.pages.page_kinds`.
"""

from ssrgen.site.builder import build_site, generate, serve_site, write_site
from ssrgen.site.pages import Page, PageKind, page_kinds

__all__ = ["Page", "PageKind", "build_site", "generate", "page_kinds", "serve_site", "write_site"]
