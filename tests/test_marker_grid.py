"""The board's reviews x markers grid, coloured by rating."""

from django.urls import reverse

from reviews.models import ReviewRole
from tests.assessment_helpers import save
from tests.factories import ReviewFactory, ReviewRoleFactory

URL = reverse("reviews:marker_grid")


def test_it_colours_each_cell_by_rating_with_a_label(cast, as_user):
    save(cast.review, 1, cast.reviewer, rating="met")
    save(cast.review, 2, cast.reviewer, rating="partly_met")
    save(cast.review, 3, cast.reviewer, rating="not_met")
    save(cast.review, 4, cast.reviewer, rating="not_applicable", reason="No family")
    body = as_user(cast.manager).get(URL).content.decode()
    assert 'class="app-marker-grid"' in body
    assert body.count('app-marker-grid__cell--met"><a') == 1
    assert 'app-marker-grid__cell--partly-met"><a' in body
    assert 'app-marker-grid__cell--not-met"><a' in body
    assert 'app-marker-grid__cell--not-applicable"><a' in body
    assert body.count('app-marker-grid__cell--not-started"><a') == 14
    assert reverse("reviews:marker", args=[cast.review.pk, 18]) in body
    assert ">Partly met</a>" in body


def test_it_shows_only_visible_reviews(cast, as_user):
    other_board_review = ReviewFactory(board=cast.other_board, reference="SM-1")
    unassigned = ReviewFactory(board=cast.board, reference="SCR-2026-099")
    body = as_user(cast.reviewer).get(URL).content.decode()
    assert cast.review.reference in body
    assert unassigned.reference not in body and other_board_review.reference not in body
    body = as_user(cast.outsider).get(URL).content.decode()
    assert cast.review.reference not in body and "SM-1" in body
    assert "No reviews to show" in as_user(cast.admin).get(URL).content.decode()


def test_it_reads_the_grid_in_a_fixed_number_of_queries(
    cast, as_user, django_assert_max_num_queries
):
    client = as_user(cast.manager)
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    for _ in range(15):
        review = ReviewFactory(board=cast.board)
        ReviewRoleFactory(review=review, user=cast.reviewer, role=ReviewRole.Role.LEAD_REVIEWER)
        for n in (1, 5, 9):
            save(review, n, cast.reviewer, rating="met")
    with django_assert_max_num_queries(10) as many:
        response = client.get(URL)
    assert response.content.decode().count('app-marker-grid__cell--met"><a') == 45
    assert len(few.captured_queries) == len(many.captured_queries)
