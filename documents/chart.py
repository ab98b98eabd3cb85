"""The overview chart of the summary: every marker by cluster, drawn as SVG bars, with the
rating in words beside its colour (colour is never the only signal), and one bar of the counts.

The SVG holds shapes only; every word is HTML text beside it. WeasyPrint lays out SVG text
one letter at a time (a text layout per character): the 18 labels of a chart drawn as SVG
text took about half a second of the summary's render, and printed letter by letter they
could not be searched or read aloud. Each SVG has a <title>, its alternative text in the
tagged PDF.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from reviews.models import Rating

BAR = 100  # viewBox units of a full bar
# How much of a marker's bar is filled: Met fills it, Not met a third; Not applicable and Not
# started draw an empty outline.
LEVELS = {
    Rating.MET: 3,
    Rating.PARTLY_MET: 2,
    Rating.NOT_MET: 1,
    Rating.NOT_APPLICABLE: 0,
    Rating.NOT_STARTED: 0,
}


def _marker_bar(m: dict) -> SafeString:
    filled = BAR * LEVELS[m["rating"]] // 3
    return format_html(
        '<svg class="pdf-chart__bar" viewBox="0 0 {} 10" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>"
        '<rect x="0.25" y="0.25" width="{}" height="9.5" fill="#ffffff" stroke="#505a5f" '
        'stroke-width="0.5"/>'
        '<rect x="0.25" y="0.25" width="{}" height="9.5" fill="{}"/></svg>',
        BAR + 0.5,
        m["rating_label"],
        BAR,
        filled,
        m["colour"],
    )


def _counts_bar(counts: list[dict]) -> SafeString:
    total = sum(c["n"] for c in counts) or 1
    x, rects = 0.0, []
    for c in counts:
        width = 400 * c["n"] / total
        if width:
            rects.append((round(x, 2), round(width, 2), c["colour"]))
        x += width
    return format_html(
        '<svg class="pdf-chart__counts" viewBox="0 0 400 16" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}</svg>",
        "; ".join(f"{c['label']}: {c['n']}" for c in counts),
        format_html_join(
            "",
            '<rect x="{}" y="0" width="{}" height="16" fill="{}" stroke="#0b0c0c" '
            'stroke-width="0.5"/>',
            rects,
        ),
    )


def overview_chart(data: dict) -> SafeString:
    """The chart as HTML: the counts bar, then each cluster's markers, one line each."""
    clusters = format_html_join(
        "",
        '<h3 class="pdf-chart__cluster">{}</h3>{}',
        (
            (
                cluster["title"],
                format_html_join(
                    "",
                    '<p class="pdf-chart__row">{} <span class="pdf-chart__rating">{}</span> '
                    "QM{} {}</p>",
                    (
                        (_marker_bar(m), m["rating_label"], m["number"], m["title"])
                        for m in cluster["markers"]
                    ),
                ),
            )
            for cluster in data["clusters"]
        ),
    )
    legend = format_html_join(
        " ",
        '<span class="pdf-chart__key" style="border-left-color: {}">{}: {}</span>',
        ((c["colour"], c["label"], c["n"]) for c in data["counts"]),
    )
    return format_html(
        '<div class="pdf-chart">{}<p class="pdf-chart__legend">{}</p>{}</div>',
        _counts_bar(data["counts"]),
        legend,
        clusters,
    )
