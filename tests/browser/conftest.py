"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server.

Every page a journey visits is checked with axe-core (``assert_accessible``).
"""

import os
import shutil
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page, expect, sync_playwright

from markers.models import MarkerSet
from tests.conftest import MARKER_FIXTURE

CHROMIUM = os.environ.get("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db) -> Page:
    # Each live-server test empties the database when it ends, marker library included:
    # load the library again for the next one (whatever order the journeys run in).
    if not MarkerSet.objects.filter(slug="scr-qm-lipp-2016").exists():
        call_command("loaddata", MARKER_FIXTURE, verbosity=0)
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


_axe = Axe()


def _govuk_conditional_reveal(violation: dict, node: dict) -> bool:
    """GOV.UK Frontend's known axe finding, kept as the Design System means it: a radio that
    reveals a question carries aria-expanded, which screen readers announce although ARIA
    does not list it for radios (alphagov/govuk-frontend#979). Only that attribute, only on
    such a radio, is let through; any other message on the node still counts."""
    if violation["id"] != "aria-allowed-attr" or "govuk-radios__input" not in node["html"]:
        return False
    messages = [c["message"] for c in node["any"] + node["all"] + node["none"]]
    allowed = "ARIA attribute is not allowed: aria-expanded="
    return bool(messages) and all(m.startswith(allowed) for m in messages)


def axe_violations(page: Page) -> list[dict]:
    """axe-core's violations on the page as it is now, less GOV.UK's known one."""
    found = []
    for violation in _axe.run(page).response["violations"]:
        nodes = [n for n in violation["nodes"] if not _govuk_conditional_reveal(violation, n)]
        if nodes:
            found.append(violation | {"nodes": nodes})
    return found


def assert_accessible(page: Page) -> None:
    """No axe-core violations on the page as it is now."""
    violations = axe_violations(page)
    report = "\n".join(
        f"{v['id']}: {v['help']}\n    " + "\n    ".join(n["html"] for n in v["nodes"])
        for v in violations
    )
    assert not violations, f"axe violations on {page.url}:\n{report}"


def sign_in(page: Page, username: str, password: str = "correct-horse-battery") -> None:
    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def fill_date(page: Page, legend: str, day: date) -> None:
    """Fill a GOV.UK date input: the day, month and year boxes in the fieldset ``legend``."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
