"""The Corrective Action Plan: findings IRS sends, the agency's corrective actions,
and the CAP written back in IRS's own workbook (Pub 1075 §2.E.5, Table 5).

Other deliverables (the SSR's outstanding actions, the site, ``status``) ask
:func:`open_findings` and :func:`is_overdue`.
"""

from ssrgen.cap.rules import cap_rules, is_done, is_overdue, open_findings
from ssrgen.cap.summary import CapSummary, cap_summary

__all__ = ["CapSummary", "cap_rules", "cap_summary", "is_done", "is_overdue", "open_findings"]
