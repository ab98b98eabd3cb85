"""Races, with threads on separate database connections (PostgreSQL: row locks and unique
constraints behave as in production). Each test says so plainly on another database."""

import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from markers.models import MarkerSet
from reviews.models import (
    AgencyContribution,
    BoardResponse,
    Notification,
    NotifiedChild,
    RestrictedTerm,
)
from tests.conftest import MARKER_FIXTURE, make_cast
from tests.formdata import main_form

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


# A notified child every add form accepts.
CHILD = {
    "pseudonym": "Child",
    "age_band": "under_1",
    "sex": "female",
    "plan": "cin",
    "harm": "harmed",
    "incident_type": "abuse",
}


@pytest.fixture(autouse=True)
def _markers(transactional_db):
    """A transactional test starts from an emptied database: the markers are loaded again
    (pytest-django runs these tests after the others, as it does the browser tests)."""
    if not MarkerSet.objects.exists():
        call_command("loaddata", MARKER_FIXTURE, verbosity=0)


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.fail("The race tests need PostgreSQL: set DATABASE_URL=postgres://...")


def _at_once(n, post):
    """Run ``post(i)`` in n threads released together; the status codes, in order."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = post(i)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _clients(user, n):
    clients = []
    for _ in range(n):
        c = Client()
        c.force_login(user)
        clients.append(c)
    return clients


def test_four_first_saves_of_a_board_response_make_one_and_three_clear_refusals():
    _needs_postgres()
    cast = make_cast()
    url = reverse("reviews:response_edit", args=[cast.review.pk])
    clients = _clients(cast.manager, 4)
    forms = [main_form(c.get(url).content.decode()).data() for c in clients]
    fields = {"text": "T", "acceptance": "fully", "priorities": "P", "monitoring": "M"}
    codes = _at_once(4, lambda i: clients[i].post(url, {**forms[i], **fields}).status_code)
    assert sorted(codes) == [302, 409, 409, 409], codes
    assert BoardResponse.objects.filter(review=cast.review).count() == 1


def test_six_children_added_at_once_stop_at_four():
    _needs_postgres()
    cast = make_cast()
    Notification.objects.create(review=cast.review, panel_reference="NP-1")
    url = reverse("reviews:child_add", args=[cast.review.pk])
    clients = _clients(cast.manager, 6)
    forms = [main_form(c.get(url).content.decode()).data() for c in clients]
    codes = _at_once(6, lambda i: clients[i].post(url, {**forms[i], **CHILD}).status_code)
    assert sorted(codes) == [200, 200, 302, 302, 302, 302], codes
    assert NotifiedChild.objects.filter(notification__review=cast.review).count() == 4


def test_five_chasers_at_once_count_five():
    _needs_postgres()
    cast = make_cast()
    c = AgencyContribution.objects.create(
        review=cast.review, agency=cast.agency, requested_on=date(2026, 1, 1), chaser_count=1
    )
    url = reverse("reviews:contribution_chase", args=[cast.review.pk, c.pk])
    clients = _clients(cast.manager, 5)
    codes = _at_once(5, lambda i: clients[i].post(url).status_code)
    assert codes == [302] * 5
    c.refresh_from_db()
    assert c.chaser_count == 6
    assert c.history.count() == 6  # created, and one row per chaser


def test_an_add_form_submitted_twice_at_once_adds_one_record():
    _needs_postgres()
    cast = make_cast()
    Notification.objects.create(review=cast.review, panel_reference="NP-1")
    url = reverse("reviews:child_add", args=[cast.review.pk])
    clients = _clients(cast.manager, 3)
    form = main_form(clients[0].get(url).content.decode()).data()  # one page, sent 3 times
    codes = _at_once(3, lambda i: clients[i].post(url, {**form, **CHILD}).status_code)
    assert codes == [302] * 3
    assert NotifiedChild.objects.filter(notification__review=cast.review).count() == 1


def test_the_same_restricted_term_added_twice_at_once_is_saved_once_with_a_clear_refusal():
    _needs_postgres()
    cast = make_cast()
    url = reverse("reviews:restricted_terms", args=[cast.review.pk])
    clients = _clients(cast.manager, 2)
    forms = [main_form(c.get(url).content.decode()).data() for c in clients]
    term = {"kind": "name", "term": "Jayden"}
    codes = _at_once(2, lambda i: clients[i].post(url, {**forms[i], **term}).status_code)
    # The loser is told: refused as a conflict (409), or, if the winner's save was already
    # committed when its form was checked, "already on the restricted list" (200).
    assert sorted(codes) in ([200, 302], [302, 409]), codes
    assert RestrictedTerm.objects.filter(review=cast.review).count() == 1
