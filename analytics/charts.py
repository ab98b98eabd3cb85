"""Charts drawn on the server as SVG: they print, and work without JavaScript.

Each chart is followed on the page by the table of its figures and a sentence, so colour is
never the only signal; the SVG itself carries a title and a description (``role="img"``).
These functions only compute geometry; ``templates/analytics/_bar_chart.html`` and
``_stacked_chart.html`` draw it.
"""

LABEL_WIDTH = 260
BAR_AREA = 400
ROW_HEIGHT = 28
BAR_HEIGHT = 18

# GOV.UK colours, in the order of the ratings (met, partly met, not met, n/a, not assessed).
SEGMENT_COLOURS = ["#00703c", "#ffdd00", "#d4351c", "#505a5f", "#b1b4b6"]
BAR_COLOUR = "#1d70b8"


def bars(rows: list[dict], *, label: str = "label", value: str = "count") -> dict:
    """A horizontal bar per row, scaled to the largest value."""
    top = max((r[value] or 0 for r in rows), default=0)
    out = []
    for i, r in enumerate(rows):
        v = r[value] or 0
        width = round(BAR_AREA * v / top) if top else 0
        y = i * ROW_HEIGHT
        out.append(
            {
                "label": r[label],
                "value": v,
                "y": y,
                "text_y": y + BAR_HEIGHT - 4,
                "x": LABEL_WIDTH,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    return {
        "bars": out,
        "height": max(len(out), 1) * ROW_HEIGHT,
        "width": LABEL_WIDTH + BAR_AREA + 60,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
        "colour": BAR_COLOUR,
    }


ACTION_COLOURS = ["#00703c", "#85994b", "#1d70b8", "#f47738", "#d4351c"]


def stacked(rows: list[dict], keys: list[str], *, label: str = "label", colours=None) -> dict:
    """One full-width bar per row, split into the shares of ``keys``."""
    out = []
    for i, r in enumerate(rows):
        total = sum(r[k] for k in keys)
        x = LABEL_WIDTH
        segments = []
        for k, colour in zip(keys, colours or SEGMENT_COLOURS, strict=False):
            width = round(BAR_AREA * r[k] / total, 1) if total else 0
            if width:
                segments.append({"x": x, "width": width, "colour": colour, "value": r[k]})
            x += width
        y = i * ROW_HEIGHT
        out.append({"label": r[label], "y": y, "text_y": y + BAR_HEIGHT - 4, "segments": segments})
    return {
        "bars": out,
        "height": max(len(out), 1) * ROW_HEIGHT,
        "width": LABEL_WIDTH + BAR_AREA + 10,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
        "legend": list(zip(keys, colours or SEGMENT_COLOURS, strict=False)),
    }
