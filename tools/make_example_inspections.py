"""Write the internal inspections of the example workspace (examples/freo/).

Run from the repository root: ``python tools/make_example_inspections.py``.

It does what an inspector does, on a copy of the example: exports the checklist of
each facility ('ssrgen inspection checklist'), fills it in, and imports it
('ssrgen inspection import'); then writes the POA&M's remediation plans as staff
would. It copies back what the imports wrote: ``inspections/*.yaml``,
``registers/poam.yaml`` and ``registers/inspections.yaml``.

- IIR-2025-01: the on-site inspection of headquarters on 09/10/2025, two findings
  (a key reconciliation, corrected in February 2026; the weekly audit review,
  in progress);
- IIR-2026-01: the self-certified inspection of the Denver field office on
  04/14/2026, signed by its Special Agent in Charge, an agency employee, and
  reviewed by the Safeguards Program Manager; one item not checked.

It also writes ``samples/inspection-checklist-Miami-filled.xlsx``: the checklist of the
Miami field office as its inspector returns it (on site, 10/06/2026, two items not met),
to try 'ssrgen inspection import' on.

Everything in them is fictional, like the rest of the example.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openpyxl import load_workbook  # noqa: E402
from ruamel.yaml.comments import CommentedSeq  # noqa: E402

from ssrgen.catalog import load_catalogs  # noqa: E402
from ssrgen.inspections.importer import import_inspection  # noqa: E402
from ssrgen.inspections.workbook import write_checklist  # noqa: E402
from ssrgen.pending import PendingWrites  # noqa: E402
from ssrgen.workspace import open_workspace  # noqa: E402

EXAMPLE = ROOT / "examples" / "freo"
# the register as it stood before the inspections this script records (so it can run again)
BEFORE = {"Denver Field Office": {"last_inspection": dt.date(2025, 3, 11), "report": "IIR-2025-02", "findings_count": 1}}

HEADQUARTERS = {
    "form": {
        "Inspection ID (report number)": "IIR-2025-01",
        "Inspection date": dt.date(2025, 9, 10),
        "Inspector": "Riley Morgan",
        "Inspector's office or function": "Office of Internal Review",
        "Inspector is employed by": "agency",
        "FTI-using function inspected": "Case administration and records units",
        "Inspector is outside the function inspected": "Yes",
        "Method": "on site",
        "Scope and notes": "Walk-through of the third-floor file room and the case administration unit; "
                           "interviews with the records custodian and the ISSO; sample of 25 FTI log entries.",
    },
    "not applicable": {
        "2.B.2-i": "The building has no fence or gate; the perimeter is the building itself.",
        "2.B.4.1-a": "No office move in the last three years.",
        "2.B.4.1-b": "No office move in the last three years.",
    },
    "results": {
        "2.B.3.4-h": ("not met", "Key records of the third-floor file room were last reconciled in 2023.",
                      "Key log, file room 3B"),
        "AU-6": ("partially met", "The weekly audit log review of the case tracking system was skipped in 3 of "
                 "the last 8 weeks.", "Audit review tickets, July-August 2025"),
        "2.A.2-a": ("met", "FTI log sampled: 25 of 25 entries traced to their location.", "FTI log extract"),
        "2.B.3.1-a": ("met", "Visitor log kept at the file room entrance.", "Photo 4"),
    },
}
HEADQUARTERS_POAM = {
    "2.B.3.4-h": {"remediation_plan": "Reconcile every key record and add the yearly reconciliation to the "
                  "facilities calendar.", "responsible_office": "Facilities Management",
                  "planned_date": dt.date(2026, 3, 31), "status": "closed", "completed_date": dt.date(2026, 2, 20),
                  "closure_evidence": "Key reconciliation report of 02/18/2026 (Facilities)"},
    "AU-6": {"remediation_plan": "Assign a backup reviewer and track the weekly review in the ticket queue; "
             "alert the ISSO when a week is missed.", "responsible_office": "Infrastructure Operations",
             "planned_date": dt.date(2027, 1, 15), "status": "in-progress"},
}
DENVER = {
    "form": {
        "Inspection ID (report number)": "IIR-2026-01",
        "Inspection date": dt.date(2026, 4, 14),
        "Inspector": "Jamie Ortiz",
        "Inspector's office or function": "Denver Field Office, administrative officer",
        "Inspector is employed by": "agency",
        "FTI-using function inspected": "Investigations unit",
        "Inspector is outside the function inspected": "Yes",
        "Method": "self-certified",
        "Signed by (self-certified)": "Alex Romero",
        "Signer's title (self-certified)": "Special Agent in Charge, Denver Field Office",
        "Signer is an agency employee (self-certified)": "Yes",
        "Received by the agency on (self-certified)": dt.date(2026, 4, 20),
        "Reviewed by (self-certified)": "Casey Nguyen, Safeguards Program Manager",
        "Discussed with the person who conducted it on (self-certified)": dt.date(2026, 4, 28),
        "Scope and notes": "Self-certification by the field office (Pub 1075 §2.D.3), reviewed at headquarters "
                           "and discussed by video call.",
    },
    "not applicable": {
        "2.B.4.1-a": "No office move planned.",
        "2.B.4.1-b": "No office move planned.",
        "2.B.2-i": "Office suite in a shared building; no fence or gate.",
    },
    "results": {
        "2.F.3-g": ("not checked", "The destruction log of microforms was not available on the day.", ""),
        "2.B.3.4-h": ("met", "Annual key reconciliation done 01/2026.", "Key log"),
    },
}


MIAMI = {
    "form": {
        "Inspection date": dt.date(2026, 10, 6),
        "Inspector": "Riley Morgan",
        "Inspector's office or function": "Office of Internal Review",
        "Inspector is employed by": "agency",
        "FTI-using function inspected": "Investigations unit",
        "Inspector is outside the function inspected": "Yes",
        "Method": "on site",
    },
    "not applicable": {"2.B.4.1-a": "No office move.", "2.B.4.1-b": "No office move."},
    "results": {
        "2.B.3.1-g": ("not met", "The visitor log of September was not closed out or reviewed by management.",
                      "Visitor log, September 2026"),
        "2.B.2-m": ("partially met", "Two employees of the file room wore their badges on a lanyard in a pocket.",
                    "Observation, 10/06/2026"),
    },
}
SAMPLE = EXAMPLE / "samples" / "inspection-checklist-Miami-filled.xlsx"


def fill(path: Path, facility: dict[str, dict[str, object]]) -> None:
    book = load_workbook(path)
    form = book["Inspection"]
    rows = {str(form.cell(r, 1).value).removesuffix(" *"): r for r in range(1, form.max_row + 1)
            if form.cell(r, 1).value}
    for label, value in facility["form"].items():
        form.cell(rows[label], 2).value = value
    sheet = book["Checklist"]
    for row in range(2, sheet.max_row + 1):
        item = sheet.cell(row, 1).value
        if item is None:
            continue
        if item in facility["results"]:
            result, observation, evidence = facility["results"][item]  # type: ignore[misc]
        elif item in facility["not applicable"]:
            result, observation, evidence = "not applicable", facility["not applicable"][item], ""
        else:
            result, observation, evidence = "met", "", ""
        sheet.cell(row, 6).value = result
        sheet.cell(row, 7).value = observation or None
        sheet.cell(row, 8).value = evidence or None
    book.save(path)


def main() -> int:
    catalogs = load_catalogs()
    with tempfile.TemporaryDirectory() as temp:
        copy = Path(temp) / "freo"
        shutil.copytree(EXAMPLE, copy)
        for name in ("inspections",):
            shutil.rmtree(copy / name, ignore_errors=True)
        (copy / "registers" / "poam.yaml").unlink(missing_ok=True)
        pending = PendingWrites(open_workspace(copy, catalogs))
        for entry in pending.document(copy / "registers" / "inspections.yaml", CommentedSeq):
            entry.update(BEFORE.get(str(entry["facility"]), {}))
        pending.commit("make_example_inspections")
        for facility, data in (("FREO Headquarters", HEADQUARTERS), ("Denver Field Office", DENVER)):
            workspace = open_workspace(copy, catalogs)
            checklist = Path(temp) / f"{facility}.xlsx"
            write_checklist(workspace, facility, checklist)
            fill(checklist, data)
            result = import_inspection(workspace, checklist, by="Casey Nguyen", today=dt.date(2026, 11, 1))
            print(f"{facility}: {result.plan.summary()}")
        workspace = open_workspace(copy, catalogs)
        pending = PendingWrites(workspace)
        entries = pending.document(copy / "registers" / "poam.yaml", CommentedSeq)
        for entry in entries:
            for name, value in HEADQUARTERS_POAM.get(str(entry["item"]), {}).items():
                entry[name] = value
        entries.yaml_set_start_comment(
            "The agency's plan of action and milestones (Pub 1075 §2.D.9): the findings of its internal\n"
            "inspections, each with its remediation plan and dates. Kept apart from IRS's CAP (cap/findings.yaml).\n"
            "'ssrgen inspection import' adds a finding for each item not met; staff keep the plan here or on\n"
            "the POA&M sheet of the evidence workbook.")
        pending.commit("make_example_inspections")
        shutil.rmtree(EXAMPLE / "inspections", ignore_errors=True)
        shutil.copytree(copy / "inspections", EXAMPLE / "inspections")
        for name in ("poam.yaml", "inspections.yaml"):
            shutil.copy2(copy / "registers" / name, EXAMPLE / "registers" / name)
        workspace = open_workspace(copy, catalogs)
        write_checklist(workspace, "Miami Field Office", Path(temp) / "miami.xlsx")
        fill(Path(temp) / "miami.xlsx", MIAMI)
        shutil.copy2(Path(temp) / "miami.xlsx", SAMPLE)
    print(f"Wrote {EXAMPLE / 'inspections'}, registers/poam.yaml, registers/inspections.yaml and {SAMPLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
