"""The actions tracker across reviews: filters, a fixed number of queries, exports."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Membership
from reviews.models import Action, RestrictedTerm, Review
from tests.factories import MembershipFactory, ReviewFactory, UserFactory
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db
URL = reverse("reviews:actions")


def _many(cast, n_reviews=3, per_review=10):
    owner = UserFactory(username="owner")
    MembershipFactory(user=owner, board=cast.board, agency=cast.agency)
    past = timezone.localdate() - timedelta(days=5)
    for r in range(n_reviews):
        review = cast.review if r == 0 else _review(cast.board)
        finding = FindingFactory(review=review, number=1)
        for i in range(per_review):
            ActionFactory(
                finding=finding,
                number=i + 1,
                lead_agency=cast.agency if i % 2 else cast.other_agency,
                owner=owner if i % 2 else None,
                target_date=past if i % 3 == 0 else date(2030, 1, 1),
                status=Action.Status.COMPLETED if i == 9 else Action.Status.IN_PROGRESS,
                evidence_received="Done" if i == 9 else "",
            )
    return owner


def _count(response):
    rows = response.content.decode().count('class="govuk-table__row"')
    return max(rows - 1, 0)  # less the header row


_n = iter(range(1000, 100000))


def _review(board):
    # A title of its own: the factory's ("Child A" to "Child Z", in turn) may be the cast's.
    n = next(_n)
    return ReviewFactory(board=board, reference=f"T-{n}", title=f"Child T{n}")


def test_it_runs_a_fixed_number_of_queries_whatever_the_number_of_actions(
    cast, as_user, django_assert_num_queries
):
    _many(cast, n_reviews=1, per_review=4)  # one of them matches the filters
    client = as_user(cast.manager)
    filters = {"overdue": "on", "lead_agency": cast.agency.pk, "status": "in_progress"}
    client.get(URL)
    with CaptureQueriesContext(connection) as plain:
        assert _count(client.get(URL)) == 4
    with CaptureQueriesContext(connection) as filtered:
        client.get(URL, filters)
    with CaptureQueriesContext(connection) as export:
        client.get(reverse("reviews:actions_xlsx")).getvalue()  # streamed: queries as it is read
    for _ in range(20):
        finding = FindingFactory(review=_review(cast.board), number=1)
        for i in range(25):
            ActionFactory(
                finding=finding,
                number=i + 1,
                lead_agency=cast.agency,
                owner=UserFactory() if i == 0 else None,
                target_date=date(2020, 1, 1),
                status=Action.Status.IN_PROGRESS,
            )
    with django_assert_num_queries(len(plain.captured_queries)):
        page = client.get(URL)
    assert _count(page) == 100
    assert "504 actions, showing 1 to 100" in page.content.decode()
    with django_assert_num_queries(len(plain.captured_queries)):
        assert _count(client.get(URL, {"page": 6})) == 4
    with django_assert_num_queries(len(filtered.captured_queries)):
        assert _count(client.get(URL, filters)) == 100
    with django_assert_num_queries(len(filtered.captured_queries)):
        assert _count(client.get(URL, {**filters, "sort": "due", "page": 5})) == 100
    with django_assert_num_queries(len(export.captured_queries)):
        content = client.get(reverse("reviews:actions_xlsx")).getvalue()
    assert load_workbook(io.BytesIO(content)).active.max_row == 1 + 504
    print(
        f"tracker queries: {len(plain.captured_queries)} plain, "
        f"{len(filtered.captured_queries)} filtered, {len(export.captured_queries)} export"
    )


def _refs(response):
    """The action references in the tracker's table, in order ("1.2 of T-1001")."""
    return re.findall(
        r'">(\d+\.\d+)<span class="govuk-visually-hidden"> of ([^<]+)</span>',
        response.content.decode(),
    )


def test_it_pages_100_actions_keeping_the_filters_and_sort_in_the_links(cast, as_user):
    finding = FindingFactory(review=cast.review, number=1)
    today = timezone.localdate()
    for i in range(150):
        ActionFactory(
            finding=finding,
            number=i + 1,
            lead_agency=cast.agency,
            target_date=today + timedelta(days=150 - i),  # the last made is due first
            status=Action.Status.IN_PROGRESS,
        )
    client = as_user(cast.manager)
    query = {"lead_agency": cast.agency.pk, "sort": "due"}
    first = client.get(URL, query)
    body = first.content.decode()
    assert _count(first) == 100 and "150 actions, showing 1 to 100" in body
    assert f"lead_agency={cast.agency.pk}&amp;sort=due&amp;page=2" in body
    assert _refs(first)[0] == ("1.150", cast.review.reference)
    assert _refs(first)[-1] == ("1.51", cast.review.reference)
    second = client.get(URL, {**query, "page": 2})
    assert _count(second) == 50
    csv_link = re.search(r'href="([^"]*export\.csv[^"]*)"', second.content.decode())[1]
    assert "sort=due" in csv_link and "page" not in csv_link  # the exports have every page
    assert _refs(second)[0] == ("1.50", cast.review.reference)
    assert _refs(second)[-1] == ("1.1", cast.review.reference)
    by_review = client.get(URL, {"lead_agency": cast.agency.pk})
    assert _refs(by_review)[:2] == [("1.1", cast.review.reference), ("1.2", cast.review.reference)]
    export = client.get(reverse("reviews:actions_csv"), query)
    assert len(list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))) == 1 + 150


def test_it_sorts_every_action_by_review_due_date_lead_agency_or_status(cast, as_user):
    today = timezone.localdate()
    late = _review(cast.board)  # T-…, after SCR-… by reference
    a = ActionFactory(
        finding__review=late,
        lead_agency=cast.agency,
        target_date=today + timedelta(days=1),
        status=Action.Status.PROPOSED,
    )
    b = ActionFactory(
        finding__review=cast.review,
        lead_agency=cast.other_agency,
        target_date=today + timedelta(days=30),
        revised_date=today + timedelta(days=60),
        status=Action.Status.COMPLETED,
    )
    c = ActionFactory(
        finding=b.finding,
        number=b.number + 1,
        lead_agency=cast.agency,
        target_date=today + timedelta(days=40),
        status=Action.Status.AGREED,
    )
    client = as_user(cast.manager)

    def order(sort):
        response = client.get(URL, {"sort": sort} if sort else {})
        return [(ref, review) for ref, review in _refs(response)]

    refs = {x.pk: (x.reference, x.review.reference) for x in (a, b, c)}
    assert order(None) == order("review") == [refs[b.pk], refs[c.pk], refs[a.pk]]
    assert order("due") == [refs[a.pk], refs[c.pk], refs[b.pk]]  # b was revised to day 60
    assert order("lead_agency") == [refs[b.pk], refs[a.pk], refs[c.pk]]  # Health, Police
    assert order("status") == [refs[a.pk], refs[c.pk], refs[b.pk]]  # proposed, agreed, done
    body = client.get(URL, {"sort": "due"}).content.decode()
    assert '<option value="due" selected>Due date</option>' in body
    assert 'aria-sort="ascending">Due</th>' in body
    nonsense = client.get(URL, {"sort": "nonsense"})  # an error message, no action listed
    assert nonsense.status_code == 400 and "Select a valid choice" in nonsense.content.decode()


def test_it_shows_only_actions_of_reviews_the_user_can_see(cast, as_user):
    ActionFactory(finding__review=cast.review, lead_agency=cast.agency)
    other_review = _review(cast.other_board)
    ActionFactory(finding__review=other_review, text="Secret other board action")
    assert _count(as_user(cast.manager).get(URL)) == 1
    assert _count(as_user(cast.reviewer).get(URL)) == 1
    assert _count(as_user(cast.reviewer_off).get(URL)) == 0
    page = as_user(cast.outsider).get(URL).content.decode()
    assert "Secret other board action" in page
    assert "Deliver multi-agency training" not in page
    assert _count(as_user(cast.admin).get(URL)) == 0


def test_the_actions_a_user_sees_are_those_of_the_reviews_they_see(cast):
    """Action.objects.visible_to (by board for those who see whole boards) is the actions
    of Review.objects.visible_to, for every kind of user, on a board of several reviews and
    roles."""
    ActionFactory(finding__review=cast.review, lead_agency=cast.agency)
    ActionFactory(finding__review=_review(cast.board), lead_agency=cast.other_agency)
    ActionFactory(finding__review=_review(cast.other_board), text="Other board")
    MembershipFactory(user=cast.reviewer, board=cast.other_board, role=Membership.Role.CHAIR)
    for kind, user in cast.kinds().items():
        user = user or AnonymousUser()
        expected = Action.objects.filter(review__in=Review.objects.visible_to(user))
        assert set(Action.objects.visible_to(user)) == set(expected), kind
    assert Action.objects.visible_to(cast.reviewer).count() == 2  # their review, a board


def test_it_filters_by_agency_owner_status_overdue_and_review(cast, as_user):
    owner = _many(cast)
    client = as_user(cast.manager)
    assert _count(client.get(URL)) == 30
    assert _count(client.get(URL, {"lead_agency": cast.agency.pk})) == 15
    assert _count(client.get(URL, {"owner": owner.pk})) == 15
    assert _count(client.get(URL, {"status": "completed"})) == 3
    assert _count(client.get(URL, {"overdue": "on"})) == 9  # i = 0, 3, 6 (9 is completed)
    assert _count(client.get(URL, {"review": cast.review.reference})) == 10
    assert _count(client.get(URL, {"review": f" {cast.review.reference[2:-1].lower()} "})) == 10
    assert _count(client.get(URL, {"review": cast.review.title})) == 10


def test_its_review_filter_is_a_search_box_not_a_list_of_every_review(cast, as_user):
    for _ in range(30):
        ActionFactory(finding__review=_review(cast.board), lead_agency=cast.agency)
    page = as_user(cast.manager).get(URL).content.decode()
    assert 'name="review"' in page and 'type="text"' in page
    assert '<select name="review"' not in page and "T-" not in page.split("<table")[0]


def test_it_ignores_filters_pointing_outside_what_the_user_sees(cast, as_user):
    ActionFactory(finding__review=cast.review, lead_agency=cast.agency)
    other = _review(cast.other_board)
    response = as_user(cast.manager).get(URL, {"review": other.reference})
    assert response.status_code == 200
    assert _count(response) == 0 and "No actions match" in response.content.decode()
    export = as_user(cast.manager).get(reverse("reviews:actions_csv"), {"review": other.reference})
    assert other.reference.encode() not in export.getvalue()


def test_it_offers_update_links_to_the_lead_agencys_member_only(cast, as_user):
    mine = ActionFactory(finding__review=cast.review, lead_agency=cast.agency)
    theirs = ActionFactory(finding=mine.finding, number=99, lead_agency=cast.other_agency)
    page = as_user(cast.member).get(URL).content.decode()
    assert reverse("reviews:action_progress", args=[cast.review.pk, mine.pk]) in page
    assert reverse("reviews:action_progress", args=[cast.review.pk, theirs.pk]) not in page


def test_it_is_a_sortable_table(cast, as_user):
    ActionFactory(finding__review=cast.review, lead_agency=cast.agency)
    page = as_user(cast.manager).get(URL).content.decode()
    assert 'data-module="moj-sortable-table"' in page
    assert 'aria-sort="none"' in page


def test_it_exports_the_filtered_actions_as_csv(cast, as_user):
    _many(cast)
    RestrictedTerm.objects.create(review=cast.review, term="Jayden Smith")
    ActionFactory(finding__review=cast.review, lead_agency=cast.agency, text='=HYPERLINK("x")')
    client = as_user(cast.manager)
    response = client.get(reverse("reviews:actions_csv"), {"lead_agency": cast.agency.pk})
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    body = response.getvalue()
    text = body.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Board", "Review", "Review title", "Action"]
    assert len(rows) == 1 + 16
    assert "Jayden" not in text
    assert any(r[5] == '\'=HYPERLINK("x")' for r in rows)


def test_it_exports_the_filtered_actions_as_excel(cast, as_user):
    _many(cast)
    response = as_user(cast.manager).get(reverse("reviews:actions_xlsx"), {"status": "completed"})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Board"
    assert len(rows) == 1 + 3
    assert all(r[13] == "Completed" for r in rows[1:])


def test_it_exports_nothing_of_other_boards(cast, as_user):
    ActionFactory(finding__review=_review(cast.other_board))
    response = as_user(cast.manager).get(reverse("reviews:actions_xlsx"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet.max_row == 1


def test_it_shows_overdue_actions_on_board_managers_home_page(
    cast, as_user, django_assert_max_num_queries
):
    _many(cast)
    client = as_user(cast.manager)
    client.get("/")
    # As the home page's own test: its panels, and two for "Access to check".
    with django_assert_max_num_queries(20):
        page = client.get("/").content.decode()
    assert "Overdue actions" in page
    assert "All 9 overdue actions" in page
    assert "Overdue actions" not in as_user(cast.member).get("/").content.decode()
    assert "Overdue actions" in as_user(cast.outsider).get("/").content.decode()
    assert "No actions are overdue" in as_user(cast.outsider).get("/").content.decode()


def test_member_role_constant_is_board_member():
    assert Membership.Role.BOARD_MEMBER == "board_member"


def test_overdue_and_due_by_agree_with_each_actions_own_dates(cast):
    """The filters read the due date from one expression (indexed); they must say what
    Action.is_overdue says, whether the date was revised or not, for every status."""
    today = timezone.localdate()
    finding = FindingFactory(review=cast.review, number=1)
    n = iter(range(1, 1000))
    for status in Action.Status.values:
        for target, revised in [
            (today - timedelta(days=3), None),
            (today + timedelta(days=3), None),
            (today - timedelta(days=3), today + timedelta(days=3)),
            (today + timedelta(days=3), today - timedelta(days=1)),
            (today, None),
        ]:
            ActionFactory(
                finding=finding,
                number=next(n),
                lead_agency=cast.agency,
                status=status,
                target_date=target,
                revised_date=revised,
                rating_reason="Moved" if revised else "",
                evidence_received="Done",
            )
    actions = Action.objects.all()
    assert {a.pk for a in actions.overdue()} == {a.pk for a in actions if a.is_overdue(today)}
    assert {a.pk for a in actions.open()} == {a.pk for a in actions if a.is_open}
    due_by = {a.pk for a in actions if a.is_open and a.due_date <= today}
    assert {a.pk for a in actions.due_by(today)} == due_by
    assert len(due_by) == 9 and len(set(actions.overdue().values_list("pk"))) == 6


def test_its_owner_choices_are_the_owners_of_actions_the_user_can_see(cast, as_user):
    owner = _many(cast, n_reviews=1, per_review=2)
    idle = UserFactory(username="idle", first_name="Idle")
    MembershipFactory(user=idle, board=cast.board, agency=cast.agency)
    elsewhere = UserFactory(username="elsewhere", first_name="Elsewhere")
    ActionFactory(finding__review=_review(cast.other_board), owner=elsewhere)
    # A member of this board whose only action is in a review of another board.
    both = UserFactory(username="both", first_name="Both")
    MembershipFactory(user=both, board=cast.board, agency=cast.agency)
    ActionFactory(finding__review=_review(cast.other_board), owner=both)
    page = as_user(cast.manager).get(URL).content.decode()
    choices = page.split('name="owner"')[1].split("</select>")[0]
    assert f'value="{owner.pk}"' in choices
    assert f'value="{idle.pk}"' not in choices and f'value="{elsewhere.pk}"' not in choices
    assert f'value="{both.pk}"' not in choices


def test_each_row_shows_the_review_the_action_its_owner_due_date_and_status(cast, as_user):
    owner = UserFactory(username="owner", first_name="Olive", last_name="Owner")
    MembershipFactory(user=owner, board=cast.board, agency=cast.agency)
    finding = FindingFactory(review=cast.review, number=2)
    late = ActionFactory(
        finding=finding,
        number=3,
        lead_agency=cast.agency,
        owner=owner,
        text="Train every duty social worker " + "in the new referral form " * 5,
        target_date=date(2020, 3, 4),
        status=Action.Status.IN_PROGRESS,
    )
    ActionFactory(
        finding=finding,
        number=4,
        lead_agency=cast.agency,
        target_date=date(2031, 1, 2),
        status=Action.Status.PROPOSED,
    )
    client = as_user(cast.member)
    page = client.get(URL, {"sort": "due"}).content.decode()
    rows = page.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    first, second = rows.split("</tr>")[:2]
    assert cast.review.reference in first and cast.review.title in first
    assert (
        f'href="{late.get_absolute_url()}">2.3<' in first and 'data-sort-value="0002.0003"' in first
    )
    words = "Train every duty social worker" + " in the new referral form" * 3 + " …<br>"
    assert words in first  # 20 words
    assert "Olive Owner" in first and cast.agency.name in first
    assert 'data-sort-value="2020-03-04">4 March 2020<' in first
    assert (
        'data-sort-value="0in_progress"' in first
        and "govuk-tag--red" in first
        and ">Overdue<" in first
    )
    progress = reverse("reviews:action_progress", args=[cast.review.pk, late.pk])
    assert f'href="{progress}?next=%2Freviews%2Factions%2F%3Fsort%3Ddue"' in first
    assert (
        "Overdue" not in second
        and ">Proposed<" in second
        and 'data-sort-value="1proposed"' in second
    )


def test_its_selects_list_the_choices_with_the_one_chosen_selected(cast, as_user):
    owner = _many(cast, n_reviews=1, per_review=2)
    page = as_user(cast.manager).get(URL, {"owner": owner.pk, "sort": "due"}).content.decode()
    assert f'<option value="{owner.pk}" selected>{owner}</option>' in page
    assert '<option value="due" selected>Due date</option>' in page
    assert f'<option value="{cast.agency.pk}">{cast.agency.name}</option>' in page
    assert '<option value="" selected>Any</option>' in page  # lead agency and status


def test_every_value_a_row_shows_is_escaped(cast, as_user):
    """The rows are written by the view, not a template: no value may reach the page as markup."""
    hostile = '<script>alert("x")</script>&'
    owner = UserFactory(username="owner2", first_name=hostile, last_name="Owner")
    MembershipFactory(user=owner, board=cast.board, agency=cast.agency)
    cast.review.title = "Child " + hostile
    cast.review.save()
    cast.agency.name = "Agency " + hostile
    cast.agency.save()
    finding = FindingFactory(review=cast.review, number=1)
    ActionFactory(
        finding=finding,
        number=1,
        lead_agency=cast.agency,
        owner=owner,
        text="Do " + hostile,
        status=Action.Status.IN_PROGRESS,
    )
    page = as_user(cast.manager).get(URL).content.decode()
    rows = page.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    assert "<script>" not in rows and '"x"' not in rows
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"
    assert rows.count(escaped) == 4  # title, text, agency, owner


def test_an_action_of_a_review_moved_to_another_board_shows_its_lead_agency(cast, as_user):
    """Its agency, of the board the review left, is not among the reader's agency choices:
    the row still names it (read apart from the choices)."""
    review = _review(cast.board)
    ActionFactory(
        finding__review=review,
        lead_agency=cast.agency,
        text="Audit the moved review",
        status=Action.Status.IN_PROGRESS,
    )
    review.board = cast.other_board
    review.save()
    reader = UserFactory()
    MembershipFactory(user=reader, board=cast.other_board, role=Membership.Role.BOARD_MANAGER)
    page = as_user(reader).get(URL).content.decode()
    choices = page.split('name="lead_agency"')[1].split("</select>")[0]
    rows = page.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    assert f'value="{cast.agency.pk}"' not in choices
    assert "Audit the moved review" in rows and f">{cast.agency.name}" in rows


def test_each_action_keeps_its_reviews_board_however_it_is_written_or_the_review_moved(
    cast, as_user
):
    """Action.board, the copy of the review's board the "Due date" sort reads by: set by a
    save and by bulk_create (with the review loaded or not), moved by a save of the review
    and by Review.objects.update."""
    review = _review(cast.board)
    finding = FindingFactory(review=review, number=1)
    ActionFactory(finding=finding, number=1, text="Saved one", target_date=date(2031, 1, 1))
    fields = {"lead_agency": cast.agency, "target_date": date(2031, 2, 1), "text": "Bulk one"}
    Action.objects.bulk_create([Action(review=review, finding=finding, number=2, **fields)])
    fields["text"] = "Bulk without review"
    Action.objects.bulk_create([Action(review_id=review.pk, finding=finding, number=3, **fields)])

    def boards():
        return set(Action.objects.filter(review=review).values_list("board_id", flat=True))

    def due_sorted(user):
        return as_user(user).get(URL, {"sort": "due"}).content.decode()

    assert boards() == {cast.board.pk}
    assert "Bulk without review" in due_sorted(cast.manager)
    review.board = cast.other_board
    review.save()
    assert boards() == {cast.other_board.pk}
    reader = UserFactory()
    MembershipFactory(user=reader, board=cast.other_board, role=Membership.Role.BOARD_MANAGER)
    page = due_sorted(reader)
    assert "Saved one" in page and "Bulk one" in page and "Bulk without review" in page
    assert "Saved one" not in due_sorted(cast.manager)
    Review.objects.filter(pk=review.pk).update(board=cast.board)
    assert boards() == {cast.board.pk}
    assert "Saved one" not in due_sorted(reader) and "Saved one" in due_sorted(cast.manager)
