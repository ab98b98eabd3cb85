"""Exports: formulas typed into any text cell stay text, in CSV and in Excel; only the
actions of reviews the user may see are exported."""

import csv
from io import BytesIO, StringIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import AgencyFactory, ReviewFactory
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def actions(cast):
    finding = FindingFactory(review=cast.review, number=1)
    for n, formula in enumerate(FORMULAS, start=1):
        ActionFactory(
            finding=finding, number=n, lead_agency=cast.agency, text=formula, lead_officer=formula
        )


def test_it_neutralises_formulas_in_the_excel_export(cast, as_user, actions):
    content = as_user(cast.manager).get(reverse("reviews:actions_xlsx")).getvalue()
    sheet = load_workbook(BytesIO(content)).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in (row[5], row[9])]
    assert len(cells) == 2 * len(FORMULAS)
    for cell in cells:
        assert cell.data_type == "s" and cell.value.startswith("'")


def test_it_neutralises_formulas_in_the_csv_export(cast, as_user, actions):
    text = as_user(cast.manager).get(reverse("reviews:actions_csv")).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(StringIO(text)))[1:]
    assert len(rows) == len(FORMULAS)
    for row in rows:
        assert row[5].startswith("'") and row[9].startswith("'")


def test_it_exports_only_the_actions_the_user_may_see(cast, as_user):
    other = ReviewFactory(board=cast.other_board, reference="SCR-2026-999")
    ActionFactory(
        finding=FindingFactory(review=other), lead_agency=AgencyFactory(board=other.board)
    )
    off = ReviewFactory(board=cast.board, reference="SCR-2026-777")
    ActionFactory(finding=FindingFactory(review=off), lead_agency=cast.agency)
    for who, hidden in [
        ("manager", [b"SCR-2026-999"]),
        ("reviewer", [b"SCR-2026-999", b"SCR-2026-777"]),
    ]:
        for name in ("actions_csv", "actions_xlsx"):
            response = as_user(getattr(cast, who)).get(reverse(f"reviews:{name}"))
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["Cache-Control"] == "private, no-store"
            if name == "actions_csv":
                for ref in hidden:
                    assert ref not in response.getvalue()
