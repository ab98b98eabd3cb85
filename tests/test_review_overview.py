from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import AgencyContribution, Decision, Delay, PractitionerEvent


def _fill(cast, n):
    review = cast.review
    today = date.today()
    review.aware_on = today - timedelta(days=60)
    review.notified_on = today - timedelta(days=40)  # late
    review.referral_on = today - timedelta(days=50)
    review.save()
    for i in range(n):
        AgencyContribution.objects.create(
            review=review,
            agency=cast.agency,
            asked_for=["chronology"],
            requested_on=today - timedelta(days=45),
            due_on=today - timedelta(days=i + 1),
        )
        Decision.objects.create(
            review=review,
            kind="scope",
            decision=f"Scope {i}",
            rationale="r",
            decided_by=cast.manager,
            decided_on=today - timedelta(days=10),
        )
        PractitionerEvent.objects.create(review=review, held_on=today, title=f"Event {i}")
    return review


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_it_shows_milestones_with_due_dates_and_overdue_ones(cast, client):
    review = _fill(cast, 2)
    client.force_login(cast.manager)
    _, html = _count(client, f"/reviews/{review.pk}/")
    assert "Serious incident notified to the national bodies" in html
    assert "Late</strong>" in html
    assert "Overdue</strong>" in html  # the decision and the contributions
    assert "Outstanding agency contributions" in html
    assert "Record the reason" in html


def test_it_records_a_reason_for_a_missed_milestone(cast, client):
    review = _fill(cast, 0)
    client.force_login(cast.manager)
    url = f"/reviews/{review.pk}/delays/notification/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Police notified the LA late", "board_told_on_0": ""})
    assert response.status_code == 302
    assert Delay.objects.get(review=review).milestone == "notification"
    assert "Police notified the LA late" in client.get(f"/reviews/{review.pk}/").content.decode()
    assert client.get(f"/reviews/{review.pk}/delays/no-such-thing/").status_code == 404


def test_it_takes_the_same_queries_however_many_records(cast, client):
    client.force_login(cast.manager)
    review = _fill(cast, 1)
    urls = [
        f"/reviews/{review.pk}/",
        f"/reviews/{review.pk}/records/",
        f"/reviews/{review.pk}/timeline/",
        f"/reviews/{review.pk}/history/",
    ]
    # Once per database connection, the history prepares its query on PostgreSQL (one query
    # more): counted from each page's second request.
    for url in urls:
        client.get(url)
    counts = {url: _count(client, url)[0] for url in urls}
    _fill(cast, 8)
    for url, before in counts.items():
        assert _count(client, url)[0] == before, url


def test_it_stays_under_a_fixed_number_of_queries(cast, client, django_assert_max_num_queries):
    review = _fill(cast, 5)
    client.force_login(cast.manager)
    # History reads every tracked kind of record in one query, and the people named in one.
    for suffix, limit in [("", 11), ("records/", 14), ("timeline/", 11), ("history/", 9)]:
        client.get(f"/reviews/{review.pk}/{suffix}")  # once a process: SQLite's JSON checked
        with django_assert_max_num_queries(limit):
            client.get(f"/reviews/{review.pk}/{suffix}")


def test_it_lists_milestones_moves_and_decisions_on_the_timeline(cast, client):
    review = _fill(cast, 1)
    client.force_login(cast.member)
    _, html = _count(client, f"/reviews/{review.pk}/timeline/")
    assert "moj-timeline" in html
    assert "Decision: Scope and proportionality" in html
    assert "Due: Decision whether to hold a review" in html
    assert "Practitioner event: Event 0" in html
