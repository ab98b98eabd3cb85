from datetime import date

import pytest

from reviews.models import Decision
from tests.gds import dates


def _url(review, suffix="add/"):
    return f"/reviews/{review.pk}/decisions/{suffix}"


def _data(**extra):
    return {
        "kind": "hold",
        "outcome": "proceed",
        "decision": "Hold a local child safeguarding practice review",
        "rationale": "The statutory criteria are met and there is learning for the partnership.",
        "factors": ["learning", "family"],
        **dates(decided_on=date(2026, 3, 10), board_advised_on=date(2026, 3, 12)),
        **extra,
    }


@pytest.fixture
def referred(cast):
    cast.review.referral_on = date(2026, 3, 3)
    cast.review.save()
    return cast.review


def test_it_lets_the_chair_record_the_decision_to_hold(cast, client, referred):
    client.force_login(cast.chair)
    response = client.post(_url(referred), _data())
    assert response.status_code == 302
    decision = referred.decisions.get()
    assert decision.decided_by == cast.chair
    assert decision.factors == ["learning", "family"]
    referred.refresh_from_db()
    # The review holds the key dates: the decision dates it.
    assert referred.decision_on == date(2026, 3, 10)
    assert referred.board_advised_on == date(2026, 3, 12)


def test_it_refuses_a_decision_before_the_referral(cast, client, referred):
    client.force_login(cast.chair)
    response = client.post(_url(referred), _data(**dates(decided_on=date(2026, 3, 1))))
    assert (
        "The decision date must be on or after the referral date, 3 March 2026"
        in response.content.decode()
    )
    assert not referred.decisions.exists()


def test_it_needs_an_outcome_for_a_decision_whether_to_hold(cast, client, referred):
    client.force_login(cast.chair)
    response = client.post(_url(referred), _data(outcome=""))
    assert "Select whether to hold a review" in response.content.decode()


def test_it_keeps_the_chairs_decisions_for_the_chair(cast, client, referred):
    client.force_login(cast.manager)
    response = client.post(_url(referred), _data())
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not referred.decisions.exists()
    # Board managers record the other kinds.
    response = client.post(_url(referred), _data(kind="publication", outcome=""))
    assert response.status_code == 302
    assert referred.decisions.get().kind == "publication"


def test_a_board_manager_sees_only_the_kinds_they_record_and_whose_the_hold_decision_is(
    cast, client, referred
):
    client.force_login(cast.manager)
    html = client.get(_url(referred)).content.decode()
    # No outcome they could not save; said where the kind is chosen.
    assert "Hold a review" not in html and 'name="outcome"' not in html
    assert 'value="hold"' not in html
    hint = html[html.index('id="id_kind_hint"') :]
    assert hint.index("is the chair’s: the chair records it") < hint.index("</div>")
    assert '<h2 class="govuk-heading-m">Record a decision</h2>' in html


def test_the_chair_chooses_the_outcome_under_the_kind_it_belongs_to(cast, client, referred):
    client.force_login(cast.chair)
    html = client.get(_url(referred)).content.decode()
    hold = html.index('value="hold"')
    reveal = html.index('class="govuk-radios__conditional')
    assert hold < reveal < html.index('value="scope"')
    assert (
        html.index('name="outcome"') > reveal and html.index('name="board_advised_on_0"') > reveal
    )
    # The label says what is asked; no hint repeats it.
    assert "What did the chair decide?" in html
    assert "For a decision whether to hold a review" not in html
    assert "Outcome (for a decision" not in html


def test_the_stage_guards_link_starts_on_the_decision_whether_to_hold(cast, client, referred):
    client.force_login(cast.chair)
    html = client.get(_url(referred) + "?kind=hold").content.decode()
    radio = html[html.rindex("<input", 0, html.index('value="hold"')) :]
    assert " checked" in radio[: radio.index(">")]
    # Open under it, the outcome is asked at once.
    assert 'class="govuk-radios__conditional" id="conditional_kind_1"' in html
    # A kind the user does not record is not chosen for them.
    client.force_login(cast.manager)
    assert " checked" not in client.get(_url(referred) + "?kind=hold").content.decode()


def test_another_kind_keeps_no_outcome_and_needs_none(cast, client, referred):
    client.force_login(cast.chair)
    data = _data(kind="scope", outcome="not_proceed", **dates(board_advised_on=date(2026, 3, 1)))
    assert client.post(_url(referred), data).status_code == 302
    assert referred.decisions.get().outcome == ""
    referred.refresh_from_db()
    assert referred.board_advised_on is None


def test_board_members_advised_is_the_reviews_key_date_shown_the_same_everywhere(
    cast, client, referred
):
    client.force_login(cast.chair)
    client.post(_url(referred), _data())
    decision = referred.decisions.get()
    # Changed in the key dates, the decision shows the new date: there is one record of it.
    referred.refresh_from_db()
    referred.board_advised_on = date(2026, 3, 20)
    referred.save()
    records = client.get(f"/reviews/{referred.pk}/records/").content.decode()
    overview = client.get(f"/reviews/{referred.pk}/").content.decode()
    for html in (records, overview):
        row = html[html.index('__key">Board members advised</dt>') :]
        assert row.index("20 March 2026") < row.index("</div>")
    # The decision form opens on that date, and its heading names the decision.
    html = client.get(_url(referred, f"{decision.pk}/")).content.decode()
    at = html.index('id="id_board_advised_on_0"')
    day_box = html[html.rindex("<input", 0, at) : html.index(">", at)]
    assert 'value="20"' in day_box
    assert "Change the decision: Whether to hold a review, 10 March 2026" in html
    # Saved again with the date cleared, the review's date is cleared: still one record.
    response = client.post(
        _url(referred, f"{decision.pk}/"),
        _data(**dates(board_advised_on=None)),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    referred.refresh_from_db()
    assert referred.board_advised_on is None


def test_it_lets_board_managers_not_change_the_chairs_decisions(cast, client, referred):
    decision = Decision.objects.create(
        review=referred,
        kind="hold",
        outcome="proceed",
        decision="Hold",
        rationale="Criteria met",
        decided_by=cast.chair,
        decided_on=date(2026, 3, 10),
    )
    client.force_login(cast.manager)
    assert client.get(_url(referred, f"{decision.pk}/")).status_code == 403
    assert (
        client.post(_url(referred, f"{decision.pk}/remove/"), {"withdrawn_reason": "x"}).status_code
        == 403
    )


@pytest.mark.parametrize(
    "who,status", [("reviewer", 403), ("member", 403), ("reviewer_off", 404), ("outsider", 404)]
)
def test_it_refuses_everyone_else(cast, client, referred, who, status):
    client.force_login(getattr(cast, who))
    assert client.post(_url(referred), _data()).status_code == status
    assert not referred.decisions.exists()


def test_it_finds_a_decision_only_through_its_review(cast, client, referred):
    from tests.factories import ReviewFactory

    other = ReviewFactory(board=cast.board)
    decision = Decision.objects.create(
        review=other,
        kind="publication",
        decision="Publish",
        rationale="r",
        decided_by=cast.manager,
        decided_on=date(2026, 3, 10),
    )
    client.force_login(cast.manager)
    assert client.get(_url(referred, f"{decision.pk}/")).status_code == 404
    assert client.get(_url(other, f"{decision.pk}/")).status_code == 200


def test_it_withdraws_a_decision_with_a_reason(cast, client, referred):
    client.force_login(cast.chair)
    client.post(_url(referred), _data())
    decision = referred.decisions.get()
    response = client.post(_url(referred, f"{decision.pk}/remove/"), {"withdrawn_reason": ""})
    assert response.status_code == 200
    response = client.post(
        _url(referred, f"{decision.pk}/remove/"), {"withdrawn_reason": "Recorded twice"}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.is_withdrawn and decision.withdrawn_reason == "Recorded twice"
    assert not referred.decisions.current().exists()
    # A withdrawn record is gone from the pages.
    assert client.get(_url(referred, f"{decision.pk}/")).status_code == 404
