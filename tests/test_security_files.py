"""Downloads: the uploaded name is only data in the header, and withdrawn evidence files stay
with the review team."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import Evidence
from reviews.services.assessment import evidence_add
from tests.assessment_helpers import marker

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _evidence(cast, name="scope.pdf") -> Evidence:
    return evidence_add(
        review=cast.review,
        marker=marker(cast.review, 6),
        by=cast.reviewer,
        kind="file",
        title="Scoping document",
        dated_on=date(2026, 3, 3),
        upload=SimpleUploadedFile(name, PDF),
    )


def _download_url(evidence) -> str:
    version = evidence.versions.get()
    return reverse("reviews:evidence_download", args=[evidence.review_id, evidence.pk, version.pk])


@pytest.mark.parametrize(
    "name",
    [
        'a"; filename="evil.html.pdf',
        "line\r\nSet-Cookie: x=1.pdf",
        "Ádám’s report – draft.pdf",
        "..\\..\\etc\\passwd.pdf",
    ],
)
def test_it_keeps_any_uploaded_name_inside_one_attachment_header(cast, as_user, name):
    evidence = _evidence(cast, name)
    response = as_user(cast.manager).get(_download_url(evidence))
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename")
    assert "\r" not in header and "\n" not in header
    assert 'filename="evil.html.pdf"' not in header
    assert "Set-Cookie" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
    stored = evidence.versions.get().file.name
    assert ".." not in stored and stored.startswith(f"evidence/{cast.review.pk}/")


@pytest.mark.parametrize("who", ["manager", "chair", "reviewer"])
def test_it_lets_the_review_team_download_withdrawn_evidence(cast, as_user, who):
    evidence = _evidence(cast)
    evidence.withdraw(by=cast.reviewer, reason="Belongs to another child's case")
    assert as_user(getattr(cast, who)).get(_download_url(evidence)).status_code == 200


def test_it_refuses_withdrawn_evidence_files_to_board_members(cast, as_user):
    evidence = _evidence(cast)
    url = _download_url(evidence)
    client = as_user(cast.member)
    assert client.get(url).status_code == 200
    evidence.withdraw(by=cast.reviewer, reason="Belongs to another child's case")
    assert client.get(url).status_code == 403
    page = client.get(evidence.get_absolute_url()).content.decode()
    assert url not in page


def test_withdrawn_evidence_is_named_to_the_review_team_only(cast, as_user):
    evidence = _evidence(cast, name="oakfield-primary-referral.pdf")
    evidence.title = "Referral from Oakfield Primary"
    evidence.description = "Sent by the head of Oakfield Primary"
    evidence.save()
    evidence.withdraw(by=cast.reviewer, reason="Belongs to another child's case")
    pages = {
        "evidence": evidence.get_absolute_url(),
        "marker": reverse("reviews:marker", args=[cast.review.pk, 6]),
        "history": reverse("reviews:marker_history", args=[cast.review.pk, 6]),
    }
    for name, url in pages.items():
        page = as_user(cast.member).get(url).content.decode()
        assert "Oakfield" not in page and "oakfield" not in page, name
        assert "Withdrawn evidence" in page or "withdrawn evidence" in page.lower(), name
    page = as_user(cast.member).get(pages["evidence"]).content.decode()
    assert "<title>Withdrawn evidence – SCR-2026-001" in page
    assert "Belongs to another child" in page  # why it was withdrawn, and by whom, stay
    for who in ("reviewer", "manager", "chair"):
        for name, url in pages.items():
            page = as_user(getattr(cast, who)).get(url).content.decode()
            assert "Referral from Oakfield Primary" in page, (who, name)
        page = as_user(getattr(cast, who)).get(pages["evidence"]).content.decode()
        assert "oakfield-primary-referral.pdf" in page
