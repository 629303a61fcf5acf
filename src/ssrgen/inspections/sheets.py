"""The sheets of the inspection checklist workbook: the Inspection form and the Checklist.

The **Inspection** sheet is a form: a label in column A, the value in column B
(white: to fill in; grey: what the export wrote), a hint in column C. The import
finds each field by its label, so rows may be moved. The **Checklist** sheet is
a :class:`~ssrgen.workbook.sheets.SheetSpec` like the evidence workbook's
sheets: locked reference columns, a drop-down Result, an Observation and an
Evidence reference per item.

Values as the sheets show them (``not met``, ``on site``, ``Yes``) and as the
workspace keeps them (``not-met``, ``on-site``, ``true``) are mapped here, so
the export and the import read them alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from ssrgen.model.inspections import EMPLOYER_LABELS, KIND_LABELS, METHOD_LABELS, RESULT_LABELS
from ssrgen.workbook.sheets import Column, SheetSpec

__all__ = ["EMPLOYER_LABELS", "KIND_LABELS", "METHOD_LABELS", "RESULT_LABELS"]

FORM_SHEET = "Inspection"
RESULTS_BY_LABEL = {label: value for value, label in RESULT_LABELS.items()}
METHODS_BY_LABEL = {label: value for value, label in METHOD_LABELS.items()}
EMPLOYERS_BY_LABEL = {label: value for value, label in EMPLOYER_LABELS.items()}
YES, NO = "Yes", "No"


def choice_lists() -> dict[str, list[str]]:
    """The drop-down lists of the checklist workbook, by name."""
    return {
        "results": list(RESULT_LABELS.values()),
        "methods": list(METHOD_LABELS.values()),
        "employers": list(EMPLOYER_LABELS.values()),
        "yes_no": [YES, NO],
    }


@dataclass(frozen=True)
class FormField:
    """One field of the Inspection form."""

    column: Column  # its type, whether it is filled in, the drop-down
    required: bool = False

    @property
    def name(self) -> str:
        return self.column.field

    @property
    def label(self) -> str:
        return self.column.header


def _field(name: str, label: str, kind: str = "text", *, editable: bool = True, required: bool = False,
           choices: str | None = None, help: str = "") -> FormField:
    return FormField(Column(name, label, kind, editable=editable, width=60, choices=choices, help=help),  # type: ignore[arg-type]
                     required)


FORM: tuple[FormField, ...] = (
    _field("agency", "Agency", editable=False),
    _field("facility", "Facility", editable=False),
    _field("kind", "Kind of facility", editable=False),
    _field("cycle", "Inspection cycle", editable=False),
    _field("systems", "Systems at the facility", editable=False),
    _field("id", "Inspection ID (report number)",
           help="Leave empty and ssrgen numbers it IIR-<year>-<n>; or give the agency's own report number."),
    _field("date", "Inspection date", "date", required=True, help="The day the inspection was completed."),
    _field("inspector", "Inspector", required=True, help="Who conducted the inspection."),
    _field("inspector_office", "Inspector's office or function", required=True,
           help="The office the inspector works in."),
    _field("inspector_employer", "Inspector is employed by", "choice", required=True, choices="employers",
           help="Contractors and sub-contractors may not conduct self-certification inspections (Pub 1075 §2.D.3)."),
    _field("function_inspected", "FTI-using function inspected",
           help="The function of the facility that uses FTI, e.g. the investigations unit."),
    _field("independent", "Inspector is outside the function inspected", "choice", required=True,
           choices="yes_no", help="Pub 1075 §2.D.3: for an objective assessment, the inspection should be "
           "conducted by agency personnel outside the FTI-using function inspected."),
    _field("method", "Method", "choice", required=True, choices="methods",
           help="On site, or self-certified by an off-site location (Pub 1075 §2.D.3)."),
    _field("signed_by", "Signed by (self-certified)", help="A self-certified inspection is signed by an agency employee."),
    _field("signer_title", "Signer's title (self-certified)"),
    _field("signer_is_employee", "Signer is an agency employee (self-certified)", "choice", choices="yes_no"),
    _field("received_on", "Received by the agency on (self-certified)", "date"),
    _field("reviewed_by", "Reviewed by (self-certified)", help="The agency employee who reviewed it thoroughly."),
    _field("discussed_on", "Discussed with the person who conducted it on (self-certified)", "date",
           help="Pub 1075 §2.D.3: in-depth discussions with the person conducting the self-certification."),
    _field("notes", "Scope and notes", "longtext"),
)
FORM_FIELDS = {f.name: f for f in FORM}
FORM_FIRST_ROW = 3  # the row of the form's first field, as the export writes it (a title above)
# the form as a sheet with one row, for the fingerprint of what the inspector filled in
FORM_SPEC = SheetSpec(name=FORM_SHEET, columns=tuple(f.column for f in FORM), key=())
# the fields the inspector fills in (the others the export writes)
FORM_EDITABLE = tuple(f.name for f in FORM if f.column.editable)

CHECKLIST = SheetSpec(
    name="Checklist",
    key=("item",),
    columns=(
        Column("item", "Item", width=11),
        Column("area", "Area", width=14),
        Column("requirement", "Requirement", "longtext", width=70),
        Column("citation", "Citation", width=22),
        Column("look_at", "Look at", "longtext", width=18),
        Column("result", "Result", "choice", editable=True, width=15, choices="results",
               help="met, not met, partially met, not applicable, or not checked."),
        Column("observation", "Observation", "longtext", editable=True, width=50,
               help="What was seen; for an item not met, what is wrong (it becomes the POA&M finding)."),
        Column("evidence", "Evidence reference", "longtext", editable=True, width=26,
               help="Where the evidence is: a photo, a log, a document."),
    ),
)
