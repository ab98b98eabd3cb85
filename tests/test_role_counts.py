"""The stored counts of review roles (``RoleCount``, ``TeamLeadCount``, ``OnReviewCount``)
cannot drift from a count of the roles:
after every way a role's review, person or role, or a review's board, changes (the people
page, the services, model saves and deletes, a review's deletion, bulk writes, imports, the
migration), the stored figures equal a recount, and the reviews list's lead reviewer filter,
read from them, offers the people and the list counts the reviews it lists, for every kind
of reader."""

import io
import re
from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from reviews import archive, role_counts
from reviews.models import OnReviewCount, Review, ReviewRole, RoleCount, TeamLeadCount
from reviews.services.review import review_convert, review_create_from_referral
from tests.factories import MembershipFactory, ReviewFactory, ReviewRoleFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("reviews:list")
LEAD, PANEL = ReviewRole.Role.LEAD_REVIEWER, ReviewRole.Role.PANEL_MEMBER

_n = iter(range(1000, 100000))


def _review(board, **kwargs):
    return ReviewFactory(board=board, reference=f"R-{next(_n)}", **kwargs)


def _stored() -> Counter:
    roles = RoleCount.objects.exclude(n=0).values_list("board_id", "role", "user_id", "n")
    pairs = TeamLeadCount.objects.exclude(n=0).values_list("board_id", "user_id", "lead_id", "n")
    people = OnReviewCount.objects.exclude(n=0).values_list("board_id", "user_id", "n")
    return Counter(
        {(board, role, user): n for board, role, user, n in roles}
        | {(board, user, lead, role_counts.PAIR): n for board, user, lead, n in pairs}
        | {(board, user): n for board, user, n in people}
    )


def _recounted() -> Counter:
    """The figures counted again from the roles, the pairs one review at a time."""
    figures = Counter()
    on = set(ReviewRole.objects.values_list("review__board_id", "review_id", "user_id"))
    for board, _, user in on:
        figures[(board, user)] += 1
    for role in ReviewRole.objects.select_related("review"):
        figures[(role.review.board_id, role.role, role.user_id)] += 1
        for lead in ReviewRole.objects.filter(review_id=role.review_id, role=LEAD):
            figures[(role.review.board_id, role.user_id, lead.user_id, role_counts.PAIR)] += 1
    return figures


def assert_no_drift():
    assert _stored() == _recounted() == +role_counts.counted_whole(ReviewRole.objects.all())
    for model in (RoleCount, TeamLeadCount, OnReviewCount):
        assert not model.objects.filter(n__lt=0).exists()


def _lead(cast):
    lead = UserFactory()
    MembershipFactory(user=lead, board=cast.board, role="lead_reviewer")
    return lead


def test_saves_and_deletes_of_roles(cast):
    assert_no_drift()
    lead = _lead(cast)
    other = _review(cast.board)
    role = ReviewRoleFactory(review=other, user=lead, role=LEAD)
    assert _stored()[(cast.board.pk, LEAD, lead.pk)] == 1
    role.role = PANEL
    role.save()
    assert_no_drift()
    role.review = _review(cast.other_board)
    role.save(update_fields=["review"])
    role.user = cast.reviewer
    role.save()
    assert_no_drift()
    role.delete()
    assert_no_drift()
    ReviewRole.objects.filter(review=cast.review, role=LEAD).delete()
    assert_no_drift()
    assert _stored()[(cast.board.pk, LEAD, cast.reviewer.pk)] == 0


def test_pairs_of_roles_of_one_review(cast):
    """Two leads and a panel member on a review: each of them is on it with both leads; taking
    several of its roles away at once takes each pair away once."""
    lead = _lead(cast)
    review = _review(cast.board)
    for user, role in ((cast.reviewer, LEAD), (lead, LEAD), (lead, PANEL), (cast.chair, PANEL)):
        ReviewRoleFactory(review=review, user=user, role=role)
    assert_no_drift()
    assert _stored()[(cast.board.pk, lead.pk, cast.reviewer.pk, role_counts.PAIR)] == 2
    assert _stored()[(cast.board.pk, lead.pk, lead.pk, role_counts.PAIR)] == 2
    # One of their two roles moves to another review: still on this one, and on that one.
    moved = review.roles.get(user=lead, role=PANEL)
    moved.review = _review(cast.board)
    moved.save()
    assert_no_drift()
    assert _stored()[(cast.board.pk, lead.pk)] == 2
    ReviewRole.objects.filter(pk=moved.pk).update(review=review)
    assert_no_drift()
    ReviewRole.objects.filter(review=review, user=lead, role=PANEL).update(user=cast.reviewer)
    assert_no_drift()
    ReviewRole.objects.filter(pk=moved.pk).update(user=lead)
    review.roles.filter(user=lead, role=LEAD).get().delete()
    assert_no_drift()
    assert _stored()[(cast.board.pk, lead.pk)] == 1
    review.roles.filter(user=lead).delete()
    assert_no_drift()
    ReviewRole.objects.filter(review=review, role=PANEL).update(role=LEAD)
    assert_no_drift()
    assert _stored()[(cast.board.pk, cast.chair.pk, cast.chair.pk, role_counts.PAIR)] == 1
    ReviewRole.objects.filter(review=review).delete()
    assert_no_drift()
    for user, role in ((cast.reviewer, LEAD), (lead, LEAD), (cast.chair, PANEL)):
        ReviewRoleFactory(review=review, user=user, role=role)
    review.delete()
    assert_no_drift()
    other = _review(cast.other_board)
    ReviewRoleFactory(review=other, user=lead, role=LEAD)
    ReviewRoleFactory(review=other, user=cast.reviewer, role=PANEL)
    Review.objects.filter(pk=other.pk).delete()
    assert_no_drift()


def test_the_people_page_and_the_services_keep_them_up_to_date(cast, as_user):
    client = as_user(cast.manager)
    url = reverse("reviews:people", args=[cast.review.pk])
    assert client.post(url, {"user": cast.reviewer_off.pk, "role": LEAD}).status_code == 302
    assert_no_drift()
    assert _stored()[(cast.board.pk, LEAD, cast.reviewer_off.pk)] == 1
    role = ReviewRole.objects.get(review=cast.review, user=cast.reviewer)
    remove = reverse("reviews:role_remove", args=[cast.review.pk, role.pk])
    assert client.post(remove).status_code == 302
    assert_no_drift()
    review = review_create_from_referral(
        board=cast.board,
        by=cast.manager,
        title="Child T",
        kind=Review.Kind.RAPID,
        referral_on=date(2026, 3, 1),
        themes=[],
        referral={"rationale": "Serious harm."},
    )
    ReviewRoleFactory(review=review, user=cast.reviewer, role=LEAD)
    review_convert(review=review, by=cast.manager, kind=Review.Kind.LCSPR)
    assert_no_drift()
    assert _stored()[(cast.board.pk, LEAD, cast.reviewer.pk)] == 2


def test_board_moves_and_deletes_of_reviews_take_their_roles_along(cast):
    reviews = [_review(cast.board) for _ in range(3)]
    for r in reviews:
        ReviewRoleFactory(review=r, user=cast.reviewer, role=LEAD)
        ReviewRoleFactory(review=r, user=cast.reviewer_off, role=PANEL)
    review = reviews[0]
    review.board = cast.other_board
    review.save()
    assert_no_drift()
    review.title = "Child S"
    review.save(update_fields=["title"])
    assert_no_drift()
    Review.objects.filter(pk__in=[r.pk for r in reviews[1:]]).update(board=cast.other_board)
    assert_no_drift()
    Review.objects.filter(pk=reviews[1].pk).update(board_id=cast.board.pk)
    Review.objects.filter(pk=reviews[2].pk).update(title="Unrelated change")
    assert_no_drift()
    assert _stored()[(cast.other_board.pk, LEAD, cast.reviewer.pk)] == 2
    reviews[2].delete()
    assert_no_drift()
    Review.objects.filter(pk=reviews[1].pk).delete()
    assert_no_drift()
    assert _stored()[(cast.other_board.pk, PANEL, cast.reviewer_off.pk)] == 1


def test_bulk_writes(cast):
    reviews = [_review(cast.board) for _ in range(6)]
    made = ReviewRole.objects.bulk_create(
        [ReviewRole(review=r, user=cast.reviewer, role=LEAD) for r in reviews]
    )
    assert_no_drift()
    ReviewRole.objects.filter(review__in=reviews[:2]).update(role=PANEL)
    ReviewRole.objects.filter(review__in=reviews[2:3]).update(user=cast.reviewer_off)
    assert_no_drift()
    for role in made[3:]:
        role.user = cast.reviewer_off
    ReviewRole.objects.bulk_update(made[3:], ["user"], batch_size=2)
    assert_no_drift()
    assert _stored()[(cast.board.pk, LEAD, cast.reviewer_off.pk)] == 4


def test_an_imported_review_counts_at_once(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out, _, _ = archive.export_review(cast.review, by=cast.manager)
    archive.import_review(io.BytesIO(out.read()), board=cast.other_board, by=cast.admin)
    assert_no_drift()
    figures = [(len(k), n) for k, n in _stored().items() if k[0] == cast.other_board.pk]
    # 3 people on it, each in a role, each with the lead
    assert sorted(figures) == [(2, 1)] * 3 + [(3, 1)] * 3 + [(4, 1)] * 3


def test_rebuild_and_the_migration_fill_them_for_existing_roles(cast):
    from importlib import import_module

    from django.apps import apps

    for r in (_review(cast.board), _review(cast.other_board)):
        ReviewRoleFactory(review=r, user=cast.reviewer, role=LEAD)
        ReviewRoleFactory(review=r, user=cast.reviewer, role=PANEL)
    expected = _stored()
    assert sum(n for k, n in expected.items() if len(k) == 3) == 3 + 4
    for model in (RoleCount, TeamLeadCount, OnReviewCount):
        model.objects.all().delete()
    for name in ("0020_role_counts", "0021_team_lead_counts", "0023_on_review_counts"):
        import_module(f"reviews.migrations.{name}").fill(apps, None)
    assert _stored() == expected
    for model in (RoleCount, TeamLeadCount, OnReviewCount):
        model.objects.update(n=99)
    role_counts.rebuild()
    assert _stored() == expected


def _shown(response) -> int:
    """The number of reviews the list's pages count (their number, and a page number's check)."""
    return response.context["page"].paginator.count


def _offered(response) -> list[str]:
    """The lead reviewer filter's options (their names), "Anyone" left out."""
    html = response.content.decode()
    select = re.search(r'<select [^>]*name="lead_reviewer".*?</select>', html, re.S)[0]
    return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select)


def test_the_lead_reviewer_filter_offers_the_leads_and_counts_their_reviews(cast, as_user):
    """Read from the stored counts (counted for other filters), the choices are the people who
    lead a review the reader can see, and the list's count the number of reviews it lists,
    for every reader, filter and board."""
    lead = _lead(cast)
    gone = _lead(cast)
    ReviewRoleFactory(review=cast.review, user=lead, role=PANEL)
    for i in range(5):
        r = _review(cast.board if i < 4 else cast.other_board, stage="running" if i else "referral")
        ReviewRoleFactory(review=r, user=lead if i % 2 else cast.reviewer, role=LEAD)
    # Someone who no longer leads a review is no choice (a figure of 0 stays stored).
    ReviewRoleFactory(review=cast.review, user=gone, role=LEAD).delete()
    MembershipFactory(user=cast.chair, board=cast.other_board, role="chair")
    # Two roles on one review: on it once.
    ReviewRoleFactory(review=_review(cast.board), user=lead, role=PANEL).review.roles.create(
        user=lead, role=LEAD
    )
    readers = ("manager", "chair", "member", "reviewer", "reviewer_off", "outsider")
    for kind, user in [(k, getattr(cast, k)) for k in readers] + [("lead", lead)]:
        client = as_user(user)
        visible = Review.objects.visible_to(user)
        leads = ReviewRole.objects.filter(review__in=visible, role=LEAD)
        expected = sorted({str(r.user) for r in leads.select_related("user")})
        assert sorted(_offered(client.get(URL))) == expected, kind
        for person in (None, cast.reviewer, lead):
            for query in (
                {},
                {"stage": "running"},
                {"sort": "reference"},
                {"board": cast.board.pk},
            ):
                chosen = {"lead_reviewer": person.pk} if person else {}
                response = client.get(URL, chosen | query)
                rows = response.content.decode().count('class="govuk-table__row"')
                listed = max(rows - 1, 0)  # (no table, no header row, when there is none)
                if response.status_code == 400:  # not a choice for this reader: nothing listed
                    assert listed == 0, (kind, person, query)
                    continue
                want = visible.filter(pk__in=leads.filter(user=person or user).values("review"))
                if person is None:
                    want = visible
                if query.get("stage"):
                    want = want.filter(stage=query["stage"])
                if query.get("board") and '<select class="govuk-select" id="id_board"' in (
                    response.content.decode()
                ):
                    want = want.filter(board_id=query["board"])
                assert listed == min(want.count(), 50), (kind, person, query)
                assert _shown(response) == want.count(), (kind, person, query)
    assert _shown(as_user(cast.chair).get(URL, {"lead_reviewer": cast.reviewer.pk})) == 4
    assert _shown(as_user(lead).get(URL)) == 4  # cast.review, 2 they lead, 1 with two roles
