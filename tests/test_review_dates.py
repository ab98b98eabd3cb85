from datetime import date

from tests.gds import dates


def _url(review):
    return f"/reviews/{review.pk}/dates/"


def test_it_saves_the_key_dates(cast, client):
    client.force_login(cast.manager)
    data = dates(
        incident_on=date(2026, 2, 20), referral_on=date(2026, 3, 3), decision_on=date(2026, 3, 10)
    )
    assert client.post(_url(cast.review), data).status_code == 302
    cast.review.refresh_from_db()
    assert cast.review.decision_on == date(2026, 3, 10)


def test_it_refuses_dates_out_of_order_naming_both(cast, client):
    client.force_login(cast.manager)
    data = dates(referral_on=date(2026, 3, 3), decision_on=date(2026, 3, 1))
    response = client.post(_url(cast.review), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The decision date must be on or after the referral date, 3 March 2026" in html
    # What the user typed is still there.
    assert 'name="decision_on_0" value="1"' in html
    cast.review.refresh_from_db()
    assert cast.review.decision_on is None


def test_it_refuses_an_impossible_date(cast, client):
    client.force_login(cast.manager)
    response = client.post(
        _url(cast.review),
        {"referral_on_0": "31", "referral_on_1": "2", "referral_on_2": "2026"},
    )
    assert response.status_code == 200
    assert "Referral must be a real date" in response.content.decode()


def test_it_lets_only_board_managers_change_dates(cast, client):
    for who, status in [("chair", 403), ("reviewer", 403), ("member", 403), ("outsider", 404)]:
        client.force_login(getattr(cast, who))
        assert (
            client.post(_url(cast.review), dates(referral_on=date(2026, 3, 3))).status_code
            == status
        )
    cast.review.refresh_from_db()
    assert cast.review.referral_on is None


def test_it_refuses_a_duplicate_reference_on_the_details_page(cast, client):
    from tests.factories import ReviewFactory

    ReviewFactory(board=cast.board, reference="SCR-2026-009")
    client.force_login(cast.manager)
    response = client.post(
        f"/reviews/{cast.review.pk}/details/",
        {"reference": "SCR-2026-009", "title": "Child R", "kind": "scr"},
    )
    assert "The board already has a review SCR-2026-009" in response.content.decode()


def test_it_checks_the_order_on_a_form_showing_only_some_dates(cast):
    """Other pages (board response, publication) edit a few of the review's dates."""
    from django import forms

    from reviews.models import Review

    class ResponseForm(forms.ModelForm):
        class Meta:
            model = Review
            fields = ["response_agreed_on"]

    cast.review.report_received_on = date(2026, 8, 1)
    cast.review.published_on = date(2026, 10, 12)
    cast.review.save()
    form = ResponseForm({"response_agreed_on": "2026-11-01"}, instance=cast.review)
    assert not form.is_valid()
    assert form.errors["response_agreed_on"] == [
        "The date the board response was agreed must be on or before the publication date, "
        "12 October 2026"
    ]
    form = ResponseForm({"response_agreed_on": "2026-07-01"}, instance=cast.review)
    assert form.errors["response_agreed_on"] == [
        "The date the board response was agreed must be on or after the date the report was "
        "received, 1 August 2026"
    ]
    assert ResponseForm({"response_agreed_on": "2026-09-01"}, instance=cast.review).is_valid()
