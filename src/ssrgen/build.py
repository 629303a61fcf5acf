"""``ssrgen build``: validate, then write every deliverable into one folder.

:func:`steps` lists every deliverable writer ``(workspace, out_dir) -> paths``
in the order they run (cheap ones first, so a failure late costs least). The
whole set goes through one :class:`~ssrgen.output.Delivery`: every file is
staged and scanned for taxpayer identifiers, and the set is moved into the
output folder only when every deliverable passed; a refused or interrupted
build leaves the output folder as it was.

The site is most of a build's time and shares nothing with the other
deliverables, so where the machine has a second core and can fork (Linux), it
is built in a process of its own while the others are written; its errors are
reported as if it had run in line.
"""

from __future__ import annotations

import contextlib
import csv
import io
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from ssrgen.calendar import write_calendar
from ssrgen.cap.build_step import write_cap
from ssrgen.errors import DeliverableError
from ssrgen.forking import second_core
from ssrgen.inspections.report import build_step as write_inspection_reports
from ssrgen.output import Delivery, delivering, write_file
from ssrgen.site import write_site
from ssrgen.ssr import write_ssr_step
from ssrgen.workbook.export import build_step as write_evidence_workbook_step
from ssrgen.workspace import Workspace

Step = Callable[[Workspace, Path], list[Path]]


@dataclass(frozen=True)
class BuildStep:
    name: str
    write: Step
    # may run in a process of its own, beside the other steps
    alone: bool = False


def build(workspace: Workspace, out_dir: Path, parallel: bool | None = None) -> list[tuple[str, list[Path]]]:
    """Run every step on a valid workspace; returns what each step wrote, in
    the order of :func:`steps`.

    ``workspace`` is one :func:`~ssrgen.workspace.open_workspace` loaded, which
    refuses a workspace with errors; it is not read a second time (on a large
    workspace that doubled the time before the first deliverable).
    ``parallel`` (default: when :func:`~ssrgen.forking.second_core`)
    runs the steps marked ``alone`` in processes of their own.
    """
    if parallel is None:
        parallel = second_core()
    with delivering(workspace, anchors=(out_dir,)) as delivery:
        written = _run_steps(workspace, out_dir, parallel, delivery)
    return [(s.name, written[s.name]) for s in steps()]


def _run_steps(workspace: Workspace, out_dir: Path, parallel: bool, delivery: Delivery) -> dict[str, list[Path]]:
    apart: dict[str, _Forked] = {}
    for step in steps():
        if parallel and step.alone:
            # when the system has no process to spare, the step runs in line
            with contextlib.suppress(OSError):
                apart[step.name] = _Forked(step, workspace, out_dir)
    written: dict[str, list[Path]] = {}
    try:
        for step in steps():
            if step.name not in apart:
                written[step.name] = step.write(workspace, out_dir)
        for name, forked in apart.items():
            written[name] = forked.result()
            for path in written[name]:
                delivery.mark_scanned(path)  # the child staged and scanned it
    finally:
        for forked in apart.values():
            forked.stop()
    return written


_RETRY = "Run the command again; if it fails again, 'ssrgen --debug build' runs each step in turn and shows where."


class _Forked:
    """One step running in a forked child; :meth:`result` returns what it wrote
    or raises what it raised."""

    def __init__(self, step: BuildStep, workspace: Workspace, out_dir: Path) -> None:
        context = multiprocessing.get_context("fork")
        # what this process has buffered would otherwise be written twice
        sys.stdout.flush()
        sys.stderr.flush()
        self.name = step.name
        self._reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_step, args=(step, workspace, out_dir, writer),
                                        name=f"ssrgen {step.name}", daemon=True)
        self._process.start()
        writer.close()
        self._done = False

    def result(self) -> list[Path]:
        try:
            outcome, value = self._reader.recv()
        except EOFError:
            self._process.join()
            raise DeliverableError(
                f"the {self.name} step stopped without finishing (exit code {self._process.exitcode})",
                fix=_RETRY,
            ) from None
        finally:
            self._done = True
        self._process.join()
        if outcome == "error":
            raise value
        return list(value)

    def stop(self) -> None:
        """Interrupt the child if its result was not taken (another step failed,
        or the user pressed Ctrl-C), so it cleans up its temporary folders."""
        if not self._done and self._process.is_alive() and self._process.pid is not None:
            os.kill(self._process.pid, signal.SIGINT)
        self._process.join()
        self._reader.close()


def _run_step(step: BuildStep, workspace: Workspace, out_dir: Path, writer: Connection) -> None:
    try:
        writer.send(("ok", step.write(workspace, out_dir)))
    except BaseException as exc:
        try:
            writer.send(("error", exc))
        except Exception:
            writer.send(("error", DeliverableError(f"the {step.name} step failed ({type(exc).__name__}: {exc})",
                                                   fix=_RETRY)))
    finally:
        writer.close()


def safe_cell(value: object) -> str:
    """Text for a CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_checklist(workspace: Workspace, out_dir: Path) -> list[Path]:
    """Every catalog entry in scope with its agency-wide status and owner (CSV)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "title", "catalog", "family", "parent", "status", "owner", "last_reviewed"])
    for entry in workspace.in_scope():
        answer = workspace.answer(entry.id)
        writer.writerow([
            entry.id, entry.title, entry.catalog, entry.group, entry.parent or "",
            (answer.status if answer and answer.status else "unanswered"),
            safe_cell(answer.owner if answer else ""),
            answer.last_reviewed.isoformat() if answer and answer.last_reviewed else "",
        ])
    return [write_file(workspace, out_dir / "checklist.csv", buffer.getvalue(), kind="checklist")]


def steps() -> list[BuildStep]:
    """Every deliverable, in the order ``build`` writes them."""
    return [
        BuildStep("checklist", write_checklist),
        BuildStep("calendar", write_calendar),
        BuildStep("evidence workbook", write_evidence_workbook_step),
        BuildStep("cap", write_cap),
        BuildStep("inspection reports", write_inspection_reports),
        BuildStep("ssr", write_ssr_step),
        BuildStep("site", write_site, alone=True),
    ]
