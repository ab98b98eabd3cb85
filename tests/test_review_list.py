import re
from datetime import date, timedelta

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership
from reviews.models import AgencyContribution, Review, ReviewRole
from reviews.views.review import ReviewFilter, _stored_count
from scrqm.forms import PlainSelect
from tests.factories import MembershipFactory, ReviewFactory, ReviewRoleFactory, UserFactory


def _many(cast, n, *, all_overdue=False, stage="running"):
    """n reviews (running unless told), half of them (or all) with an overdue contribution."""
    today = date.today()
    start = ReviewRole.objects.count()
    made = []
    for i in range(n):
        review = ReviewFactory(
            board=cast.board,
            reference=f"LIST-{start + i}",
            referral_on=today - timedelta(days=40),
            decision_on=today - timedelta(days=30),
            stage=stage,
        )
        made.append(review)
        ReviewRoleFactory(review=review, user=cast.reviewer_off, role="lead_reviewer")
        AgencyContribution.objects.create(
            review=review,
            agency=cast.agency,
            asked_for=["records"],
            requested_on=today - timedelta(days=30),
            due_on=today - timedelta(days=5 if all_overdue or i % 2 else -30),
        )
    return made


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_it_takes_the_same_number_of_queries_however_many_reviews(cast, client):
    client.force_login(cast.manager)
    _many(cast, 3)
    few = _count(client, "/reviews/")
    _many(cast, 12)
    assert _count(client, "/reviews/") == few
    assert _count(client, "/") == _count(client, "/")


def _rows(client, url):
    html = client.get(url).content.decode()
    return html, html.count('class="govuk-table__row"') - 1  # less the header row


def test_it_paginates_50_reviews_at_a_time_newest_first(cast, client):
    client.force_login(cast.manager)
    made = [f">{r.reference}<" for r in _many(cast, 55)]
    html, rows = _rows(client, "/reviews/?stage=running")
    assert rows == 50
    assert made[54] in html and made[4] not in html
    assert 'rel="next"' in html and "Page 2 of 2" in html
    assert "stage=running&amp;page=2" in html
    html, rows = _rows(client, "/reviews/?stage=running&page=2")
    assert rows == 5
    assert made[4] in html and made[0] in html and made[54] not in html
    assert 'rel="prev"' in html and 'rel="next"' not in html


def test_it_pages_the_overdue_filter_in_a_fixed_number_of_queries(cast, client):
    client.force_login(cast.manager)
    _many(cast, 2, all_overdue=True)
    _many(cast, 1, all_overdue=True, stage="closed")  # closed reviews are never overdue
    counts = {v: _count(client, f"/reviews/?overdue={v}") for v in ("yes", "no")}
    oldest = _many(cast, 60, all_overdue=True)[0]
    _many(cast, 3, all_overdue=True, stage="closed")
    pages = {"yes": 2, "no": 1}  # 62 reviews overdue, 5 not
    assert {v: _count(client, f"/reviews/?overdue={v}&page={pages[v]}") for v in counts} == counts
    html, rows = _rows(client, "/reviews/?overdue=yes")
    assert rows == 50 and html.count("Overdue</strong>") == 50
    assert "overdue=yes&amp;page=2" in html
    html, rows = _rows(client, "/reviews/?overdue=yes&page=2")
    assert rows == 12 and html.count("Overdue</strong>") == 12
    assert f">{oldest.reference}<" in html
    html, rows = _rows(client, "/reviews/?overdue=no")
    assert rows == 1 + 4  # Child R and the closed reviews
    assert "SCR-2026-001" in html and "Overdue</strong>" not in html
    assert 'rel="next"' not in html


def test_the_overdue_filters_count_read_from_the_deadlines_is_the_reviews_count(cast):
    today = date.today()
    first, *_ = _many(cast, 3, all_overdue=True)
    _many(cast, 2, all_overdue=True, stage="closed")  # never overdue
    elsewhere = ReviewFactory(board=cast.other_board, reference="SOUTH-9", stage="running")
    for review, due in [(first, 9), (elsewhere, 5)]:  # a second overdue milestone; another board
        AgencyContribution.objects.create(
            review=review,
            agency=cast.agency,
            asked_for=["records"],
            requested_on=today - timedelta(days=30),
            due_on=today - timedelta(days=due),
        )
    visible = Review.objects.visible_to(cast.manager)
    filterset = ReviewFilter({"overdue": "yes"}, queryset=visible, user=cast.manager)
    assert filterset.is_valid()
    stored = _stored_count(cast.manager, filterset)
    assert stored == filterset.qs.count() >= 3
    assert filterset.qs.filter(pk=elsewhere.pk).count() == 0


def test_it_lists_with_at_most_a_fixed_number_of_queries(
    cast, client, django_assert_max_num_queries
):
    _many(cast, 10)
    client.force_login(cast.manager)
    with django_assert_max_num_queries(10):
        client.get("/reviews/?stage=running&overdue=yes")
    with django_assert_max_num_queries(18):
        client.get("/")


def test_it_filters_by_stage_kind_lead_reviewer_and_overdue(cast, client):
    _many(cast, 4)
    client.force_login(cast.manager)
    html = client.get("/reviews/?stage=referral").content.decode()
    assert "SCR-2026-001" in html and html.count("govuk-table__row") == 2  # header + Child R
    html = client.get(f"/reviews/?lead_reviewer={cast.reviewer.pk}").content.decode()
    assert "Child R" in html
    html = client.get(f"/reviews/?lead_reviewer={cast.reviewer_off.pk}").content.decode()
    assert "SCR-2026-001" not in html
    overdue = client.get("/reviews/?overdue=yes").content.decode()
    assert overdue.count("Overdue</strong>") == 2
    assert "SCR-2026-001" not in overdue
    assert "SCR-2026-001" in client.get("/reviews/?overdue=no").content.decode()
    assert "No reviews to show" in client.get("/reviews/?kind=rapid").content.decode()


def test_it_shows_lead_reviewers_only_their_reviews(cast, client):
    _many(cast, 2)
    client.force_login(cast.reviewer)
    html = client.get("/reviews/").content.decode()
    assert "SCR-2026-001" in html
    assert html.count("/reviews/") - html.count('href="/reviews/"') >= 1
    client.force_login(cast.outsider)
    assert "SCR-2026-001" not in client.get("/reviews/").content.decode()


def test_it_shows_panel_members_the_reviews_they_are_on(cast, client):
    panel = UserFactory(username="panel")
    MembershipFactory(user=panel, board=cast.board, role=Membership.Role.LEAD_REVIEWER)
    client.force_login(panel)
    assert "SCR-2026-001" not in client.get("/reviews/").content.decode()
    ReviewRole.objects.create(review=cast.review, user=panel, role="panel_member")
    assert "SCR-2026-001" in client.get("/reviews/").content.decode()


def test_it_lists_overdue_contributions_on_the_board_managers_home(cast, client):
    on_time, late = _many(cast, 2)
    client.force_login(cast.manager)
    html = client.get("/").content.decode()
    chase = html[html.index("Agency contributions to chase") :]
    chase = chase[: chase.index("govuk-summary-card__title-wrapper")]
    assert late.reference in chase and on_time.reference not in chase
    assert "Open a review from a referral" in client.get("/reviews/").content.decode()
    client.force_login(cast.member)
    assert "Open a review from a referral" not in client.get("/reviews/").content.decode()


def _options(html, name):
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)


def test_the_lead_reviewer_filter_lists_who_leads_a_review_the_user_can_see(cast, client):
    _many(cast, 2)  # led by reviewer_off
    panel = UserFactory(username="panel", first_name="Pat", last_name="Panel")
    MembershipFactory(user=panel, board=cast.board, role=Membership.Role.LEAD_REVIEWER)
    ReviewRole.objects.create(review=cast.review, user=panel, role="panel_member")
    elsewhere = ReviewFactory(board=cast.other_board, reference="SOUTH-1")
    ReviewRoleFactory(review=elsewhere, user=cast.outsider, role="lead_reviewer")

    client.force_login(cast.manager)
    html = client.get(f"/reviews/?lead_reviewer={cast.reviewer_off.pk}").content.decode()
    leads = sorted([cast.reviewer, cast.reviewer_off], key=lambda u: (u.first_name, u.last_name))
    assert [(v, s) for v, s, _ in _options(html, "lead_reviewer")] == [("", "")] + [
        (str(u.pk), " selected" if u == cast.reviewer_off else "") for u in leads
    ]
    # Someone who sees only the reviews they are on: only the leads of those.
    client.force_login(panel)
    html = client.get("/reviews/").content.decode()
    assert [v for v, _, _ in _options(html, "lead_reviewer")] == ["", str(cast.reviewer.pk)]
    # A lead of none of them is refused, as any value not offered.
    response = client.get(f"/reviews/?lead_reviewer={cast.reviewer_off.pk}")
    assert response.status_code == 400 and "SCR-2026-001" not in response.content.decode()


def test_each_filter_offers_its_empty_choice_once(cast, client):
    client.force_login(cast.manager)
    html = client.get("/reviews/?stage=running").content.decode()
    assert _options(html, "stage")[:2] == [("", "", "Any stage"), ("referral", "", "Referral")]
    assert _options(html, "kind")[0] == ("", " selected", "Any kind")
    assert [label for _, _, label in _options(html, "kind")].count("Any kind") == 1
    assert [label for _, _, label in _options(html, "overdue")] == ["Any", "Overdue", "Not overdue"]
    assert [label for _, _, label in _options(html, "sort")][0] == "Newest first"


def test_someone_seeing_one_board_whole_and_another_through_a_role_sees_both(cast, client):
    MembershipFactory(user=cast.chair, board=cast.other_board, role=Membership.Role.LEAD_REVIEWER)
    theirs = ReviewFactory(board=cast.other_board, reference="SOUTH-1", title="Child S")
    ReviewFactory(board=cast.other_board, reference="SOUTH-2", title="Child T")
    ReviewRoleFactory(review=theirs, user=cast.chair, role="lead_reviewer")
    client.force_login(cast.chair)
    html = client.get("/reviews/").content.decode()
    assert "SCR-2026-001" in html and "SOUTH-1" in html and "SOUTH-2" not in html


def test_the_filters_selects_are_written_as_djangos_select_writes_them():
    choices = [("", "Anyone"), (3, "Ann <Lead> & co"), ("x", "Ex"), ("x", "Ex again")]
    for value in (None, "", 3, "x", "nothing"):
        ours = PlainSelect(choices=choices).render("who", value, {"id": "id_who"})
        django = forms.Select(choices=choices).render("who", value, {"id": "id_who"})
        assert _options(ours, "who") == _options(django, "who")
        assert ours.startswith("<select") and 'id="id_who"' in ours
    assert "Ann &lt;Lead&gt; &amp; co" in ours


def _cells(html, reference):
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{reference}(?:(?!</tr>).)*</tr>", html, re.S)
    return [
        re.sub(r"<[^>]+>|\s+", " ", c).split() for c in re.findall(r"<td.*?</td>", row[0], re.S)
    ]


def test_a_page_runs_as_many_queries_whether_or_not_a_row_waits_on_an_agency(cast, client):
    """The agency a contribution is asked of is read with the deadlines: a page whose rows'
    next milestones include a contribution runs no query more than one whose rows do not."""
    (review,) = _many(cast, 2, all_overdue=True)[1:]
    client.force_login(cast.manager)
    client.get("/reviews/")
    with_agency = _count(client, "/reviews/")
    words = " ".join(sum(_cells(client.get("/reviews/").content.decode(), review.reference), []))
    assert f"Contribution from {cast.agency.name}" in words
    for contribution in AgencyContribution.objects.all():
        contribution.withdraw(reason="Asked by mistake")
    html = client.get("/reviews/").content.decode()
    assert "Contribution from" not in html
    assert _count(client, "/reviews/") == with_agency


def test_each_row_says_its_next_milestone_as_the_review_page_works_it_out(cast, client):
    from django.utils.formats import date_format

    from reviews import timescales
    from reviews.views.review import annotate_milestones, with_timescales

    due_soon, late = _many(cast, 2)  # the second's contribution is 5 days late
    closed = ReviewFactory(board=cast.board, reference="LIST-CLOSED", stage="closed")
    closed.referral_on = date.today() - timedelta(days=400)
    closed.save()
    client.force_login(cast.manager)
    html = client.get("/reviews/").content.decode()
    today = date.today()
    for review in (due_soon, late, closed):
        (computed,) = annotate_milestones(
            with_timescales(type(review).objects.filter(pk=review.pk)), today
        )
        nxt = timescales.next_milestone(computed.milestones)
        words = " ".join(sum(_cells(html, review.reference)[5:], []))
        assert words.startswith(f"{nxt.label}, due {date_format(nxt.due_on)}".replace("  ", " "))
        assert ("Overdue" in words) == computed.is_overdue
    assert "Contribution from" in " ".join(sum(_cells(html, late.reference), []))
    assert "Overdue" in " ".join(sum(_cells(html, late.reference), []))
    # A closed review is never overdue, and its days are not counted.
    assert "Overdue" not in " ".join(sum(_cells(html, "LIST-CLOSED"), []))
    assert _cells(html, "LIST-CLOSED")[3] == ["None", "yet"]
    assert _cells(html, late.reference)[3] == str(cast.reviewer_off).split()


def test_each_row_writes_what_it_shows_escaped(cast, client):
    review = ReviewFactory(board=cast.board, reference="LIST-<1>", title='Child "Q" & <b>R</b>')
    ReviewRoleFactory(review=review, user=cast.reviewer_off, role="lead_reviewer")
    cast.reviewer_off.first_name = "Ann <Lead>"
    cast.reviewer_off.save()
    stopped = ReviewFactory(board=cast.board, reference="LIST-STOP", stage="not_proceeding")
    client.force_login(cast.manager)
    html = client.get("/reviews/").content.decode()
    assert (
        f'<a class="govuk-link" href="/reviews/{review.pk}/"><span class="app-nowrap">'
        "LIST-&lt;1&gt;</span> Child &quot;Q&quot; &amp; &lt;b&gt;R&lt;/b&gt;</a>"
    ) in html
    assert "<b>R</b>" not in html and "Ann &lt;Lead&gt;" in html
    assert _cells(html, stopped.reference)[2:5] == [
        ["Not", "proceeding"],
        ["None", "yet"],
        ["Not", "counted:", "the", "review", "is", "not", "proceeding", "–"],
    ]


@pytest.mark.postgres
def test_the_search_can_read_the_trigram_indexes(cast):
    from reviews.models import Review
    from reviews.views.review import ReviewFilter

    found = ReviewFilter({"q": "Child A"}, queryset=Review.objects.all(), user=cast.manager).qs
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the few rows of a test would be read
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "review_reference_trgm" in plan and "review_title_trgm" in plan
