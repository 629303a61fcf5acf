"""The dashboard's bar chart: plain SVG written here, no JavaScript, nothing
fetched. Each bar is a link to the family it stands for."""

from __future__ import annotations

from ssrgen.site.data import Share
from ssrgen.site.escape import attribute

ROW = 22
CHAR_WIDTH = 7  # px per character of a label, a little more than the average glyph
MIN_LABEL, MAX_LABEL = 120, 420
BAR_WIDTH = 360
VALUE_WIDTH = 110


def share_chart(shares: list[Share], title: str) -> str:
    """A horizontal bar per share (percent implemented), as one line of inline SVG
    (a single line, so Markdown keeps it as one raw HTML block)."""
    height = ROW * len(shares) + 8
    longest = max((len(s.label) for s in shares), default=0)
    label_width = max(MIN_LABEL, min(MAX_LABEL, CHAR_WIDTH * longest + 16))
    width = label_width + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg class="ssr-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px">',
        f"<title>{attribute(title)}</title>",
    ]
    for index, share in enumerate(shares):
        y = 4 + index * ROW
        filled = round(BAR_WIDTH * share.percent / 100)
        text = f"{share.percent}% ({share.done} of {share.applicable})"
        bar = (
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" class="ssr-chart-label">'
            f"{attribute(_fit(share.label, (label_width - 16) // CHAR_WIDTH))}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{BAR_WIDTH}" height="{ROW - 8}" class="ssr-chart-track"/>'
            f'<rect x="{label_width}" y="{y + 3}" width="{filled}" height="{ROW - 8}" class="ssr-chart-bar"/>'
            f'<text x="{label_width + BAR_WIDTH + 8}" y="{y + 15}" class="ssr-chart-value">{attribute(text)}</text>'
        )
        if share.link:
            bar = f'<a href="{attribute(share.link)}"><title>{attribute(share.label)}: {attribute(text)}</title>{bar}</a>'
        parts.append(bar)
    parts.append("</svg>")
    return "".join(parts)


def _fit(label: str, room: int) -> str:
    """The label, shortened with an ellipsis when it is longer than the room (the
    full label stays in the bar's tooltip)."""
    return label if len(label) <= room else label[: max(room - 1, 1)].rstrip() + "…"
