"""The stored counts of actions (``ActionCount``, and ``ActionDueCount`` of the open ones by
due day) cannot drift from a count of the actions: after every way an action's review, lead
agency, owner, status or dates, or a review's board, changes (the progress page, the
services, model saves and deletes, bulk writes, imports, the migrations), the stored figures
equal a recount, and the tracker's "N actions", read from them, equals a count of the actions
it lists, for every filter and kind of reader."""

import io
import re
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from reviews import action_counts, archive
from reviews.models import Action, ActionCount, ActionDueCount, Finding, Review
from tests.factories import AgencyFactory, MembershipFactory, ReviewFactory, UserFactory
from tests.gds import dates
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db

URL = reverse("reviews:actions")
S = Action.Status


_n = iter(range(1000, 100000))


def _review(board):
    return ReviewFactory(board=board, reference=f"A-{next(_n)}")


def _stored() -> Counter:
    """Both tables' figures, keyed as action_counts.counted keys them."""
    kinds = ActionCount.objects.exclude(n=0).values_list(
        "board_id", "lead_agency_id", "owner_id", "status", "n"
    )
    days = ActionDueCount.objects.exclude(n=0).values_list("board_id", "due", "n")
    return Counter({tuple(row[:-1]): row[-1] for row in (*kinds, *days)})


def _kinds() -> Counter:
    return Counter({k: n for k, n in _stored().items() if len(k) == 4})


def _days() -> Counter:
    return Counter({k: n for k, n in _stored().items() if len(k) == 2})


def assert_no_drift():
    assert _stored() == +action_counts.counted(Action.objects.all())
    assert not ActionCount.objects.filter(n__lt=0).exists()
    assert not ActionDueCount.objects.filter(n__lt=0).exists()


def _owner(cast, agency):
    owner = UserFactory()
    MembershipFactory(user=owner, board=cast.board, agency=agency)
    return owner


def test_saves_and_deletes_of_actions(cast):
    owner = _owner(cast, cast.agency)
    a = ActionFactory(finding__review=cast.review, lead_agency=cast.agency, owner=owner)
    b = ActionFactory(finding=a.finding, lead_agency=cast.other_agency, status=S.PROPOSED)
    assert_no_drift()
    assert _stored()[(cast.board.pk, cast.agency.pk, owner.pk, S.AGREED)] == 1
    assert _stored()[(cast.board.pk, cast.other_agency.pk, 0, S.PROPOSED)] == 1
    a.status = S.IN_PROGRESS
    a.save()
    b.lead_agency, b.owner = cast.agency, owner
    b.save(update_fields=["lead_agency", "owner"])
    a.text = "Saved without a counted field: the figures stay"
    a.save(update_fields=["text"])
    assert_no_drift()
    a.owner = None
    a.save()
    assert_no_drift()
    a.delete()
    assert_no_drift()
    Action.objects.filter(pk=b.pk).delete()
    assert_no_drift()
    assert _stored() == Counter()


def test_the_progress_page_and_the_services_keep_them_up_to_date(cast, as_user):
    action = ActionFactory(
        finding__review=cast.review, lead_agency=cast.agency, evidence_required="Records"
    )
    url = reverse("reviews:action_progress", args=[cast.review.pk, action.pk])
    data = {
        "status": "in_progress",
        "not_taken_forward_reason": "",
        "rating": "on_track",
        "rating_reason": "",
        "evidence_received": "",
        "update_text": "Two sessions held",
        **dates(revised_date=None, update_on=date(2026, 1, 10)),
    }
    assert as_user(cast.member).post(url, data).status_code == 302
    assert_no_drift()
    assert _stored()[(cast.board.pk, cast.agency.pk, 0, S.IN_PROGRESS)] == 1
    data |= {"status": "completed", "evidence_received": "Records seen"}
    assert as_user(cast.member).post(url, data).status_code == 302
    assert_no_drift()
    assert _stored()[(cast.board.pk, cast.agency.pk, 0, S.COMPLETED)] == 1


def test_board_moves_take_the_reviews_actions_along(cast):
    review = cast.review
    other = _review(board=cast.board)
    for r in (review, other):
        finding = FindingFactory(review=r)
        for status in (S.AGREED, S.COMPLETED, S.AGREED):
            ActionFactory(finding=finding, lead_agency=cast.agency, status=status)
    review.board = cast.other_board
    review.save()
    assert_no_drift()
    review.title = "Child S"
    review.save(update_fields=["title"])
    review.stage = Review.Stage.RUNNING
    review.save(update_fields=["stage"])
    assert_no_drift()
    Review.objects.filter(pk__in=[review.pk, other.pk]).update(board=cast.other_board)
    assert_no_drift()
    Review.objects.filter(pk=review.pk).update(board_id=cast.board.pk)
    Review.objects.filter(pk=other.pk).update(title="Unrelated change")
    assert_no_drift()
    assert _stored()[(cast.other_board.pk, cast.agency.pk, 0, S.AGREED)] == 2
    assert _stored()[(cast.board.pk, cast.agency.pk, 0, S.AGREED)] == 2


def test_deletes_take_their_figures_away_and_a_review_with_actions_stays(cast):
    reviews = [_review(board=cast.board) for _ in range(3)]
    for r in reviews:
        finding = FindingFactory(review=r)
        ActionFactory(finding=finding, lead_agency=cast.agency)
        ActionFactory(finding=finding, lead_agency=cast.other_agency, status=S.PROPOSED)
    with pytest.raises(ProtectedError):
        reviews[0].delete()
    assert_no_drift()
    Action.objects.filter(review=reviews[1], status=S.PROPOSED).delete()
    Finding.objects.get(review=reviews[2]).actions.all().delete()
    assert_no_drift()
    _review(board=cast.board).delete()
    assert_no_drift()
    assert sum(_kinds().values()) == 3


def test_bulk_writes(cast):
    finding = FindingFactory(review=cast.review)
    made = Action.objects.bulk_create(
        [
            Action(
                review=cast.review,
                finding=finding,
                number=i,
                text="x",
                lead_agency=cast.agency if i % 2 else cast.other_agency,
                target_date=date(2030, 1, 1),
                status=S.AGREED,
            )
            for i in range(1, 11)
        ]
    )
    assert_no_drift()
    Action.objects.filter(number__lte=4).update(status=S.IN_PROGRESS)
    Action.objects.filter(number__gt=8).update(text="No change of figures")
    assert_no_drift()
    owner = _owner(cast, cast.agency)
    for a in made[:5]:
        a.owner, a.status = owner, S.COMPLETED
    Action.objects.bulk_update(made[:5], ["owner", "status"], batch_size=2)
    assert_no_drift()
    assert _stored()[(cast.board.pk, cast.agency.pk, owner.pk, S.COMPLETED)] == 3


def test_due_days_move_with_the_dates_and_leave_with_closing(cast):
    """An open action counts under its revised target date if there is one, else its target
    date; closed, it counts under no day."""
    day, later = date(2026, 3, 1), date(2026, 6, 1)
    a = ActionFactory(finding__review=cast.review, lead_agency=cast.agency, target_date=day)
    b = ActionFactory(finding=a.finding, lead_agency=cast.agency, target_date=day)
    assert _days() == Counter({(cast.board.pk, day): 2})
    a.revised_date, a.rating_reason = later, "Moved"
    a.save()
    assert_no_drift()
    assert _days() == Counter({(cast.board.pk, day): 1, (cast.board.pk, later): 1})
    b.target_date = later
    b.save(update_fields=["target_date"])
    assert _days() == Counter({(cast.board.pk, later): 2})
    Action.objects.filter(pk=a.pk).update(revised_date=None)
    Action.objects.filter(pk=b.pk).update(status=S.NOT_TAKEN_FORWARD)
    assert_no_drift()
    assert _days() == Counter({(cast.board.pk, day): 1})
    b.status, a.status = S.AGREED, S.COMPLETED
    Action.objects.bulk_update([a, b], ["status"])
    assert_no_drift()
    assert _days() == Counter({(cast.board.pk, later): 1})
    cast.review.board = cast.other_board
    cast.review.save()
    assert_no_drift()
    assert _days() == Counter({(cast.other_board.pk, later): 1})
    b.delete()
    assert_no_drift()
    assert _days() == Counter()


def test_an_imported_review_counts_at_once(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ActionFactory(finding__review=cast.review, lead_agency=cast.agency)
    ActionFactory(finding__review=cast.review, lead_agency=cast.agency, status=S.COMPLETED)
    out, _, _ = archive.export_review(cast.review, by=cast.manager)
    archive.import_review(io.BytesIO(out.read()), board=cast.other_board, by=cast.admin)
    assert_no_drift()
    assert sum(n for (board, *_), n in _kinds().items() if board == cast.other_board.pk) == 2
    assert sum(n for (board, _), n in _days().items() if board == cast.other_board.pk) == 1


def test_rebuild_and_the_migration_fill_them_for_existing_actions(cast):
    from importlib import import_module

    from django.apps import apps

    owner = _owner(cast, cast.other_agency)
    for status in S.values:
        ActionFactory(finding__review=cast.review, lead_agency=cast.agency, status=status)
        ActionFactory(
            finding__review=_review(board=cast.other_board),
            lead_agency=AgencyFactory(board=cast.other_board),
            status=status,
        )
    ActionFactory(finding__review=cast.review, lead_agency=cast.other_agency, owner=owner)
    expected = _stored()
    assert sum(_kinds().values()) == 2 * len(S.values) + 1
    assert sum(_days().values()) == 2 * (len(S.values) - 2) + 1  # the open ones
    ActionCount.objects.all().delete()
    ActionDueCount.objects.all().delete()
    import_module("reviews.migrations.0017_action_counts").fill(apps, None)
    import_module("reviews.migrations.0019_action_due_counts").fill(apps, None)
    assert _stored() == expected
    ActionCount.objects.update(n=99)
    ActionDueCount.objects.update(n=99)
    action_counts.rebuild()
    assert _stored() == expected


def _shown(response) -> int:
    """The tracker's "N actions" figure."""
    return int(re.search(r'<p class="govuk-body">(\d+) actions?\b', response.content.decode())[1])


def test_the_trackers_count_is_the_number_of_actions_it_lists(cast, as_user):
    """Read from the stored counts (or counted, for a search, overdue and lead reviewers), the
    figure is the number of actions the filters give, for every filter and reader, across
    boards."""
    owner = _owner(cast, cast.agency)
    past = timezone.localdate() - timedelta(days=3)
    for i, status in enumerate(S.values * 3):
        review = cast.review if i % 3 == 0 else _review(board=cast.board)
        ActionFactory(
            finding__review=review,
            lead_agency=cast.agency if i % 2 else cast.other_agency,
            owner=owner if i % 4 == 1 else None,
            status=status,
            target_date=past if i % 3 else date(2030, 1, 1),
        )
    ActionFactory(finding__review=_review(board=cast.other_board))
    MembershipFactory(user=cast.chair, board=cast.other_board, role="chair")
    queries = [
        {},
        {"status": S.AGREED},
        {"status": S.COMPLETED, "lead_agency": cast.agency.pk},
        {"lead_agency": cast.other_agency.pk},
        {"owner": owner.pk},
        {"owner": owner.pk, "status": S.PROPOSED},
        {"overdue": "on"},
        {"overdue": "on", "status": S.IN_PROGRESS},
        {"overdue": "on", "lead_agency": cast.agency.pk},
        {"overdue": "on", "owner": owner.pk, "sort": "due"},
        {"review": cast.review.reference},
        {"sort": "due", "page": "1"},
    ]
    for kind in ("manager", "chair", "member", "reviewer", "outsider"):
        user = getattr(cast, kind)
        client = as_user(user)
        for query in queries:
            response = client.get(URL, query)
            # (An agency of a board the reader cannot see is an error: nothing listed.)
            assert response.status_code in (200, 400), (kind, query)
            listed = response.content.decode().count('class="govuk-table__row"') - 1
            assert _shown(response) == max(listed, 0), (kind, query)
    assert _shown(as_user(cast.chair).get(URL)) == 3 * len(S.values) + 1  # both boards
    assert _shown(as_user(cast.manager).get(URL, {"status": S.AGREED})) == 3
    # Open and due three days ago: six of the fifteen actions of the board.
    assert _shown(as_user(cast.manager).get(URL, {"overdue": "on"})) == 6
