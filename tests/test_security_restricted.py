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
    url = reverse("reviews:outcomes_history", args=[cast.review.pk])
    assert "Jayden" not in as_user(cast.member).get(url).content.decode()
    # The review team, who may download the drafts, still read which draft it was.
    assert "Jayden Okafor final draft.txt" in as_user(cast.manager).get(url).content.decode()
