"""Publication (marker 17): status, dates on the review, the national bodies check, and the
privacy check that must be cleared before a report is marked published."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import ParallelProcess, Publication, ReportDraft, RestrictedTerm
from reviews.services.outcomes import national_bodies_check
from tests.gds import dates
from tests.outcomes_factories import FindingFactory
from tests.outcomes_files import make_docx, make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _url(cast):
    return reverse("reviews:publication_edit", args=[cast.review.pk])


def _data(**extra):
    data = {
        "status": "published",
        "where_published": "Board website and the NSPCC national case review repository",
        "parallel_process": "",
        "status_reason": "",
        "family_support": "Meeting with the lead reviewer",
        "professionals_support": "Briefings by each agency",
        "media_strategy": "on",
        **dates(
            planned_on=date(2026, 9, 1),
            sent_to_national_bodies_on=date(2026, 8, 20),
            published_on=date(2026, 9, 1),
            available_until=date(2027, 9, 1),
            delayed_until=None,
            family_informed_on=date(2026, 8, 25),
            professionals_informed_on=date(2026, 8, 25),
        ),
    }
    data.update(extra)
    return data


def test_it_records_publication_and_the_review_dates(cast, as_user):
    response = as_user(cast.manager).post(_url(cast), _data())
    assert response.status_code == 302
    cast.review.refresh_from_db()
    assert cast.review.published_on == date(2026, 9, 1)
    assert cast.review.sent_to_national_bodies_on == date(2026, 8, 20)
    publication = Publication.objects.get()
    assert publication.media_strategy and publication.family_informed_on == date(2026, 8, 25)


def test_it_needs_the_report_available_for_the_boards_months(cast, as_user):
    response = as_user(cast.manager).post(
        _url(cast), _data(**dates(available_until=date(2027, 3, 1)))
    )
    assert response.status_code == 200
    assert (
        "The report must stay available for at least 12 months: until 1 September 2027 or later"
        in response.content.decode()
    )
    cast.review.refresh_from_db()
    assert cast.review.published_on is None


def test_it_says_when_the_national_bodies_were_sent_the_report_too_late(cast, as_user):
    as_user(cast.manager).post(
        _url(cast), _data(**dates(sent_to_national_bodies_on=date(2026, 8, 30)))
    )
    cast.review.refresh_from_db()
    check = national_bodies_check(cast.review)
    assert not check.ok
    assert check.message == (
        "Sent to the national bodies only 2 days before publication; the board asks for at least 7."
    )
    page = as_user(cast.manager).get(_url(cast)).content.decode()
    assert "only 2 days before publication" in page


def test_it_follows_the_boards_setting_for_the_national_bodies(cast, as_user):
    cast.board.national_bodies_days_before_publication = 14
    cast.board.save()
    as_user(cast.manager).post(_url(cast), _data())
    cast.review.refresh_from_db()
    assert national_bodies_check(cast.review).message.endswith("the board asks for at least 14.")


def test_it_refuses_published_while_privacy_matches_are_outstanding(cast, as_user):
    FindingFactory(review=cast.review, text="Jayden's school did not refer")
    RestrictedTerm.objects.create(review=cast.review, term="Jayden")
    response = as_user(cast.manager).post(_url(cast), _data())
    assert response.status_code == 200
    assert "The privacy check has 1 match not yet looked at" in response.content.decode()
    assert not Publication.objects.exists()


def test_it_links_a_delay_to_the_parallel_process(cast, as_user):
    process = ParallelProcess.objects.create(
        review=cast.review,
        kind=ParallelProcess.Kind.CRIMINAL,
        lead_agency="Police",
        holds_publication=True,
        held_until=date(2027, 1, 1),
    )
    client = as_user(cast.manager)
    page = client.post(
        _url(cast), _data(status="delayed", **dates(published_on=None))
    ).content.decode()
    assert "Choose the parallel process that delays publication" in page
    response = client.post(
        _url(cast),
        _data(
            status="delayed",
            parallel_process=process.pk,
            **dates(published_on=None),
        ),
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.parallel_process == process
    assert publication.delayed_until == date(2027, 1, 1)  # from the register


def test_it_needs_a_reason_when_not_published(cast, as_user):
    page = (
        as_user(cast.manager)
        .post(_url(cast), _data(status="unpublished", **dates(published_on=None)))
        .content.decode()
    )
    assert "Enter the reason" in page


@pytest.mark.parametrize("kind,status", [("chair", 403), ("member", 403), ("outsider", 404)])
def test_it_lets_only_board_managers_record_it(cast, as_user, kind, status):
    assert as_user(getattr(cast, kind)).post(_url(cast), _data()).status_code == status


def _upload(client, cast, name, data):
    url = reverse("reviews:report_draft_upload", args=[cast.review.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_it_checks_an_uploaded_word_draft(cast, as_user, media):
    RestrictedTerm.objects.create(review=cast.review, term="Jayden Smith")
    client = as_user(cast.manager)
    docx = make_docx(["Summary", "J.S. lived with his mother at home."], split_runs=True)
    response = _upload(client, cast, "Draft report v3.docx", docx)
    assert response.status_code == 302
    draft = ReportDraft.objects.get()
    assert draft.original_name == "Draft report v3.docx"
    assert "Draft report" not in draft.file.name  # stored under a random name
    page = client.get(reverse("reviews:privacy_check", args=[cast.review.pk])).content.decode()
    assert "Report draft Draft report v3.docx" in page
    assert "J.S." in page


def test_it_checks_an_uploaded_pdf_draft(cast, as_user):
    RestrictedTerm.objects.create(review=cast.review, term="Elm Road")
    client = as_user(cast.manager)
    assert (
        _upload(client, cast, "draft.pdf", make_pdf(["They lived on Elm Road."])).status_code == 302
    )
    page = client.get(reverse("reviews:privacy_check", args=[cast.review.pk])).content.decode()
    assert "Elm Road" in page


def test_it_refuses_a_draft_it_cannot_read(cast, as_user):
    client = as_user(cast.manager)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    page = _upload(client, cast, "scan.png", png).content.decode()
    assert "The report draft must be a Word (.docx) or PDF file" in page
    page = _upload(client, cast, "fake.pdf", b"MZ\x90\x00 executable").content.decode()
    assert "The file is not a PDF, although its name ends in .pdf" in page
    assert not ReportDraft.objects.exists()


def test_it_serves_drafts_to_the_review_team_only(cast, as_user):
    _upload(as_user(cast.manager), cast, "d.docx", make_docx(["text"]))
    draft = ReportDraft.objects.get()
    url = reverse("reviews:report_draft_download", args=[cast.review.pk, draft.pk])
    response = as_user(cast.reviewer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert as_user(cast.member).get(url).status_code == 403
    assert as_user(cast.outsider).get(url).status_code == 404
