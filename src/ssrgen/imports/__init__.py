"""The one import pipeline: read, check every cell, plan, report conflicts, dry run,
apply in a transaction, journal (see :mod:`ssrgen.imports.pipeline`).

Each import (the evidence workbook and its register sheets, IRS's CAP workbook,
an earlier SSR, an inspection checklist, an OSCAL SSP) keeps only its own
reading in its own module and hands the pipeline an
:class:`~ssrgen.imports.plan.ImportPlan`.
"""
