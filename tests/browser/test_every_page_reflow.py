"""Reflow (WCAG 2.2, 1.4.10): every page of the access matrix at 320 CSS pixels wide.

The page itself must never scroll sideways: a wide table scrolls in its own region
(``.app-table-scroll``, see static/css) or stacks, and the rest of the page reflows. Each page is
opened as the first user who may see it, like the axe test, so a new page is checked as soon
as it has its row in the matrix.
"""

from playwright.sync_api import Page

from tests.browser.conftest import sign_in
from tests.browser.test_every_page_axe import _plan
from tests.conftest import make_cast
from tests.test_access_matrix import BUILDERS

# How far the page scrolls sideways, and which elements stick out past the viewport's edge
# (outside any region that scrolls on its own), to say what to fix.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const scroll = document.documentElement.scrollWidth;
    const culprits = [];
    if (scroll > width) {
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right <= width + 1 || r.width === 0) continue;
            let p = el.parentElement, inside = false;
            while (p && p !== document.body && p !== document.documentElement) {
                const o = getComputedStyle(p).overflowX;
                if (o === 'auto' || o === 'scroll' || o === 'hidden') { inside = true; break; }
                p = p.parentElement;
            }
            if (inside) continue;
            const id = el.id ? '#' + el.id : '';
            const cls = el.className && typeof el.className === 'string'
                ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
            culprits.push(el.tagName.toLowerCase() + id + cls + ' ' + Math.round(r.right) + 'px');
            if (culprits.length > 4) break;
        }
    }
    return {width, scroll, culprits};
}"""


def test_no_page_scrolls_sideways_at_320_css_pixels(page: Page):
    cast = make_cast()
    args = {}
    for build in BUILDERS:
        args.update(build(cast))
    found: list[str] = []
    checked = 0
    for kind, visits in _plan(args).items():
        page.context.clear_cookies()
        # Signed in at a desktop width: at 320 px the navigation folds into its Menu button.
        page.set_viewport_size({"width": 1024, "height": 800})
        sign_in(page, kind)
        page.set_viewport_size({"width": 320, "height": 800})
        for name, url, _submit in visits:
            response = page.goto(url)
            assert response is not None and response.status == 200, f"{kind} GET {url}"
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            checked += 1
            result = page.evaluate(OVERFLOW)
            if result["scroll"] > result["width"]:
                found.append(
                    f"[{kind}] {name} {url}: {result['scroll']} px wide at {result['width']} px; "
                    + "; ".join(result["culprits"])
                )
    assert checked > 50, f"only {checked} pages opened"
    assert not found, f"{len(found)} of {checked} pages scroll sideways:\n" + "\n".join(found)
