from datetime import date

import pytest

from reviews.models import AgencyContribution, InvolvementRecord, Notification, NotifiedChild
from tests.factories import ReviewFactory
from tests.gds import dates


def _records(client, review):
    return client.get(f"/reviews/{review.pk}/records/").content.decode()


def test_it_asks_an_agency_for_a_contribution_and_chases_it(cast, client):
    client.force_login(cast.manager)
    url = f"/reviews/{cast.review.pk}/contributions/add/"
    data = {
        "agency": cast.agency.pk,
        "asked_for": ["chronology", "summary"],
        "chaser_count": 0,
        **dates(requested_on=date(2026, 3, 3), due_on=date(2026, 3, 17)),
    }
    assert client.post(url, data).status_code == 302
    contribution = cast.review.contributions.get()
    assert contribution.asked_for == ["chronology", "summary"]
    assert contribution.is_outstanding
    response = client.post(f"/reviews/{cast.review.pk}/contributions/{contribution.pk}/chase/")
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.chaser_count == 1
    assert contribution.last_chased_on is not None
    assert "Outstanding" in _records(client, cast.review)


def test_it_refuses_a_contribution_received_before_it_was_asked_for(cast, client):
    client.force_login(cast.manager)
    data = {
        "agency": cast.agency.pk,
        "asked_for": ["records"],
        "chaser_count": 0,
        **dates(requested_on=date(2026, 3, 3), received_on=date(2026, 3, 1)),
    }
    response = client.post(f"/reviews/{cast.review.pk}/contributions/add/", data)
    assert (
        "The date received must be on or after the date requested, 3 March 2026"
        in response.content.decode()
    )


def test_it_refuses_another_boards_agency(cast, client):
    from tests.factories import AgencyFactory

    foreign = AgencyFactory(board=cast.other_board)
    client.force_login(cast.manager)
    data = {
        "agency": foreign.pk,
        "asked_for": ["records"],
        "chaser_count": 0,
        **dates(requested_on=date(2026, 3, 3)),
    }
    response = client.post(f"/reviews/{cast.review.pk}/contributions/add/", data)
    assert response.status_code == 200
    assert not AgencyContribution.objects.exists()


def test_it_finds_contributions_only_through_their_review(cast, client):
    other = ReviewFactory(board=cast.board)
    c = AgencyContribution.objects.create(
        review=other, agency=cast.agency, asked_for=["records"], requested_on=date(2026, 3, 3)
    )
    client.force_login(cast.manager)
    base = f"/reviews/{cast.review.pk}/contributions/{c.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base + "chase/").status_code == 404
    assert client.get(base + "remove/").status_code == 404


@pytest.fixture
def mother(cast):
    return InvolvementRecord.objects.create(
        review=cast.review,
        kind="family",
        role="Mother",
        real_name="Jane Example",
        informed_on=date(2026, 4, 1),
    )


@pytest.mark.parametrize("who", ["manager", "chair", "reviewer"])
def test_it_shows_family_names_to_the_review_team(cast, client, mother, who):
    client.force_login(getattr(cast, who))
    assert "Jane Example" in _records(client, cast.review)


def test_it_hides_family_names_from_board_members(cast, client, mother):
    client.force_login(cast.member)
    html = _records(client, cast.review)
    assert "Mother" in html
    assert "Jane Example" not in html
    assert "Jane Example" not in client.get(f"/reviews/{cast.review.pk}/history/").content.decode()


def test_it_lets_the_lead_reviewer_keep_the_involvement_log(cast, client):
    client.force_login(cast.reviewer)
    data = {"kind": "practitioner", "role": "Health visitor", "agency": cast.other_agency.pk}
    response = client.post(f"/reviews/{cast.review.pk}/involvement/add/", data)
    assert response.status_code == 302
    assert cast.review.involvements.get().role == "Health visitor"
    client.force_login(cast.member)
    assert client.post(f"/reviews/{cast.review.pk}/involvement/add/", data).status_code == 403


def test_it_escapes_what_users_type(cast, client):
    InvolvementRecord.objects.create(
        review=cast.review, kind="practitioner", role="<script>alert(1)</script>"
    )
    client.force_login(cast.member)
    html = _records(client, cast.review)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_names_at_most_four_children_in_a_notification(cast, client):
    notification = Notification.objects.create(review=cast.review)
    for n in range(4):
        NotifiedChild.objects.create(
            notification=notification,
            pseudonym=f"Child {n}",
            age_band="1_4",
            sex="male",
            plan="none",
            harm="harmed",
            incident_type="abuse",
        )
    client.force_login(cast.manager)
    data = {
        "pseudonym": "Child E",
        "age_band": "5_9",
        "sex": "female",
        "plan": "cin",
        "harm": "harmed",
        "incident_type": "abuse",
    }
    response = client.post(f"/reviews/{cast.review.pk}/notification/children/add/", data)
    assert "A notification names at most four children" in response.content.decode()
    assert notification.children.count() == 4


def test_it_refuses_a_period_under_review_that_ends_before_it_starts(cast, client):
    client.force_login(cast.manager)
    data = {
        "methodology": "silp",
        **dates(period_from=date(2025, 6, 1), period_to=date(2025, 1, 1)),
    }
    response = client.post(f"/reviews/{cast.review.pk}/terms-of-reference/", data)
    assert (
        "The end of the period must be on or after the start of the period, 1 June 2025"
        in response.content.decode()
    )


def test_the_terms_of_reference_show_their_agreed_date_from_the_key_dates(cast, client):
    from reviews.models import TermsOfReference

    TermsOfReference.objects.create(review=cast.review, methodology="silp")
    client.force_login(cast.manager)
    html = client.get(f"/reviews/{cast.review.pk}/records/").content.decode()
    row = html[html.index('__key">Agreed</dt>') :]
    row = row[: row.index("</div>")]
    assert "Not yet" in row and f"/reviews/{cast.review.pk}/dates/#id_tor_agreed_on_0" in row
    cast.review.tor_agreed_on = date(2026, 4, 1)
    cast.review.save()
    for page in ("records/", ""):
        html = client.get(f"/reviews/{cast.review.pk}/{page}").content.decode()
        key = "Agreed" if page else "Terms of reference agreed"
        row = html[html.index(f'__key">{key}</dt>') :]
        assert "1 April 2026" in row[: row.index("</div>")]


def test_it_records_a_parallel_process_holding_publication(cast, client):
    client.force_login(cast.manager)
    data = {
        "kind": "inquest",
        "lead_agency": "HM Coroner",
        "status": "under_way",
        "holds_publication": "on",
        **dates(held_until=date(2026, 12, 1)),
    }
    response = client.post(f"/reviews/{cast.review.pk}/parallel-processes/add/", data)
    assert response.status_code == 302
    process = cast.review.parallel_processes.get()
    assert process.holds_publication and process.held_until == date(2026, 12, 1)


def test_it_withdraws_a_record_instead_of_deleting_it(cast, client, mother):
    client.force_login(cast.manager)
    url = f"/reviews/{cast.review.pk}/involvement/{mother.pk}/remove/"
    assert client.post(url, {"withdrawn_reason": "Duplicate"}).status_code == 302
    mother.refresh_from_db()
    assert mother.is_withdrawn
    assert "Jane Example" not in _records(client, cast.review)


def test_it_records_the_referral(cast, client):
    client.force_login(cast.manager)
    data = {
        "referring_agency_other": "Southmoor partnership",
        "rationale": "Child moved between areas",
        "statutory_criteria": "unclear",
    }
    assert client.post(f"/reviews/{cast.review.pk}/referral/", data).status_code == 302
    assert cast.review.referral.referrer == "Southmoor partnership"


@pytest.mark.parametrize(
    "page, tables",
    [
        ("records", ["reviews_decision", "reviews_agencycontribution", "reviews_notifiedchild"]),
        ("outcomes", ["reviews_finding", "reviews_action"]),
    ],
)
def test_a_refused_reader_gets_404_before_the_records_are_read(cast, client, page, tables):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.outsider)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/reviews/{cast.review.pk}/{page}/")
    assert response.status_code == 404
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "reviews_review" in read
    assert not [t for t in tables if f'FROM "{t}"' in read]
