"""Assessment points: snapshots that stay fixed, compared side by side, signed off by the chair."""

import pytest
from django.urls import reverse

from reviews.models import AssessmentPoint, MarkerComment
from reviews.services.assessment import assessment_point_take
from tests.assessment_helpers import marker, save


def take(cast, kind="planning", name=""):
    return assessment_point_take(review=cast.review, kind=kind, name=name, by=cast.reviewer)


def test_it_takes_a_snapshot_that_stays_fixed(cast):
    save(
        cast.review,
        1,
        cast.reviewer,
        rating="partly_met",
        commentary="Early",
        answers={2: ("no", "Criteria unclear")},
    )
    point = take(cast)
    save(cast.review, 1, cast.reviewer, rating="met", answers={2: ("yes", "")})
    point.refresh_from_db()
    assert point.data["1"]["rating"] == "partly_met"
    assert point.data["1"]["answers"]["2"] == {"answer": "no", "note": "Criteria unclear"}
    assert point.rating_of(5) == "not_started"


def test_it_takes_a_snapshot_from_the_page(cast, as_user):
    save(cast.review, 1, cast.reviewer, rating="met")
    url = reverse("reviews:points", args=[cast.review.pk])
    response = as_user(cast.reviewer).post(url, {"kind": "progress", "name": "After the event"})
    point = AssessmentPoint.objects.get()
    assert response.status_code == 302 and response["Location"] == point.get_absolute_url()
    assert point.taken_by == cast.reviewer and point.data["1"]["rating"] == "met"
    assert str(point) == "After the event"


@pytest.mark.parametrize(
    "who,status",
    [("manager", 403), ("chair", 403), ("member", 403), ("reviewer_off", 404), ("outsider", 404)],
)
def test_it_lets_only_assessors_take_snapshots(cast, as_user, who, status):
    url = reverse("reviews:points", args=[cast.review.pk])
    assert as_user(getattr(cast, who)).post(url, {"kind": "progress"}).status_code == status
    assert not AssessmentPoint.objects.exists()


def test_it_compares_two_points_marker_by_marker(cast, as_user, django_assert_max_num_queries):
    save(cast.review, 1, cast.reviewer, rating="partly_met", answers={2: ("no", "")})
    a = take(cast, "planning")
    save(cast.review, 1, cast.reviewer, rating="met", answers={2: ("yes", ""), 3: ("", "Asked")})
    save(cast.review, 7, cast.reviewer, rating="not_met")
    save(cast.review, 8, cast.reviewer, commentary="Timetable agreed")
    b = take(cast, "progress")
    url = reverse("reviews:points_compare", args=[cast.review.pk]) + f"?a={a.pk}&b={b.pk}"
    client = as_user(cast.member)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "3 markers moved: 1 better, 0 worse" in body
    assert "Rating better: Partly met to Met" in body
    assert "Question 2: no to yes" in body
    # Not started is not on the scale: changed, neither better nor worse.
    assert "Rating changed: Not started to Not met" in body
    assert "Question 3: not answered to not answered" not in body
    assert "Note on question 3 changed" in body
    assert "Commentary changed" in body


def test_a_rating_that_went_down_is_worse(cast, as_user):
    save(cast.review, 4, cast.reviewer, rating="met")
    a = take(cast, "planning")
    save(cast.review, 4, cast.reviewer, rating="partly_met")
    b = take(cast, "progress")
    url = reverse("reviews:points_compare", args=[cast.review.pk]) + f"?a={a.pk}&b={b.pk}"
    body = as_user(cast.member).get(url).content.decode()
    assert "Rating worse: Met to Partly met" in body
    assert '<strong class="govuk-tag govuk-tag--red">Worse</strong>' in body


def test_from_and_to_start_at_the_two_latest_points_that_differ(
    cast, as_user, django_assert_max_num_queries
):
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    save(cast.review, 1, cast.reviewer, rating="partly_met")
    take(cast, "planning")
    save(cast.review, 1, cast.reviewer, rating="met")
    differs = take(cast, "progress", "Before the panel")
    save(cast.review, 2, cast.reviewer, rating="met")
    take(cast, "progress", "Same as the latest")
    latest = take(cast, "reflection")
    url = reverse("reviews:points", args=[cast.review.pk])
    client = as_user(cast.member)
    with django_assert_max_num_queries(60) as few:
        form = client.get(url).context["compare_form"]
    # The latest, and the latest before it with something else recorded (not its twin).
    assert (form["a"].value(), form["b"].value()) == (differs.pk, latest.pk)
    day = date_format(localtime(latest.taken_at))
    assert dict(form.fields["b"].choices)[latest.pk] == f"{latest} ({day})"
    assert day == f"{latest.taken_at.day} {localtime(latest.taken_at):%B %Y}"
    # However many twins there are to pass over, the same number of queries.
    for _ in range(5):
        take(cast, "progress", "Same as the latest")
    with django_assert_max_num_queries(60) as many:
        form = client.get(url).context["compare_form"]
    assert form["a"].value() == differs.pk
    assert len(few.captured_queries) == len(many.captured_queries)


def test_it_compares_in_a_fixed_number_of_queries(cast, as_user, django_assert_max_num_queries):
    a, b = take(cast), take(cast, "progress")
    url = reverse("reviews:points_compare", args=[cast.review.pk]) + f"?a={a.pk}&b={b.pk}"
    client = as_user(cast.member)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(1, 19):
        save(cast.review, n, cast.reviewer, rating="met", answers={1: ("yes", "n")})
    a, b = take(cast), take(cast, "reflection")
    url = reverse("reviews:points_compare", args=[cast.review.pk]) + f"?a={a.pk}&b={b.pk}"
    with django_assert_max_num_queries(12) as many:
        client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)


def test_it_404s_a_point_of_another_review(cast, as_user):
    from tests.factories import ReviewFactory

    other = ReviewFactory(board=cast.board)
    point = take(cast)
    assert (
        as_user(cast.manager).get(reverse("reviews:point", args=[other.pk, point.pk])).status_code
        == 404
    )
    url = reverse("reviews:points_compare", args=[other.pk]) + f"?a={point.pk}&b={point.pk}"
    assert as_user(cast.manager).get(url).status_code == 404


def test_the_chair_signs_off_a_point_which_locks_it(cast, as_user):
    point = take(cast)
    url = reverse("reviews:point_sign_off", args=[cast.review.pk, point.pk])
    for who in ("reviewer", "manager", "member"):
        assert as_user(getattr(cast, who)).post(url).status_code == 403
    # A confirmation page first: what will be locked, the open challenges, a comment.
    MarkerComment.objects.create(
        review=cast.review, marker=marker(cast.review, 7), author=cast.chair, body="Who checks?"
    )
    page = as_user(cast.chair).get(url).content.decode()
    assert "What will be locked" in page and "1 open challenge" in page and "Who checks?" in page
    response = as_user(cast.chair).post(url, {"comment": ""})
    assert response.status_code == 200 and "Enter a sign-off comment" in response.content.decode()
    point.refresh_from_db()
    assert not point.is_locked
    assert as_user(cast.chair).post(url, {"comment": "Checked with the panel"}).status_code == 302
    point.refresh_from_db()
    assert point.is_locked and point.signed_off_by == cast.chair
    assert point.sign_off_comment == "Checked with the panel"
    body = as_user(cast.member).get(point.get_absolute_url()).content.decode()
    assert f"Signed off by {cast.chair}" in body and "locked and read-only" in body
    first = point.signed_off_at
    response = as_user(cast.chair).post(url, follow=True)
    assert "already been signed off" in response.content.decode()
    point.refresh_from_db()
    assert point.signed_off_at == first
    # The live assessment goes on.
    save(cast.review, 1, cast.reviewer, rating="met")
    point.refresh_from_db()
    assert point.rating_of(1) == "not_started"
