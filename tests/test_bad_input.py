"""Bad input on every listing (issue 11, "Bad input"): page numbers out of range, negative or
not numbers, unknown sort keys and filter values give the page with a GOV.UK error message
(400), never a 500; a listing whose filters do not validate lists nothing rather than ignore
them; an export with such filters is refused, never sent wider."""

import re

import pytest

from reviews.models import ReviewRole
from tests.factories import ReviewFactory, ReviewRoleFactory
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db

BAD_PAGES = ["0", "-1", "abc", "1.5", "2e3", "999", "9" * 40]


def _listings(cast) -> dict[str, str]:
    pk = cast.review.pk
    return {
        "reviews": "/reviews/",
        "grid": "/reviews/markers/",
        "tracker": "/reviews/actions/",
        "history": f"/reviews/{pk}/history/",
        "outcomes history": f"/reviews/{pk}/outcomes/history/",
    }


# Unknown values for every filter and sort of each filtered listing.
BAD_FILTERS = {
    "/reviews/": [
        "stage=bogus",
        "kind=nope",
        "lead_reviewer=abc",
        "lead_reviewer=999999",
        "lead_reviewer=" + "9" * 25,
        "overdue=maybe",
        "sort=cost",
        "sort=-created_at",
        "stage=running&sort=bogus",
    ],
    "/reviews/markers/": ["stage=bogus", "hide_not_proceeding=on&stage=Running"],
    "/reviews/actions/": [
        "status=bogus",
        "lead_agency=abc",
        "lead_agency=999999",
        "owner=-3",
        "sort=price",
        "review=" + "x" * 101,
        "lead_agency=" + "9" * 25,
    ],
}

EXPORTS = {
    "/reviews/actions/export.csv": "/reviews/actions/",
    "/reviews/actions/export.xlsx": "/reviews/actions/",
    "/documents/ratings.csv": "/reviews/markers/",
    "/documents/ratings.xlsx": "/reviews/markers/",
}


@pytest.fixture
def listed(cast):
    """Enough reviews, actions and changes for two pages of every listing."""
    for i in range(60):
        review = ReviewFactory(board=cast.board, reference=f"BAD-{i:03d}", stage="running")
        ReviewRoleFactory(review=review, user=cast.reviewer, role=ReviewRole.Role.LEAD_REVIEWER)
    finding = FindingFactory(review=cast.review, number=1)
    for n in range(1, 106):
        ActionFactory(finding=finding, number=n, lead_agency=cast.agency)
    for i in range(105):
        cast.review.title = f"Child R {i}"
        cast.review.save()
    return cast


def _error_summary(html: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert match, "no GOV.UK error summary"
    return re.sub(r"<[^>]+>", " ", match.group(0))


def test_a_page_number_that_is_not_one_gets_the_page_with_a_message(listed, as_user):
    client = as_user(listed.manager)
    for name, url, page in [(n, u, p) for n, u in _listings(listed).items() for p in BAD_PAGES]:
        response = client.get(f"{url}?page={page}")
        assert response.status_code == 400, (name, page)
        html = response.content.decode()
        summary = _error_summary(html)
        assert "<title>Error: " in html
        last = re.search(r"Showing page \d+ of (\d+)\.", summary).group(1)
        if page in ("999", "9" * 40):
            assert f"There is no page {page}: there are {last} pages of" in summary
            assert f"Showing page {last} of {last}." in summary
        else:
            assert "The page number must be a whole number, 1 or more" in summary
            assert f"Showing page 1 of {last}." in summary


def test_the_last_page_and_no_page_number_are_fine(listed, as_user):
    client = as_user(listed.manager)
    for url in _listings(listed).values():
        for query in ("", "?page=", "?page=1", "?page=2"):
            response = client.get(url + query)
            assert response.status_code == 200, url + query
            assert "govuk-error-summary" not in response.content.decode()


def test_unknown_filters_and_sort_keys_list_nothing_and_say_why(listed, as_user):
    client = as_user(listed.manager)
    for url, queries in BAD_FILTERS.items():
        for query in queries:
            response = client.get(f"{url}?{query}")
            assert response.status_code == 400, f"{url}?{query}"
            html = response.content.decode()
            assert "There is a problem" in _error_summary(html), f"{url}?{query}"
            assert "BAD-0" not in html, f"{url}?{query} listed reviews"
            assert "Deliver multi-agency training" not in html, f"{url}?{query} listed actions"


def test_a_page_number_past_the_end_of_a_filtered_list(listed, as_user):
    client = as_user(listed.manager)
    response = client.get("/reviews/?stage=running&page=3")
    assert response.status_code == 400
    summary = _error_summary(response.content.decode())
    assert "There is no page 3: there are 2 pages of reviews" in summary
    response = client.get("/reviews/?stage=closed&page=2")
    assert "There is no page 2: there is 1 page of reviews" in _error_summary(
        response.content.decode()
    )


def test_exports_with_unknown_filters_are_refused_never_wider(listed, as_user):
    client = as_user(listed.manager)
    for export, query in [(e, q) for e, listing in EXPORTS.items() for q in BAD_FILTERS[listing]]:
        response = client.get(f"{export}?{query}")
        assert response.status_code == 400, f"{export}?{query}"
        assert response["Content-Type"].startswith("text/html")
        assert "Content-Disposition" not in response
        assert "There is a problem" in _error_summary(response.content.decode())
    for export in EXPORTS:
        assert client.get(f"{export}?page=abc").status_code == 200  # not a filter of exports


def test_analytics_filters_that_are_not_known_are_errors_not_500s(listed, as_user):
    client = as_user(listed.manager)
    for query in ["year=abc", "kind=nope", "theme=-1", "board=999999", "start_0=40"]:
        response = client.get(f"/analytics/?{query}")
        assert response.status_code in (200, 400), query
        assert "There is a problem" in _error_summary(response.content.decode()), query
