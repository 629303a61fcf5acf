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

import datetime as dt
import decimal
import os
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
import jinja2.runtime
import jinja2.utils
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

# attributes the sandbox refuses on the objects that have them, refused here by name alone
_INTERNAL = frozenset({
    "mro", "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame", "cr_code", "cr_await", "ag_code", "ag_frame",
    "ag_await", "tb_frame", "tb_next", "f_globals", "f_locals", "f_builtins", "f_code", "f_back",
    "func_globals", "func_code", "func_closure", "im_class", "im_func", "im_self",
})
# the filters whose first argument names an attribute to read (``groupby('x')``)
_ATTRIBUTE_FILTERS = frozenset({"groupby", "selectattr", "rejectattr", "sum"})
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
        if isinstance(node, nodes.Filter):  # map(attribute='__class__'), groupby('__class__'), sort(...)
            names = [k.value for k in node.kwargs if k.key == "attribute"]
            if node.name in _ATTRIBUTE_FILTERS and node.args:
                names.append(node.args[0])
            for name in names:
                if isinstance(name, nodes.Const) and isinstance(name.value, str) \
                        and any(_forbidden(step) for step in name.value.split(".")):
                    target = _expression(node.node) if node.node is not None else "..."
                    found.append(Use(f"{target}|{node.name}(attribute={name.value!r})", node.lineno))
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


# the types whose own methods a template may call (``text.split()``, ``mapping.items()``)
_DATA_TYPES: tuple[type, ...] = (
    str, int, float, bool, list, tuple, dict, set, frozenset, dt.date, dt.time, dt.timedelta,
    decimal.Decimal, Markup, Mapping, jinja2.runtime.LoopContext, jinja2.utils.Cycler, jinja2.utils.Joiner,
    jinja2.utils.Namespace,
)
# the methods of ssrgen's own objects that templates are offered (see :func:`offer_methods`)
_OFFERED: set[Any] = set()
# where the data types' own methods are defined (``Mapping.get`` is in ``collections.abc``)
_DATA_MODULES = frozenset({"builtins", "collections.abc", "_collections_abc", "datetime", "decimal", "markupsafe"})
# what Jinja itself makes callable in a template: macros, blocks (``self.title()``), ``caller``
_TEMPLATE_CALLABLES: tuple[type, ...] = (jinja2.runtime.Macro, jinja2.runtime.BlockReference)


def offer_methods(kind: type, *names: str) -> None:
    """Let templates call the methods ``names`` of ``kind`` (every public method it
    defines when none are named): queries the documented template variables offer,
    such as ``site.status(id)``. Anything else of ssrgen's objects is not callable."""
    for name in names or [n for n in vars(kind) if not n.startswith("_")]:
        member = vars(kind)[name]
        if callable(member):
            _OFFERED.add(member)


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox that refuses a forbidden template before compiling it.

    Beyond the sandbox's own rules, a template may call only: the functions the
    environment and ssrgen's variables offer, the queries of :func:`offer_methods`, its macros and blocks, and the methods that plain
    data has (texts, numbers, lists, mappings, dates). A method of any other object it
    is given (a path's ``write_text``, mkdocs' ``config.theme.get_env``) is refused."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        ast = super()._parse(source, name, filename)
        uses = forbidden_uses(ast)
        if uses:
            raise ForbiddenUse(uses, filename or name)
        return ast

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, _TEMPLATE_CALLABLES):
            return True
        owner = getattr(obj, "__self__", None)
        if getattr(obj, "__func__", None) in _OFFERED:
            return True
        if owner is not None and not isinstance(owner, types.ModuleType):
            name = getattr(obj, "__name__", "")
            defining = next((k for k in type(owner).__mro__ if name in vars(k)), None)
            # the method must be the data type's own (a mapping's ``get``), not a subclass's (``Theme.get_env``)
            return defining is not None and defining is not object and (
                defining in _DATA_TYPES or defining.__module__ in _DATA_MODULES)
        if isinstance(obj, types.FunctionType) and (obj.__module__ or "").startswith("ssrgen."):
            return True  # a function ssrgen put in the template's variables (``flag_cell``)
        return any(obj is offered for offered in self.globals.values())

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if not __self.is_safe_callable(__obj):
            raise ForbiddenCall(_callable_name(__obj))
        return super().call(__context, __obj, *args, **kwargs)


class ForbiddenCall(SecurityError):
    """A template calls a method or function it is not offered (found while rendering)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"calls {name}, which templates may not call")


class LinkedOut(SecurityError):
    """A template file is a link to a file outside the template folders."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        super().__init__(f"reads {shown}, which is a link to a file outside the templates folder (replace the link "
                         "with the file itself)")


class FolderLoader(jinja2.FileSystemLoader):
    """Jinja's file loader that reads only files inside its folders: a template, or an
    ``{% include %}`` of one, that is a link to a file elsewhere (``/etc/passwd``) is refused."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        folders = [os.path.realpath(folder) for folder in self.searchpath]
        if not any(real.startswith(folder + os.sep) for folder in folders):
            raise LinkedOut(_shown_template(filename, self.searchpath))
        return source, filename, uptodate


def _shown_template(filename: str, folders: list[str]) -> str:
    for folder in folders:
        if filename.startswith(folder.rstrip(os.sep) + os.sep):
            parent = os.path.dirname(os.path.dirname(folder.rstrip(os.sep)))
            return os.path.relpath(filename, parent)
    return filename


def refusal(exc: SecurityError) -> str:
    """What the sandbox refused, in an analyst's words: "uses 'x', which templates may not use"."""
    if isinstance(exc, ForbiddenUse):
        return f"uses {describe(exc.uses)}, which templates may not use"
    if isinstance(exc, ForbiddenCall | LinkedOut):
        return str(exc)
    return f"uses something templates may not use ({exc})"


def _callable_name(obj: Any) -> str:
    """``PosixPath.write_text`` or ``get_env``: what a template tried to call, briefly."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", None) or type(obj).__name__
    if owner is not None and not isinstance(owner, types.ModuleType):
        return f"'{type(owner).__name__}.{name}'"
    return f"'{name}'"


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
    if type(env.loader) is jinja2.FileSystemLoader:
        env.loader = FolderLoader(env.loader.searchpath, env.loader.encoding, env.loader.followlinks)
    if env.cache is not None:
        env.cache.clear()  # nothing compiled before the change is used
    from jinja2.sandbox import safe_range

    env.globals["range"] = safe_range
    return env


def security_message(exc: SecurityError) -> tuple[str, list[Use]]:
    """What a template was refused for, in an analyst's words, and the uses found."""
    return f"the template {refusal(exc)}", exc.uses if isinstance(exc, ForbiddenUse) else []

