"""What ``validate`` and ``status`` say about the inspections recorded in ``inspections/``.

Warnings, each with the file and line of the inspection (the refusals of Pub
1075 §2.D.3, a contractor's self-certification and a self-certification not
signed by an agency employee, are errors of loading: see
:mod:`ssrgen.workspace`):

- the inspector is not outside the function inspected, or the record does not say;
- items left "not checked";
- a self-certified inspection not yet received, reviewed or discussed;
- an item not met with no finding in the POA&M (Pub 1075 §2.D.9);
- an item the checklist no longer knows (the catalogs changed since);
- a facility whose register entry predates its latest recorded inspection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ssrgen.errors import Problem
from ssrgen.inspections.checklist import checklist_catalog
from ssrgen.model.inspections import DEFICIENT, Inspection
from ssrgen.registers.clocks import RecordLocator
from ssrgen.workspace import Workspace
from ssrgen.yamlio import YamlDocument, load_yaml

PUB = "Pub 1075 Rev. 11-2021"
WARNING = "warning"


class _Locator:
    """``inspections/IIR-2026-01.yaml:12``: the line of a field of an inspection (each file read once)."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.docs: dict[str, YamlDocument] = {}

    def __call__(self, _: Workspace, inspection: Inspection, *loc: str | int) -> str:
        path = self.workspace.inspection_files.get(inspection.id)
        if path is None:
            return self.workspace.where.get(f"inspection:{inspection.id}", "inspections/")
        if inspection.id not in self.docs:
            self.docs[inspection.id] = load_yaml(path, self.workspace.root)
        return self.docs[inspection.id].where(list(loc))


def check_inspection_records(workspace: Workspace, today: dt.date | None = None) -> list[Problem]:
    """The warnings of every inspection recorded (see the module's text)."""
    today = today or dt.date.today()
    _where = _Locator(workspace)
    known = {i.id for i in checklist_catalog().items} | set(workspace.catalogs.by_id)
    findings = {(f.inspection, f.item) for f in workspace.registers.poam}
    problems: list[Problem] = []
    for inspection in workspace.inspections:
        label = f"inspection {inspection.id} of {inspection.facility}"
        if inspection.independent is False:
            problems.append(Problem(
                _where(workspace, inspection, "independent"), f"the inspector of {label} ({inspection.inspector}, "
                f"{inspection.inspector_office}) is not outside the function inspected ({PUB} §2.D.3: the inspection "
                "should be conducted by agency personnel outside the FTI-using function being inspected)",
                "Plan the next inspection of the facility with an inspector from outside the function.", WARNING))
        elif inspection.independent is None:
            problems.append(Problem(
                _where(workspace, inspection), f"{label} does not record whether the inspector is outside the "
                f"function inspected ({PUB} §2.D.3)", "Add 'independent: true' (or false).", WARNING))
        if inspection.date > today:
            problems.append(Problem(_where(workspace, inspection, "date"), f"{label} is dated after today "
                                    f"({inspection.date})", "Give the day the inspection was completed.", WARNING))
        skipped = [r.item for r in inspection.results if r.result == "not-checked"]
        if skipped:
            shown = ", ".join(skipped[:6]) + (", ..." if len(skipped) > 6 else "")
            problems.append(Problem(
                _where(workspace, inspection, "results"), f"{len(skipped)} of {len(inspection.results)} item(s) of "
                f"{label} were not checked ({shown})",
                "Check them at the next inspection of the facility.", WARNING))
        if inspection.method == "self-certified":
            missing = [words for name, words in (("received_on", "when the agency received it"),
                                                  ("reviewed_by", "who reviewed it"),
                                                  ("discussed_on", "when it was discussed with its author"))
                       if getattr(inspection, name) in (None, "")]
            if missing:
                problems.append(Problem(
                    _where(workspace, inspection, "method"), f"self-certified {label} does not say "
                    f"{', '.join(missing)} ({PUB} §2.D.3: the agency must ensure the self-certified inspection is "
                    "received timely, reviewed thoroughly, and discussed in depth with the person conducting it)",
                    "Record 'received_on', 'reviewed_by' and 'discussed_on'.", WARNING))
        for index, result in enumerate(inspection.results):
            if result.item not in known:
                problems.append(Problem(
                    _where(workspace, inspection, "results", index, "item"), f"item {result.item} of {label} is "
                    "no longer in the inspection checklist (the catalogs changed since)",
                    "Keep the record as it is (it is the history); the report shows the item by its id.", WARNING))
            if result.result in DEFICIENT and (inspection.id, result.item) not in findings:
                problems.append(Problem(
                    _where(workspace, inspection, "results", index, "result"), f"item {result.item} of {label} was "
                    f"found {result.result.replace('-', ' ')} and has no finding in the POA&M ({PUB} §2.D.9)",
                    "Add the finding to registers/poam.yaml with 'inspection' and 'item' (an import of the "
                    "checklist adds it).", WARNING))
    problems += _register_behind(workspace)
    return problems


def _register_behind(workspace: Workspace) -> list[Problem]:
    """The register's last inspection of a facility is older than an inspection recorded."""
    locate = RecordLocator(workspace)
    newest: dict[tuple[str, str], Inspection] = {}
    for inspection in workspace.inspections:  # sorted by date: the last of each facility is its newest
        newest[(inspection.facility.strip(), inspection.kind)] = inspection
    problems = []
    for index, record in enumerate(workspace.registers.inspections):
        latest = newest.get((record.facility.strip(), record.kind))
        if latest is None:
            continue
        if record.last_inspection is None or record.last_inspection < latest.date:
            problems.append(Problem(
                locate.where("inspections", index, "last_inspection"),
                f"the register's last inspection of '{record.facility}' "
                f"({record.last_inspection or 'never'}) is older than inspection {latest.id} ({latest.date})",
                f"Set 'last_inspection: {latest.date}' and 'report: {latest.id}'.", WARNING))
    return problems


INSPECTION_RULES: tuple[Callable[[Workspace], list[Problem]], ...] = (check_inspection_records,)
