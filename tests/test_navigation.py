import re

import pytest


def active_items(html: str) -> list[str]:
    return re.findall(
        r'govuk-service-navigation__item--active">\s*<a[^>]*><strong[^>]*>([^<]+)</strong>', html
    )


@pytest.mark.parametrize(
    "path,expected",
    [
        ("/", ["Home"]),
        ("/reviews/", ["Reviews"]),
        ("/reviews/actions/", ["Actions"]),
        ("/markers/", ["Marker library"]),
        ("/markers/scr-qm-lipp-2016/13/", ["Marker library"]),
        ("/reviews/{pk}/markers/13/", ["Reviews"]),
    ],
)
def test_it_marks_one_navigation_item_as_the_current_section(client, cast, path, expected):
    client.force_login(cast.reviewer)
    html = client.get(path.format(pk=cast.review.pk)).content.decode()
    assert active_items(html) == expected


def test_it_marks_the_exact_page_for_screen_readers(client, cast):
    client.force_login(cast.manager)
    html = client.get("/reviews/").content.decode()
    assert 'href="/reviews/" aria-current="page"' in html
    html = client.get(f"/reviews/{cast.review.pk}/").content.decode()
    assert 'href="/reviews/" aria-current="true"' in html
