"""mkdocs hook of every site build: the theme renders in ssrgen's template sandbox.

The theme's templates (mkdocs-material's, and the workspace's override
``templates/site/main.html.jinja``) are rendered by mkdocs' own Jinja
environment; this hook turns it into the same sandbox as every other template
(:func:`ssrgen.templating.sandbox`) before mkdocs compiles any of them.
"""

from __future__ import annotations

from typing import Any

import jinja2

from ssrgen.templating import sandbox


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    return sandbox(env)
