"""Builders of the hostile inputs of cases/trust.yaml: FTI going out or coming in, templates
that try to run code, outputs aimed at the workspace, and inputs made to exhaust time or memory.

Each builder takes the fresh workspace copy ``ws`` and a scratch folder ``tmp`` (and the
case's ``with:`` values) and plants its input.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
import zlib
from email.message import EmailMessage
from pathlib import Path

import docx
import openpyxl

from ssrgen.catalog import load_catalogs
from ssrgen.ssr import write_ssr
from ssrgen.workbook.export import write_evidence_workbook
from ssrgen.workspace import open_workspace
from tests.cap.workbooks import EXAMPLE_ROWS, irs_workbook

# the line of implementation/ac.yaml a narrative is planted on (AC-1's folded narrative)
NARRATIVE = "    the CISO, published on the intranet policy library and reviewed every three years or\n"
SSN = "123-45-6789"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ------------------------------------------------------------------ FTI going out

def narrative(ws: Path, tmp: Path, text: str) -> None:
    """A narrative that holds ``text`` (an identifier as people and word processors write it)."""
    _replace(ws / "implementation" / "ac.yaml", NARRATIVE, f"    the CISO (case notes: {text}), published on the "
             "intranet policy library and reviewed every three years or\n")


def evidence_title(ws: Path, tmp: Path) -> None:
    _replace(ws / "evidence" / "register.yaml", "  title: Access Control Policy ISP-AC v3.2\n",
             f"  title: Access Control Policy for SSN {SSN}\n")


def finding_title(ws: Path, tmp: Path) -> None:
    _replace(ws / "cap" / "findings.yaml",
             "    title: FTI transmitted to the transfer gateway without encryption in transit\n",
             f"    title: FTI of taxpayer {SSN} transmitted without encryption\n")


def incident(ws: Path, tmp: Path) -> None:
    _replace(ws / "registers" / "incidents.yaml", "    late: the supervisor waited for the internal review",
             f"    late (SSN {SSN}): the supervisor waited for the internal review")


def _template(path: Path, *paragraphs: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def template_static_ssn(ws: Path, tmp: Path) -> None:
    """The workspace's SSR template writes an SSN of its own."""
    _template(ws / "templates" / "ssr.docx", "Safeguard Security Report for {{ agency.name }}",
              f"Sample case: SSN {SSN}")


def template_assembled_ssn(ws: Path, tmp: Path) -> None:
    """A template that assembles an SSN from pieces, so no file holds it whole."""
    _template(tmp / "assembled.docx", "Report for {{ agency.name }}", "Reference {{ '987-65-' ~ '4321' }}")


def site_template_ssn(ws: Path, tmp: Path) -> None:
    folder = ws / "templates" / "site"
    folder.mkdir(parents=True, exist_ok=True)
    source = (Path(__file__).resolve().parents[2] / "templates" / "site" / "home.md.j2").read_text(encoding="utf-8")
    (folder / "home.md.j2").write_text(source + f"\nSample taxpayer SSN {SSN}\n", encoding="utf-8")


def cap_template_ssn(ws: Path, tmp: Path) -> None:
    _template(ws / "templates" / "cap.docx", "Corrective Action Plan for {{ agency.name }}", f"Example SSN {SSN}")


# ------------------------------------------------------------------ the package and its attachments

def _ssr(ws: Path) -> None:
    write_ssr(open_workspace(ws, load_catalogs()))


def _pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` (built by hand: a catalog, a page, a font, a content stream)."""
    stream = zlib.compress(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def attachment(ws: Path, tmp: Path, name: str) -> None:
    """The SSR written, and an attachment of the kind ``name`` says that holds an SSN."""
    _ssr(ws)
    folder = ws / "attachments"
    path = folder / name
    text = f"Case reviewed for taxpayer SSN {SSN}."
    suffix = path.suffix
    if suffix in (".txt", ".md"):
        path.write_text(f"Notes\n\n{text}\n", encoding="utf-8")
    elif suffix == ".csv":
        path.write_text(f"case,note\n1,{text}\n", encoding="utf-8")
    elif suffix == ".docx":
        _template(path, "Inspection notes", text)
    elif suffix == ".xlsx":
        book = openpyxl.Workbook()
        book.active["A1"] = "Notes"
        book.active["B3"] = text
        book.save(str(path))
    elif suffix == ".pdf":
        path.write_bytes(_pdf(text))
    else:
        raise AssertionError(name)


def attachment_disguised(ws: Path, tmp: Path, kind: str) -> None:
    """The SSR written, and an attachment whose SSN only shows as a reader sees the file."""
    _ssr(ws)
    folder = ws / "attachments"
    if kind == "word-no-break-hyphens":  # Word's own non-breaking hyphens, as elements between the digits
        path = folder / "memo.docx"
        _template(path, "Inspection notes", "Case 123-45-6789")
        with zipfile.ZipFile(path) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        parts["word/document.xml"] = parts["word/document.xml"].replace(
            b"123-45-6789", b"123</w:t></w:r><w:r><w:noBreakHyphen/><w:t>45</w:t></w:r><w:r><w:noBreakHyphen/>"
            b"<w:t>6789")
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
    elif kind == "excel-number-under-an-ssn-header":  # 123456789 as a number, shown 123-45-6789 by its format
        book = openpyxl.Workbook()
        book.active["A1"] = "SSN"
        book.active["A2"] = 123456789
        book.active["A2"].number_format = "000-00-0000"
        book.save(str(folder / "roster.xlsx"))
    elif kind == "rtf-escapes":
        (folder / "letter.rtf").write_text("{\\rtf1 Taxpayer 123\\_45\\_6789 called.}", encoding="utf-8")
    elif kind == "html-tags-in-the-number":
        (folder / "page.html").write_text("<p>Taxpayer 1<b>2</b>3-45-6789</p>", encoding="utf-8")
    elif kind == "base64-e-mail":
        message = EmailMessage()
        message["Subject"] = "Case"
        message.set_content(f"Taxpayer {SSN}", cte="base64")
        (folder / "mail.eml").write_bytes(bytes(message))
    elif kind == "ssn-in-the-file-name":
        (folder / f"case_SSN_{SSN}.txt").write_text("Nothing here.\n", encoding="utf-8")
    else:
        raise AssertionError(kind)


def attachment_unreadable(ws: Path, tmp: Path) -> None:
    _ssr(ws)
    (ws / "attachments" / "network-diagram.vsdx").write_bytes(b"\x00\x01binary drawing\xff" * 20)


def attachment_symlink_out(ws: Path, tmp: Path) -> None:
    _ssr(ws)
    os.symlink("/etc/passwd", ws / "attachments" / "passwd.txt")


def deliverable_edited(ws: Path, tmp: Path) -> None:
    """The SSR written by ssrgen, then changed by hand in out/."""
    _ssr(ws)
    [ssr] = (ws / "out").glob("SSR-*.docx")
    ssr.write_bytes(ssr.read_bytes() + b"\0")


# ------------------------------------------------------------------ FTI coming in

def evidence_workbook_cell(ws: Path, tmp: Path, sheet: str, header: str, text: str) -> None:
    """The evidence workbook exported, with ``text`` typed into the first row's ``header`` column."""
    path = write_evidence_workbook(open_workspace(ws, load_catalogs()), tmp / "wb.xlsx")
    book = openpyxl.load_workbook(path)
    page = book[sheet]
    column = next(c.column for c in page[1] if c.value == header)
    page.cell(2, column, text)
    book.save(path)


def cap_workbook(ws: Path, tmp: Path, title: str = "", formula: bool = False, stray: bool = False) -> None:
    rows = [dict(r) for r in EXAMPLE_ROWS]
    if title:
        rows[0]["Finding"] = title
    path = irs_workbook(tmp / "cap.xlsx", rows)
    if formula or stray:
        book = openpyxl.load_workbook(path)
        sheet = book["CAP"]
        if formula:
            sheet["D4"] = '=CONCATENATE("FTI ", "exposed")'
        if stray:
            sheet["A1048576"] = "a stray note at the bottom of the sheet"
        book.save(path)


# ------------------------------------------------------------------ templates that try to run code

PAYLOADS = {
    "cycler": "{{ cycler.__init__.__globals__.os.popen('touch CANARY').read() }}",
    "lipsum": "{{ lipsum.__globals__['os'].popen('touch CANARY').read() }}",
    "class": "{{ ''.__class__.__mro__[1] }}",
    "subclasses": "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{{ c.__name__ }}{% endfor %}",
    "attr": "{{ ''|attr('__class__') }}",
    # a method of an object the template is given: mkdocs' own unsandboxed environment, a path
    "get_env": "{{ config.theme.get_env().from_string(\"{{ cycler.__init__.__globals__.os.popen('touch CANARY')"
               ".read() }}\").render() }}",
    "path_write": "{{ site.workspace.root.parent.joinpath('tmp', 'CANARY').write_text('x') }}",
    "attribute_kwarg": "{{ [''] | map(attribute='__class__') | list }}",
    # what fails while rendering: another template, a range too large, a page that includes itself
    "include": "{% include 'other.docx' %}",
    "huge_range": "{% for i in range(10**9) %}{% endfor %}",
    "include_self": "{% include 'home.md.j2' %}",
}


def evil_docx(ws: Path, tmp: Path, payload: str, where: str = "tmp") -> None:
    target = tmp / "evil.docx" if where == "tmp" else ws / "templates" / where
    _template(target, "Report for {{ agency.name }}", PAYLOADS[payload])


def evil_docx_properties(ws: Path, tmp: Path) -> None:
    """The payload hides in the document's title (File > Info), which docxtpl renders too."""
    path = tmp / "evil.docx"
    document = docx.Document()
    document.add_paragraph("Report for {{ agency.name }}")
    document.core_properties.title = PAYLOADS["cycler"]
    document.save(str(path))


def evil_site_template(ws: Path, tmp: Path, name: str, payload: str = "") -> None:
    folder = ws / "templates" / "site"
    folder.mkdir(parents=True, exist_ok=True)
    if name == "main.html.jinja":
        text = '{% extends "base.html" %}\n{% block announce %}' + PAYLOADS[payload or "cycler"] + "{% endblock %}\n"
    else:
        text = "# Dashboard\n\n" + PAYLOADS[payload or "lipsum"] + "\n"
    (folder / name).write_text(text, encoding="utf-8")


def site_template_linked_out(ws: Path, tmp: Path) -> None:
    """A page template that includes a link to a file outside the templates (``/etc/passwd``)."""
    folder = ws / "templates" / "site"
    folder.mkdir(parents=True, exist_ok=True)
    secret = tmp / "secret.txt"
    secret.write_text("root:x:0:0:SECRET-LINE\n", encoding="utf-8")
    (folder / "x").symlink_to(secret)
    (folder / "home.md.j2").write_text('# Dashboard\n\n{% include "x" %}\n', encoding="utf-8")


# ------------------------------------------------------------------ bounded inputs

def alias_bomb(ws: Path, tmp: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    (ws / "registers" / "training.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def merge_key(ws: Path, tmp: Path) -> None:
    (ws / "registers" / "contractors.yaml").write_text(
        "- &base\n  name: Shred Co\n  fti_access: true\n- <<: *base\n  name: Shred Co 2\n", encoding="utf-8")


def duplicate_key(ws: Path, tmp: Path) -> None:
    path = ws / "implementation" / "ac.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "AC-1:\n  status: planned\n", encoding="utf-8")


def far_date(ws: Path, tmp: Path) -> None:
    _replace(ws / "registers" / "inspections.yaml", "  last_inspection: 2025-09-10\n", "  last_inspection: 9999-12-31\n")


def shared_cache(ws: Path, tmp: Path) -> None:
    """A parse cache folder anyone can write, and a register large enough to be cached."""
    folder = tmp / "shared-cache"
    folder.mkdir()
    folder.chmod(0o777)
    records = "".join(f"- person: Person {n} (Clerk)\n  fti_access: false\n" for n in range(1500))
    (ws / "registers" / "training.yaml").write_text(records, encoding="utf-8")


def anchors_from_an_old_version(ws: Path, tmp: Path) -> None:
    """An evidence item as an earlier ssrgen wrote it: one date anchored, the other an alias."""
    day = dt.date(2026, 1, 5).isoformat()
    path = ws / "evidence" / "register.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "- id: EV-900\n  control: AC-7\n  title: Lockout settings\n  kind: configuration\n"
        "  location: evidence/files/lockout-gpo-export.txt\n"
        f"  collected_on: &id001 {day}\n  effective: *id001\n"), encoding="utf-8")


def replaced(ws: Path, tmp: Path, path: str, old: str, new: str) -> None:
    """One text of a workspace file replaced by another (an impossible date, a date and time)."""
    _replace(ws / path, old, new)
