"""Every edit form refuses a save made from a page opened before someone else's save (409),
says who changed what and when with their text, keeps the user's text, and one more Save
replaces the other version knowingly. One mechanism: ``reviews.conflicts``."""

import html

import pytest
from django.test import Client

from accounts.models import Membership
from reviews.models import Review, ReviewRole
from tests.factories import MembershipFactory, ReviewRoleFactory, UserFactory
from tests.formdata import main_form
from tests.full_review import edit_pages, make_records

pytestmark = pytest.mark.django_db


def twin(cast, username: str):
    """A second person with the same role as ``username`` (two board managers, two chairs)."""
    model = getattr(cast, username)
    if Membership.objects.filter(user__username=f"{username}2").exists():
        return Membership.objects.get(user__username=f"{username}2").user
    other = UserFactory(username=f"{username}2", first_name="Sam", last_name="Second")
    ms = Membership.objects.get(user=model, board=cast.board)
    MembershipFactory(user=other, board=cast.board, role=ms.role, agency=ms.agency)
    for role in ReviewRole.objects.filter(user=model):
        ReviewRoleFactory(review=role.review, user=other, role=role.role)
    return other


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def values(page):
    if page.text.endswith("_0"):  # the day box of a date
        return "11", "12"
    return "Their <b>version</b>\nsecond line", "My own version"


@pytest.fixture
def pages(cast):
    return edit_pages(cast, make_records(cast))


def test_every_edit_page_refuses_a_stale_save_and_keeps_the_users_text(cast, pages):
    for page in pages:
        me = signed_in(getattr(cast, page.user))
        other = signed_in(twin(cast, page.user) if page.user != "member" else cast.manager)
        other_name = "Sam Second" if page.user != "member" else str(cast.manager)
        opened = main_form(me.get(page.url).content.decode()).data()
        assert opened["seen_version"] != [""], page.name
        theirs, mine = values(page)

        seen_by_other = main_form(other.get(page.url).content.decode()).data()
        response = other.post(page.url, {**seen_by_other, page.text: theirs})
        assert response.status_code == 302, (page.name, response.content.decode()[:3000])

        refused = me.post(page.url, {**opened, page.text: mine})
        body = refused.content.decode()
        assert refused.status_code == 409, (page.name, body[:3000])
        assert "after you opened the page" in body, page.name
        assert other_name in body, page.name
        if not page.text.endswith("_0"):
            assert html.escape(mine) in body, page.name  # the user's text is kept
            assert "Their &lt;b&gt;version&lt;/b&gt;<br>second line" in body, page.name
        else:
            assert "11 January 2026" in body, page.name
        assert body.startswith("<!DOCTYPE") and "<title>Error:" in body, page.name

        again = main_form(body).data()
        assert again["seen_version"] != opened["seen_version"], page.name
        saved = me.post(page.url, again)
        assert saved.status_code == 302, (page.name, saved.content.decode()[:3000])


def test_a_change_to_other_fields_of_the_record_is_no_conflict(cast, as_user, pages):
    """Key dates and review details both edit the review: each checks its own fields."""
    me, other = signed_in(cast.manager), signed_in(twin(cast, "manager"))
    details, dates = pages[0], pages[1]
    opened = main_form(me.get(details.url).content.decode()).data()
    on_dates = main_form(other.get(dates.url).content.decode()).data()
    assert other.post(dates.url, {**on_dates, "referral_on_0": "11"}).status_code == 302
    assert me.post(details.url, {**opened, "title": "Child Q"}).status_code == 302
    review = Review.objects.get(pk=cast.review.pk)
    assert (review.title, review.referral_on.day) == ("Child Q", 11)


def test_the_concurrent_message_lists_only_changes_after_the_page_was_opened(cast, pages):
    action_page = next(p for p in pages if p.name == "action")
    me, other = signed_in(cast.manager), signed_in(twin(cast, "manager"))
    earlier = main_form(other.get(action_page.url).content.decode()).data()
    other.post(action_page.url, {**earlier, "text": "An earlier change everyone has seen"})
    opened = main_form(me.get(action_page.url).content.decode()).data()
    later = main_form(other.get(action_page.url).content.decode()).data()
    other.post(action_page.url, {**later, "lead_officer": "Head of Education"})
    body = me.post(action_page.url, {**opened, "lead_officer": "Head of Health"}).content.decode()
    assert "Head of Education" in body
    assert "An earlier change everyone has seen" not in body.split("<form")[0]


def test_a_board_response_created_meanwhile_is_a_conflict_not_a_500(cast):
    from django.urls import reverse

    url = reverse("reviews:response_edit", args=[cast.review.pk])
    me, other = signed_in(cast.manager), signed_in(twin(cast, "manager"))
    opened = main_form(me.get(url).content.decode()).data()
    theirs = main_form(other.get(url).content.decode()).data()
    fields = {"text": "Theirs", "acceptance": "fully", "priorities": "P", "monitoring": "M"}
    assert other.post(url, {**theirs, **fields}).status_code == 302
    refused = me.post(url, {**opened, **fields, "text": "Mine"})
    assert refused.status_code == 409
    assert "Sam Second" in refused.content.decode()
    assert me.post(url, main_form(refused.content.decode()).data()).status_code == 302
    assert cast.review.board_response.text == "Mine"


def test_a_restricted_term_added_meanwhile_by_someone_else_is_a_conflict_not_a_500(cast):
    from reviews import conflicts
    from reviews.forms.outcomes import RestrictedTermForm
    from reviews.models import RestrictedTerm

    other = twin(cast, "manager")
    data = {"kind": "name", "term": "Jayden", "once": "8d9f6a52-4a3b-4a0e-9a53-8f5b0f9d0c11"}
    form = RestrictedTermForm(data, instance=RestrictedTerm(review=cast.review), review=cast.review)
    assert form.is_valid(), form.errors  # checked before the other person's term was saved
    theirs = RestrictedTerm(review=cast.review, kind="name", term="Jayden")
    theirs._history_user = other
    theirs.save()
    assert conflicts.save(form, form.save) is False
    assert form.conflict.edits[0].who == "Sam Second"
    assert ("Detail", "Jayden") in form.conflict.edits[0].fields
    assert RestrictedTerm.objects.filter(review=cast.review).count() == 1


def test_removing_a_restricted_term_someone_else_removed_says_who(cast):
    from django.urls import reverse

    from reviews.models import RestrictedTerm

    term = RestrictedTerm.objects.create(review=cast.review, term="Jayden")
    url = reverse("reviews:restricted_term_delete", args=[cast.review.pk, term.pk])
    other = signed_in(twin(cast, "manager"))
    assert other.post(url).status_code == 302
    me = signed_in(cast.manager)
    response = me.post(url, follow=True)
    assert response.status_code == 200
    assert "Already removed from the restricted list by Sam Second" in response.content.decode()
    missing = reverse("reviews:restricted_term_delete", args=[cast.review.pk, term.pk + 1000])
    assert me.post(missing).status_code == 404


def test_add_form_tokens_are_kept_a_week_then_purged_by_the_next_first_save(cast):
    import datetime
    import uuid

    from django.urls import reverse
    from django.utils import timezone

    from reviews.models import FormSubmission

    old = FormSubmission.objects.create(token=uuid.uuid4())
    recent = FormSubmission.objects.create(token=uuid.uuid4())
    now = timezone.now()
    FormSubmission.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=8))
    FormSubmission.objects.filter(pk=recent.pk).update(created_at=now - datetime.timedelta(days=6))
    me = signed_in(cast.manager)
    url = reverse("reviews:restricted_terms", args=[cast.review.pk])
    form = main_form(me.get(url).content.decode()).data()
    assert me.post(url, {**form, "term": "Jayden"}).status_code == 302
    tokens = set(FormSubmission.objects.values_list("token", flat=True))
    assert old.token not in tokens
    assert recent.token in tokens
    assert uuid.UUID(form["once"][0]) in tokens  # the new save's own token
