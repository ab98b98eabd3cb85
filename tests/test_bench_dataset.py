"""The benchmarks' national data set (bench/dataset.py, issue 11) at a tiny size: its
proportions, and the app's main pages and exports working on it, signed in as the bench does
(password, then a security code: the bench board requires them). Timings are the bench's
business, not this test's."""

from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from bench import dataset
from markers.models import Question
from reviews import action_counts, deadlines, rating_counts
from reviews.models import (
    Action,
    ActionCount,
    ActionDueCount,
    Deadline,
    Evidence,
    MarkerAssessment,
    QuestionAnswer,
    RatingCount,
    Review,
    ReviewRole,
    StageMove,
)

pytestmark = pytest.mark.django_db

REVIEWS, BOARDS = 30, 3


@pytest.fixture
def ds():
    return dataset.generate(REVIEWS, BOARDS)


def test_it_spreads_the_reviews_over_boards_in_realistic_proportions(ds):
    sizes = Counter(Review.objects.values_list("board__slug", flat=True))
    assert sum(sizes.values()) == REVIEWS and len(sizes) == BOARDS
    assert sizes["bench-000"] == max(sizes.values()) > min(sizes.values())

    kinds = Counter(Review.objects.values_list("kind", flat=True))
    assert 0.45 <= kinds["rapid"] / REVIEWS <= 0.65
    assert 0.25 <= kinds["lcspr"] / REVIEWS <= 0.45
    assert kinds["scr"] >= 1
    stages = Counter(Review.objects.values_list("stage", flat=True))
    assert set(stages) == set(Review.Stage.values)
    assert stages["closed"] == max(stages.values())

    # Each review has assessed the markers its stage has reached, no more.
    touched = Counter(MarkerAssessment.objects.values_list("review_id", flat=True))
    for review in Review.objects.all():
        assert touched[review.pk] == dataset.MARKERS_BY_STAGE[review.stage], review.stage
    ratings = Counter(MarkerAssessment.objects.values_list("rating", flat=True))
    assert ratings.most_common(1)[0][0] == "met" and len(ratings) == 5
    asked = sum(
        Question.objects.filter(marker__number__lte=n).count() * stages[stage]
        for stage, n in dataset.MARKERS_BY_STAGE.items()
    )
    answered = QuestionAnswer.objects.count()
    assert 0.7 * asked <= answered <= asked

    heavy = ds.heavy
    assert Evidence.objects.filter(review=heavy, marker__number=13).count() >= 200
    assert 10 * REVIEWS <= Evidence.objects.count() - 200 <= 25 * REVIEWS

    # Actions (about six a review) only where the stage has them, in its statuses.
    actions = Action.objects.count()
    assert 4 * REVIEWS <= actions <= 8 * REVIEWS
    with_actions = set(Action.objects.values_list("review__stage", flat=True))
    assert with_actions <= {"outputs", "monitoring", "closed"}
    assert not Action.objects.filter(review__stage="outputs", status="completed").exists()
    assert Action.objects.filter(status="completed").exclude(completed_on=None).exists()

    # The stored deadlines, as saving each review would have left them (with its board and
    # whether it is live).
    for review in Review.objects.all():
        assert {
            k: (due, review.board_id, review.is_live)
            for k, due in deadlines.open_deadlines(review).items()
        } == {d.key: (d.due_on, d.board_id, d.live) for d in Deadline.objects.filter(review=review)}
    assert {True, False} == set(Deadline.objects.values_list("live", flat=True))
    # The stored counts of ratings, as saving each assessment would have left them.
    stored = {
        (b, s, num, r): n
        for b, s, num, r, n in RatingCount.objects.exclude(n=0).values_list(
            "board_id", "stage", "number", "rating", "n"
        )
    }
    assert stored == rating_counts.counted(MarkerAssessment.objects.all())
    assert sum(stored.values()) == MarkerAssessment.objects.count() > 0
    # And of actions, and of the open ones by due day.
    kinds = {
        (b, a, o, s): n
        for b, a, o, s, n in ActionCount.objects.exclude(n=0).values_list(
            "board_id", "lead_agency_id", "owner_id", "status", "n"
        )
    }
    days = {
        (b, d): n
        for b, d, n in ActionDueCount.objects.exclude(n=0).values_list("board_id", "due", "n")
    }
    assert kinds | days == action_counts.counted(Action.objects.all())
    assert sum(kinds.values()) == Action.objects.count() > 0
    assert sum(days.values()) == Action.objects.open().count() > 0

    # History rows as the app writes them: created, then a change per stage move.
    assert Review.history.filter(history_type="+").count() == REVIEWS
    assert Review.history.filter(history_type="~").count() == StageMove.objects.count() > 0
    assert QuestionAnswer.history.count() == answered
    assert Action.history.filter(history_type="+").count() == actions
    # None dated after it was built: the analytics page keeps its figures only once every
    # table's newest history row is a minute old, so one dated ahead would keep it counting.
    now = timezone.now()
    for model in (Review, ReviewRole, MarkerAssessment, QuestionAnswer, Evidence, Action):
        assert not model.history.filter(history_date__gt=now).exists(), model


def test_the_main_pages_and_exports_work_on_it_for_each_role(ds):
    member = Client()
    member.post("/accounts/sign-in/", {"username": "member", "password": dataset.PASSWORD})
    assert member.get("/")["Location"].startswith("/accounts/security-code/")  # required
    clients = {role: dataset.signed_in_client(user) for role, user in ds.users.items()}
    pages = dataset.pages(ds)
    assert {p.role for p in pages} == set(dataset.ROLES)
    seen = set()
    for page in pages:
        view = (page.role, page.url.split("?")[0])
        if ".pdf" in page.url or view in seen:
            continue  # PDFs take seconds each (the bench requests them); one filter a page
        seen.add(view)
        response = clients[page.role].get(page.url)
        assert response.status_code == 200, f"{page.label}: {page.url}"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body
    assert (
        "Heavy evidence 200"
        in clients["reviewer"].get(f"/reviews/{ds.heavy.pk}/markers/13/").content.decode()
    )


def test_it_refuses_a_database_holding_anything_but_benchmark_data(db):
    with pytest.raises(dataset.NotBenchData, match="not a benchmark database"):
        dataset.check_database()
    dataset._mark(None, None, None)
    dataset.check_database()  # marked by a build: accepted (and emptied by the next one)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {dataset.MARKER_TABLE}")
