"""Evidence: files, links and notes; uploads checked by content; downloads checked by access
and by SHA-256; versions kept on replace; withdrawal with a reason."""

import hashlib
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import Evidence, EvidenceFile
from tests.assessment_helpers import marker
from tests.factories import ReviewFactory
from tests.gds import dates

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def add_url(review, number=6):
    return reverse("reviews:evidence_add", args=[review.pk, number])


def post_file(client, review, content=PDF, name="scope.pdf", number=6, **extra):
    data = {
        "kind": "file",
        "title": "Scoping document",
        **dates(dated_on=date(2026, 3, 3)),
        "description": "Agreed scope",
        **extra,
    }
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(add_url(review, number), data)


def test_it_adds_a_file_with_its_sha256_stored_outside_the_web_root(cast, as_user, media):
    response = post_file(as_user(cast.reviewer), cast.review)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    version = evidence.versions.get()
    assert version.sha256 == hashlib.sha256(PDF).hexdigest()
    assert version.original_name == "scope.pdf" and version.content_type == "application/pdf"
    stored = media / version.file.name
    assert stored.read_bytes() == PDF
    assert "scope" not in version.file.name  # a safe, random stored name
    assert version.file.name.startswith(f"evidence/{cast.review.pk}/")
    assert evidence.added_by == cast.reviewer and str(evidence.dated_on) == "2026-03-03"
    page = as_user(cast.member).get(evidence.get_absolute_url()).content.decode()
    assert version.sha256 in page


def test_it_links_evidence_to_questions_of_its_marker(cast, as_user):
    m = marker(cast.review, 6)
    q1, q2 = list(m.questions.all())[:2]
    response = as_user(cast.reviewer).post(
        add_url(cast.review),
        {
            "kind": "note",
            "title": "Scope meeting",
            "note": "Met on 3 March",
            "questions": [q1.pk, q2.pk],
        },
    )
    assert response.status_code == 302
    assert set(Evidence.objects.get().questions.all()) == {q1, q2}


def test_it_refuses_a_question_of_another_marker(cast, as_user):
    other_q = marker(cast.review, 7).questions.first()
    response = as_user(cast.reviewer).post(
        add_url(cast.review),
        {"kind": "note", "title": "Scope", "note": "x", "questions": [other_q.pk]},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_refuses_a_renamed_executable_and_keeps_the_rest_of_the_form(cast, as_user):
    response = post_file(
        as_user(cast.reviewer), cast.review, content=EXE, name="report.pdf", title="Keep this title"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The file is not a PDF, although its name ends in .pdf" in body
    assert 'value="Keep this title"' in body and "Agreed scope" in body
    assert not Evidence.objects.exists() and not EvidenceFile.objects.exists()


def test_it_refuses_an_oversized_file(cast, as_user, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    response = post_file(as_user(cast.reviewer), cast.review, content=PDF + b"x" * 200)
    assert response.status_code == 200
    assert "The selected file must be smaller than 100" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "data,message",
    [
        ({"kind": "file", "title": "T"}, "Select a file"),
        ({"kind": "link", "title": "T"}, "Enter the link"),
        ({"kind": "note", "title": "T"}, "Enter the note"),
        # The description is not the note: the note's own field is asked for.
        ({"kind": "note", "title": "T", "description": "About it"}, "Enter the note"),
        ({"kind": "link", "title": "T", "url": "javascript:alert(1)"}, "Enter a valid URL"),
    ],
)
def test_it_asks_for_what_each_kind_needs(cast, as_user, data, message):
    response = as_user(cast.reviewer).post(add_url(cast.review), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Evidence.objects.exists()


def test_only_the_field_of_the_kind_chosen_counts(cast, as_user):
    # A link typed, then "A note" chosen (the link hidden again): the note is saved, the
    # link neither checked nor kept.
    response = as_user(cast.reviewer).post(
        add_url(cast.review),
        {
            "kind": "note",
            "title": "Panel minutes",
            "url": "not a link",
            "note": "Agreed on 3 March",
            "description": "From the chair",
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.url, evidence.description) == ("", "Agreed on 3 March\n\nFrom the chair")


def test_it_adds_a_link(cast, as_user):
    as_user(cast.reviewer).post(
        add_url(cast.review),
        {"kind": "link", "title": "Board minutes", "url": "https://example.org/m"},
    )
    assert Evidence.objects.get().url == "https://example.org/m"


def download(client, evidence, version):
    return client.get(
        reverse("reviews:evidence_download", args=[evidence.review_id, evidence.pk, version.pk])
    )


@pytest.mark.parametrize("who", ["reviewer", "manager", "chair", "member"])
def test_it_downloads_the_file_as_an_attachment_to_the_reviews_readers(cast, as_user, who):
    post_file(as_user(cast.reviewer), cast.review)
    evidence = Evidence.objects.get()
    response = download(as_user(getattr(cast, who)), evidence, evidence.versions.get())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="scope.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("who", ["reviewer_off", "outsider", "admin"])
def test_it_hides_files_from_everyone_outside_the_review(cast, as_user, who):
    post_file(as_user(cast.reviewer), cast.review)
    evidence = Evidence.objects.get()
    assert (
        download(as_user(getattr(cast, who)), evidence, evidence.versions.get()).status_code == 404
    )
    assert as_user(getattr(cast, who)).get(evidence.get_absolute_url()).status_code == 404


def test_it_404s_evidence_looked_up_through_another_review(cast, as_user):
    post_file(as_user(cast.reviewer), cast.review)
    evidence = Evidence.objects.get()
    other = ReviewFactory(board=cast.board)
    client = as_user(cast.manager)
    assert client.get(reverse("reviews:evidence", args=[other.pk, evidence.pk])).status_code == 404
    url = reverse(
        "reviews:evidence_download", args=[other.pk, evidence.pk, evidence.versions.get().pk]
    )
    assert client.get(url).status_code == 404


def test_it_refuses_a_file_changed_on_disk(cast, as_user, media):
    post_file(as_user(cast.reviewer), cast.review)
    evidence = Evidence.objects.get()
    version = evidence.versions.get()
    (media / version.file.name).write_bytes(PDF + b"tampered")
    response = download(as_user(cast.reviewer), evidence, version)
    assert response.status_code == 409
    assert b"no longer matches" in response.content


def test_it_keeps_earlier_versions_when_the_file_is_replaced(cast, as_user):
    client = as_user(cast.reviewer)
    post_file(client, cast.review)
    evidence = Evidence.objects.get()
    new = PDF.replace(b"Catalog", b"Catalog/V 2")
    response = client.post(
        reverse("reviews:evidence_replace", args=[cast.review.pk, evidence.pk]),
        {"file": SimpleUploadedFile("scope-v2.pdf", new)},
    )
    assert response.status_code == 302
    latest, first = evidence.versions.all()
    assert latest.original_name == "scope-v2.pdf" and first.original_name == "scope.pdf"
    assert b"".join(download(client, evidence, first).streaming_content) == PDF
    assert b"".join(download(client, evidence, latest).streaming_content) == new
    page = client.get(evidence.get_absolute_url()).content.decode()
    assert latest.sha256 in page and first.sha256 in page


def test_it_refuses_a_bad_replacement(cast, as_user):
    client = as_user(cast.reviewer)
    post_file(client, cast.review)
    evidence = Evidence.objects.get()
    response = client.post(
        reverse("reviews:evidence_replace", args=[cast.review.pk, evidence.pk]),
        {"file": SimpleUploadedFile("x.pdf", EXE)},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "The file is not a PDF, although its name" in body
    assert evidence.versions.count() == 1


def test_it_withdraws_evidence_with_a_reason_and_keeps_it(cast, as_user):
    client = as_user(cast.reviewer)
    post_file(client, cast.review)
    evidence = Evidence.objects.get()
    url = reverse("reviews:evidence_withdraw", args=[cast.review.pk, evidence.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Enter why the evidence is withdrawn" in response.content.decode()
    assert client.post(url, {"reason": "Wrong case"}).status_code == 302
    evidence.refresh_from_db()
    assert evidence.is_withdrawn and evidence.withdrawn_by == cast.reviewer
    assert evidence.withdrawn_reason == "Wrong case"
    assert evidence.versions.count() == 1  # the file is kept
    page = client.get(evidence.get_absolute_url()).content.decode()
    assert "Withdrawn" in page and "Wrong case" in page
    marker_page = client.get(reverse("reviews:marker", args=[cast.review.pk, 6])).content.decode()
    assert "Withdrawn evidence (1)" in marker_page


@pytest.mark.parametrize(
    "who,status",
    [("manager", 403), ("member", 403), ("chair", 403), ("reviewer_off", 404), ("outsider", 404)],
)
def test_it_lets_only_assessors_add_replace_and_withdraw(cast, as_user, who, status):
    post_file(as_user(cast.reviewer), cast.review)
    evidence = Evidence.objects.get()
    client = as_user(getattr(cast, who))
    assert post_file(client, cast.review).status_code == status
    url = reverse("reviews:evidence_withdraw", args=[cast.review.pk, evidence.pk])
    assert client.post(url, {"reason": "x"}).status_code == status
    url = reverse("reviews:evidence_replace", args=[cast.review.pk, evidence.pk])
    assert client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == status
    assert Evidence.objects.count() == 1 and EvidenceFile.objects.count() == 1
    assert not Evidence.objects.get().is_withdrawn


def test_it_shows_typed_html_in_evidence_as_text(cast, as_user):
    client = as_user(cast.reviewer)
    client.post(
        add_url(cast.review),
        {"kind": "note", "title": "<b>bold</b>", "note": "<script>x()</script>"},
    )
    body = client.get(Evidence.objects.get().get_absolute_url()).content.decode()
    assert "<script>x()" not in body and "&lt;script&gt;x()" in body
    assert "<b>bold</b>" not in body


def test_it_refuses_to_replace_the_file_of_withdrawn_evidence(cast, as_user):
    client = as_user(cast.reviewer)
    post_file(client, cast.review)
    evidence = Evidence.objects.get()
    evidence.withdraw(by=cast.reviewer, reason="Wrong case")
    response = client.post(
        reverse("reviews:evidence_replace", args=[cast.review.pk, evidence.pk]),
        {"file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 200
    assert "Withdrawn evidence cannot be changed" in response.content.decode()
    assert evidence.versions.count() == 1


def test_it_ticks_the_question_the_evidence_was_added_from(cast, as_user):
    q = marker(cast.review, 6).questions.get(number=2)
    other = marker(cast.review, 7).questions.first()
    response = as_user(cast.reviewer).get(add_url(cast.review) + f"?question={q.pk}&question=x")
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'value="{q.pk}"\s*checked="checked"', body)
    assert body.count('checked="checked"') == 1
    response = as_user(cast.reviewer).get(add_url(cast.review) + f"?question={other.pk}")
    assert response.status_code == 200 and 'checked="checked"' not in response.content.decode()


def test_the_marker_page_lists_each_item_with_its_kind_versions_date_questions_and_adder(
    cast, as_user
):
    """The evidence table and the links beside each question, as a reader sees them (the page
    writes the rows in one pass: the same words as before, typed HTML still as text)."""
    client = as_user(cast.reviewer)
    m = marker(cast.review, 6)
    q1, q2 = list(m.questions.all())[:2]
    post_file(client, cast.review, questions=[q2.pk, q1.pk])
    filed = Evidence.objects.get()
    client.post(
        reverse("reviews:evidence_replace", args=[cast.review.pk, filed.pk]),
        {"file": SimpleUploadedFile("scope-v2.pdf", PDF.replace(b"Catalog", b"Catalog/V 2"))},
    )
    client.post(add_url(cast.review), {"kind": "note", "title": "<b>Minutes</b>", "note": "x"})
    client.post(add_url(cast.review), {"kind": "note", "title": "Gone", "note": "x"})
    gone = Evidence.objects.get(title="Gone")
    gone.withdraw(by=cast.reviewer, reason="Wrong case")
    body = as_user(cast.member).get(reverse("reviews:marker", args=[cast.review.pk, 6]))
    body = body.content.decode()
    table = body.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    cells = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table)
    ]
    who = str(cast.reviewer)
    assert cells == [
        ["&lt;b&gt;Minutes&lt;/b&gt;", "A note", "–", "Whole marker", who],
        [
            "Scoping document",
            "A file (2 versions)",
            "3 March 2026",
            f"{q1.number}, {q2.number}",
            who,
        ],
    ]
    assert f'href="{filed.get_absolute_url()}">Scoping document</a>' in table
    beside = body.split(f'id="question-{q1.number}"')[1].split("</div>")[0]
    assert f'Evidence: <a class="govuk-link" href="{filed.get_absolute_url()}">' in beside
    assert "Gone" not in table and "Withdrawn evidence (1)" in body


def test_the_marker_pages_evidence_rows_and_links_escape_every_value():
    """The view writes the evidence table's rows and the links beside each question itself:
    every value typed or stored (title, kind, date, questions, who, link) is written as text."""
    from reviews.views.assessment import _evidence_rows, _Item, _links

    hostile = "<b>&'\"x"
    item = _Item(
        pk=1,
        title=hostile,
        kind=hostile,
        dated_on=date(2026, 3, 3),
        added_by=hostile,
        withdrawn_at=None,
        withdrawn_by=None,
        withdrawn_reason="",
        url=f"/e/{hostile}/",
        version_count=2,
        questions=[],
        question_numbers=hostile,
    )
    for written in (_evidence_rows([item, item]), _links([item, item])):
        assert "<b>" not in written and "'\"x" not in written
        assert "&lt;b&gt;&amp;&#x27;&quot;x" in written
    cells = re.findall(r"<td[^>]*>(.*?)</td>", _evidence_rows([item]))
    assert [re.sub(r"<[^>]+>", "", c) for c in cells] == [
        "&lt;b&gt;&amp;&#x27;&quot;x",
        "&lt;b&gt;&amp;&#x27;&quot;x (2 versions)",
        "3 March 2026",
        "&lt;b&gt;&amp;&#x27;&quot;x",
        "&lt;b&gt;&amp;&#x27;&quot;x",
    ]
