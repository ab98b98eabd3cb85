"""The signed-in user is read on every request with their board memberships, in one query
(accounts.access.Backend): what a page shows of them is as fresh as the request."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership
from tests.factories import MembershipFactory


def _navigation_role(client) -> str:
    page = client.get("/markers/").content.decode()
    account = re.search(r'href="/accounts/">(.*?)</a>', page, re.S).group(1)
    return re.sub(r"<[^>]+>", " ", account).split("your account", 1)[1].strip()


def test_a_page_reads_the_user_and_their_memberships_in_one_query(cast, as_user):
    client = as_user(cast.member)
    client.get("/markers/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/markers/")
    assert response.status_code == 200
    reads = [q["sql"] for q in ctx if '"accounts_user"' in q["sql"].split(" WHERE ")[0]]
    assert len(reads) == 1 and '"accounts_membership"' in reads[0]
    assert _navigation_role(client) == f"Board member, {cast.board.name}"


def test_a_change_of_role_shows_on_the_next_request(cast, as_user):
    client = as_user(cast.member)
    assert _navigation_role(client) == f"Board member, {cast.board.name}"
    Membership.objects.filter(user=cast.member).update(role=Membership.Role.CHAIR)
    assert _navigation_role(client) == f"Chair, {cast.board.name}"
    MembershipFactory(user=cast.member, board=cast.other_board, role=Membership.Role.CHAIR)
    assert _navigation_role(client) == "2 boards"


def test_someone_taken_off_their_board_stays_signed_in_and_loses_its_pages(cast, as_user):
    client = as_user(cast.manager)
    assert client.get(f"/reviews/{cast.review.pk}/").status_code == 200
    Membership.objects.filter(user=cast.manager).delete()
    assert client.get(f"/reviews/{cast.review.pk}/").status_code == 404
    assert _navigation_role(client) == ""


def test_an_administrator_on_no_board_is_signed_in(cast, as_user):
    client = as_user(cast.admin)
    assert client.get("/markers/").status_code == 200


def test_a_deactivated_account_is_signed_out_on_its_next_request(cast, as_user):
    client = as_user(cast.member)
    assert client.get("/markers/").status_code == 200
    cast.member.is_active = False
    cast.member.save()
    response = client.get("/markers/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_memberships_are_in_the_order_of_the_boards_names(cast):
    from accounts.access import memberships_of

    MembershipFactory(user=cast.outsider, board=cast.board, role=Membership.Role.CHAIR)
    user = type(cast.outsider).objects.get(pk=cast.outsider.pk)
    names = [m.board.name for m in memberships_of(user).values()]
    assert names == sorted(names) and len(names) == 2
