"""The grid's totals, marker names and not-proceeding filter; the reviews list's search, sort
and "days since referral" (issue 10, item 5)."""

from datetime import date

import pytest
from django.urls import reverse

from markers.models import Marker
from reviews.models import MarkerAssessment, Rating, Review
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db
GRID = reverse("reviews:marker_grid")
LIST = reverse("reviews:list")


def _rated(cast, n: int, start: int = 0, **extra) -> list[Review]:
    qm1 = Marker.objects.get(marker_set__slug="scr-qm-lipp-2016", number=1)
    made = []
    for i in range(start, start + n):
        review = ReviewFactory(board=cast.board, reference=f"G-{i:03d}", **extra)
        MarkerAssessment.objects.create(review=review, marker=qm1, rating=Rating.MET)
        made.append(review)
    return made


def _foot(html: str) -> str:
    return html[html.index("<tfoot>") : html.index("</tfoot>")]


def test_the_grid_totals_each_marker_over_every_filtered_review(cast, as_user):
    _rated(cast, 55)
    html = as_user(cast.manager).get(GRID).content.decode()
    foot = _foot(html)
    met = foot[foot.index("Met<br>") : foot.index("Partly met</th>")]
    assert '<td class="app-marker-grid__header">55</td>' in met  # 55 rated, 50 on the page
    assert "of all 56 filtered" in foot


def test_the_grid_names_each_marker_in_full_on_its_column(cast, as_user):
    html = as_user(cast.manager).get(GRID).content.decode()
    title = Marker.objects.get(marker_set__slug="scr-qm-lipp-2016", number=13).title
    assert (
        f'<abbr title="{title}">QM13</abbr><span class="govuk-visually-hidden"> {title}</span>'
        in html
    )


def test_the_grid_can_hide_reviews_not_proceeding(cast, as_user):
    ReviewFactory(board=cast.board, reference="NP-1", stage=Review.Stage.NOT_PROCEEDING)
    client = as_user(cast.manager)
    assert "NP-1" in client.get(GRID).content.decode()
    hidden = client.get(GRID, {"hide_not_proceeding": "on"}).content.decode()
    assert "NP-1" not in hidden and "SCR-2026-001" in hidden


def test_the_grid_runs_a_fixed_number_of_queries(cast, as_user, django_assert_max_num_queries):
    client = as_user(cast.manager)
    _rated(cast, 2)
    with django_assert_max_num_queries(12) as small:
        client.get(GRID)
    _rated(cast, 30, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(GRID)


def test_the_list_searches_by_reference_or_title(cast, as_user):
    ReviewFactory(board=cast.board, reference="LCSPR-2025-007", title="Baby Q")
    ReviewFactory(board=cast.other_board, reference="LCSPR-2025-008", title="Baby Q")
    client = as_user(cast.manager)
    by_ref = client.get(LIST, {"q": "2025-007"}).content.decode()
    assert "LCSPR-2025-007" in by_ref and "SCR-2026-001" not in by_ref
    by_title = client.get(LIST, {"q": "baby q"}).content.decode()
    assert "LCSPR-2025-007" in by_title and "LCSPR-2025-008" not in by_title  # another board's


def test_the_list_sorts_by_its_columns(cast, as_user):
    ReviewFactory(board=cast.board, reference="A-001", stage=Review.Stage.MONITORING)
    ReviewFactory(board=cast.board, reference="Z-001", stage=Review.Stage.REFERRAL)
    client = as_user(cast.manager)
    html = client.get(LIST, {"sort": "reference"}).content.decode()
    assert html.index(">A-001<") < html.index(">SCR-2026-001<") < html.index(">Z-001<")
    html = client.get(LIST, {"sort": "stage"}).content.decode()
    assert html.index(">SCR-2026-001<") < html.index(">Z-001<") < html.index(">A-001<")
    bad = client.get(LIST, {"sort": "secret"})
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()


def test_days_since_referral_only_for_live_reviews(cast, as_user):
    ReviewFactory(
        board=cast.board,
        reference="CL-1",
        stage=Review.Stage.CLOSED,
        referral_on=date(2020, 1, 1),
        closed_on=date(2021, 1, 1),
    )
    html = as_user(cast.manager).get(LIST, {"stage": "closed"}).content.decode()
    assert "Not counted: the review is closed" in html
    assert ">366<" not in html
