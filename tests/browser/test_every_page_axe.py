"""axe-core on every page of the app, not only the pages the journeys pass through.

One world (the standard cast and the access matrix's objects), one live server, one browser
test. Every GET page the access matrix says answers 200 for some signed-in user is opened as
that user (the first of PREFERENCE who may see it) and checked with axe; a page with a form
is also submitted empty once, as a user who may post it, and the form with its errors is
checked too. The error pages (403, 404) are checked as well. All violations are collected and
reported together: URL, rule, targets.
"""

import re
import time

from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_cast
from tests.test_access_matrix import BUILDERS, EXPECTED, PATTERNS, PROJECT_PATTERNS

# Who opens a page: the first of these who may; managers see the most buttons.
PREFERENCE = ["manager", "chair", "reviewer", "member", "reviewer_off", "outsider", "admin"]
# Files, not pages: a download's address ends in its file type, or its name says download.
FILE = re.compile(r"\.(csv|xlsx|pdf|docx|zip)$")
# Every field optional: an empty form is saved, not refused, so these are not submitted.
SAVED_EMPTY = {"accounts:account", "reviews:dates", "reviews:notification", "reviews:rapid_review"}

# Submits the page's own form with nothing but its CSRF token (the empty POST of the access
# matrix): the other fields are disabled, so the browser leaves them out.
SUBMIT_EMPTY = """() => {
    const here = new URL(location.href);
    const forms = [...document.querySelectorAll('form')].filter((f) => {
        if ((f.getAttribute('method') || '').toLowerCase() !== 'post') return false;
        const action = new URL(f.getAttribute('action') || location.href, location.href);
        return action.pathname === here.pathname;
    });
    if (!forms.length) return false;
    const form = forms[0];
    const fields = Element.prototype.querySelectorAll.call(form, 'input, select, textarea, button');
    for (const el of fields) {
        if (el.name !== 'csrfmiddlewaretoken') el.disabled = true;
    }
    // A field named "submit" hides the form's own submit().
    HTMLFormElement.prototype.submit.call(form);
    return true;
}"""

# Error summary links that lead nowhere: each must point at the id of a field on the page
# (for a GOV.UK date input, its first box), so that following it puts the cursor there.
BROKEN_SUMMARY_LINKS = """() => [...document.querySelectorAll('.govuk-error-summary a')]
    .map((a) => a.getAttribute('href') || '')
    .filter((href) => {
        if (!href.startsWith('#')) return true;
        const el = document.getElementById(decodeURIComponent(href.slice(1)));
        return !el || !['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName);
    })"""

# Links that say the same but go to different places (WCAG 2.4.4 and 2.4.9): "Change",
# "1.2" or "View" need visually hidden words to tell them apart. Their names, once each.
AMBIGUOUS_LINKS = """() => {
    const hrefs = new Map();
    for (const a of document.querySelectorAll('main a[href]')) {
        const name = (a.getAttribute('aria-label') || a.textContent).replace(/\\s+/g, ' ').trim();
        const href = new URL(a.href).pathname + new URL(a.href).search;
        if (!hrefs.has(name)) hrefs.set(name, new Set());
        hrefs.get(name).add(href);
    }
    return [...hrefs].filter(([, set]) => set.size > 1).map(([name]) => name);
}"""


def _first(statuses: dict, status: int = 200) -> str | None:
    return next((kind for kind in PREFERENCE if statuses.get(kind) == status), None)


def _plan(args: dict) -> dict[str, list[tuple[str, str, bool]]]:
    """{user kind: [(url name, url, submit empty)]}."""
    plan: dict[str, list[tuple[str, str, bool]]] = {}
    for name in PROJECT_PATTERNS:
        table = EXPECTED[name]
        if "get" not in table:
            continue
        url = reverse(name, kwargs={a: args[a] for a in PATTERNS[name]})
        if FILE.search(url) or "download" in name:
            continue
        reader = _first(table["get"])
        if reader is None:
            continue
        poster = _first(table["post"]) if "post" in table and name not in SAVED_EMPTY else None
        if poster is not None and table["get"].get(poster) != 200:
            poster = None
        if poster == reader:
            plan.setdefault(reader, []).append((name, url, True))
            continue
        plan.setdefault(reader, []).append((name, url, False))
        if poster is not None:
            plan.setdefault(poster, []).append((name, url, True))
    return plan


def _check(page: Page, label: str, found: list[str]) -> None:
    for violation in axe_violations(page):
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        rule = f"{violation['id']}: {violation['help']}"
        found.append(f"{label} {page.url}\n    {rule}\n    {targets}")
    for name in page.evaluate(AMBIGUOUS_LINKS):
        found.append(f"{label} {page.url}\n    links named {name!r} go to different pages")
    h1s = page.locator("h1").count()
    if h1s != 1:
        found.append(f"{label} {page.url}\n    {h1s} h1 headings: a page has one")


def test_every_page_passes_axe(page: Page):
    started = time.monotonic()
    cast = make_cast()
    args = {}
    for build in BUILDERS:
        args.update(build(cast))
    plan = _plan(args)
    found: list[str] = []
    checked = with_errors = 0
    for kind, visits in plan.items():
        page.context.clear_cookies()
        sign_in(page, kind)
        for name, url, submit in visits:
            response = page.goto(url)
            assert response is not None and response.status == 200, f"{kind} GET {url}"
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue  # the health check answers in plain text
            _check(page, f"[{kind}] {name}", found)
            checked += 1
            if submit:
                with page.expect_navigation():
                    assert page.evaluate(SUBMIT_EMPTY), f"no form posting to {url}"
                if not page.locator(".govuk-error-summary").count():
                    found.append(f"[{kind}] {name} {url}: no error summary after an empty POST")
                    continue
                _check(page, f"[{kind}] {name} (errors)", found)
                for href in page.evaluate(BROKEN_SUMMARY_LINKS):
                    found.append(f"[{kind}] {name} {url}: error summary link {href} has no field")
                checked += 1
                with_errors += 1
    # The error pages.
    page.context.clear_cookies()
    sign_in(page, "member")
    for label, url, status in [
        ("404", "/reviews/999999/", 404),
        ("403", reverse("reviews:edit", kwargs={"pk": cast.review.pk}), 403),
    ]:
        response = page.goto(url)
        assert response is not None and response.status == status, url
        _check(page, f"[member] {label}", found)
        checked += 1
    elapsed = time.monotonic() - started
    print(f"\naxe checked {checked} pages ({with_errors} with form errors) in {elapsed:.0f} s")
    assert not found, f"{len(found)} axe violations on {checked} pages:\n" + "\n".join(found)
