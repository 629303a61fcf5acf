"""The next CAP due date (Pub 1075 §2.E.5.2 Table 5) as the CAP reports it, with the 60-day rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ssrgen.cap.summary import cap_summary
from ssrgen.catalog import Catalogs
from ssrgen.workspace import open_workspace


def _set(example: Path, report_issued: str, state: str | None = None) -> None:
    path = example / "cap" / "findings.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("report_issued: 2026-09-24",
                                                             f"report_issued: {report_issued}"), encoding="utf-8")
    if state:
        config = example / "ssrgen.yaml"
        text = config.read_text(encoding="utf-8").replace("  type: federal\n", f"  type: state\n  state: {state}\n")
        config.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("state", "issued", "today", "due", "kind", "moved"), [
    # federal: Jan 31 with the SSR, Jul 31 CAP only
    (None, "2026-09-24", "2026-11-22", "2027-01-31", "with-ssr", False),
    (None, "2026-12-10", "2026-12-15", "2027-07-31", "cap-only", True),   # 52 days before Jan 31
    (None, "2026-12-02", "2026-12-15", "2027-07-31", "cap-only", True),   # exactly 60 days: within
    (None, "2026-12-01", "2026-12-15", "2027-01-31", "with-ssr", False),  # 61 days: the first CAP is due
    # Texas: Oct 31 with the SSR, Apr 30 CAP only
    ("TX", "2026-03-15", "2026-03-20", "2026-10-31", "with-ssr", True),   # 46 days before Apr 30
    ("TX", "2026-01-15", "2026-01-20", "2026-04-30", "cap-only", False),
])
def test_next_cap_due(example: Path, catalogs: Catalogs, state: str | None, issued: str, today: str,
                      due: str, kind: str, moved: bool) -> None:
    _set(example, issued, state)
    summary = cap_summary(open_workspace(example, catalogs), dt.date.fromisoformat(today))
    assert summary.due is not None
    assert (summary.due.due.isoformat(), summary.due.kind, summary.due.moved_by_60_day_rule) == (due, kind, moved)
    if moved:
        assert "within 60 days" in summary.due_text()


def test_no_cap_due_when_every_finding_is_closed(example: Path, catalogs: Catalogs) -> None:
    path = example / "cap" / "findings.yaml"
    text = path.read_text(encoding="utf-8")
    for status in ("completed-pending-irs", "in-progress"):
        text = text.replace(f"status: {status}", "status: closed")
    path.write_text(text, encoding="utf-8")
    summary = cap_summary(open_workspace(example, catalogs), dt.date(2026, 11, 22))
    assert summary.due is None
    assert summary.due_text() == "no CAP due: every finding is closed"
