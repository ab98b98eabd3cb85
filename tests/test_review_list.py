from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership
from reviews.models import AgencyContribution, ReviewRole
from tests.factories import MembershipFactory, ReviewFactory, ReviewRoleFactory, UserFactory


def _many(cast, n):
    """n running reviews, half of them with an overdue agency contribution."""
    today = date.today()
    start = ReviewRole.objects.count()
    for i in range(n):
        review = ReviewFactory(
            board=cast.board,
            reference=f"LIST-{start + i}",
            referral_on=today - timedelta(days=40),
            decision_on=today - timedelta(days=30),
            stage="running",
        )
        ReviewRoleFactory(review=review, user=cast.reviewer_off, role="lead_reviewer")
        AgencyContribution.objects.create(
            review=review,
            agency=cast.agency,
            asked_for=["records"],
            requested_on=today - timedelta(days=30),
            due_on=today - timedelta(days=5) if i % 2 else today + timedelta(days=30),
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_it_takes_the_same_number_of_queries_however_many_reviews(cast, client):
    client.force_login(cast.manager)
    _many(cast, 3)
    few = _count(client, "/reviews/")
    _many(cast, 12)
    assert _count(client, "/reviews/") == few
    assert _count(client, "/") == _count(client, "/")


def test_it_lists_with_at_most_a_fixed_number_of_queries(
    cast, client, django_assert_max_num_queries
):
    _many(cast, 10)
    client.force_login(cast.manager)
    with django_assert_max_num_queries(10):
        client.get("/reviews/?stage=running&overdue=yes")
    with django_assert_max_num_queries(10):
        client.get("/")


def test_it_filters_by_stage_kind_lead_reviewer_and_overdue(cast, client):
    _many(cast, 4)
    client.force_login(cast.manager)
    html = client.get("/reviews/?stage=referral").content.decode()
    assert "SCR-2026-001" in html and html.count("govuk-table__row") == 2  # header + Child R
    html = client.get(f"/reviews/?lead_reviewer={cast.reviewer.pk}").content.decode()
    assert "Child R" in html
    html = client.get(f"/reviews/?lead_reviewer={cast.reviewer_off.pk}").content.decode()
    assert "SCR-2026-001" not in html
    overdue = client.get("/reviews/?overdue=yes").content.decode()
    assert overdue.count("Overdue</strong>") == 2
    assert "SCR-2026-001" not in overdue
    assert "SCR-2026-001" in client.get("/reviews/?overdue=no").content.decode()
    assert "No reviews to show" in client.get("/reviews/?kind=rapid").content.decode()


def test_it_shows_lead_reviewers_only_their_reviews(cast, client):
    _many(cast, 2)
    client.force_login(cast.reviewer)
    html = client.get("/reviews/").content.decode()
    assert "SCR-2026-001" in html
    assert html.count("/reviews/") - html.count('href="/reviews/"') >= 1
    client.force_login(cast.outsider)
    assert "SCR-2026-001" not in client.get("/reviews/").content.decode()


def test_it_shows_panel_members_the_reviews_they_are_on(cast, client):
    panel = UserFactory(username="panel")
    MembershipFactory(user=panel, board=cast.board, role=Membership.Role.LEAD_REVIEWER)
    client.force_login(panel)
    assert "SCR-2026-001" not in client.get("/reviews/").content.decode()
    ReviewRole.objects.create(review=cast.review, user=panel, role="panel_member")
    assert "SCR-2026-001" in client.get("/reviews/").content.decode()


def test_it_puts_overdue_reviews_first_on_the_dashboard(cast, client):
    _many(cast, 2)
    client.force_login(cast.manager)
    html = client.get("/").content.decode()
    assert "1 with an overdue milestone" in html
    assert "Open a review from a referral" in client.get("/reviews/").content.decode()
    client.force_login(cast.member)
    assert "Open a review from a referral" not in client.get("/reviews/").content.decode()
