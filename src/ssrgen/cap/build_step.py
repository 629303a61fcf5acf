"""The CAP's step in ``ssrgen build``: the workbook and the Word document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ssrgen.cap.document import cap_filename, write_cap_document
from ssrgen.cap.workbook import write_cap_workbook
from ssrgen.workspace import Workspace


def write_cap(workspace: Workspace, out_dir: Path, today: dt.date | None = None) -> list[Path]:
    """Write the CAP workbook (IRS's own when the workspace has it) and the CAP .docx."""
    today = today or dt.date.today()
    workbook = write_cap_workbook(workspace, out_dir / cap_filename(workspace, today, "xlsx"), today)
    document = write_cap_document(workspace, out_dir / cap_filename(workspace, today, "docx"), today)
    return [workbook.path, document]
