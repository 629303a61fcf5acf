"""The registers Pub 1075 (and, for an agency it binds, MOU §9) ask to be kept over
time, and their rules.

The records themselves are :mod:`ssrgen.model.registers`, loaded into
``workspace.registers``; :mod:`ssrgen.registers.clocks` says when each record
next comes due, :mod:`ssrgen.registers.rules` what is wrong with it now, and
:mod:`ssrgen.registers.authority_rules` what the agency's authorities forbid
(Pub 1075 §2.C.11).
"""

from __future__ import annotations

from ssrgen.registers.authority_rules import AUTHORITY_RULES
from ssrgen.registers.rules import (
    check_ai_use,
    check_contractors,
    check_incidents,
    check_inspections,
    check_notifications,
    check_training,
)

# every register rule, in the order ``validate`` and ``status`` report them
REGISTER_RULES = (
    check_training,
    check_inspections,
    check_contractors,
    check_incidents,
    check_notifications,
    check_ai_use,
    *AUTHORITY_RULES,
)

__all__ = [
    "AUTHORITY_RULES",
    "REGISTER_RULES",
    "check_ai_use",
    "check_contractors",
    "check_incidents",
    "check_inspections",
    "check_notifications",
    "check_training",
]
