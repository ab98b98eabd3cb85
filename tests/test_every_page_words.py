"""Words no page should show, on every page of the access matrix (as the user the axe test
opens it as): Python's "None" for an empty value, and Django's "---------" for a select's
empty choice. An empty value reads as nothing, "Not recorded" or what the page says instead."""

import re

import pytest

from tests.browser.test_every_page_axe import _plan
from tests.conftest import make_cast
from tests.test_access_matrix import BUILDERS

# "None" as a whole value: the text of an element, a cell, or after a label's colon.
NONE = re.compile(r">\s*None\s*<|:\s*None\b|\bNone\s*\(|value=\"None\"")


@pytest.mark.django_db
def test_no_page_shows_none_or_dashes_for_an_empty_value(client):
    cast = make_cast()
    args = {}
    for build in BUILDERS:
        args.update(build(cast))
    users = cast.kinds()
    found, checked = [], 0
    for kind, visits in _plan(args).items():
        client.force_login(users[kind])
        for name, url, _submit in visits:
            response = client.get(url)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            checked += 1
            html = response.content.decode()
            for pattern in (NONE, re.compile("-{9}")):
                for m in pattern.finditer(html):
                    found.append(f"[{kind}] {name} {url}: …{html[m.start() - 80 : m.end() + 20]}…")
    assert checked > 50
    assert not found, f"{len(found)} on {checked} pages:\n" + "\n".join(found)
