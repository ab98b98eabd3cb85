"""The read access log (issue 12, finding 3): every read of a review's pages, downloads and
exports is recorded with who, when, from where and what; board managers see who has seen a
review and what one person has seen, and can export it; old entries are purged."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
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
