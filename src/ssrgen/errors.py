"""The one error type the library raises, and its kinds.

The library raises; the CLI prints ``Error: <what>, <where>, <how to fix>`` and
exits 1. Every message is written for a compliance analyst, not a programmer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is, and how to fix it."""

    where: str
    what: str
    fix: str = ""
    severity: str = "error"  # "error": the input is wrong; "warning": a compliance flag

    def __str__(self) -> str:
        text = f"{self.where}: {self.what}" if self.where else self.what
        return shown(f"{text}. {self.fix}" if self.fix else text)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def shown(message: str) -> str:
    """A message as it is printed: a value it quotes that looks like a taxpayer identifier (a cell
    holding 'SSN 123-45-6789' where a status belongs) is masked, like every number the scan reports."""
    from ssrgen.fti_scan import masked

    return masked(message)


class SsrgenError(Exception):
    """Root of every error ssrgen reports to its user."""

    def __init__(self, what: str, where: str = "", fix: str = "") -> None:
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = [self.what]
        if self.where:
            parts.append(f"in {self.where}")
        text = ", ".join(parts)
        return f"{text}. {self.fix}" if self.fix else text


class InputError(SsrgenError):
    """A file the user gave (YAML, workbook, template) cannot be used as it is."""


class WorkspaceError(SsrgenError):
    """The workspace is missing, or a command would damage it."""


class ValidationFailed(SsrgenError):
    """Several problems found at once; each one is listed."""

    def __init__(self, problems: list[Problem], what: str = "") -> None:
        self.problems = list(problems)
        count = sum(1 for p in self.problems if p.is_error)
        summary = what or f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__(summary, fix="Fix each problem listed above, then run the command again.")


class DeliverableError(SsrgenError):
    """A deliverable (SSR, CAP, workbook, site) cannot be written."""
