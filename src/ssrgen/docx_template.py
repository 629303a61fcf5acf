"""Word templates with Jinja tags (docxtpl), shared by the SSR and the CAP.

A template is an ordinary .docx an analyst can open and edit, with tags such as
``{{ agency.name }}`` and ``{%tr for c in family.controls %}`` typed into it.
:func:`render_docx` fills one with a context and writes the document
atomically; :func:`check_template` lists what is wrong with one (syntax errors,
variables the context lacks, tags Word has cut apart) without writing anything.

Jinja runs in the sandbox of :mod:`ssrgen.templating` (a template is content,
never code: one that reaches for Python's internals is refused before anything
of it runs), with ``StrictUndefined`` (a typo is an error, not a blank) and with
autoescaping, so user text containing ``<`` or ``&`` comes out as typed. Line
breaks in user text become Word line breaks; ``None`` prints as nothing.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from jinja2.sandbox import SecurityError
from lxml import etree
from markupsafe import Markup, escape

from ssrgen import templating
from ssrgen.errors import InputError, Problem

LINE_BREAK = Markup('</w:t><w:br/><w:t xml:space="preserve">')
# characters XML 1.0 forbids; a stray one from a copy-paste would corrupt the document
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TAG = re.compile(r"{{.*?}}|{%.*?%}", re.DOTALL)
_SMART_QUOTES = "\u201c\u201d\u2018\u2019"
_FIX_SYNTAX = (
    "Correct the tag in Word: tags are written {{ name }} and {% if ... %} ... {% endif %}; "
    "see 'ssrgen docs ssr-template'"
)


@dataclass(frozen=True)
class DocumentProperties:
    """Core properties (File > Info) of a written document."""

    title: str
    subject: str = ""
    author: str = ""
    keywords: str = ""


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        text = _XML_INVALID.sub("", value)
        if "\n" in text:
            return LINE_BREAK.join(escape(line) for line in text.replace("\r\n", "\n").split("\n"))
        return text
    return value


def environment() -> jinja2.Environment:
    """The Jinja environment every Word template is rendered with (sandboxed, strict)."""
    return templating.environment(autoescape=True, finalize=_finalize)


# ------------------------------------------------------------------ template parts

@dataclass(frozen=True)
class _Part:
    """One XML part of a template (body, a header, a footer) as Jinja will see it."""

    name: str
    source: str  # docxtpl-patched XML, one line per paragraph, as docxtpl renders it

    @property
    def lines(self) -> list[str]:
        return self.source.splitlines()


_NAMESPACE_DECLARATION = re.compile(r'\s+xmlns(?::([\w.-]+))?="([^"]*)"')


class _Template(DocxTemplate):
    """docxtpl, with the rendered body put in place in time that grows with its size.

    docxtpl moves the rendered body (a tree of its own) into the document with
    lxml's ``replace``, whose cost grows with the square of the number of
    elements (2 s for a report of 350,000 elements). Parsing the document once
    with the new body in it gives the same document in a fraction of that.
    """

    _HOLE = "ssrgen-rendered-body"

    def map_tree(self, tree: Any) -> None:
        document = self.docx
        if not (hasattr(document.part, "_element") and hasattr(document, "_Document__body")):
            # a python-docx that keeps its element elsewhere: docxtpl's own way, slower but right
            super().map_tree(tree)
            return
        root = document.element
        hole = etree.Comment(self._HOLE)
        root.replace(root.body, hole)
        before, found, after = etree.tostring(root, encoding="unicode").partition(f"<!--{self._HOLE}-->")
        if not found:  # pragma: no cover - the comment was just put there
            raise RuntimeError("the rendered body could not be put in place")
        body = etree.tostring(tree, encoding="unicode")
        start = body.index(">") + 1
        # the declarations lxml repeats on the body that the document makes already
        declared = root.nsmap

        def drop_repeated(match: re.Match[str]) -> str:
            return "" if declared.get(match.group(1)) == match.group(2) else match.group(0)

        body = _NAMESPACE_DECLARATION.sub(drop_repeated, body[:start]) + body[start:]
        new_root = parse_xml(before + body + after)
        document.part._element = new_root
        document._element = new_root
        document._Document__body = None  # the body proxy python-docx keeps


def _open(template: Path, shown: str) -> DocxTemplate:
    if not template.is_file():
        raise InputError("the template does not exist", where=shown,
                         fix="Check the path, or remove the option to use the bundled template.")
    if not zipfile.is_zipfile(template):
        raise InputError("the template is not a Word .docx file", where=shown,
                         fix="Save the template from Word as 'Word Document (*.docx)'.")
    tpl = _Template(str(template))
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise InputError(f"Word cannot read the template ({exc})", where=shown,
                         fix="Open it in Word and save it again as a .docx.") from exc
    return tpl


def _parts(tpl: DocxTemplate) -> Iterator[_Part]:
    def prepared(xml: str) -> str:
        # the same preparation docxtpl applies before rendering, so line numbers agree
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))

    yield _Part("body", prepared(tpl.xml_to_string(tpl.docx._element.body)))
    for uri, kind in ((tpl.HEADER_URI, "header"), (tpl.FOOTER_URI, "footer")):
        for _, part in tpl.get_headers_footers(uri):
            yield _Part(f"{kind} ({Path(str(part.partname)).name})", prepared(tpl.get_part_xml(part)))
    for part in tpl.docx.part.package.parts:
        if part.content_type.endswith("wordprocessingml.footnotes+xml"):
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            yield _Part("footnotes", prepared(blob))
    # docxtpl renders these document properties as templates too
    for name in ("author", "comments", "identifier", "language", "subject", "title"):
        value = getattr(tpl.docx.core_properties, name) or ""
        if "{" in value:
            yield _Part(f"document properties ({name})", value)


def _text(xml_line: str) -> str:
    return re.sub(r"<[^>]+>", "", xml_line).strip()


def _where(shown: str, part: _Part, lineno: int | None) -> str:
    """``ssr.docx (body, paragraph 12: "Agency: {{ agency.nam }}")``."""
    if lineno is None or not 1 <= lineno <= len(part.lines):
        return f"{shown} ({part.name})"
    text = _text(part.lines[lineno - 1])
    if len(text) > 70:
        text = text[:67] + "..."
    in_table = part.source.count("<w:tbl>", 0, _offset(part, lineno)) > part.source.count(
        "</w:tbl>", 0, _offset(part, lineno))
    place = ", in a table" if in_table else ""
    return f'{shown} ({part.name}, paragraph {max(lineno - 1, 1)}{place}: "{text}")'


def _screen(parts: list[_Part], shown: str, env: jinja2.Environment) -> list[Problem]:
    """Every use of what templates may not use, found in the parts' syntax trees
    before anything is rendered (see :mod:`ssrgen.templating`)."""
    problems = []
    for part in parts:
        try:
            env.parse(part.source)
        except templating.ForbiddenUse as exc:
            for use in exc.uses:
                problems.append(Problem(_where(shown, part, use.lineno),
                                        f"the template {shown} uses '{use.expression}', which templates may not use",
                                        templating.FIX))
        except jinja2.TemplateSyntaxError:
            continue  # reported as a syntax error by the caller
    return problems


def _offset(part: _Part, lineno: int) -> int:
    return sum(len(line) + 1 for line in part.lines[: lineno - 1])


def _locate(parts: list[_Part], name: str) -> tuple[_Part, int, str] | None:
    """The first paragraph with a tag that uses ``name`` (a variable or an
    attribute), and the expression it appears in (``agency.nmae``)."""
    word = re.compile(rf"(?<![\w.])[A-Za-z_][\w.]*\.{re.escape(name)}\b|(?<![\w.]){re.escape(name)}\b")
    for part in parts:
        for lineno, line in enumerate(part.lines, 1):
            for tag in _TAG.findall(_text_keep_tags(line)):
                found = word.search(tag)
                if found:
                    return part, lineno, found.group()
    return None


def _text_keep_tags(line: str) -> str:
    return re.sub(r"<[^>{}%]+>", "", line)


def _tag_error(message: str) -> str:
    """A syntax error in the words of the template, not of the engine behind it."""
    text = (message or "").rstrip(".")
    text = text.replace("Jinja was looking for the following tags", "The template expects one of these tags")
    text = re.sub(r"\bJinja\b", "the template", text)
    return f"template tag error: {text}"


def _syntax_fix(message: str) -> str:
    if any(q in message for q in _SMART_QUOTES):
        return ("Word turned straight quotes into curly ones inside the tag: retype them as straight "
                "quotes (turn off File > Options > Proofing > AutoCorrect > 'Straight quotes with smart "
                "quotes'), or use single quotes typed with AutoCorrect off")
    return _FIX_SYNTAX


def _undefined_name(message: str) -> str | None:
    found = re.search(r"has no attribute '([^']+)'", message) or re.search(r"'([^']+)' is undefined", message)
    return found.group(1) if found else None


# ------------------------------------------------------------------ checking

def check_template(path: Path, context: Mapping[str, Any], shown: str | None = None) -> list[Problem]:
    """Everything wrong with a Word template, each with where it is and how to fix it.

    Finds template tag errors, variables the context does not have (with the
    closest name that it does have), tags Word split so that docxtpl cannot
    mend them, and (when everything else is right) what fails when the template
    is filled with ``context``.
    """
    shown = shown or str(path)
    tpl = _open(path, shown)
    parts = list(_parts(tpl))
    env = environment()
    problems: list[Problem] = _screen(parts, shown, env)
    for part in parts:
        problems.extend(_broken_tags(shown, part))
        try:
            ast = env.parse(part.source)
        except templating.ForbiddenUse:
            continue  # listed above
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(_where(shown, part, exc.lineno), _tag_error(exc.message or ""),
                                    _syntax_fix(exc.message or "")))
            continue
        problems.extend(_unknown_variables(shown, part, ast, context))
    if problems:
        return problems
    try:
        render_bytes(path, context, shown=shown)
    except InputError as exc:
        problems.append(Problem(exc.where, exc.what, exc.fix))
    return problems


def _broken_tags(shown: str, part: _Part) -> list[Problem]:
    problems = []
    for lineno, line in enumerate(part.lines, 1):
        for tag in _TAG.findall(line):
            if "<" in tag:
                problems.append(Problem(
                    _where(shown, part, lineno),
                    f"the tag '{_text(tag)}' holds Word formatting that cannot be removed (a picture, "
                    "field, tab or a change of paragraph inside the tag)",
                    "Select the whole tag, clear its formatting (Ctrl+Space) and retype it in one go",
                ))
        text = _text(line)
        for broken in re.findall(r"{\s+[{%]|[%}]\s+}", text):
            problems.append(Problem(
                _where(shown, part, lineno),
                f"'{broken}' looks like a tag cut apart (a space between its braces)",
                "Write tags as {{ name }} or {% ... %}, with no space between the two braces",
            ))
    return problems


def _unknown_variables(
    shown: str, part: _Part, ast: nodes.Template, context: Mapping[str, Any]
) -> list[Problem]:
    problems = []
    known = sorted(context)
    for name in sorted(meta.find_undeclared_variables(ast)):
        if name in context or name in environment().globals:
            continue
        found = _locate([part], name)
        where = _where(shown, found[0], found[1]) if found else f"{shown} ({part.name})"
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        problems.append(Problem(where, f"unknown template variable '{name}'",
                                f"{hint}'ssrgen docs ssr-template' lists the variables a template can use"))
    problems.extend(_unknown_attributes(shown, part, ast, context))
    return problems


def _unknown_attributes(
    shown: str, part: _Part, ast: nodes.Template, context: Mapping[str, Any]
) -> list[Problem]:
    """``agency.nmae``: an attribute a top-level mapping of the context lacks."""
    problems = []
    for node in ast.find_all(nodes.Getattr):
        target = node.node
        if not isinstance(target, nodes.Name) or target.ctx != "load":
            continue
        value = context.get(target.name)
        if not isinstance(value, Mapping) or node.attr in value:
            continue
        close = difflib.get_close_matches(node.attr, [str(k) for k in value], n=1)
        hint = f"Did you mean '{target.name}.{close[0]}'? " if close else ""
        problems.append(Problem(
            _where(shown, part, node.lineno), f"unknown template variable '{target.name}.{node.attr}'",
            f"{hint}'ssrgen docs ssr-template' lists the variables a template can use",
        ))
    return problems


# ------------------------------------------------------------------ rendering

def render_bytes(template: Path, context: Mapping[str, Any], shown: str | None = None,
                 properties: DocumentProperties | None = None,
                 finish: Callable[[Any], None] | None = None) -> bytes:
    """The filled document as bytes; template mistakes raise :class:`InputError`.

    ``finish`` is given the filled python-docx document before it is saved (to add a part)."""
    shown = shown or str(template)
    tpl = _open(template, shown)
    env = environment()
    refused = _screen(list(_parts(tpl)), shown, env)
    if refused:
        first = refused[0]
        more = f" (and {len(refused) - 1} more use(s))" if len(refused) > 1 else ""
        raise InputError(first.what + more, where=first.where, fix=first.fix + ". Nothing was written")
    try:
        tpl.render(dict(context), env, autoescape=True)
    except SecurityError as exc:
        what, _ = templating.security_message(exc)
        raise _located(tpl, shown, exc, what.replace("the template", f"the template {shown}", 1),
                       templating.FIX + ". Nothing was written") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise _located(tpl, shown, exc, _tag_error(exc.message or ""), _syntax_fix(exc.message or "")) from exc
    except jinja2.UndefinedError as exc:
        name = _undefined_name(exc.message or "")
        what = f"unknown template variable '{name}'" if name else f"a template variable is undefined ({exc.message})"
        raise _located(tpl, shown, exc, what,
                       "Correct the spelling; 'ssrgen docs ssr-template' lists every variable a template can use",
                       name) from exc
    except jinja2.TemplateError as exc:
        raise _located(tpl, shown, exc, f"the template cannot be filled ({exc.message or exc})",
                       "Correct the tag named") from exc
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"filling the template produced a document Word could not open ({exc})", where=shown,
            fix="Check the {%p ...%}, {%tr ...%} and {%tc ...%} tags: each must sit alone in its own "
            "paragraph, table row or cell, with its end tag in a matching one",
        ) from exc
    except (TypeError, ValueError, LookupError, OverflowError, RecursionError, UnicodeError) as exc:
        # what a tag of the template does while filling it, not ssrgen: an include (a Word template
        # has no other templates to include), a range too large, a format of something else
        raise InputError(
            f"the template {shown} cannot be filled: one of its tags fails ({type(exc).__name__}: {exc})",
            where=shown, fix="Remove {% include %}, {% import %} and {% extends %} (a Word template stands alone), "
            "ranges of more than 100,000 items and format() calls; 'ssrgen docs ssr-template' lists what a "
            "template can use. Nothing was written",
        ) from exc
    if properties is not None:
        core = tpl.docx.core_properties
        core.title = properties.title
        core.subject = properties.subject
        core.author = properties.author
        core.keywords = properties.keywords
        core.comments = ""
        core.last_modified_by = properties.author
    if finish is not None:
        finish(tpl.docx)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def _located(tpl: DocxTemplate, shown: str, exc: jinja2.TemplateError, what: str, fix: str,
             name: str | None = None) -> InputError:
    """An :class:`InputError` naming the paragraph the failing tag is in."""
    tpl.docx = None  # the failed render left the document half-filled; read it afresh
    tpl.init_docx()
    parts = list(_parts(tpl))
    where = shown
    lineno = getattr(exc, "lineno", None)
    found = _locate(parts, name) if name else None
    if found is not None:
        where = _where(shown, found[0], found[1])
        what = what.replace(f"'{name}'", f"'{found[2]}'")
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        where = next((_where(shown, part, line) for part, line in _syntax_errors(parts)), shown)
    elif lineno is not None:
        where = _where(shown, parts[0], lineno)
    return InputError(what, where=where, fix=fix)


def _syntax_errors(parts: list[_Part]) -> Iterator[tuple[_Part, int | None]]:
    env = environment()
    for part in parts:
        try:
            env.parse(part.source)
        except jinja2.TemplateSyntaxError as exc:
            yield part, exc.lineno


