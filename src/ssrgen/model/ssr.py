"""What the workspace keeps for the SSR document itself (besides answers and registers).

``ssr/sections.yaml`` holds the agency's own narrative of the SSR sections that
are written in prose (sections 5, 6, 7, 8 and 10 of the IRS outline, and the
contractors and AI use parts of section 5), keyed by section.
``ssr/irs-comments.yaml`` keeps the comments IRS wrote in the SSR it returned,
by control, as ``ssrgen ssr import`` read them: they are IRS's words, never the
agency's answers. ``ssr.headers`` in ``ssrgen.yaml`` names the column headers
of the agency's SSR tables that ssrgen does not know.
"""

from __future__ import annotations

from pydantic import Field

from ssrgen.model.catalog import Strict

SECTIONS_FILE = "ssr/sections.yaml"
IRS_COMMENTS_FILE = "ssr/irs-comments.yaml"

# the sections with a text of the agency's own, in the order of the SSR
SECTION_TEXT_KEYS: tuple[str, ...] = (
    "fti_flow", "contractors", "ai_use", "system_of_records", "other_safeguards", "disposal",
    "disclosure_awareness",
)


class SsrHeaders(Strict):
    """``ssr.headers``: the agency's own header texts of control-table columns (each a text or a list)."""

    control: str | list[str] | None = Field(default=None, description="the column of control ids")
    response: str | list[str] | None = Field(default=None, description="the agency's implementation text")
    status: str | list[str] | None = Field(default=None, description="the implementation status")
    irs_comments: str | list[str] | None = Field(default=None, description="IRS's comments (never imported "
                                                 "as the agency's words)")
    title: str | list[str] | None = Field(default=None, description="the control's title")

    def given(self) -> dict[str, list[str]]:
        """Field -> the header texts the workspace gives for it."""
        found: dict[str, list[str]] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if value:
                found[name] = [value] if isinstance(value, str) else list(value)
        return found


class SsrSettings(Strict):
    """``ssr:`` in ``ssrgen.yaml``."""

    headers: SsrHeaders = Field(default_factory=SsrHeaders)
