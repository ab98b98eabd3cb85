"""The shared export writer (scrqm.exports): files that open, safe text, streamed output."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from scrqm.exports import Sheet, csv_response, safe_text, write_xlsx, xlsx_response
from tests.outcomes_factories import ActionFactory, FindingFactory

HEADERS = ["Text", "Number", "Date", "When", "Flag", "Empty"]
NASTY = "Bell\x07 and\x00 NUL\x1b, tab\tnewline\ncr\r kept & <b>"


def _rows():
    return [
        [
            NASTY,
            3,
            date(2026, 12, 1),
            datetime(2026, 6, 1, 9, 30, tzinfo=ZoneInfo("UTC")),
            True,
            None,
        ],
        ["=SUM(A1:A2)", Decimal("2.5"), None, None, False, ""],
        ["\x01=1", -4, None, None, None, None],
    ]


def test_safe_text_strips_what_breaks_a_file_and_neutralises_formulas():
    assert safe_text(NASTY) == "Bell and NUL, tab\tnewline\ncr\r kept & <b>"
    assert safe_text("=1+1") == "'=1+1"
    assert safe_text("\x02@SUM(A1)") == "'@SUM(A1)"  # stripped first, then neutralised
    assert safe_text("-") == "'-" and safe_text("plain") == "plain"


def test_an_excel_export_opens_with_a_frozen_bold_header_dates_and_widths():
    response = xlsx_response("x.xlsx", Sheet("Actions: all/some?", HEADERS, iter(_rows())))
    assert response.streaming and response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    book = load_workbook(io.BytesIO(response.getvalue()))
    sheet = book.active
    assert sheet.title == "Actions  all some"
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == HEADERS and sheet["A1"].font.b
    text, number, day, when, flag = (c.value for c in sheet[2][:5])
    assert text == "Bell and NUL, tab\tnewline\ncr\r kept & <b>"
    assert number == 3 and flag is True
    assert day == datetime(2026, 12, 1) and sheet["C2"].number_format == "dd/mm/yyyy"
    assert when == datetime(2026, 6, 1, 10, 30)  # 9:30 UTC is 10:30 in London in June
    assert sheet["B3"].value == 2.5 and sheet["A3"].value == "'=SUM(A1:A2)"
    assert sheet["A4"].value == "'=1" and sheet["E3"].value is False
    assert sheet["F2"].value is None and sheet.max_row == 4
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["E"].width >= 6


def test_a_workbook_has_one_sheet_per_sheet_with_distinct_titles(tmp_path):
    path = tmp_path / "pack.xlsx"
    with path.open("wb") as file:
        write_xlsx(file, Sheet("Reviews", ["A"], [[1]]), Sheet("reviews", ["B"], []))
    book = load_workbook(path)
    assert book.sheetnames == ["Reviews", "reviews (2)"]
    assert book["reviews (2)"].max_row == 1


def test_a_csv_export_is_utf8_with_safe_text_and_iso_dates():
    response = csv_response("x.csv", HEADERS, iter(_rows()))
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.getvalue()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS
    assert rows[1] == [
        "Bell and NUL, tab\tnewline\ncr\r kept & <b>",
        "3",
        "2026-12-01",
        "2026-06-01T10:30:00+01:00",
        "True",
        "",
    ]
    assert rows[2][0] == "'=SUM(A1:A2)" and rows[3][0] == "'=1"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_exports_start_sending_before_every_row_is_read(kind):
    read = []

    def rows():
        for n in range(20000):
            read.append(n)
            yield [f"Row {n} " + "text " * 20, n, date(2026, 1, 1)]

    if kind == "csv":
        response = csv_response("x.csv", ["A", "B", "C"], rows())
    else:
        response = xlsx_response("x.xlsx", Sheet("S", ["A", "B", "C"], rows()))
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first and len(read) < 5000  # the first bytes leave after a few rows
    rest = b"".join(chunks)
    assert len(read) == 20000
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(first + rest), read_only=True).active
        assert sum(1 for _ in sheet.iter_rows()) == 20001


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["actions_csv", "actions_xlsx"])
@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"lead_agency": "abc"},
        {"review": "x" * 101},
        {"owner": "-1"},
        {"sort": "colour"},
    ],
)
def test_an_export_with_a_filter_that_does_not_validate_is_refused_not_widened(
    cast, as_user, name, query
):
    ActionFactory(finding=FindingFactory(review=cast.review), lead_agency=cast.agency)
    response = as_user(cast.manager).get(reverse(f"reviews:{name}"), query)
    assert response.status_code == 400
    assert not response.streaming and not response.has_header("Content-Disposition")
    body = response.content.decode()
    assert "There is a problem" in body and "Actions tracker" in body
