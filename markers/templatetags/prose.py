"""Render the marker library's plain-text format: paragraphs, "- " bullets, "1. " numbered items."""

import re
from itertools import groupby

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_NUMBERED = re.compile(r"^\d+\.\s+")


def _kind(line: str) -> str:
    if line.startswith(("- ", "  - ")):
        return "ul"
    return "ol" if _NUMBERED.match(line) else "p"


def _bullets(lines: list[str]) -> str:
    """A bullet list; lines indented as "  - " are a sub-list of the item before them."""
    items: list[list] = []
    for line in lines:
        if line.startswith("  - ") and items:
            items[-1][1].append(line[4:])
        else:
            items.append([line.strip()[2:], []])
    out = []
    for text, subs in items:
        sub = "".join(f"<li>{escape(s)}</li>" for s in subs)
        sub = f'<ul class="govuk-list govuk-list--bullet">{sub}</ul>' if sub else ""
        out.append(f"<li>{escape(text)}{sub}</li>")
    return f'<ul class="govuk-list govuk-list--bullet">{"".join(out)}</ul>'


@register.filter
def prose(text: str) -> str:
    html = []
    for block in (text or "").strip().split("\n\n"):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        for kind, run in groupby(lines, key=_kind):
            run = list(run)
            if kind == "p":
                html.append(f'<p class="govuk-body">{escape(" ".join(s.strip() for s in run))}</p>')
            elif kind == "ul":
                html.append(_bullets(run))
            else:
                items = "".join(f"<li>{escape(_NUMBERED.sub('', line))}</li>" for line in run)
                html.append(f'<ol class="govuk-list govuk-list--number">{items}</ol>')
    return mark_safe("".join(html))  # noqa: S308 - every piece of text above is escaped
