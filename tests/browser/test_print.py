"""Printing the pages themselves: protective marking, date printed, page address, and the
reviews x markers grid with all 18 markers."""

import re

from tests.browser.conftest import sign_in
from tests.conftest import make_cast
from tests.pdf_checks import text_of


def test_the_printed_grid_has_the_marking_the_date_the_address_and_all_18_markers(page):
    make_cast()
    sign_in(page, "chair")
    page.goto("/reviews/markers/")
    page.emulate_media(media="print")
    text = text_of(page.pdf(prefer_css_page_size=True))
    assert "OFFICIAL-SENSITIVE" in text
    assert re.search(r"Printed \d{1,2} \w+ 20\d\d, \d\d:\d\d", text)
    assert "/reviews/markers/" in text
    for n in range(1, 19):
        assert f"QM{n}" in text, f"QM{n} not printed"
    assert "Page 1 of" in text
