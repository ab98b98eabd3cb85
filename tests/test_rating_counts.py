"""The stored counts of ratings (``RatingCount``) cannot drift from a count of the assessments:
after every way an assessment's rating or a review's board or stage changes (the marker page,
the services, model saves and deletes, bulk writes, imports, the migration), the stored
figures equal a recount, and the grid's totals row, read from them, equals a count of the
assessments of the reviews the grid shows, for every filter and kind of reader."""

import io
import itertools
from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Membership
from markers.models import Marker
from reviews import archive, rating_counts
from reviews.models import Decision, MarkerAssessment, Rating, RatingCount, Review, ReviewRole
from reviews.services.review import decision_save
from reviews.views.assessment import GRID_TOTALS
from tests.assessment_helpers import form_data, marker, save
from tests.factories import MembershipFactory, ReviewFactory, ReviewRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("reviews:marker_grid")


def _stored() -> Counter:
    return Counter(
        {
            (board, stage, number, rating): n
            for board, stage, number, rating, n in RatingCount.objects.exclude(n=0).values_list(
                "board_id", "stage", "number", "rating", "n"
            )
        }
    )


def assert_no_drift():
    recount = rating_counts.counted(MarkerAssessment.objects.all())
    assert _stored() == +recount
    assert not RatingCount.objects.filter(n__lt=0).exists()


def _assess(review, ratings: dict[int, str]):
    markers = {m.number: m for m in Marker.objects.filter(marker_set=review.marker_set)}
    for number, rating in ratings.items():
        MarkerAssessment.objects.update_or_create(
            review=review,
            marker=markers[number],
            defaults={"rating": rating, "not_applicable_reason": "n/a"},
        )


def test_the_marker_page_and_the_service_keep_them_up_to_date(cast, as_user):
    client = as_user(cast.reviewer)
    m = marker(cast.review, 3)
    url = reverse("reviews:marker", args=[cast.review.pk, 3])
    data = form_data(m, rating="met") | {"confirm_met": "on"}
    assert client.post(url, data).status_code == 302
    assert_no_drift()
    assert _stored()[(cast.board.pk, cast.review.stage, 3, Rating.MET)] == 1
    assert client.post(url, form_data(m, version=1, rating="not_met")).status_code == 302
    assert_no_drift()
    assert _stored()[(cast.board.pk, cast.review.stage, 3, Rating.MET)] == 0
    save(cast.review, 4, cast.reviewer, rating="not_applicable", reason="No family")
    save(cast.review, 4, cast.reviewer, rating="partly_met")
    save(cast.review, 5, cast.reviewer, commentary="Only a note: not started")
    assert_no_drift()
    assert _stored()[(cast.board.pk, cast.review.stage, 5, Rating.NOT_STARTED)] == 1


def test_saves_and_deletes_of_assessments(cast):
    review = cast.review
    _assess(review, {1: "met", 2: "met", 3: "not_met"})
    assert_no_drift()
    a = MarkerAssessment.objects.get(review=review, marker__number=2)
    a.rating = Rating.PARTLY_MET
    a.save()
    a.rating = Rating.NOT_MET
    a.save(update_fields=["rating"])
    a.commentary = "Saved without its rating: the figures stay"
    a.save(update_fields=["commentary"])
    assert_no_drift()
    a.delete()
    assert_no_drift()
    MarkerAssessment.objects.filter(review=review, marker__number=1).delete()
    assert_no_drift()
    assert _stored() == Counter({(cast.board.pk, review.stage, 3, "not_met"): 1})


def test_stage_and_board_changes_move_the_reviews_assessments(cast):
    review = cast.review
    _assess(review, {1: "met", 7: "not_applicable", 18: "partly_met"})
    other = ReviewFactory(board=cast.board, stage=Review.Stage.RUNNING)
    _assess(other, {1: "not_met", 2: "met"})
    review.stage = Review.Stage.SETUP
    review.save()
    assert_no_drift()
    review.stage = Review.Stage.RUNNING
    review.save(update_fields=["stage"])
    review.title = "Child S"
    review.save(update_fields=["title"])
    assert_no_drift()
    review.board = cast.other_board
    review.save()
    assert_no_drift()
    Review.objects.filter(pk__in=[review.pk, other.pk]).update(stage=Review.Stage.OUTPUTS)
    assert_no_drift()
    Review.objects.filter(pk=review.pk).update(board=cast.board, stage=Review.Stage.CLOSED)
    Review.objects.filter(pk=other.pk).update(title="Unrelated change")
    assert_no_drift()
    assert _stored()[(cast.board.pk, Review.Stage.CLOSED, 1, "met")] == 1
    assert _stored()[(cast.board.pk, Review.Stage.OUTPUTS, 1, "not_met")] == 1


def test_the_lifecycle_moves_keep_them_up_to_date(cast):
    review = cast.review
    _assess(review, {1: "met", 2: "partly_met"})
    decision_save(
        decision=Decision(
            review=review,
            kind=Decision.Kind.HOLD,
            outcome="not_proceed",
            decided_on=date(2026, 6, 1),
            decision="Not to hold a review.",
            rationale="Criteria not met.",
        ),
        by=cast.chair,
    )
    review.refresh_from_db()
    review.move_to(Review.Stage.NOT_PROCEEDING, by=cast.manager)
    assert_no_drift()
    assert _stored()[(cast.board.pk, Review.Stage.NOT_PROCEEDING, 1, "met")] == 1
    review.move_to(Review.Stage.REFERRAL, by=cast.manager, reason="New information.")
    assert_no_drift()
    assert _stored()[(cast.board.pk, Review.Stage.REFERRAL, 2, "partly_met")] == 1


def test_deleting_reviews_takes_their_figures_away(cast):
    reviews = [ReviewFactory(board=cast.board) for _ in range(3)]
    for r in reviews:
        _assess(r, {1: "met", 2: "not_met"})
    reviews[0].delete()
    assert_no_drift()
    Review.objects.filter(pk=reviews[1].pk).delete()
    assert_no_drift()
    assert sum(_stored().values()) == 2


def test_bulk_writes(cast):
    review, other = cast.review, ReviewFactory(board=cast.board, stage=Review.Stage.MONITORING)
    markers = list(Marker.objects.filter(marker_set=review.marker_set).order_by("number"))
    made = MarkerAssessment.objects.bulk_create(
        [
            MarkerAssessment(review=r, marker=m, rating="met")
            for r in (review, other)
            for m in markers
        ]
    )
    assert_no_drift()
    MarkerAssessment.objects.filter(review=other, marker__number__lte=9).update(rating="not_met")
    MarkerAssessment.objects.filter(review=other).update(commentary="No change of figures")
    assert_no_drift()
    for a in made[:5]:
        a.rating = Rating.PARTLY_MET
    MarkerAssessment.objects.bulk_update(made[:5], ["rating"], batch_size=2)
    assert_no_drift()
    MarkerAssessment.objects.filter(review=review, marker__number__gt=10).delete()
    assert_no_drift()


def test_an_imported_review_counts_at_once(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    save(cast.review, 1, cast.reviewer, rating="met")
    save(cast.review, 2, cast.reviewer, rating="not_applicable", reason="No family")
    out, _, _ = archive.export_review(cast.review, by=cast.manager)
    copy = archive.import_review(io.BytesIO(out.read()), board=cast.other_board, by=cast.admin)
    assert_no_drift()
    assert _stored()[(cast.other_board.pk, copy.review.stage, 1, "met")] == 1


def test_rebuild_and_the_migration_fill_them_for_existing_assessments(cast):
    from importlib import import_module

    from django.apps import apps

    for stage in Review.Stage.values:
        _assess(ReviewFactory(board=cast.board, stage=stage), {1: "met", 5: "not_met"})
    expected = _stored()
    RatingCount.objects.all().delete()
    import_module("reviews.migrations.0013_rating_counts").fill(apps, None)
    assert _stored() == expected
    RatingCount.objects.update(n=99)
    rating_counts.rebuild()
    assert _stored() == expected


def _grid_totals(client, query="") -> dict[tuple[int, str], int]:
    totals = client.get(URL + query).context["totals"]
    return {
        (number, row["rating"].value): n
        for row in totals
        for number, n in enumerate(row["counts"], start=1)
        if n
    }


def _recount(reviews) -> dict[tuple[int, str], int]:
    return dict(
        Counter(
            MarkerAssessment.objects.filter(review__in=reviews, rating__in=GRID_TOTALS).values_list(
                "marker__number", "rating"
            )
        )
    )


def test_the_totals_row_equals_a_count_for_every_filter_and_reader(cast, as_user):
    """Stages x kinds x boards x ratings, read by a manager, a lead reviewer (who sees only
    the reviews with a role), a board member and someone who manages one board and reviews
    in the other: the totals row equals a count of the assessments of the reviews shown."""
    ratings = Rating.values
    combinations = itertools.product(
        [cast.board, cast.other_board], Review.Stage.values, Review.Kind.values
    )
    for n, (board, stage, kind) in enumerate(combinations, start=1):
        review = ReviewFactory(board=board, stage=stage, kind=kind)
        _assess(review, {m: ratings[(n + m) % len(ratings)] for m in range(1, 19, 1 + n % 3)})
        if n % 3 == 0:
            ReviewRoleFactory(review=review, user=cast.reviewer, role=ReviewRole.Role.LEAD_REVIEWER)
    both = UserFactory(username="both")
    MembershipFactory(user=both, board=cast.board, role=Membership.Role.BOARD_MANAGER)
    MembershipFactory(user=both, board=cast.other_board, role=Membership.Role.LEAD_REVIEWER)
    for r in Review.objects.filter(board=cast.other_board)[:5]:
        ReviewRoleFactory(review=r, user=both, role=ReviewRole.Role.LEAD_REVIEWER)
    assert_no_drift()
    queries = [
        "",
        "?hide_not_proceeding=on",
        *(f"?stage={s}" for s in Review.Stage.values),
        "?stage=not_proceeding&hide_not_proceeding=on",
        f"?board={cast.board.pk}",
        f"?board={cast.other_board.pk}&stage=running",
    ]
    for user in (cast.manager, cast.reviewer, cast.member, cast.outsider, both):
        client = as_user(user)
        visible = Review.objects.visible_to(user)
        for query in queries:
            shown = visible
            params = dict(p.split("=") for p in query[1:].split("&") if p)
            if "stage" in params:
                shown = shown.filter(stage=params["stage"])
            if "hide_not_proceeding" in params:
                shown = shown.exclude(stage="not_proceeding")
            if "board" in params and user == both:
                shown = shown.filter(board_id=params["board"])
            expected = _recount(shown)
            assert _grid_totals(client, query) == expected, (user.username, query)
            if user in (cast.manager, both) and not query:
                assert expected  # the comparison is about real numbers


def test_the_totals_know_every_filter_of_the_grid():
    """The totals row reads the stages and boards the filters keep: a new filter of the grid
    must be taken into ``grid_totals`` (and into the test above) before this passes."""
    from reviews.views.assessment import GridFilter

    assert set(GridFilter.base_filters) == {"stage", "board", "hide_not_proceeding"}
