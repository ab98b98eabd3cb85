from datetime import date

import pytest
from django.core.exceptions import ValidationError

from reviews.models import Decision, Referral, Review, ReviewRole, StageMove, TermsOfReference
from tests.factories import ReviewRoleFactory


def _hold(review, user, outcome="proceed"):
    return Decision.objects.create(
        review=review,
        kind=Decision.Kind.HOLD,
        outcome=outcome,
        decision="Hold an LCSPR" if outcome == "proceed" else "No review",
        rationale="Criteria met; learning for the partnership.",
        decided_by=user,
        decided_on=date(2026, 3, 10),
    )


def _ready_for_setup(cast):
    review = cast.review
    Referral.objects.create(
        review=review, rationale="Referred by police", referring_agency=cast.agency
    )
    _hold(review, cast.chair)
    return review


def _ready_for_running(cast):
    review = _ready_for_setup(cast)
    review.move_to("setup", by=cast.manager)
    TermsOfReference.objects.create(review=review, methodology="learning_together")
    review.tor_agreed_on = date(2026, 4, 1)
    review.lead_reviewer_commissioned_on = date(2026, 4, 2)
    review.board_advised_on = date(2026, 3, 12)
    review.save()
    return review


def _missing(review, stage):
    return [m.text for m in review.missing_for(stage)]


def test_it_says_what_is_missing_before_setting_up(cast):
    missing = _missing(cast.review, "setup")
    assert missing == [
        "the referral and its rationale",
        "the chair's decision to hold a review, with its rationale",
    ]
    with pytest.raises(ValidationError) as e:
        cast.review.move_to("setup", by=cast.manager)
    assert "Before Setting up, record the referral and its rationale." in e.value.messages
    assert Review.objects.get(pk=cast.review.pk).stage == "referral"


def test_it_moves_forward_recording_who_and_when(cast):
    review = _ready_for_setup(cast)
    move = review.move_to("setup", by=cast.manager, reason="Chair decided")
    review.refresh_from_db()
    assert review.stage == "setup"
    assert (move.from_stage, move.to_stage, move.by, move.is_reversal) == (
        "referral",
        "setup",
        cast.manager,
        False,
    )


def test_it_ignores_a_withdrawn_decision(cast):
    review = _ready_for_setup(cast)
    review.decisions.get().withdraw(reason="Recorded on the wrong review")
    assert "the chair's decision to hold a review, with its rationale" in _missing(review, "setup")


def test_it_needs_a_decision_not_to_proceed(cast):
    review = cast.review
    assert _missing(review, "not_proceeding") == [
        "the chair's decision not to hold a review, with its rationale"
    ]
    _hold(review, cast.chair, outcome="not_proceed")
    review.move_to("not_proceeding", by=cast.manager)
    assert review.stage == "not_proceeding"
    assert review.next_stages() == []
    assert review.earlier_stages() == ["referral"]


def test_it_needs_a_lead_reviewer_and_terms_of_reference_before_running(cast):
    review = _ready_for_setup(cast)
    review.move_to("setup", by=cast.manager)
    ReviewRole.objects.filter(review=review, role="lead_reviewer").delete()
    assert _missing(review, "running") == [
        "a lead reviewer on the review",
        "the date the lead reviewer was commissioned",
        "the terms of reference",
        "the date the terms of reference were agreed",
        "the date board members were advised",
    ]


def test_it_goes_all_the_way_to_closed(cast):
    review = _ready_for_running(cast)
    review.move_to("running", by=cast.manager)
    assert _missing(review, "outputs") == ["the date the report was received"]
    review.report_received_on = date(2026, 8, 1)
    review.move_to("outputs", by=cast.manager)
    assert _missing(review, "monitoring") == ["the date the board response was agreed"]
    review.response_agreed_on = date(2026, 9, 1)
    review.move_to("monitoring", by=cast.manager)
    assert _missing(review, "closed") == ["the publication date, or a decision about publication"]
    review.published_on = date(2026, 10, 1)
    review.move_to("closed", by=cast.manager)
    review.refresh_from_db()
    assert review.stage == "closed"
    assert review.closed_on is not None
    assert list(review.stage_moves.values_list("to_stage", flat=True)) == [
        "setup",
        "running",
        "outputs",
        "monitoring",
        "closed",
    ]
    review.move_to("monitoring", by=cast.manager, reason="An action was reopened")
    review.refresh_from_db()
    assert (review.stage, review.closed_on) == ("monitoring", None)


def test_it_moves_one_stage_at_a_time(cast):
    review = _ready_for_setup(cast)
    with pytest.raises(ValidationError) as e:
        review.move_to("running", by=cast.manager)
    assert "it moves forward one stage at a time" in e.value.messages[0]


def test_it_moves_back_only_with_a_reason(cast):
    review = _ready_for_setup(cast)
    review.move_to("setup", by=cast.manager)
    with pytest.raises(ValidationError) as e:
        review.move_to("referral", by=cast.manager, reason="  ")
    assert e.value.messages == ["Enter the reason for moving the review back."]
    move = review.move_to("referral", by=cast.manager, reason="Decision recorded in error")
    assert move.is_reversal
    assert review.stage == "referral"


# --- The move page ----------------------------------------------------------------------------


def _url(review):
    return f"/reviews/{review.pk}/stage/"


def test_it_shows_the_missing_items_in_an_error_summary(cast, client):
    client.force_login(cast.manager)
    response = client.post(_url(cast.review), {"stage": "setup"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    # Each missing item links to the page where it is recorded, once (not again as a list).
    summary = html[html.index("govuk-error-summary") : html.index('<h2 class="govuk-heading-m"')]
    assert "Before the review can move to Setting up, record:" in summary
    assert f'href="/reviews/{cast.review.pk}/referral/">The referral and its rationale' in summary
    assert (
        f'href="/reviews/{cast.review.pk}/decisions/add/?kind=hold">The chair&#x27;s decision'
        in summary
    )
    assert html.count("Before Setting up, record") == 0
    assert StageMove.objects.count() == 0


def test_the_running_guard_links_people_dates_and_terms_of_reference(cast):
    cast.review.roles.filter(role="lead_reviewer").delete()
    urls = [m.url for m in cast.review.missing_for("running")]
    pk = cast.review.pk
    assert f"/reviews/{pk}/people/" in urls
    assert f"/reviews/{pk}/terms-of-reference/" in urls
    assert f"/reviews/{pk}/dates/#id_tor_agreed_on_0" in urls


def test_it_moves_the_review_from_the_page(cast, client):
    review = _ready_for_setup(cast)
    client.force_login(cast.manager)
    response = client.post(_url(review), {"stage": "setup"}, follow=True)
    # The stage named as everywhere else: its label, capitalised.
    assert "The review is now at the stage Setting up" in response.content.decode()
    review.refresh_from_db()
    assert review.stage == "setup"
    assert review.stage_moves.get().by == cast.manager


def test_it_needs_a_reason_to_move_back_from_the_page(cast, client):
    review = _ready_for_setup(cast)
    review.move_to("setup", by=cast.manager)
    client.force_login(cast.manager)
    response = client.post(_url(review), {"stage": "referral", "reason": ""})
    # Printed once, in the error summary: not again as an unstyled list in the form.
    assert response.content.decode().count("Enter the reason for moving the review back.") == 1
    response = client.post(_url(review), {"stage": "referral", "reason": "Wrong case"})
    assert response.status_code == 302


def test_it_refuses_a_stage_not_offered(cast, client):
    client.force_login(cast.manager)
    response = client.post(_url(cast.review), {"stage": "closed"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    "who,status",
    [("chair", 403), ("reviewer", 403), ("member", 403), ("reviewer_off", 404), ("outsider", 404)],
)
def test_it_lets_only_board_managers_move_stages(cast, client, who, status):
    review = _ready_for_setup(cast)
    client.force_login(getattr(cast, who))
    assert client.post(_url(review), {"stage": "setup"}).status_code == status
    review.refresh_from_db()
    assert review.stage == "referral"


def test_it_lets_a_lead_reviewer_of_another_review_see_nothing(cast, client):
    other_review_role = ReviewRoleFactory(user=cast.reviewer_off)
    client.force_login(cast.reviewer_off)
    assert client.get(f"/reviews/{other_review_role.review.pk}/").status_code == 404
