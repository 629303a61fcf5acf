"""mkdocs hook of every site build: the theme renders in ssrgen's template sandbox, and
every text of the workspace that the theme prints reaches it already escaped.

The theme's templates (mkdocs-material's, and the workspace's override
``templates/site/main.html.jinja``) are rendered by mkdocs' own Jinja
environment, without autoescaping: the theme prints the site's name, the
navigation's titles and each page's title as they are. This hook turns the
environment into the same sandbox as every other template
(:func:`ssrgen.templating.sandbox`) before mkdocs compiles any of them, and
hands the theme those texts as escaped markup (``markupsafe.Markup``), which
prints the same whether or not the theme escapes it again: an agency called
``Evil</title><script>`` shows as those words in every title, header and menu.
"""

from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup, escape

from ssrgen.templating import sandbox


def _escaped(text: Any) -> Any:
    if text is None or isinstance(text, Markup):
        return text
    return escape(str(text))


def on_config(config: Any) -> Any:
    config["site_name"] = _escaped(config["site_name"])
    return config


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    stack = list(nav.items)
    while stack:
        item = stack.pop()
        if getattr(item, "is_page", False):
            # a page's title given in the navigation (an inspection's facility) is the workspace's text;
            # one read later from the page's first heading is escaped by the page templates
            given = vars(item).get("title")
            if given is not None:
                item.title = _escaped(given)
        elif getattr(item, "title", None) is not None:
            item.title = _escaped(item.title)
        stack.extend(getattr(item, "children", None) or [])
    return nav


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    # a title from the navigation is escaped above; one from the page's first heading is the
    # heading's HTML, which the page templates escaped (ssrgen.site.escape): the theme may print both
    if page.title is not None and not isinstance(page.title, Markup):
        page.title = Markup(page.title)
    return context


def _striptags(value: Any) -> Markup:
    # Jinja's striptags also turns entities back into characters ('&lt;script&gt;' into '<script>'),
    # which the theme then prints unescaped in <title>: keep the text escaped
    return escape(Markup(str(value)).striptags())


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    env = sandbox(env)
    env.filters["striptags"] = _striptags
    return env
