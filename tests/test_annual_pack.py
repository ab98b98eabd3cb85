"""The annual-report pack (issue 10, item 4): the PDF holds every figure of the page, the
workbook a sheet per table and a line per review, and the version for publication hides
small numbers with secondary suppression."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from analytics.figures import Scope, compute
from analytics.pack import SUPPRESSED, Table, pack_tables, suppress
from tests.test_analytics import YEAR, _scope, _world

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages
    )


def test_the_pdf_holds_every_figure_of_the_page_tagged_with_contents_and_marking(cast, as_user):
    _world(cast, 6)
    response = as_user(cast.manager).get(reverse("analytics:pack_pdf"), {"year": YEAR})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en-GB"
    text = _text(response.content)
    assert "OFFICIAL-SENSITIVE" in text and "Contents" in text and "Page 1 of" in text
    assert "not a measure of a board's performance" in text.replace("’", "'")
    figures = compute(cast.manager, _scope(cast.board))
    for table in pack_tables(figures, publication=False):
        assert table.title.split(" (")[0] in text, table.title
        for row in table.rows:
            for value in row[1:]:
                assert str(value) in text, (table.key, row)


def test_the_workbook_has_a_sheet_per_table_and_a_line_per_review(cast, as_user):
    made = _world(cast, 5)
    response = as_user(cast.manager).get(reverse("analytics:pack_xlsx"), {"year": YEAR})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    figures = compute(cast.manager, _scope(cast.board))
    keys = [t.key for t in pack_tables(figures, publication=False)]
    assert book.sheetnames == ["About", *keys, "Reviews"]
    lines = list(book["Reviews"].iter_rows(values_only=True))
    assert lines[0][0] == "Reference" and len(lines) == 1 + len(made["reviews"])
    first = next(line for line in lines if line[0] == "A-000")
    assert first[7] == "0 of 2"  # QM1 partly met, QM2 not met, QM3 not applicable
    assert first[8] == "0 of 1"


def test_for_publication_small_counts_are_c_with_secondary_suppression():
    t = Table("t", "T", ["Marker", "Met", "Partly", "Not met", "Share"])
    t.rows = [["QM1", 10, 3, 7, "77%"], ["QM2", 20, 0, 0, "100%"], ["QM3", 2, 4, 9, "13%"]]
    t.groups = [[(i, 1), (i, 2), (i, 3)] for i in range(3)]
    t.shares = {4: 1}
    out = suppress(t).rows
    # 3 hidden; alone in its row, so the next smallest (7) is hidden too: 10 + c + c.
    assert out[0] == ["QM1", 10, SUPPRESSED, SUPPRESSED, "77%"]
    assert out[1] == ["QM2", 20, 0, 0, "100%"]  # zero is not disclosive
    # 2 and 4 both hidden: two unknowns, nothing more to hide; the share of 2 goes too.
    assert out[2] == ["QM3", SUPPRESSED, SUPPRESSED, 9, SUPPRESSED]


def test_the_publication_pack_shows_no_count_from_1_to_4(cast, as_user):
    _world(cast, 6)
    client = as_user(cast.manager)
    response = client.get(reverse("analytics:pack_xlsx"), {"year": YEAR, "publication": "yes"})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert "Reviews" not in book.sheetnames  # no line per review in a published pack
    for name in book.sheetnames[1:]:
        for row in list(book[name].iter_rows(values_only=True))[1:]:
            assert not any(isinstance(v, int) and 1 <= v <= 4 for v in row[1:]), (name, row)
    assert any(SUPPRESSED in row for row in book["markers"].iter_rows(values_only=True))
    assert "“c”" in book["About"]["A3"].value
    pdf = client.get(reverse("analytics:pack_pdf"), {"year": YEAR, "publication": "yes"})
    assert "for publication" in _text(pdf.content)


def test_the_pack_is_only_of_reviews_the_user_may_see(cast, as_user):
    _world(cast, 3)
    tried = as_user(cast.outsider).get(
        reverse("analytics:pack_pdf"), {"year": YEAR, "board": cast.board.pk}
    )
    assert tried.status_code == 200 and tried["Content-Type"].startswith("text/html")
    assert f"There is no board “{cast.board.pk}”" in tried.content.decode()
    assert as_user(cast.admin).get(reverse("analytics:pack_xlsx")).status_code == 200
    assert Scope  # the scope type the pack is computed for
