"""The registers MOU §9 and Pub 1075 ask to be kept over time, and their rules.

The records themselves are :mod:`ssrgen.model.registers`, loaded into
``workspace.registers``; :mod:`ssrgen.registers.clocks` says when each record
next comes due, :mod:`ssrgen.registers.rules` what is wrong with it now.
"""

from __future__ import annotations

from ssrgen.registers.rules import (
    check_ai_use,
    check_contractors,
    check_incident_text,
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
    check_incident_text,
    check_notifications,
    check_ai_use,
)

__all__ = [
    "REGISTER_RULES",
    "check_ai_use",
    "check_contractors",
    "check_incident_text",
    "check_incidents",
    "check_inspections",
    "check_notifications",
    "check_training",
]
