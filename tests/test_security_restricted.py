"""Restricted data (family members' real names, the restricted list) never reaches anyone
outside the review team: not pages, history, exports nor e-mail; and reminders go only to
people still on the board."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from reviews.models import InvolvementRecord, RestrictedTerm
from reviews.reminders import send_action_reminders
from tests.factories import MembershipFactory, UserFactory
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)
NAME = "Jayden Okafor"


@pytest.fixture
def restricted(cast):
    inv = InvolvementRecord.objects.create(
        review=cast.review, kind="family", role="Mother", real_name=NAME
    )
    inv.real_name = "Jayden Okafor-Smith"
    inv.save()
    RestrictedTerm.objects.create(review=cast.review, term="Elm Street")
    return inv


@pytest.mark.parametrize(
    "name",
    ["detail", "records", "timeline", "history", "outcomes", "outcomes_history", "markers"],
)
def test_it_keeps_restricted_data_off_board_members_pages(cast, as_user, restricted, name):
    page = as_user(cast.member).get(reverse(f"reviews:{name}", args=[cast.review.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Jayden" not in body and "Elm Street" not in body


def test_it_keeps_restricted_data_off_the_marker_pages(cast, as_user, restricted):
    for number in (4, 11, 12):
        url = reverse("reviews:marker", args=[cast.review.pk, number])
        assert "Jayden" not in as_user(cast.member).get(url).content.decode()


def _xlsx_text(content: bytes) -> str:
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(content)).active
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)


def test_it_keeps_restricted_data_out_of_exports(cast, as_user, restricted):
    ActionFactory(
        finding=FindingFactory(review=cast.review),
        lead_agency=cast.agency,
        text="Offer Jayden Okafor-Smith's mother support near Elm Street",
        evidence_received="Letter to J. O. dated today",
    )
    client = as_user(cast.manager)
    csv = client.get(reverse("reviews:actions_csv")).getvalue().decode()
    xlsx = _xlsx_text(client.get(reverse("reviews:actions_xlsx")).getvalue())
    for text in (csv, xlsx):
        assert "Offer" in text  # the row is there...
        assert "Jayden" not in text and "Elm Street" not in text  # ...its restricted words not
        assert "[restricted]" in text


def test_it_keeps_restricted_data_out_of_reminders(cast, restricted):
    finding = FindingFactory(review=cast.review, number=1)
    ActionFactory(
        finding=finding,
        number=1,
        lead_agency=cast.agency,
        target_date=TODAY - timedelta(days=2),
        text="Offer Jayden Okafor's mother support near Elm Street",
    )
    send_action_reminders(today=TODAY)
    assert mail.outbox
    for message in mail.outbox:
        assert "Jayden" not in message.body + message.subject
        assert "Elm Street" not in message.body + message.subject


def test_it_does_not_remind_an_owner_who_has_left_the_board(cast):
    leaver = UserFactory(username="leaver", email="leaver@example.org")
    membership = MembershipFactory(user=leaver, board=cast.board, agency=cast.agency)
    ActionFactory(
        finding=FindingFactory(review=cast.review, number=1),
        number=1,
        lead_agency=cast.agency,
        owner=leaver,
        target_date=TODAY - timedelta(days=2),
    )
    membership.delete()
    send_action_reminders(today=TODAY)
    assert not [m for m in mail.outbox if m.to == ["leaver@example.org"]]
    # The agency's members are told instead, so the action is not forgotten.
    assert [m for m in mail.outbox if m.to == [cast.member.email]]


def test_it_does_not_remind_an_owner_whose_account_is_disabled(cast):
    leaver = UserFactory(username="leaver", email="leaver@example.org")
    MembershipFactory(user=leaver, board=cast.board, agency=cast.agency)
    ActionFactory(
        finding=FindingFactory(review=cast.review, number=1),
        number=1,
        lead_agency=cast.agency,
        owner=leaver,
        target_date=TODAY - timedelta(days=2),
    )
    leaver.is_active = False
    leaver.save()
    send_action_reminders(today=TODAY)
    assert not [m for m in mail.outbox if m.to == ["leaver@example.org"]]


def test_it_keeps_report_draft_names_off_board_members_history(cast, as_user, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reviews.services.outcomes import report_draft_upload

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("Jayden Okafor final draft.txt", b"The review found...")
    report_draft_upload(review=cast.review, upload=upload, by=cast.manager)
    for name in ("outcomes_history", "history", "timeline", "outcomes"):
        url = reverse(f"reviews:{name}", args=[cast.review.pk])
        assert "Jayden" not in as_user(cast.member).get(url).content.decode(), name
    # The review team, who may download the drafts, still read which draft it was.
    for name in ("outcomes_history", "history"):
        url = reverse(f"reviews:{name}", args=[cast.review.pk])
        page = as_user(cast.manager).get(url).content.decode()
        assert "Jayden Okafor final draft.txt" in page, name


@pytest.fixture
def typed_in(cast, restricted):
    """Restricted details typed into free text by the team: the review's title, a finding,
    an action."""
    cast.review.title = "Child R (Jayden)"
    cast.review.save()
    finding = FindingFactory(review=cast.review, text="Jayden's school on Elm Street saw bruises.")
    return ActionFactory(
        finding=finding, lead_agency=cast.agency, text="Visit every family on Elm Street."
    )


PAGES = [
    ("reviews:detail", True),
    ("reviews:outcomes", True),
    ("reviews:timeline", True),
    ("reviews:markers", True),
    ("reviews:list", False),
    ("reviews:actions", False),
    ("reviews:marker_grid", False),
    ("home", False),
]


@pytest.mark.parametrize("name,of_review", PAGES)
def test_restricted_details_typed_into_free_text_are_redacted_on_board_members_pages(
    cast, as_user, typed_in, name, of_review
):
    url = reverse(name, args=[cast.review.pk] if of_review else [])
    body = as_user(cast.member).get(url).content.decode()
    assert "Jayden" not in body and "Elm Street" not in body
    assert "[restricted]" in body
    if of_review:
        title = body[body.index("<title>") : body.index("</title>")]
        assert "Jayden" not in title and "[restricted]" in title
    # The review team reads what was typed.
    for who in ("reviewer", "manager", "chair"):
        team_body = as_user(getattr(cast, who)).get(url).content.decode()
        if name in ("reviews:list", "reviews:detail"):
            assert "Child R (Jayden)" in team_body, who


def test_an_action_page_is_redacted_for_its_agency_but_its_form_keeps_the_words(
    cast, as_user, typed_in
):
    client = as_user(cast.member)
    detail = client.get(reverse("reviews:action_detail", args=[cast.review.pk, typed_in.pk]))
    assert detail.status_code == 200
    assert "Elm Street" not in detail.content.decode()
    # A form sends back what is saved, never "[restricted]" in place of someone's words.
    from reviews.redaction import redact_html

    def redact(text):
        return text.replace("Elm Street", "[restricted]")

    page = (
        '<p title="Elm Street">On Elm Street &amp; near</p>'
        '<textarea name="t">Elm Street</textarea><input name="a" value="Elm Street">'
    )
    assert redact_html(page, redact) == (
        '<p title="[restricted]">On [restricted] &amp; near</p>'
        '<textarea name="t">Elm Street</textarea><input name="a" value="Elm Street">'
    )


def test_the_redaction_on_pages_costs_a_fixed_number_of_queries(
    cast, as_user, typed_in, django_assert_max_num_queries
):
    from tests.factories import ReviewFactory

    client = as_user(cast.member)
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("reviews:list"))
    count = len(few.captured_queries)
    for i in range(10):
        review = ReviewFactory(board=cast.board, reference=f"SCR-2026-2{i:02d}")
        RestrictedTerm.objects.create(review=review, term=f"Oak Lane {i}")
    with django_assert_max_num_queries(count):
        body = client.get(reverse("reviews:list")).content.decode()
    assert "Jayden" not in body
