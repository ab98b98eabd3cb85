from datetime import date

import pytest

from reviews.models import Referral, Review, ReviewRole, Theme
from tests.gds import dates

URL = "/reviews/new/"


def _data(cast, **extra):
    return {
        "board": cast.board.pk,
        "title": "Child T",
        "kind": "lcspr",
        "referring_agency": cast.agency.pk,
        "rationale": "Infant with a head injury; police and health both involved.",
        "statutory_criteria": "met",
        **dates(referral_on=date(2026, 3, 3), incident_on=date(2026, 2, 20), aware_on=None),
        **extra,
    }


def test_it_opens_a_review_from_a_referral(cast, client):
    client.force_login(cast.manager)
    neglect = Theme.objects.get(name="Neglect", board=None)
    response = client.post(URL, _data(cast, themes=[neglect.pk]))
    review = Review.objects.get(title="Child T")
    assert response.status_code == 302
    assert response["Location"] == review.get_absolute_url()
    assert review.reference == "SCR-2026-001" or review.reference.startswith("SCR-2026-")
    assert review.stage == Review.Stage.REFERRAL
    assert review.referral_on == date(2026, 3, 3)
    assert review.referral.referring_agency == cast.agency
    assert review.referral.statutory_criteria == Referral.Criteria.MET
    assert list(review.themes.all()) == [neglect]
    assert review.roles.get().user == cast.manager
    assert review.roles.get().role == ReviewRole.Role.BOARD_MANAGER
    assert review.history.first().history_user == cast.manager


def test_it_generates_the_next_free_reference(cast, client):
    client.force_login(cast.manager)
    client.post(URL, _data(cast))
    # The cast's review is SCR-2026-001, so the new one is 002.
    assert Review.objects.get(title="Child T").reference == "SCR-2026-002"


def test_it_refuses_a_duplicate_reference(cast, client):
    client.force_login(cast.manager)
    response = client.post(URL, _data(cast, reference="SCR-2026-001"))
    assert response.status_code == 200
    assert "The board already has a review SCR-2026-001" in response.content.decode()
    assert not Review.objects.filter(title="Child T").exists()


def test_it_keeps_what_was_typed_when_refusing(cast, client):
    client.force_login(cast.manager)
    response = client.post(URL, _data(cast, title="Child <b>Q</b>", rationale=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Error: Open a review" in html
    assert 'value="Child &lt;b&gt;Q&lt;/b&gt;"' in html  # kept, and escaped
    assert 'value="3"' in html  # the referral day


def test_it_needs_another_reason_when_the_criteria_are_not_met(cast, client):
    client.force_login(cast.manager)
    response = client.post(URL, _data(cast, statutory_criteria="not_met"))
    assert "Enter the other reason for a review" in response.content.decode()
    response = client.post(
        URL, _data(cast, statutory_criteria="not_met", other_reason="Local learning priority")
    )
    assert response.status_code == 302


def test_it_refuses_a_referral_before_the_incident(cast, client):
    client.force_login(cast.manager)
    data = _data(cast) | dates(referral_on=date(2026, 2, 1))
    response = client.post(URL, data)
    assert (
        "The referral date must be on or after the incident date, 20 February 2026"
        in response.content.decode()
    )


def test_it_refuses_a_referrer_left_blank(cast, client):
    client.force_login(cast.manager)
    response = client.post(URL, _data(cast, referring_agency=""))
    assert "Choose the referring agency or enter who referred the case" in response.content.decode()


def test_it_refuses_another_boards_agency_or_board(cast, client):
    client.force_login(cast.outsider)
    response = client.post(URL, _data(cast))
    assert response.status_code == 200
    assert not Review.objects.filter(title="Child T").exists()


@pytest.mark.parametrize("who", ["chair", "reviewer", "member", "admin"])
def test_it_lets_only_board_managers_open_reviews(cast, client, who):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(cast)).status_code == 403
    assert not Review.objects.filter(title="Child T").exists()
