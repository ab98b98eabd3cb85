"""The board's reviews x markers grid, coloured by rating."""

from django.urls import reverse

from accounts.models import Membership
from reviews.models import ReviewRole
from tests.assessment_helpers import save
from tests.factories import MembershipFactory, ReviewFactory, ReviewRoleFactory

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
    url = reverse("reviews:marker", args=[cast.review.pk, 2])
    assert (
        f'<td class="app-marker-grid__cell app-marker-grid__cell--partly-met"><a href="{url}">'
        f'<span class="govuk-visually-hidden">{cast.review.reference} QM2: </span>Partly met</a>'
        "</td>"
    ) in body


def test_its_cells_escape_what_the_review_reference_holds(cast, as_user):
    cast.review.reference = 'R<1>&"'
    cast.review.save()
    body = as_user(cast.manager).get(URL).content.decode()
    assert "R&lt;1&gt;&amp;&quot; QM18: " in body and "R<1>" not in body


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


def _rows(body):
    return body.count('<tr><th scope="row"')


def _reviews(board, n, **kwargs):
    return [ReviewFactory(board=board, reference=f"GRID-{i:03d}", **kwargs) for i in range(n)]


def test_it_pages_50_reviews_newest_first_in_a_fixed_number_of_queries(
    cast, as_user, django_assert_max_num_queries
):
    client = as_user(cast.manager)
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    made = _reviews(cast.board, 55)
    for review in made[:6]:
        save(review, 2, cast.manager, rating="met")
    with django_assert_max_num_queries(10) as many:
        body = client.get(URL).content.decode()
    assert len(few.captured_queries) == len(many.captured_queries)
    assert _rows(body) == 50
    assert "Reviews 1 to 50 of 56" in body and "Page 2 of 2" in body
    assert made[54].reference in body and made[4].reference not in body
    assert body.count('app-marker-grid__cell--met"><a') == 1  # GRID-005 is 50th
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(URL, {"page": 2}).content.decode()
    assert _rows(body) == 6
    assert made[4].reference in body  # the 51st review, newest first
    assert cast.review.reference in body and made[5].reference not in body
    assert body.count('app-marker-grid__cell--met"><a') == 5
    assert 'rel="prev"' in body


def test_it_filters_by_stage_keeping_the_filter_in_the_page_links(cast, as_user):
    _reviews(cast.board, 52, stage="running")
    client = as_user(cast.manager)
    body = client.get(URL, {"stage": "referral"}).content.decode()
    assert _rows(body) == 1 and cast.review.reference in body
    body = client.get(URL, {"stage": "running"}).content.decode()
    assert _rows(body) == 50 and cast.review.reference not in body
    assert "stage=running&amp;page=2" in body
    assert _rows(client.get(URL, {"stage": "running", "page": 2}).content.decode()) == 2
    assert 'name="board"' not in body  # one board: nothing to choose


def test_it_filters_by_board_for_people_in_several_boards(cast, as_user):
    MembershipFactory(user=cast.manager, board=cast.other_board, role=Membership.Role.CHAIR)
    ReviewFactory(board=cast.other_board, reference="SM-1")
    client = as_user(cast.manager)
    body = client.get(URL).content.decode()
    assert 'name="board"' in body and cast.other_board.name in body
    assert "SM-1" in body and cast.review.reference in body
    body = client.get(URL, {"board": cast.other_board.pk}).content.decode()
    assert "SM-1" in body and cast.review.reference not in body
    body = client.get(URL, {"board": cast.board.pk}).content.decode()
    assert "SM-1" not in body and cast.review.reference in body


def test_its_rows_escape_the_reviews_reference_title_and_board(cast, as_user):
    # The view writes the rows (issue 11): every value still reaches the page escaped.
    MembershipFactory(user=cast.manager, board=cast.other_board, role=Membership.Role.CHAIR)
    cast.other_board.name = "Board <i>&"
    cast.other_board.save()
    review = ReviewFactory(board=cast.other_board, reference="R<2>", title='Child "<b>B</b>"')
    body = as_user(cast.manager).get(URL).content.decode()
    url = reverse("reviews:markers", args=[review.pk])
    assert (
        '<tr><th scope="row" class="app-marker-grid__header app-marker-grid__header--row">'
        f'<a class="govuk-link" href="{url}"><span class="app-nowrap">R&lt;2&gt;</span> '
        "Child &quot;&lt;b&gt;B&lt;/b&gt;&quot;</a><br>"
        '<span class="govuk-hint govuk-!-margin-0">Board &lt;i&gt;&amp;</span></th>'
    ) in body
    assert "<b>B</b>" not in body and "<i>&" not in body
