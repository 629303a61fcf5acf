"""The Safeguard Security Report (.docx): Pub 1075 §2.E.4 (and MOU §9.A.6 for an agency it binds).

:func:`write_ssr` builds the context from the workspace (see
docs/ssr-template.md for every variable), scans every text going in for
taxpayer identifiers, fills the template (the workspace's own
``templates/ssr.docx``, else the bundled one) and writes
``SSR-<agency>-<period>.docx``. With ``final`` it also records what was
reported under ``submissions/<period>/`` for the next SSR's section 4.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import Any

from ssrgen.deadlines import SsrSchedule, ssr_schedule
from ssrgen.docx_template import DocumentProperties, render_bytes
from ssrgen.errors import InputError, WorkspaceError
from ssrgen.fti_scan import check_no_fti
from ssrgen.output import write_file
from ssrgen.paths import file_slug
from ssrgen.ssr import inspections as inspection_facts
from ssrgen.ssr import regime, sections
from ssrgen.ssr import registers as register_facts
from ssrgen.ssr.attachments import ssr_attachments
from ssrgen.ssr.context import (
    Texts,
    agency_block,
    agreements,
    attachments_block,
    families,
    outstanding_actions,
    person_block,
    report_block,
    signer_block,
    systems,
)
from ssrgen.ssr.into import IntoReport, write_into
from ssrgen.ssr.manifest import attach, manifest_of
from ssrgen.ssr.snapshot import changes_block, write_snapshot
from ssrgen.ssr.technology import topics, topics_of
from ssrgen.ssr.word import Styles
from ssrgen.workspace import Workspace
from ssrgen.yamlio import display_path

TEMPLATE = "ssr.docx"


def agency_slug(ws: Workspace) -> str:
    """The agency code, else a short form of its name, safe in a file name."""
    return file_slug(ws.config.agency.code or ws.config.agency.name, "agency")


def ssr_filename(ws: Workspace, schedule: SsrSchedule) -> str:
    return f"SSR-{agency_slug(ws)}-{schedule.label}.docx"


def build_context(ws: Workspace, today: dt.date, final: bool = False) -> tuple[dict[str, Any], Texts]:
    """The SSR context and every workspace text in it, with where each came from."""
    schedule = ssr_schedule(ws.config.agency, today)
    texts = Texts()
    basis, current = changes_block(ws, schedule.label)
    family_rows, summary = families(ws, texts)
    context: dict[str, Any] = {
        "report": report_block(ws, schedule, today, final),
        "agency": {**agency_block(ws, texts), "authorities": regime.authorities_text(ws)},
        "authorities": regime.authorities(ws),
        "authority_facts": regime.authority_facts(ws, texts, schedule),
        "certification": regime.certification(ws, texts),
        "intro": regime.intros(ws),
        "notice": regime.notice(ws),
        "head_of_agency": person_block(texts, "head_of_agency", ws.config.head_of_agency),
        "safeguards_contact": person_block(texts, "safeguards_contact", ws.config.safeguards_contact),
        "signer": signer_block(ws, texts),
        "outstanding_actions": outstanding_actions(ws, texts),
        "agreements": agreements(ws, texts),
        "activities": sections.activities(ws, texts, schedule),
        "changes": {"basis": basis, "current": current, "planned": sections.planned_changes(ws, texts, today)},
        "systems": systems(ws, texts),
        "fti_flow": sections.fti_flow(ws, texts),
        "system_of_records": sections.system_of_records(ws, texts),
        "other_safeguards": sections.other_safeguards(ws, texts),
        "disposal": sections.disposal(ws, texts),
        "families": family_rows,
        "controls_summary": summary,
        "disclosure_awareness": {**sections.disclosure_awareness(ws, texts, today),
                                 **register_facts.training(ws, texts, today)},
        "contractors": sections.contractors(ws, texts),
        "inspection_plan": register_facts.inspection_plan(ws, texts, today),
        "inspections": inspection_facts.inspections(ws, texts, schedule),
        "incidents": register_facts.incidents(ws, texts, schedule),
        "ai_use": sections.ai_use(ws, texts),
        "technology": {"topics": topics(ws, texts)},
        "attachments": attachments_block(ssr_attachments(ws))
        + inspection_facts.report_attachments(ws, texts, schedule),
    }
    for row, system in zip(context["systems"], ws.config.systems, strict=True):
        row["topics"] = ", ".join(topics_of(ws, system)) or "none"
    for row, due in zip(context["contractors"]["rows"], register_facts.next_assessments(ws, today), strict=True):
        row["next_assessment_due"] = due
    return context, texts


def _all_strings(value: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(f"SSR variable {path}", value)]
    if isinstance(value, dict):
        return [f for key, item in value.items() for f in _all_strings(item, f"{path}.{key}" if path else key)]
    if isinstance(value, list):
        return [f for index, item in enumerate(value) for f in _all_strings(item, f"{path}[{index}]")]
    return []


def template_path(ws: Workspace, template: Path | None = None) -> Path:
    return template if template is not None else ws.template(TEMPLATE)


def checked_context(ws: Workspace, today: dt.date, final: bool = False) -> dict[str, Any]:
    """The SSR context, every text in it scanned for taxpayer identifiers (raises on one)."""
    context, texts = build_context(ws, today, final)
    allow = ws.config.fti_allowlist
    check_no_fti(texts.fields, allow)
    # a safety net for text that reached the context another way (catalog text, computed sentences)
    check_no_fti(_all_strings(context, ""), allow)
    return context


def render_ssr(ws: Workspace, template: Path | None = None, today: dt.date | None = None,
               final: bool = False) -> tuple[bytes, SsrSchedule]:
    """The filled SSR as bytes; nothing is written. Raises on FTI or template mistakes."""
    today = today or dt.date.today()
    context = checked_context(ws, today, final)
    source = template_path(ws, template)
    shown = display_path(source, ws.root)
    properties = DocumentProperties(
        title=context["report"]["title"],
        subject=f"Safeguard Security Report, reporting period {context['report']['period']}",
        author=ws.config.agency.name,
        keywords="Safeguard Security Report; IRS Publication 1075; official use only",
    )
    schedule = ssr_schedule(ws.config.agency, today)

    def stamp(document: Any) -> None:
        styles = Styles(document.styles.element)
        attach(document, manifest_of(ws, document.element.body, styles, schedule.label, today))

    data = render_bytes(source, context, shown=shown, properties=properties, finish=stamp)
    return data, schedule


def write_ssr(ws: Workspace, output: Path | None = None, template: Path | None = None,
              final: bool = False, today: dt.date | None = None) -> list[Path]:
    """Write the SSR (and with ``final`` the snapshot); returns the files written."""
    today = today or dt.date.today()
    _refuse_final_on_example(ws, final)
    data, schedule = render_ssr(ws, template, today, final)
    return _deliver(ws, data, schedule, output, final, today)


def write_ssr_into(ws: Workspace, accepted: Path, output: Path | None = None, final: bool = False,
                   today: dt.date | None = None) -> tuple[list[Path], IntoReport]:
    """Write this year's SSR into the agency's accepted SSR (:mod:`ssrgen.ssr.into`), through the
    same door as :func:`write_ssr` (and with ``final`` the snapshot); the files written and what
    was filled, added, left alone and could not be placed."""
    today = today or dt.date.today()
    _refuse_final_on_example(ws, final)
    schedule = ssr_schedule(ws.config.agency, today)
    _refuse_writing_over(accepted, _target(ws, schedule, output))
    context = checked_context(ws, today, final)
    data, report = write_into(ws, accepted, context, schedule, today)
    return _deliver(ws, data, schedule, output, final, today), report


def _refuse_writing_over(accepted: Path, path: Path) -> None:
    """The accepted SSR is only read: writing this year's SSR over it would lose the document IRS accepted."""
    same = accepted.resolve() == path.resolve()
    if not same and accepted.exists() and path.exists():
        with contextlib.suppress(OSError):
            same = os.path.samefile(accepted, path)  # a hard link, or a link the paths do not show
    if same:
        raise InputError(
            "the SSR would be written over the accepted SSR it is written into", where=str(path),
            fix="Give another output with -o (a file such as out/SSR-2026.docx, or a folder such as out/); the "
            "accepted SSR stays as IRS returned it.")


def _refuse_final_on_example(ws: Workspace, final: bool) -> None:
    if final and ws.bundled:
        raise WorkspaceError(
            "--final records a snapshot in the workspace, and the bundled example is read-only",
            fix="Run it in your own workspace (-w DIR), or copy the example with 'ssrgen init DIR --example'.",
        )


def _deliver(ws: Workspace, data: bytes, schedule: SsrSchedule, output: Path | None, final: bool,
             today: dt.date) -> list[Path]:
    path = _target(ws, schedule, output)
    write_file(ws, path, data, kind="ssr", period=schedule.label)
    written = [path]
    if final:
        written += write_snapshot(ws, schedule.label, today, path)
    return written


def _target(ws: Workspace, schedule: SsrSchedule, output: Path | None) -> Path:
    path = output or ws.out / ssr_filename(ws, schedule)
    if path.is_dir() or not path.suffix:  # a folder, existing or not ('-o out/'): the SSR goes in under its name
        path = path / ssr_filename(ws, schedule)
    return path


def write_ssr_step(ws: Workspace, out_dir: Path) -> list[Path]:
    """``ssrgen build`` step: the SSR into the build folder."""
    schedule = ssr_schedule(ws.config.agency, dt.date.today())
    return write_ssr(ws, out_dir / ssr_filename(ws, schedule))
