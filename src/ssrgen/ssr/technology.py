"""Section 9.4 of the SSR: the technology-specific requirements of Pub 1075 §3.3.

One subsection per §3.3 entry of the requirements catalog (cloud computing,
email, fax, mobile devices, multifunction devices, network boundary, virtual
desktops, public-facing systems), each saying which of the agency's systems use
that technology, or that none does, and the agency's answer to the entry.

Whether a system uses a technology is read from ``ssrgen.yaml`` by
:func:`ssrgen.technologies.uses` (its hosting, or a word of its technologies),
the reading the internal inspection checklist shares.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ssrgen.catalog import CatalogEntry
from ssrgen.model.workspace import System
from ssrgen.ssr.context import Texts, answer_label, paragraphs, record_where
from ssrgen.technologies import TOPIC_PREFIX, TOPIC_WORDS, uses
from ssrgen.workspace import Workspace

# other titles an SSR gives the §3.3 topics (the IRS template's and earlier Pub 1075 editions' §9.4)
TOPIC_ALIASES: dict[str, tuple[str, ...]] = {
    "P1075-3.3.1": ("Cloud Computing Environments", "Cloud Computing Environment", "Cloud"),
    "P1075-3.3.2": ("Email", "E-mail", "Email Communication", "Electronic Mail"),
    "P1075-3.3.3": ("Fax", "Facsimile", "Fax Communications", "Fax Machines", "Fax Equipment"),
    "P1075-3.3.4": ("Mobile Device", "Mobile Computing"),
    "P1075-3.3.5": ("Multifunction Devices", "Multi-Functional Devices", "Multifunction Devices (MFDs)",
                    "Multifunction Devices and High-Volume Printers", "MFDs and HVPs"),
    "P1075-3.3.6": ("Network Boundary", "Network Boundary Protection", "Network Infrastructure"),
    "P1075-3.3.7": ("VDI", "Virtual Desktop"),
    "P1075-3.3.8": ("Public Facing Systems", "Public-Facing System", "Interactive Voice Response Systems"),
}


def topic_entries(ws: Workspace) -> Iterator[CatalogEntry]:
    """The §3.3 entries of the catalogs in the agency's scope, in catalog order."""
    for entry in ws.in_scope():
        if entry.id.startswith(TOPIC_PREFIX) and entry.id.count(".") == 2:
            yield entry


def topics_of(ws: Workspace, system: System) -> list[str]:
    """The 9.4 subsections (numbered as the SSR numbers them) whose technology ``system`` uses."""
    return [f"{entry.title} (9.4.{number})" for number, entry in enumerate(topic_entries(ws), 1)
            if uses(system, entry.id)]


def topics(ws: Workspace, texts: Texts) -> list[dict[str, Any]]:
    """``technology.topics``: one item per §3.3 entry, with the systems that use it and the answer."""
    rows = []
    for number, entry in enumerate(topic_entries(ws), 1):
        users = []
        for index, system in enumerate(ws.config.systems):
            reason = uses(system, entry.id)
            if reason:
                name = texts.take(f"system '{system.id}' (ssrgen.yaml, systems[{index}]) name", system.name)
                users.append(f"{name} ({texts.take(f'system {system.id!r} technologies', reason)})")
        words = TOPIC_WORDS.get(entry.id)
        if users:
            statement = f"Used by: {'; '.join(users)}."
        elif words:
            statement = ("Not used: no system in ssrgen.yaml that receives, processes, stores or transmits FTI "
                         f"lists this technology (words looked for in the systems' technologies: "
                         f"{', '.join(words)}).")
        else:
            statement = ("The systems in ssrgen.yaml do not say whether this technology is used; the agency's "
                         f"answer to {entry.id} says.")
        answer = ws.answer(entry.id)
        narrative = texts.take(f"{entry.id} narrative ({record_where(ws, entry.id)})",
                               answer.narrative if answer else "")
        answered = bool(answer and answer.status)
        rows.append({
            "number": f"9.4.{number}",
            "id": entry.id,
            "title": entry.title,
            "source": (entry.entry.source or "").replace("Rev. 11-2021 ", ""),
            "used": bool(users),
            "systems": "; ".join(users),
            "statement": statement,
            "answered": answered,
            "status": answer_label(answer),
            "status_line": f"Status of {entry.id}: {answer_label(answer).lower()}." if answered else "",
            "narrative": narrative,
            "paragraphs": paragraphs(narrative),
        })
    return rows

