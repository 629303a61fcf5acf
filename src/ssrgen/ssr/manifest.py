"""What ssrgen wrote into an SSR, kept inside the document for the next import.

Every SSR ssrgen writes carries a custom XML part (``customXml/itemN.xml``, the
place Word keeps document data of other programs, and keeps through editing
and saving) that records:

* the workspace and reporting period it was written for, and when;
* per control, a fingerprint of the answer written (status and narrative,
  agency-wide and per system), and per section with a text of the agency's own,
  a fingerprint of that text: on import, a value the document still holds as
  written is "unchanged in the document", and one changed in the document
  *and* in the workspace since is a conflict (the workspace's version stands);
* a fingerprint of each paragraph and table ssrgen generated under those
  sections (the introductions, the facts from the registers, the answers of
  other entries), so an import takes back only the agency's own words.

Fingerprints are the first 16 hex digits of a SHA-256 of the text with its
spacing normalised; the document holds no text of the workspace beyond what
it shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ssrgen.ssr.word import parse

NS = "urn:ssrgen:ssr-document:1"
ROOT = f"{{{NS}}}ssr"
ITEM_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
CUSTOM_XML_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
ITEM_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
ITEM_ID = "{6D1E1F0A-5C5B-4B8E-9E1A-55A7C0D0E101}"


def squeezed(text: str | None) -> str:
    """A text with its spacing normalised (line breaks, runs of spaces), as fingerprints see it."""
    return " ".join((text or "").split())


def text_hash(text: str | None) -> str:
    return hashlib.sha256(squeezed(text).encode("utf-8")).hexdigest()[:16]


def fingerprint(value: Any) -> str:
    """A fingerprint of plain data (texts compared with their spacing normalised)."""
    def plain(item: Any) -> Any:
        if isinstance(item, str):
            return squeezed(item) or None
        if isinstance(item, list | tuple):
            return [plain(i) for i in item]
        if isinstance(item, dict):
            return {str(k): plain(v) for k, v in sorted(item.items())}
        return item

    data = json.dumps(plain(value), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


@dataclass
class Manifest:
    workspace: str
    period: str
    written: str
    controls: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    generated: set[str] = field(default_factory=set)

    def is_generated(self, text: str) -> bool:
        return text_hash(text) in self.generated

    def to_xml(self) -> bytes:
        root = etree.Element(ROOT, nsmap={None: NS})
        root.set("workspace", self.workspace)
        root.set("period", self.period)
        root.set("written", self.written)
        for key, print_ in sorted(self.controls.items()):
            etree.SubElement(root, f"{{{NS}}}control", id=key, fingerprint=print_)
        for key, print_ in sorted(self.sections.items()):
            etree.SubElement(root, f"{{{NS}}}section", key=key, fingerprint=print_)
        for print_ in sorted(self.generated):
            etree.SubElement(root, f"{{{NS}}}generated", fingerprint=print_)
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def new_manifest(workspace: str, period: str, today: dt.date) -> Manifest:
    return Manifest(workspace, period, today.isoformat())


def read_manifest(parts: dict[str, bytes]) -> Manifest | None:
    """The manifest among a document's custom XML parts, or None (not written by ssrgen, or
    removed by the program that saved it)."""
    for name in sorted(parts):
        try:
            root = parse(parts[name])
        except etree.XMLSyntaxError:
            continue
        if root.tag != ROOT:
            continue
        manifest = Manifest(root.get("workspace", ""), root.get("period", ""), root.get("written", ""))
        for child in root:
            print_ = child.get("fingerprint")
            if not print_:
                continue
            if child.tag == f"{{{NS}}}control" and child.get("id"):
                manifest.controls[child.get("id")] = print_
            elif child.tag == f"{{{NS}}}section" and child.get("key"):
                manifest.sections[child.get("key")] = print_
            elif child.tag == f"{{{NS}}}generated":
                manifest.generated.add(print_)
        return manifest
    return None


def _item_props() -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="{ITEM_ID}" '
            f'xmlns:ds="{ITEM_PROPS_NS}"><ds:schemaRefs><ds:schemaRef ds:uri="{NS}"/></ds:schemaRefs>'
            "</ds:datastoreItem>").encode()


def attach(document: Any, manifest: Manifest) -> None:
    """Put the manifest into a python-docx document (replacing an earlier one)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    blob = manifest.to_xml()
    main = document.part
    for rel in list(main.rels.values()):
        if rel.reltype == CUSTOM_XML and not rel.is_external:
            part = rel.target_part
            try:
                root = parse(part.blob)
            except etree.XMLSyntaxError:
                continue
            if root.tag == ROOT:
                part._blob = blob
                return
    package = main.package
    item = Part(package.next_partname("/customXml/item%d.xml"), "application/xml", blob, package)
    props = Part(PackURI(item.partname.replace("/item", "/itemProps")), ITEM_PROPS_TYPE, _item_props(), package)
    item.relate_to(props, CUSTOM_XML_PROPS)
    main.relate_to(item, CUSTOM_XML)


def hashes(texts: Iterable[str]) -> set[str]:
    return {text_hash(t) for t in texts if squeezed(t)}


def manifest_of(ws: Any, body: Any, styles: Any, period: str, today: dt.date) -> Manifest:
    """The manifest of an SSR just written for ``ws`` (its body and styles as lxml elements): the
    answers and section texts as written, and the fingerprint of everything ssrgen generated under
    the sections of the outline (what is not the agency's own text, nor a control table)."""
    from ssrgen.ssr.answers import written_values
    from ssrgen.ssr.context import paragraphs
    from ssrgen.ssr.outline import TOPIC, Outline, families_controls, split
    from ssrgen.ssr.tables import control_table, header_aliases
    from ssrgen.ssr.word import Paragraph, blocks

    manifest = new_manifest(ws.name, period, today)
    for control in families_controls(ws):
        manifest.controls[control] = fingerprint(written_values(ws, control))
    outline = Outline.of(ws)
    own: dict[str, str | None] = {}
    for key, section in outline.sections.items():
        if section.holds_text:
            if key.startswith(TOPIC):
                answer = ws.answer(key.removeprefix(TOPIC))
                own[key] = answer.narrative if answer else None
            else:
                own[key] = ws.ssr_sections.get(key)
            manifest.sections[key] = fingerprint(own[key])
    aliases = header_aliases(ws.config.ssr.headers.given())
    front, headings = split(blocks(body, styles), outline)
    manifest.generated |= hashes(b.text for b in front if isinstance(b, Paragraph))  # the cover
    for heading in headings:
        if heading.key is None:
            continue  # a section of the agency's own, left as it was: not ssrgen's
        agency = {squeezed(p) for p in paragraphs(own.get(heading.key))}
        for block in heading.body:
            if isinstance(block, Paragraph):
                if squeezed(block.text) and squeezed(block.text) not in agency:
                    manifest.generated.add(text_hash(block.text))
            elif control_table(block, aliases) is None:
                manifest.generated.add(text_hash(block.text))
    return manifest
