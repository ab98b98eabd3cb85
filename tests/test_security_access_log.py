"""The read access log (issue 12, finding 3): every read of a review's pages, downloads and
exports is recorded with who, when, from where and what; board managers see who has seen a
review and what one person has seen, and can export it; old entries are purged."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import reset_queries
from django.urls import reverse
from django.utils import timezone

from accesslog.models import AccessEntry

pytestmark = pytest.mark.django_db


def test_every_page_of_a_review_that_someone_reads_is_recorded(cast, as_user):
    client = as_user(cast.member)
    for name in ("detail", "records", "history", "outcomes"):
        assert client.get(reverse(f"reviews:{name}", args=[cast.review.pk])).status_code == 200
    entries = AccessEntry.objects.filter(user=cast.member, review=cast.review)
    assert sorted(e.what for e in entries) == [
        "reviews:detail",
        "reviews:history",
        "reviews:outcomes",
        "reviews:records",
    ]
    entry = entries.first()
    assert entry.address == "127.0.0.1" and entry.at and entry.path.startswith("/reviews/")


def test_exports_are_recorded_and_refused_reads_are_not(cast, as_user):
    as_user(cast.manager).get(reverse("reviews:actions_csv"))
    assert AccessEntry.objects.filter(user=cast.manager, what="reviews:actions_csv").exists()
    as_user(cast.outsider).get(reverse("reviews:detail", args=[cast.review.pk]))  # 404
    assert not AccessEntry.objects.filter(user=cast.outsider).exists()


def test_a_board_manager_sees_who_has_seen_the_review_and_exports_it(cast, as_user):
    as_user(cast.member).get(reverse("reviews:detail", args=[cast.review.pk]))
    as_user(cast.chair).get(reverse("reviews:outcomes", args=[cast.review.pk]))
    url = reverse("accesslog:review", args=[cast.review.pk])
    page = as_user(cast.manager).get(url).content.decode()
    assert "Who has seen this review" in page
    assert str(cast.member) in page and str(cast.chair) in page
    assert "reviews:outcomes" in page
    response = as_user(cast.manager).get(url, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text.splitlines()[0] == "When,Who,Address,Review,What,Page"
    assert "member" in text and "reviews:detail" in text
    # Not for the people being watched.
    assert as_user(cast.member).get(url).status_code == 403
    assert as_user(cast.outsider).get(url).status_code == 404


def test_a_board_manager_sees_what_one_person_has_seen(cast, as_user):
    as_user(cast.member).get(reverse("reviews:detail", args=[cast.review.pk]))
    url = reverse("accesslog:user", args=[cast.member.pk])
    page = as_user(cast.manager).get(url).content.decode()
    assert cast.review.reference in page and "reviews:detail" in page
    assert as_user(cast.outsider).get(url).status_code == 404
    assert as_user(cast.chair).get(url).status_code == 404


def test_entries_past_the_retention_period_are_purged(cast, as_user, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    as_user(cast.member).get(reverse("reviews:detail", args=[cast.review.pk]))
    as_user(cast.member).get(reverse("reviews:records", args=[cast.review.pk]))
    old = AccessEntry.objects.get(what="reviews:detail")
    AccessEntry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=31))
    out = StringIO()
    call_command("purge_access_log", stdout=out)
    assert "Deleted 1 access log entries" in out.getvalue()
    assert list(AccessEntry.objects.values_list("what", flat=True)) == ["reviews:records"]


def test_the_access_log_is_not_the_change_history(cast, as_user):
    as_user(cast.member).get(reverse("reviews:detail", args=[cast.review.pk]))
    page = as_user(cast.manager).get(reverse("reviews:history", args=[cast.review.pk]))
    assert "reviews:detail" not in page.content.decode()
    assert "Who has seen this review" in page.content.decode()


def test_every_evidence_download_is_recorded(cast, as_user, settings, tmp_path):
    from reviews.models import Evidence
    from tests.test_evidence import download, post_file

    settings.MEDIA_ROOT = tmp_path
    post_file(as_user(cast.reviewer), cast.review)
    evidence = Evidence.objects.get()
    response = download(as_user(cast.member), evidence, evidence.versions.get())
    assert response.status_code == 200
    entry = AccessEntry.objects.get(user=cast.member, what="reviews:evidence_download")
    assert entry.review == cast.review and str(evidence.pk) in entry.path


def _open_reviews(client, reviews):
    for review in reviews:
        assert client.get(reverse("reviews:detail", args=[review.pk])).status_code == 200


def _access_panel(client, board) -> str:
    """The text of the board's "Access to check" panel on the home page, as read."""
    from html import unescape

    from django.utils.html import strip_tags

    page = client.get(reverse("home")).content.decode()
    start = page.find(f'id="panel-access-{board.pk}"')
    assert start > 0, "no Access to check panel on the board manager's home"
    panel = page[start : page.find("</section>", start)]
    return " ".join(unescape(strip_tags(panel.replace("<", " <"))).split())


def test_the_board_managers_home_flags_someone_who_opens_many_reviews_they_have_no_part_in(
    cast, as_user, settings
):
    from tests.factories import ReviewFactory, ReviewRoleFactory

    settings.ACCESS_LOG_FLAG_REVIEWS = 3
    others = [ReviewFactory(board=cast.board, reference=f"SCR-2026-10{i}") for i in range(3)]
    # The member reads three reviews they have no part in; the lead reviewer reads only their
    # own; the chair (who oversees every review) reads all of them.
    _open_reviews(as_user(cast.member), others)
    ReviewRoleFactory(review=others[0], user=cast.reviewer, role="lead_reviewer")
    _open_reviews(as_user(cast.reviewer), [others[0], others[0], cast.review])
    _open_reviews(as_user(cast.chair), [*others, cast.review])
    text = _access_panel(as_user(cast.manager), cast.board)
    assert "People who opened 3 or more reviews they have no part in, in the last 30 days" in text
    assert f"{cast.member} : what they have seen 3" in text
    assert str(cast.reviewer) not in text and str(cast.chair) not in text
    # Opening the same review again is not another review; old reads no longer count.
    AccessEntry.objects.filter(user=cast.member, review=others[2]).update(
        at=timezone.now() - timedelta(days=31)
    )
    assert str(cast.member) not in _access_panel(as_user(cast.manager), cast.board)
    # Another board's manager sees nothing of it.
    assert str(cast.member) not in _access_panel(as_user(cast.outsider), cast.other_board)


def test_a_read_records_whether_the_reader_was_outside_the_reviews_team(cast, as_user):
    from tests.factories import ReviewFactory

    # A board member, on no review's team: each of the review's pages, a download included.
    member = as_user(cast.member)
    for name in ("detail", "records", "history", "outcomes"):
        assert member.get(reverse(f"reviews:{name}", args=[cast.review.pk])).status_code == 200
    summary = reverse("documents:qa_summary", args=[cast.review.pk, "pdf"])
    assert member.get(summary).status_code == 200
    assert member.get(reverse("reviews:actions_csv")).status_code == 200
    entries = AccessEntry.objects.filter(user=cast.member)
    assert {(e.what, e.outside_team) for e in entries if e.review_id} == {
        ("reviews:detail", True),
        ("reviews:records", True),
        ("reviews:history", True),
        ("reviews:outcomes", True),
        ("documents:qa_summary", True),
    }
    # An export across reviews is of no one review's team.
    assert not entries.get(what="reviews:actions_csv").outside_team
    # The review's lead reviewer; the chair and the board manager, on a review of their board
    # where they hold no role on its team (they oversee every review of the board).
    unstaffed = ReviewFactory(board=cast.board, reference="SCR-2026-401")
    _open_reviews(as_user(cast.reviewer), [cast.review])
    _open_reviews(as_user(cast.chair), [cast.review, unstaffed])
    _open_reviews(as_user(cast.manager), [cast.review, unstaffed])
    others = AccessEntry.objects.exclude(user=cast.member)
    assert others.count() == 5 and not others.filter(outside_team=True).exists()


def test_a_read_is_judged_by_the_team_as_it_was_when_the_reader_opened_the_review(
    cast, as_user, settings
):
    from reviews.models import ReviewRole
    from tests.factories import ReviewFactory, ReviewRoleFactory

    settings.ACCESS_LOG_FLAG_REVIEWS = 3
    first = [ReviewFactory(board=cast.board, reference=f"SCR-2026-20{i}") for i in range(3)]
    second = [ReviewFactory(board=cast.board, reference=f"SCR-2026-30{i}") for i in range(3)]
    # The member reads three reviews they have no part in, and is put on their panels after.
    _open_reviews(as_user(cast.member), first)
    for review in first:
        ReviewRoleFactory(review=review, user=cast.member, role=ReviewRole.Role.PANEL_MEMBER)
    # The other lead reviewer reads three reviews while on their teams, and is taken off after.
    for review in second:
        ReviewRoleFactory(review=review, user=cast.reviewer_off, role="lead_reviewer")
    _open_reviews(as_user(cast.reviewer_off), second)
    ReviewRole.objects.filter(user=cast.reviewer_off).delete()
    text = _access_panel(as_user(cast.manager), cast.board)
    assert f"{cast.member} : what they have seen 3" in text
    assert str(cast.reviewer_off) not in text


def test_the_migration_judges_the_reads_logged_before_by_the_team_and_board_as_they_are(cast):
    from importlib import import_module

    from django.apps import apps

    from reviews.models import ReviewRole
    from tests.factories import ReviewFactory, ReviewRoleFactory

    unstaffed = ReviewFactory(board=cast.board, reference="SCR-2026-401")
    on_panel = ReviewFactory(board=cast.board, reference="SCR-2026-402")
    ReviewRoleFactory(review=on_panel, user=cast.member, role=ReviewRole.Role.PANEL_MEMBER)
    expected = {
        (cast.member, cast.review): True,
        (cast.member, on_panel): False,
        (cast.member, None): False,  # an export across reviews
        (cast.reviewer, cast.review): False,
        (cast.chair, unstaffed): False,
        (cast.manager, unstaffed): False,
        (cast.outsider, cast.review): True,  # another board's manager
        (cast.admin, unstaffed): True,
    }
    for user, review in expected:
        AccessEntry.objects.create(user=user, review=review, what="reviews:detail", path="/")
    assert not AccessEntry.objects.filter(outside_team=True).exists()  # as the column is added
    import_module("accesslog.migrations.0002_accessentry_outside_team").fill(apps, None)
    found = {(e.user, e.review): e.outside_team for e in AccessEntry.objects.all()}
    assert found == expected


def test_the_board_managers_home_flags_a_role_an_administrator_gave_themselves(cast, as_user):
    admin = as_user(cast.admin)
    response = admin.post(
        "/admin/accounts/membership/add/",
        {"user": cast.admin.pk, "board": cast.board.pk, "role": "board_manager", "agency": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    text = _access_panel(as_user(cast.manager), cast.board)
    assert "Administrators given a role on this board" in text
    assert f"{cast.admin} : what they have seen Board manager" in text
    assert f"Given {timezone.localdate():%-d %B %Y} by {cast.admin}" in text
    # Reading everything, then removing the role, leaves it on the panel as removed.
    _open_reviews(as_user(cast.admin), [cast.review])
    membership = cast.admin.memberships.get()
    admin = as_user(cast.admin)
    response = admin.post(f"/admin/accounts/membership/{membership.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    text = _access_panel(as_user(cast.manager), cast.board)
    assert "Board manager Removed" in text
    # The link from the panel shows what they read, though no longer a member.
    page = as_user(cast.manager).get(reverse("accesslog:user", args=[cast.admin.pk]))
    assert page.status_code == 200 and cast.review.reference in page.content.decode()
    # Nothing to flag on the other board.
    text = _access_panel(as_user(cast.outsider), cast.other_board)
    assert "Nobody." in text and "None." in text


def test_the_access_panel_and_its_page_run_a_fixed_number_of_queries(
    cast, as_user, settings, django_assert_max_num_queries
):
    from tests.factories import MembershipFactory, ReviewFactory, UserFactory

    settings.ACCESS_LOG_FLAG_REVIEWS = 2

    def grow(n):
        reviews = [ReviewFactory(board=cast.board, reference=f"SCR-2026-{n}0{j}") for j in range(3)]
        for i in range(n):
            reader = UserFactory(username=f"r{n}-{i}", first_name=f"Reader{n}", last_name=f"{i}")
            MembershipFactory(user=reader, board=cast.board)
            _open_reviews(as_user(reader), reviews)
            admin = UserFactory(
                username=f"a{n}-{i}", first_name=f"Admin{n}", last_name=f"{i}", is_staff=True
            )
            MembershipFactory(user=admin, board=cast.board)

    url = reverse("accesslog:board", args=[cast.board.pk])
    grow(1)
    client = as_user(cast.manager)
    reset_queries()  # the log of queries keeps 9000: the set-up fills it
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("home"))
    with django_assert_max_num_queries(10) as page_small:
        client.get(url)
    home_queries, page_queries = len(small.captured_queries), len(page_small.captured_queries)
    grow(8)
    client = as_user(cast.manager)
    reset_queries()
    with django_assert_max_num_queries(home_queries):
        home = client.get(reverse("home")).content.decode()
    with django_assert_max_num_queries(page_queries):
        page = client.get(url).content.decode()
    # Five of each on the home page, all on the board's page.
    assert home.count("Reader8 ") == 5 and page.count("Reader8 ") == 8
    assert home.count("Admin8 ") == 5 and page.count("Admin8 ") == 8
    assert as_user(cast.member).get(url).status_code == 404
    assert as_user(cast.outsider).get(url).status_code == 404


def test_reports_and_exports_across_reviews_are_recorded_and_shown_per_person(cast, as_user):
    client = as_user(cast.member)
    assert client.get(reverse("analytics:pack_xlsx")).status_code == 200
    assert client.get(reverse("reviews:actions_xlsx")).status_code == 200
    summary = reverse("documents:qa_summary", args=[cast.review.pk, "pdf"])
    assert client.get(summary).status_code == 200
    whats = set(AccessEntry.objects.filter(user=cast.member).values_list("what", flat=True))
    assert {"analytics:pack_xlsx", "reviews:actions_xlsx", "documents:qa_summary"} <= whats
    entry = AccessEntry.objects.get(what="documents:qa_summary")
    assert entry.review == cast.review and entry.address == "127.0.0.1"
    page = as_user(cast.manager).get(reverse("accesslog:user", args=[cast.member.pk]))
    text = page.content.decode()
    assert "analytics:pack_xlsx" in text and "reviews:actions_xlsx" in text
    assert "documents:qa_summary" in text
