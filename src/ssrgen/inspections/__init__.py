"""Internal inspections (Pub 1075 §2.D.3-§2.D.9; MOU 9.A.10 for an agency it binds).

The flow, one module each:

- :mod:`~ssrgen.inspections.checklist`: the checklist of a facility, drawn from
  ``controls/inspection-checklist.yaml`` (the five areas of §2.D.3, each item
  quoting its requirement) and, for the cybersecurity area, from the Pub 1075
  §4 controls and the §3.3 requirements of the systems at the facility;
- :mod:`~ssrgen.inspections.workbook` and :mod:`~ssrgen.inspections.clipboard`:
  the checklist as a workbook the inspector fills in, and printed for a clipboard;
- :mod:`~ssrgen.inspections.importer`: the filled workbook back into the
  workspace: the inspection (``inspections/<id>.yaml``), the facility's last
  inspection in the register, and a finding of the agency's POA&M
  (``registers/poam.yaml``, §2.D.9) for every item not met;
- :mod:`~ssrgen.inspections.rules`: what ``validate`` says about recorded
  inspections; :mod:`~ssrgen.inspections.summary`: what ``status`` says;
- :mod:`~ssrgen.inspections.report`: the inspection report (.docx) that goes
  with the SSR.
"""
