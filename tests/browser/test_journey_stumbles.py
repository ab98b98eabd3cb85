"""Issue 14, items 1 to 5: the places where a lead reviewer, a chair and a board manager lost
work or could not tell what the app had done, walked again in a real browser."""

import re

from playwright.sync_api import expect

from markers.models import Marker
from reviews.models import AssessmentPoint, MarkerAssessment, Review, ReviewRole
from reviews.services.assessment import assessment_point_take
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_cast


def test_save_and_add_evidence_keeps_the_answers_typed_just_before(page):
    cast = make_cast()
    marker = Marker.objects.get(marker_set=cast.review.marker_set, number=6)
    sign_in(page, "reviewer")
    page.goto(f"/reviews/{cast.review.pk}/markers/6/")
    question_2 = marker.questions.get(number=2)
    page.get_by_role("group", name=question_2.text).get_by_label("Partly").check()
    page.get_by_label("Note on question 2").fill("Typed just before adding evidence")
    page.get_by_role("button", name="Save and add evidence for question 2").click()
    expect(page.get_by_role("heading", name="Add evidence")).to_be_visible()
    expect(page.get_by_text("assessment saved")).to_be_visible()
    expect(page.get_by_label(question_2.text, exact=False)).to_be_checked()
    assert_accessible(page)
    answer = MarkerAssessment.objects.get(review=cast.review, marker=marker).answers.get(
        question=question_2
    )
    assert (answer.answer, answer.note) == ("partly", "Typed just before adding evidence")

    # After adding, the user is back at the marker's evidence, with the answers still there.
    page.get_by_label("A note").check()
    page.get_by_label("Title").fill("Panel minutes")
    page.get_by_label("Note", exact=True).fill("Minutes of 3 March")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_text("Evidence “Panel minutes” added")).to_be_visible()
    assert page.url.endswith("/markers/6/#evidence")
    expect(page.get_by_label("Note on question 2")).to_have_value(
        "Typed just before adding evidence"
    )


def test_an_empty_comment_or_reply_shows_the_gov_uk_error_pattern(page):
    cast = make_cast()
    sign_in(page, "chair")
    page.goto(f"/reviews/{cast.review.pk}/markers/7/")
    page.get_by_role("button", name="Add comment").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the quality-assurance comment")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Quality-assurance comment")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Quality-assurance comment").fill("Who checks the timetable?")
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Comment added")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "reviewer")
    page.goto(f"/reviews/{cast.review.pk}/markers/7/")
    page.get_by_role("button", name="Reply and resolve").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reply")
    page.locator(".govuk-error-summary").get_by_role("link").click()
    expect(page.get_by_label("Reply")).to_be_focused()
    assert_accessible(page)


def test_signing_off_a_point_asks_for_confirmation_and_a_comment(page):
    cast = make_cast()
    from reviews.models import MarkerComment

    marker = Marker.objects.get(marker_set=cast.review.marker_set, number=7)
    for body in ("Who checks the timetable?", "Is the scope agreed?"):
        MarkerComment.objects.create(
            review=cast.review, marker=marker, author=cast.chair, body=body
        )
    point = assessment_point_take(review=cast.review, kind="progress", name="", by=cast.reviewer)
    sign_in(page, "chair")
    page.goto(point.get_absolute_url())
    page.get_by_role("link", name="Sign off and lock this point").click()
    expect(page.get_by_role("heading", name="2 open challenges")).to_be_visible()
    expect(page.locator(".app-open-challenges")).to_contain_text("Is the scope agreed?")
    expect(page.get_by_role("table", name="What will be locked")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign off and lock").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a sign-off comment")
    assert not AssessmentPoint.objects.get(pk=point.pk).is_locked
    assert_accessible(page)
    page.get_by_label("Sign-off comment").fill("Both challenges go to the May panel")
    page.get_by_role("button", name="Sign off and lock").click()
    expect(page.locator(".app-signed-off")).to_contain_text("locked and read-only")
    expect(page.get_by_text("Both challenges go to the May panel")).to_be_visible()


def test_removing_the_lead_reviewer_asks_first(page):
    cast = make_cast()
    sign_in(page, "manager")
    page.goto(f"/reviews/{cast.review.pk}/people/")
    page.get_by_role("link", name=f"Remove {cast.reviewer} as lead reviewer").click()
    expect(page.get_by_text("the only lead reviewer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"No, keep {cast.reviewer}").click()
    assert cast.review.roles.filter(role=ReviewRole.Role.LEAD_REVIEWER).exists()
    page.get_by_role("link", name=f"Remove {cast.reviewer} as lead reviewer").click()
    page.get_by_role("button", name=f"Yes, remove {cast.reviewer}").click()
    expect(page.get_by_text(f"{cast.reviewer} removed from the review")).to_be_visible()
    assert not cast.review.roles.filter(role=ReviewRole.Role.LEAD_REVIEWER).exists()


def test_the_stage_guard_links_each_missing_item_to_where_it_is_recorded(page):
    cast = make_cast()
    Review.objects.filter(pk=cast.review.pk).update(stage=Review.Stage.SETUP)
    cast.review.roles.filter(role=ReviewRole.Role.LEAD_REVIEWER).delete()
    sign_in(page, "manager")

    def try_to_move():
        page.goto(f"/reviews/{cast.review.pk}/stage/")
        page.get_by_label("Running", exact=True).check()
        page.get_by_role("button", name="Move the review").click()
        return page.locator(".govuk-error-summary")

    summary = try_to_move()
    expect(summary).to_contain_text("Before the review can move to Running, record:")
    # Once, in the summary and the hint: never again as an unstyled list in the form.
    expect(page.get_by_text("Before Running, record")).to_have_count(0)
    assert_accessible(page)

    summary.get_by_role("link", name="A lead reviewer on the review").click()
    expect(page.get_by_role("heading", name="People on the review")).to_be_visible()
    try_to_move().get_by_role("link", name="The terms of reference", exact=True).click()
    expect(page.get_by_role("heading", name="Terms of reference")).to_be_visible()
    try_to_move().get_by_role("link", name="The date board members were advised").click()
    assert page.url.endswith("/dates/#id_board_advised_on_0")
    expect(page.locator("#id_board_advised_on_0")).to_be_visible()
