"""Charts drawn on the server as SVG: they print, and work without JavaScript.

Each chart is followed on the page by the table of its figures and a sentence, so colour is
never the only signal; the SVG itself carries a title and a description (``role="img"``).
These functions compute the geometry and write the chart's bars and segments as SVG
(``marks``), escaping only the labels: a template loop over every bar and segment cost more
than the rest of the figures. ``templates/analytics/_bar_chart.html`` and
``_stacked_chart.html`` draw the frame around them. Coordinates are written unlocalized (SVG
reads only a decimal point).
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

LABEL_WIDTH = 260
BAR_AREA = 400
ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_CHARS = 38

# GOV.UK colours, in the order of the ratings (met, partly met, not met, n/a, not assessed).
SEGMENT_COLOURS = ["#00703c", "#ffdd00", "#d4351c", "#505a5f", "#b1b4b6"]
BAR_COLOUR = "#1d70b8"


def _label(text, y: int) -> str:
    """A bar's label, right-aligned before the bar (at most ``LABEL_CHARS`` characters)."""
    label = escape(Truncator(str(text)).chars(LABEL_CHARS))
    return (
        f'\n  <text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 4}" text-anchor="end" '
        f'font-size="13" fill="#0b0c0c">{label}</text>\n  '
    )


def bars(rows: list[dict], *, label: str = "label", value: str = "count") -> dict:
    """A horizontal bar per row, scaled to the largest value."""
    top = max((r[value] or 0 for r in rows), default=0)
    marks = []
    for i, r in enumerate(rows):
        v = r[value] or 0
        width = round(BAR_AREA * v / top) if top else 0
        y = i * ROW_HEIGHT
        marks.append(
            _label(r[label], y)
            + f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"></rect>\n  '
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + BAR_HEIGHT - 4}" font-size="13" '
            f'fill="#0b0c0c">{v}</text>\n  '
        )
    return {
        "marks": mark_safe("".join(marks)),  # noqa: S308 (only the labels are text: escaped)
        "height": max(len(rows), 1) * ROW_HEIGHT,
        "width": LABEL_WIDTH + BAR_AREA + 60,
    }


ACTION_COLOURS = ["#00703c", "#85994b", "#1d70b8", "#f47738", "#d4351c"]


def stacked(rows: list[dict], keys: list[str], *, label: str = "label", colours=None) -> dict:
    """One full-width bar per row, split into the shares of ``keys``."""
    colours = colours or SEGMENT_COLOURS
    marks = []
    for i, r in enumerate(rows):
        total = sum(r[k] for k in keys)
        x = LABEL_WIDTH
        y = i * ROW_HEIGHT
        marks.append(_label(r[label], y))
        for k, colour in zip(keys, colours, strict=False):
            width = round(BAR_AREA * r[k] / total, 1) if total else 0
            if width:
                marks.append(
                    f'<rect x="{x}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
                    f'fill="{colour}" stroke="#ffffff" stroke-width="1"></rect>'
                )
            x += width
        marks.append("\n  ")
    return {
        "marks": mark_safe("".join(marks)),  # noqa: S308 (only the labels are text: escaped)
        "height": max(len(rows), 1) * ROW_HEIGHT,
        "width": LABEL_WIDTH + BAR_AREA + 10,
        "legend": list(zip(keys, colours, strict=False)),
    }
