"""The one Jinja environment every template is rendered in.

A template (``templates/ssr.docx``, ``templates/cap.docx``, ``templates/site/*``)
is content the agency edits and shares, never code. Every one is rendered in
Jinja's immutable sandbox with ``StrictUndefined`` (a typo is an error, not a
blank), and with no globals but ``range`` and the functions ssrgen documents.

Before any template is compiled, its syntax tree is read for what the sandbox
would refuse while rendering: an attribute or key that starts with ``_``
(``cycler.__init__``, ``''.__class__``, ``lipsum['__globals__']``), Python's
internal attributes (``mro``, frames, code objects), and the ``attr`` filter
with such a name. A template that uses one is refused as a whole, before
anything of it runs, with the expression and its line (:class:`ForbiddenUse`).
What only shows while rendering (a name built at run time) is stopped by the
sandbox itself and reported the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

# attributes the sandbox refuses on the objects that have them, refused here by name alone
_INTERNAL = frozenset({
    "mro", "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame", "cr_code", "cr_await", "ag_code", "ag_frame",
    "ag_await", "tb_frame", "tb_next", "f_globals", "f_locals", "f_builtins", "f_code", "f_back",
    "func_globals", "func_code", "func_closure", "im_class", "im_func", "im_self",
})
FIX = ("Remove it: a template may use only the variables, filters and tags listed in "
       "'ssrgen docs ssr-template' (Word templates) and 'ssrgen docs site' (site templates)")


@dataclass(frozen=True)
class Use:
    """One expression of a template that templates may not use, and its line."""

    expression: str
    lineno: int


class ForbiddenUse(SecurityError):
    """A template reaches (or tries to reach) Python's internals."""

    def __init__(self, uses: list[Use], name: str | None = None) -> None:
        self.uses = uses
        self.name = name
        self.lineno = uses[0].lineno if uses else None
        super().__init__(f"the template uses {describe(uses)}, which templates may not use")


def describe(uses: list[Use]) -> str:
    shown = ", ".join(f"'{u.expression}'" for u in uses[:3])
    return shown + (f" and {len(uses) - 3} more" if len(uses) > 3 else "")


def forbidden_uses(ast: nodes.Template) -> list[Use]:
    """Every expression of ``ast`` that reaches for a name templates may not use."""
    found: list[Use] = []
    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Test)):
        if isinstance(node, nodes.Getattr) and _forbidden(node.attr):
            found.append(Use(f"{_expression(node.node)}.{node.attr}", node.lineno))
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str) and _forbidden(node.arg.value):
            found.append(Use(f"{_expression(node.node)}[{node.arg.value!r}]", node.lineno))
        elif isinstance(node, (nodes.Filter, nodes.Test)) and node.name == "attr" and node.args:
            name = node.args[0]
            if not (isinstance(name, nodes.Const) and isinstance(name.value, str)) or _forbidden(name.value):
                shown = repr(name.value) if isinstance(name, nodes.Const) else _expression(name)
                target = _expression(node.node) if node.node is not None else "..."
                found.append(Use(f"{target}|attr({shown})", node.lineno))
    # ``a.__init__.__globals__`` is one use: keep the first forbidden step of each chain
    found.sort(key=lambda u: (u.lineno, len(u.expression)))
    kept: list[Use] = []
    for use in found:
        if not any(use.lineno == k.lineno and use.expression.startswith(k.expression) for k in kept):
            kept.append(use)
    return kept


def _forbidden(name: str) -> bool:
    return name.startswith("_") or name in _INTERNAL


def _expression(node: nodes.Node | None, depth: int = 0) -> str:
    """A short source-like text of an expression, for messages."""
    if node is None or depth > 6:
        return "..."
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_expression(node.node, depth + 1)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_expression(node.node, depth + 1)}[{_expression(node.arg, depth + 1)}]"
    if isinstance(node, nodes.Call):
        return f"{_expression(node.node, depth + 1)}(...)"
    if isinstance(node, nodes.Filter):
        return f"{_expression(node.node, depth + 1)}|{node.name}"
    return "..."


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox that refuses a forbidden template before compiling it."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        ast = super()._parse(source, name, filename)
        uses = forbidden_uses(ast)
        if uses:
            raise ForbiddenUse(uses, filename or name)
        return ast


def environment(**options: Any) -> TemplateEnvironment:
    """A sandboxed, strict environment with only ``range`` among the globals;
    ``options`` are Jinja's (loader, autoescape, finalize, ...)."""
    options.setdefault("undefined", jinja2.StrictUndefined)
    env = TemplateEnvironment(**options)
    safe_range = env.globals["range"]
    env.globals.clear()
    env.globals["range"] = safe_range
    return env


def sandbox(env: jinja2.Environment) -> jinja2.Environment:
    """Turn an environment made elsewhere (mkdocs' theme environment) into the same
    sandbox, keeping its loader, filters, globals and extensions (the theme uses
    Jinja's ``namespace``, harmless in the sandbox); its templates are compiled later."""
    if isinstance(env, TemplateEnvironment):
        return env
    env.__class__ = TemplateEnvironment
    env.sandboxed = True
    env.binop_table = TemplateEnvironment.default_binop_table.copy()  # type: ignore[attr-defined]
    env.unop_table = TemplateEnvironment.default_unop_table.copy()  # type: ignore[attr-defined]
    if env.cache is not None:
        env.cache.clear()  # nothing compiled before the change is used
    from jinja2.sandbox import safe_range

    env.globals["range"] = safe_range
    return env


def security_message(exc: SecurityError) -> tuple[str, list[Use]]:
    """What a template was refused for, in an analyst's words, and the uses found."""
    if isinstance(exc, ForbiddenUse):
        return str(exc), exc.uses
    return f"the template uses something templates may not use ({exc})", []

