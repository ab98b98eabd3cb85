"""A board manager records findings, agrees an action, records the board response, the
restricted list and publication; the board member of the lead agency updates and completes
the action. Every page is checked with axe."""

from datetime import date

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, fill_date, sign_in
from tests.conftest import make_cast


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_board_manager_records_outcomes_and_a_member_completes_an_action(page: Page):
    cast = make_cast()
    cast.review.report_received_on = date(2026, 3, 3)
    cast.review.save()
    sign_in(page, "manager")
    expect(page.get_by_role("heading", name="Overdue actions")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/reviews/{cast.review.pk}/")
    page.get_by_role("link", name="Outcomes", exact=True).click()
    expect(page.get_by_role("heading", name="Findings and improvement actions")).to_be_visible()
    assert_accessible(page)

    # A finding.
    page.get_by_role("link", name="Add a finding").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save finding").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Finding or recommendation").fill(
        "Agencies did not share concerns about neglect early enough."
    )
    page.get_by_label("Explanation of practice it rests on").fill(
        "Thresholds were understood differently by each agency."
    )
    page.get_by_role("group", name="Priority").get_by_label("High").check()
    page.get_by_role("group", name="Level", exact=True).get_by_label("Tools and procedures").check()
    page.get_by_role("button", name="Save finding").click()
    expect(page.get_by_text("Finding 1 added")).to_be_visible()
    assert_accessible(page)

    # An action under it: refused when due before the report was received, then agreed.
    page.get_by_role("link", name="Add an action to finding 1").click()
    assert_accessible(page)
    page.get_by_label("Action", exact=True).fill("Agree a multi-agency neglect threshold document.")
    page.get_by_role("group", name="Scope", exact=True).get_by_label("Local").check()
    page.get_by_role("group", name="Level", exact=True).get_by_label("Partnership").check()
    page.get_by_label("Lead agency", exact=True).select_option(label="Northshire Police")
    page.get_by_label("Lead officer", exact=True).fill(
        "Detective Superintendent, Public Protection"
    )
    fill_date(page, "Target date", date(2026, 3, 1))
    page.get_by_label("Evidence required", exact=True).fill("The document, signed off by the board")
    page.get_by_role("group", name="Status", exact=True).get_by_label("Agreed").check()
    page.get_by_role("button", name="Save action").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "on or after the date the report was received, 3 March 2026"
    )
    assert_accessible(page)
    fill_date(page, "Target date", date(2030, 3, 31))
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Action 1.1 added")).to_be_visible()
    expect(page.get_by_role("heading", name="Action 1.1")).to_be_visible()
    assert_accessible(page)

    # The board response.
    page.get_by_role("link", name="Outcomes", exact=True).click()
    page.get_by_role("link", name="Record the board response").click()
    assert_accessible(page)
    page.get_by_label("Written response").fill("The board accepts the findings.")
    page.get_by_label("Accepts the findings in full").check()
    fill_date(page, "Date the board agreed the response", date(2026, 4, 20))
    page.get_by_role("button", name="Save response").click()
    expect(page.get_by_text("Board written response saved")).to_be_visible()
    page.get_by_role("link", name="Versions of the response").click()
    expect(page.get_by_role("link", name="Version 1")).to_be_visible()
    assert_accessible(page)

    # The restricted list and the privacy check.
    page.get_by_role("link", name="Privacy check").click()
    assert_accessible(page)
    page.get_by_role("link", name="restricted list").click()
    page.get_by_label("Detail").fill("Jayden Smith")
    page.get_by_role("button", name="Add to the restricted list").click()
    expect(page.get_by_role("cell", name="Jayden Smith", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Run the privacy check").click()
    expect(page.get_by_text("No restricted details were found.")).to_be_visible()

    # Publication.
    page.get_by_role("link", name="Publication").first.click()
    assert_accessible(page)
    page.get_by_role("group", name="Status", exact=True).get_by_label(
        "Published", exact=True
    ).check()
    fill_date(page, "Planned publication date", date(2026, 6, 1))
    fill_date(page, "Report and response sent to the national bodies", date(2026, 5, 20))
    fill_date(page, "Date published", date(2026, 6, 1))
    page.get_by_label("Where published").fill("Board website")
    fill_date(page, "Available until", date(2027, 6, 1))
    page.get_by_label("A media strategy is in place").check()
    page.get_by_role("button", name="Save publication").click()
    expect(page.get_by_text("Publication saved")).to_be_visible()
    expect(
        page.get_by_text("Sent to the national bodies 12 days before publication")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Outcomes history").click()
    expect(page.get_by_text("Finding 1 added by")).to_be_visible()
    assert_accessible(page)
    _sign_out(page)

    # The board member of the lead agency updates, then completes, the action.
    sign_in(page, "member")
    page.get_by_role("link", name="Actions", exact=True).click()
    expect(page.get_by_role("heading", name="Actions tracker")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Update progress on SCR-2026-001 action 1.1").click()
    assert_accessible(page)
    page.get_by_role("radio", name="In progress").check()
    page.get_by_label("Progress rating").select_option(label="On track")
    page.get_by_label("Progress update").fill("Draft shared with partners.")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("Progress on action 1.1 saved")).to_be_visible()
    # Back where the member came from: the tracker.
    expect(page.get_by_role("heading", name="Actions tracker")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="1.1 of SCR-2026-001").click()
    expect(page.get_by_text("Draft shared with partners.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Update progress").click()
    page.get_by_role("radio", name="Completed").check()
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the evidence received before marking the action completed"
    )
    assert_accessible(page)
    page.get_by_label("Evidence received").fill("Threshold document published, 1 May 2026")
    page.get_by_label("Progress rating").select_option(label="Achieved")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text("Progress on action 1.1 saved")).to_be_visible()
    expect(page.get_by_text("Completed", exact=True).first).to_be_visible()
    assert_accessible(page)
