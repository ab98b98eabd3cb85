"""Quality-assurance challenge (marker 7): comments by managers and chairs, resolved by the
lead reviewer with a reply."""

import pytest
from django.urls import reverse

from reviews.models import MarkerComment
from tests.factories import ReviewFactory


def add(client, review, body="Why was the family not told?", number=4):
    return client.post(reverse("reviews:comment_add", args=[review.pk, number]), {"body": body})


@pytest.mark.parametrize("who", ["manager", "chair"])
def test_it_lets_managers_and_chairs_comment(cast, as_user, who):
    response = add(as_user(getattr(cast, who)), cast.review)
    assert response.status_code == 302
    comment = MarkerComment.objects.get()
    assert comment.author == getattr(cast, who) and comment.marker.number == 4
    body = as_user(cast.member).get(reverse("reviews:marker", args=[cast.review.pk, 4])).content
    assert b"Why was the family not told?" in body and b"Open" in body


@pytest.mark.parametrize(
    "who,status",
    [("reviewer", 403), ("member", 403), ("reviewer_off", 404), ("outsider", 404), ("admin", 404)],
)
def test_it_refuses_comments_from_others(cast, as_user, who, status):
    assert add(as_user(getattr(cast, who)), cast.review).status_code == status
    assert not MarkerComment.objects.exists()


def test_it_asks_for_the_comment(cast, as_user):
    response = add(as_user(cast.chair), cast.review, body="")
    assert response.status_code == 200
    assert "Enter the quality-assurance comment" in response.content.decode()


def resolve(client, review, comment, reply):
    return client.post(
        reverse("reviews:comment_resolve", args=[review.pk, comment.pk]),
        {f"comment-{comment.pk}-reply": reply},
    )


def test_the_lead_reviewer_resolves_a_comment_with_a_reply(cast, as_user):
    add(as_user(cast.chair), cast.review)
    comment = MarkerComment.objects.get()
    response = resolve(as_user(cast.reviewer), cast.review, comment, "")
    assert response.status_code == 200
    assert not MarkerComment.objects.get().is_resolved
    response = resolve(
        as_user(cast.reviewer), cast.review, comment, "Told on 3 March: see QM4 note"
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_resolved and comment.resolved_by == cast.reviewer
    body = as_user(cast.chair).get(reverse("reviews:marker", args=[cast.review.pk, 4])).content
    assert b"Told on 3 March: see QM4 note" in body and b"Resolved" in body


@pytest.mark.parametrize(
    "who,status", [("manager", 403), ("chair", 403), ("member", 403), ("reviewer_off", 404)]
)
def test_it_lets_only_assessors_resolve(cast, as_user, who, status):
    add(as_user(cast.chair), cast.review)
    comment = MarkerComment.objects.get()
    assert resolve(as_user(getattr(cast, who)), cast.review, comment, "Done").status_code == status
    assert not MarkerComment.objects.get().is_resolved


def test_it_404s_a_comment_looked_up_through_another_review(cast, as_user):
    from reviews.models import ReviewRole
    from tests.factories import ReviewRoleFactory

    other = ReviewFactory(board=cast.board)
    ReviewRoleFactory(review=other, user=cast.reviewer, role=ReviewRole.Role.LEAD_REVIEWER)
    add(as_user(cast.chair), cast.review)
    comment = MarkerComment.objects.get()
    assert resolve(as_user(cast.reviewer), other, comment, "x").status_code == 404


def test_it_shows_typed_html_in_comments_as_text(cast, as_user):
    add(as_user(cast.chair), cast.review, body="<script>alert(1)</script>")
    body = as_user(cast.reviewer).get(reverse("reviews:marker", args=[cast.review.pk, 4])).content
    assert b"<script>alert(1)</script>" not in body and b"&lt;script&gt;alert(1)" in body


def test_the_marker_page_names_who_commented_and_replied_and_when(cast, as_user):
    """The page reads its comments as the columns shown: the same names and local times."""
    from datetime import UTC, datetime

    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    add(as_user(cast.chair), cast.review)
    add(as_user(cast.chair), cast.review, body="Still open")
    first = MarkerComment.objects.order_by("pk").first()
    resolve(as_user(cast.reviewer), cast.review, first, "Done")
    # A summer time: shown in the local time (an hour after UTC), as the ORM's times are.
    MarkerComment.objects.filter(pk=first.pk).update(
        created_at=datetime(2026, 7, 1, 11, 30, tzinfo=UTC)
    )
    first.refresh_from_db()
    body = as_user(cast.manager).get(reverse("reviews:marker", args=[cast.review.pk, 4]))
    body = body.content.decode()

    def when(at):
        return date_format(localtime(at), "j F Y, H:i")

    for c in MarkerComment.objects.all():
        assert f"<strong>{c.author}</strong>, {when(c.created_at)}" in body
    assert f"<strong>{first.author}</strong>, 1 July 2026, 12:30" in body
    assert f"Reply by <strong>{cast.reviewer}</strong>, {when(first.resolved_at)}:" in body
    assert body.count('govuk-tag--green">Resolved') == 1
    assert body.count('govuk-tag--yellow">Open') == 1
