"""The PDF module every printed document goes through (documents/pdf.py)."""

import pytest
from django.template import engines

from documents.pdf import StaticOnlyFetcher, html_to_pdf
from tests.pdf_checks import assert_tagged, contents_numbers, reader, text_of

TEMPLATE = """{% extends "documents/pdf/base.html" %}
{% block title %}Sample document{% endblock %}
{% block reference %}SCR-2026-001 Child R{% endblock %}
{% block content %}
<h1>Sample document</h1>
{% include "documents/pdf/_contents.html" %}
{% for anchor, label, level in entries %}
  <h2 id="{{ anchor }}" class="pdf-page">{{ label }}</h2>
  <p>{{ text }}</p>
{% endfor %}
{% endblock %}"""


def _render(**context) -> bytes:
    entries = [(f"part-{i}", f"Part {i}", 1) for i in range(1, 5)]
    html = (
        engines["django"]
        .from_string(TEMPLATE)
        .render(
            {"entries": entries, "text": "Text", "protective_marking": "OFFICIAL-SENSITIVE"}
            | context
        )
    )
    return html_to_pdf(html).content


def test_tagged_titled_and_in_english():
    assert_tagged(_render(), "Sample document")


def test_every_page_has_the_reference_the_marking_and_page_n_of_m():
    doc = reader(_render())
    assert len(doc.pages) == 5
    for n, page in enumerate(doc.pages, start=1):
        text = page.extract_text()
        assert "SCR-2026-001 Child R" in text
        assert text.count("OFFICIAL-SENSITIVE") >= 2, "marking at the top and the bottom"
        assert f"Page {n} of 5" in text


def test_contents_page_numbers_are_the_pages_of_the_parts():
    pdf = _render()
    assert contents_numbers(pdf) == [2, 3, 4, 5]


def test_bookmarks_for_each_part():
    titles = [o["/Title"] for o in reader(_render()).outline]
    assert titles == ["Sample document", "Part 1", "Part 2", "Part 3", "Part 4"]


def test_control_characters_and_other_scripts_do_not_break_the_pdf():
    text = "Cymraeg: ŵŷ ĉ. Polski: zażółć gęślą jaźń. \x00\x07\x1b\x7f\x9f end"
    got = text_of(_render(text=text))
    assert "zażółć gęślą jaźń" in got
    assert "ŵŷ" in got
    assert "\x07" not in got and "\x1b" not in got


def _fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_urdu_and_emoji_print_with_fonts_that_have_them():
    text = "Urdu: یہ ایک جملہ ہے. Emoji: 😀 👍."
    pdf = _render(text=text)
    fonts = _fonts(pdf)
    assert any("Arabic" in f or "Urdu" in f for f in fonts), fonts
    assert any("Emoji" in f for f in fonts), fonts
    got = text_of(pdf)
    assert "ایک" in got and "😀" in got  # (words of right-to-left text come out reordered)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/tracker.png",
        "http://127.0.0.1:8000/reviews/",
        "file:///etc/passwd",
        "https://scrqm.invalid/static/../../scrqm/settings.py",
        "https://scrqm.invalid/media/evidence/1/secret.pdf",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_static_files_and_data_urls():
    assert (
        b"User-agent" in StaticOnlyFetcher().fetch("https://scrqm.invalid/static/robots.txt").read()
    )
    assert StaticOnlyFetcher().fetch("data:text/plain,hello").read() == b"hello"
