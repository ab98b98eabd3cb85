"""scrqm.prepared: querysets built once, run with each call's values, refused when their SQL
would keep a value they computed."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from reviews.models import Review, ReviewRole
from scrqm.prepared import Prepared, PreparedObjects, keep_related
from tests.factories import ReviewFactory, ReviewRoleFactory

pytestmark = pytest.mark.django_db


def _referred(board_id: int, since) -> dict:
    reviews = Review.objects.filter(board_id=board_id, referral_on__gte=since)
    return {"refs": reviews.order_by("reference").values("reference", board_pk=F("board_id"))}


@pytest.mark.postgres
def test_it_runs_the_sql_built_once_with_each_calls_values(cast, django_assert_num_queries):
    today = timezone.localdate()
    ReviewFactory(board=cast.board, reference="A-1", referral_on=today)
    ReviewFactory(board=cast.board, reference="A-2", referral_on=today - timedelta(days=10))
    ReviewFactory(board=cast.other_board, reference="B-1", referral_on=today)
    built = []
    prepared = Prepared(lambda **values: built.append(values) or _referred(**values))

    rows = prepared.run(board_id=cast.board.pk, since=today - timedelta(days=1))
    assert rows == {"refs": [{"reference": "A-1", "board_pk": cast.board.pk}]}
    with django_assert_num_queries(1):
        rows = prepared.run(board_id=cast.board.pk, since=today - timedelta(days=30))
    assert [r["reference"] for r in rows["refs"]] == ["A-1", "A-2"]
    rows = prepared.run(board_id=cast.other_board.pk, since=today)
    assert [r["reference"] for r in rows["refs"]] == ["B-1"]
    # Built twice (two sets of stand-ins), the first time only.
    assert len(built) == 2


@pytest.mark.postgres
def test_it_refuses_a_queryset_that_computes_a_value_from_its_arguments(cast):
    prepared = Prepared(lambda since: _referred(cast.board.pk, since - timedelta(days=1)))
    with pytest.raises(ValueError, match="refs"):
        prepared.run(since=timezone.localdate())


@pytest.mark.postgres
def test_it_refuses_values_it_cannot_stand_in_for(cast):
    with pytest.raises(TypeError):
        Prepared(lambda name: {}).run(name="x")


def test_its_rows_are_the_orms_on_every_database(cast):
    """On SQLite (make serve, the default test run) the ORM reads them on every call; on
    PostgreSQL the SQL built once: the same rows either way."""
    today = timezone.localdate()
    ReviewFactory(board=cast.board, reference="A-1", referral_on=today)
    ReviewFactory(board=cast.board, reference="A-2", referral_on=today - timedelta(days=10))
    prepared = Prepared(_referred)
    for since in (today, today - timedelta(days=30), today):
        expected = {"refs": list(_referred(cast.board.pk, since)["refs"])}
        assert prepared.run(board_id=cast.board.pk, since=since) == expected


def _team(review_id: int):
    return ReviewRole.objects.select_related("user", "review__board").filter(review_id=review_id)


def test_its_instances_are_the_orms_with_their_related_objects(cast, django_assert_num_queries):
    """Instances as the queryset gives them, select_related objects included, in one query a
    call (on PostgreSQL from the SQL built once, on SQLite from the ORM)."""
    other = ReviewFactory(board=cast.other_board)
    ReviewRoleFactory(review=other, user=cast.outsider, role=ReviewRole.Role.LEAD_REVIEWER)
    prepared = PreparedObjects(_team)
    for review in (cast.review, other, cast.review):
        expected = list(_team(review.pk))
        with django_assert_num_queries(1):
            team = prepared.run(review_id=review.pk)
        assert team == expected
        with django_assert_num_queries(0):
            assert [(r.user.username, r.review.board.name) for r in team] == [
                (r.user.username, r.review.board.name) for r in expected
            ]


@pytest.mark.postgres
def test_it_refuses_a_queryset_that_prefetches(cast):
    prepared = PreparedObjects(lambda pk: Review.objects.filter(pk=pk).prefetch_related("roles"))
    with pytest.raises(ValueError, match="prefetch"):
        prepared.run(pk=cast.review.pk)


def test_the_instances_it_reads_stand_for_a_prefetch(cast, django_assert_num_queries):
    review = Review.objects.get(pk=cast.review.pk)
    team = PreparedObjects(lambda review_id: ReviewRole.objects.filter(review_id=review_id))
    keep_related(review, "roles", team.run(review_id=review.pk))
    with django_assert_num_queries(0):
        roles = list(review.roles.all())
        assert all(role.review is review for role in roles)
    assert roles == list(Review.objects.get(pk=review.pk).roles.all())
