"""A board manager takes a review from referral to closed; the chair records the decision."""

from datetime import date

from django.core.management import call_command
from playwright.sync_api import Page, expect

from markers.models import MarkerSet
from reviews.models import Review
from reviews.models.records import ensure_national_themes
from tests.browser.conftest import assert_accessible, fill_date, sign_in
from tests.conftest import MARKER_FIXTURE, make_cast


def save(page: Page, name: str = "Save") -> None:
    page.get_by_role("button", name=name, exact=True).click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def move_to(page: Page, stage: str) -> None:
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("link", name="Move to another stage").click()
    assert_accessible(page)
    page.get_by_label(stage, exact=True).check()
    save(page, "Move the review")
    expect(page.get_by_role("heading", name=f"Stage: {stage}")).to_be_visible()
    assert_accessible(page)


def set_dates(page: Page, **dates: date) -> None:
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("link", name="Change referral", exact=True).click()
    assert_accessible(page)
    for legend, day in dates.items():
        fill_date(page, legend, day)
    save(page, "Save dates")
    expect(page.get_by_text("Key dates saved")).to_be_visible()


def test_a_review_goes_from_referral_to_closed(page: Page):
    if not MarkerSet.objects.exists():  # a transactional test flushes the library
        call_command("loaddata", MARKER_FIXTURE, verbosity=0)
    ensure_national_themes()
    make_cast()

    # The board manager opens a review from a referral.
    sign_in(page, "manager")
    page.get_by_role("link", name="Reviews", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Open a review from a referral").click()
    assert_accessible(page)
    save(page, "Create review")  # nothing filled in: errors, in a summary
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Working title").fill("Child V")
    page.get_by_label("Local child safeguarding practice review").check()
    fill_date(page, "Date of the referral", date(2026, 3, 3))
    fill_date(page, "Date of the incident (if known)", date(2026, 2, 20))
    page.get_by_label("Referring agency").select_option(label="Northshire Police")
    page.get_by_label("Why the case was referred").fill("Infant with unexplained bruising.")
    page.get_by_label("Meets the statutory criteria").check()
    page.get_by_label("Neglect").check()
    save(page, "Create review")
    expect(page.get_by_text("Review SCR-2026-002 created")).to_be_visible()
    expect(page.get_by_role("heading", name="Stage: Referral")).to_be_visible()
    assert_accessible(page)
    review = Review.objects.get(title="Child V")

    # Setting up needs the chair's decision: the move is refused, saying so.
    page.get_by_role("link", name="Move to another stage").click()
    page.get_by_label("Setting up", exact=True).check()
    save(page, "Move the review")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The chair's decision to hold a review"
    )
    assert_accessible(page)
    sign_out(page)

    # The chair records the decision to hold a review.
    sign_in(page, "chair")
    page.goto(f"/reviews/{review.pk}/")
    page.get_by_role("link", name="Record a decision").click()
    assert_accessible(page)
    page.get_by_label("Whether to hold a review").check()
    page.get_by_label("Hold a review", exact=True).check()
    page.get_by_label("Decision", exact=True).fill(
        "Hold a local child safeguarding practice review"
    )
    page.get_by_label("Rationale").fill("The criteria are met; learning about pre-birth work.")
    page.get_by_label("Potential for useful learning").check()
    page.get_by_label("Impact on the family").check()
    fill_date(page, "Date of the decision", date(2026, 3, 10))
    fill_date(page, "Board members advised", date(2026, 3, 12))
    save(page, "Save decision")
    expect(page.get_by_text("Decision saved")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The board manager sets the review up.
    sign_in(page, "manager")
    page.goto(f"/reviews/{review.pk}/")
    move_to(page, "Setting up")

    page.get_by_role("link", name="Change people on the review").click()
    assert_accessible(page)
    page.get_by_label("Person").select_option(
        label=str(review.board.memberships.get(user__username="reviewer").user)
    )
    page.get_by_label("Lead reviewer").check()
    save(page, "Add to the review")
    expect(page.get_by_text("added to the review")).to_be_visible()

    page.get_by_role("link", name="Records").click()
    assert_accessible(page)
    page.get_by_role("link", name="Record the terms of reference").click()
    assert_accessible(page)
    page.get_by_label("SCIE Learning Together").check()
    fill_date(page, "Period under review from", date(2025, 1, 1))
    fill_date(page, "Period under review to", date(2026, 2, 20))
    page.get_by_label("Key lines of enquiry").fill("How agencies shared information.")
    save(page)
    expect(page.get_by_text("Terms of reference saved")).to_be_visible()

    set_dates(
        page,
        **{
            "Terms of reference agreed": date(2026, 4, 1),
            "Lead reviewer commissioned": date(2026, 3, 25),
        },
    )
    move_to(page, "Running")

    set_dates(page, **{"Report received": date(2026, 8, 28)})
    move_to(page, "Outputs")

    set_dates(page, **{"Board response agreed": date(2026, 9, 24)})
    move_to(page, "Monitoring")

    set_dates(
        page,
        **{
            "Report sent to the national bodies": date(2026, 10, 1),
            "Report published": date(2026, 10, 12),
        },
    )
    move_to(page, "Closed")

    page.get_by_role("link", name="Timeline").click()
    expect(page.locator(".moj-timeline")).to_contain_text("Moved from Monitoring to Closed")
    assert_accessible(page)
    page.get_by_role("link", name="History").click()
    expect(page.get_by_text("Stage changed from Monitoring to Closed").first).to_be_visible()
    assert_accessible(page)
    review.refresh_from_db()
    assert review.stage == "closed"
    assert review.stage_moves.count() == 5
