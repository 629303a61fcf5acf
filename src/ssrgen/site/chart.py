"""The dashboard's bar chart: plain SVG written here, no JavaScript, nothing
fetched. Each bar is a link to the family it stands for."""

from __future__ import annotations

from ssrgen.site.data import Share
from ssrgen.site.escape import attribute

ROW = 22
LABEL_WIDTH = 190
BAR_WIDTH = 360
VALUE_WIDTH = 110


def share_chart(shares: list[Share], title: str) -> str:
    """A horizontal bar per share (percent implemented), as one line of inline SVG
    (a single line, so Markdown keeps it as one raw HTML block)."""
    height = ROW * len(shares) + 8
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
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
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" class="ssr-chart-label">'
            f"{attribute(share.label)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{BAR_WIDTH}" height="{ROW - 8}" class="ssr-chart-track"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{filled}" height="{ROW - 8}" class="ssr-chart-bar"/>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + 15}" class="ssr-chart-value">{attribute(text)}</text>'
        )
        if share.link:
            bar = f'<a href="{attribute(share.link)}"><title>{attribute(share.label)}: {attribute(text)}</title>{bar}</a>'
        parts.append(bar)
    parts.append("</svg>")
    return "".join(parts)
