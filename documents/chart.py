"""The overview chart of the summary: every marker by cluster, as SVG, with the rating in
words beside its colour (colour is never the only signal)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

WIDTH = 640
ROW = 26
HEADING = 30


def overview_svg(data: dict) -> SafeString:
    parts, y = [], 0
    for cluster in data["clusters"]:
        y += HEADING
        parts.append(
            format_html(
                '<text x="0" y="{}" font-size="14" font-weight="bold">{}</text>',
                y - 8,
                Truncator(cluster["title"]).chars(80),
            )
        )
        for m in cluster["markers"]:
            parts.append(
                format_html(
                    '<rect x="0" y="{}" width="22" height="18" fill="{}" stroke="#0b0c0c" '
                    'stroke-width="0.5"/>'
                    '<text x="30" y="{}" font-size="12">QM{} {}</text>'
                    '<text x="{}" y="{}" font-size="12" font-weight="bold" '
                    'text-anchor="end">{}</text>',
                    y,
                    m["colour"],
                    y + 14,
                    m["number"],
                    Truncator(m["title"]).chars(62),
                    WIDTH,
                    y + 14,
                    m["rating_label"],
                )
            )
            y += ROW
    label = "; ".join(
        f"QM{m['number']} {m['rating_label']}" for c in data["clusters"] for m in c["markers"]
    )
    return format_html(
        '<svg class="pdf-chart" role="img" aria-label="Ratings of the markers: {}" '
        'viewBox="0 -4 {} {}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="DejaVu Sans, sans-serif">{}</svg>',
        label,
        WIDTH,
        y + 8,
        format_html_join("", "{}", ((p,) for p in parts)),
    )
