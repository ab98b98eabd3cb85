"""The chair's quality-assurance summary (PDF and Word): contents, records, restricted details,
assessment points and bad input."""

import io
import re
from datetime import UTC, date, datetime, timedelta

import docx
import pytest
from django.urls import reverse

from documents.models import GeneratedReport, ReportDownload
from markers.models import Marker
from reviews.models import AssessmentPoint, InvolvementRecord, RestrictedTerm, Review
from reviews.services.assessment import assessment_point_take
from tests.assessment_helpers import save
from tests.documents_factories import assess_fully
from tests.factories import ReviewFactory
from tests.pdf_checks import assert_tagged, contents_numbers, reader, text_of

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content)


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    return _flat("\n".join(p.text for p in document.paragraphs))


def _pdf_url(review, point=None, fmt="pdf"):
    if point:
        return reverse("documents:point_qa_summary", args=[review.pk, point.pk, fmt])
    return reverse("documents:qa_summary", args=[review.pk, fmt])


@pytest.fixture
def assessed(cast):
    assess_fully(cast.review, cast.reviewer, evidence=20, comments=4, actions=6, agency=cast.agency)
    return cast


def test_a_chair_finds_every_marker_question_and_answer(assessed, as_user):
    review = assessed.review
    pdf = _get(as_user(assessed.chair), _pdf_url(review))
    text = text_of(pdf)
    # Lines may break after a slash or a dash: compare questions without any spaces.
    squashed = re.sub(r"\s", "", text)
    for m in Marker.objects.filter(marker_set=review.marker_set).prefetch_related("questions"):
        assert f"Quality Marker {m.number}: {_flat(m.title)}" in text
        for q in m.questions.all():
            assert re.sub(r"\s", "", q.text) in squashed, f"question {m.number}.{q.number} missing"
            assert f"Note on question {m.number}.{q.number}: seen in the minutes." in text
    for answer in ["Answer: Yes", "Answer: Partly", "Answer: No", "Answer: Not yet known"]:
        assert answer in text
    assert "SCR-2026-001 Child R" in text
    assert "Evidence item 1 for marker 1" in text
    assert "Challenge 1: where is the evidence for this rating?" in text
    assert "Reply 1: the minutes of the panel meeting are added." in text
    assert "Action 1.1" in text
    numbers = contents_numbers(pdf)
    assert len(numbers) == 18 + 3 + 5, numbers
    assert 0 not in numbers
    assert numbers == sorted(numbers)
    assert_tagged(pdf, "Quality-assurance summary: SCR-2026-001 Child R")
    titles = [o["/Title"] for o in reader(pdf).outline if isinstance(o, dict)]
    assert "Overview of the markers" in titles


def test_contents_numbers_point_at_the_marker_pages(assessed, as_user):
    pdf = _get(as_user(assessed.chair), _pdf_url(assessed.review))
    doc = reader(pdf)
    numbers = contents_numbers(pdf)
    # Entries: timescales, overview, then cluster 1 and its markers 1..5.
    marker_1_page = numbers[3]
    assert "Quality Marker 1:" in doc.pages[marker_1_page - 1].extract_text()


def test_no_restricted_detail_in_the_pdf_or_the_word_document(cast, as_user):
    review = cast.review
    RestrictedTerm.objects.create(review=review, term="Jayden Okafor")
    InvolvementRecord.objects.create(
        review=review, kind="family", role="Mother", real_name="Marta Kowalska"
    )
    save(
        review,
        3,
        cast.reviewer,
        rating="partly_met",
        commentary="Jayden Okafor's mother, Marta Kowalska, was told on 3 May.",
        answers={1: ("no", "Marta Kowalska was not reached; Jayden was at school.")},
    )
    client = as_user(cast.manager)  # the team, who may see restricted details on screen
    for fmt, extract in [("pdf", text_of), ("docx", _docx_text)]:
        text = extract(_get(client, _pdf_url(review, fmt=fmt)))
        for word in ["Jayden", "Okafor", "Marta", "Kowalska"]:
            assert word not in text, f"{word} in the {fmt}"
        assert "[restricted]" in text


def test_nothing_assessed_says_so(cast, as_user):
    text = text_of(_get(as_user(cast.chair), _pdf_url(cast.review)))
    assert "Nothing has been assessed yet: every marker is Not started." in text
    assert text.count("Rating: Not started") == 18
    assert "Not started: 18" in text


def test_a_stored_summary_is_served_again_until_the_review_changes(cast, as_user):
    client = as_user(cast.chair)
    first = _get(client, _pdf_url(cast.review))
    second = _get(client, _pdf_url(cast.review))
    assert first == second
    assert GeneratedReport.objects.filter(review=cast.review).count() == 1
    report = GeneratedReport.objects.get(review=cast.review)
    assert report.generated_by == cast.chair
    assert report.pages and report.pages > 18
    assert ReportDownload.objects.filter(report=report, by=cast.chair).count() == 2
    save(cast.review, 1, cast.reviewer, rating="met", answers={1: ("yes", "Seen")})
    third = _get(client, _pdf_url(cast.review))
    assert third != first
    assert GeneratedReport.objects.filter(review=cast.review).count() == 2


def test_serving_a_stored_summary_runs_a_fixed_number_of_queries(
    assessed, as_user, django_assert_max_num_queries
):
    client = as_user(assessed.chair)
    _get(client, _pdf_url(assessed.review))
    with django_assert_max_num_queries(40):
        _get(client, _pdf_url(assessed.review))


def test_reports_are_listed_and_in_the_history(cast, as_user):
    client = as_user(cast.chair)
    _get(client, _pdf_url(cast.review))
    page = client.get(reverse("documents:review", args=[cast.review.pk])).content.decode()
    report = GeneratedReport.objects.get()
    assert "Quality-assurance summary (PDF)" in page
    assert reverse("documents:download", args=[cast.review.pk, report.pk]) in page
    assert _get(client, reverse("documents:download", args=[cast.review.pk, report.pk]))
    history = client.get(reverse("reviews:history", args=[cast.review.pk])).content.decode()
    assert "Stored report “Quality-assurance summary (PDF)” added" in history
    assert "Download of the stored report “Quality-assurance summary (PDF)” added" in history


def test_links_a_chair_would_look_for(cast, as_user):
    client = as_user(cast.chair)
    point = assessment_point_take(
        review=cast.review, kind="planning", name="Start", by=cast.reviewer
    )
    for url, target in [
        (reverse("reviews:detail", args=[cast.review.pk]), _pdf_url(cast.review)),
        (reverse("reviews:markers", args=[cast.review.pk]), _pdf_url(cast.review)),
        (point.get_absolute_url(), _pdf_url(cast.review, point)),
    ]:
        html = client.get(url).content.decode()
        assert f'href="{target}">Download quality-assurance summary (PDF)</a>' in html


def test_a_point_summary_reproduces_what_was_signed_off(cast, as_user):
    review = cast.review
    save(review, 2, cast.reviewer, rating="partly_met", answers={1: ("no", "Not yet agreed")})
    point = assessment_point_take(
        review=review, kind="progress", name="Six weeks", by=cast.reviewer
    )
    point.sign_off(by=cast.chair, comment="Agreed by the panel")
    save(review, 2, cast.reviewer, rating="met", answers={1: ("yes", "Agreed in June")})
    client = as_user(cast.chair)
    at_point = text_of(_get(client, _pdf_url(review, point)))
    assert "Six weeks" in at_point and "Signed off" in at_point
    assert "Sign-off comment" in at_point and "Agreed by the panel" in at_point
    assert "Not yet agreed" in at_point and "Agreed in June" not in at_point
    now = text_of(_get(client, _pdf_url(review)))
    assert "Agreed in June" in now
    assert "Question 1: answer changed from no to yes" in now
    assert "Rating changed from Partly met to Met" in now
    word = _docx_text(_get(client, _pdf_url(review, point, "docx")))
    assert "Not yet agreed" in word and "Agreed in June" not in word
    assert "Sign-off comment: Agreed by the panel" in word


def test_a_point_summary_shows_the_timescales_as_they_stood_at_the_point(cast, as_user):
    review = cast.review
    review.referral_on = date(2026, 1, 5)  # the decision is due 15 working days later: 26 Jan
    review.save()
    point = assessment_point_take(review=review, kind="planning", name="Start", by=cast.reviewer)
    # The point was taken on 20 January, when the referral date was already known.
    taken = datetime(2026, 1, 20, 12, tzinfo=UTC)
    AssessmentPoint.objects.filter(pk=point.pk).update(taken_at=taken)
    Review.history.filter(id=review.pk).update(history_date=taken - timedelta(days=10))
    point.refresh_from_db()
    review.decision_on = date(2026, 2, 20)  # recorded after the point
    review.save()
    client = as_user(cast.chair)
    at_point = text_of(_get(client, _pdf_url(review, point)))
    decision = at_point[at_point.index("Decision whether to hold a review") :][:200]
    assert "Due 26 January 2026" in decision
    assert "Done: Not yet. Not yet done: due in 6 days" in decision, decision
    now = text_of(_get(client, _pdf_url(review)))
    decision = now[now.index("Decision whether to hold a review") :][:200]
    assert "Done: 20 February 2026. 25 days late" in decision, decision


def test_one_marker_as_a_pdf_from_its_page(cast, as_user):
    review = cast.review
    RestrictedTerm.objects.create(review=review, term="Jayden Okafor")
    save(
        review,
        4,
        cast.reviewer,
        rating="partly_met",
        commentary="Jayden Okafor's family were told in May.",
        answers={1: ("no", "The family were not told at first.")},
    )
    client = as_user(cast.chair)
    url = reverse("documents:marker_pdf", args=[review.pk, 4])
    page = client.get(reverse("reviews:marker", args=[review.pk, 4])).content.decode()
    assert f'href="{url}">Download this marker (PDF)</a>' in page
    pdf = _get(client, url)
    text = text_of(pdf)
    m = Marker.objects.prefetch_related("questions").get(marker_set=review.marker_set, number=4)
    assert f"Quality Marker 4: {_flat(m.title)}" in text
    squashed = re.sub(r"\s", "", text)
    for q in m.questions.all():
        assert re.sub(r"\s", "", q.text) in squashed
    assert "The family were not told at first." in text and "Answer: No" in text
    assert "Quality Marker 5:" not in text and "Jayden" not in text
    assert_tagged(pdf, f"Quality Marker 4: {m.title} – SCR-2026-001 Child R")
    assert _get(client, url) == pdf, "served again from the stored report"
    report = GeneratedReport.objects.get(kind=GeneratedReport.Kind.MARKER_PDF)
    assert report.marker == m and report.downloads.count() == 2
    assert client.get(reverse("documents:marker_pdf", args=[review.pk, 99])).status_code == 404
    for user in [cast.reviewer_off, cast.outsider]:
        assert as_user(user).get(url).status_code == 404


def test_a_point_of_another_review_is_not_found(cast, as_user):
    other = ReviewFactory(board=cast.board, reference="SCR-2026-099")
    point = AssessmentPoint.objects.create(review=other, kind="planning", taken_by=cast.manager)
    client = as_user(cast.chair)
    url = reverse("documents:point_qa_summary", args=[cast.review.pk, point.pk, "pdf"])
    assert client.get(url).status_code == 404
    assert client.get(_pdf_url(cast.review, fmt="exe")).status_code == 404
    assert not GeneratedReport.objects.exists()


def test_someone_who_may_not_see_the_review_gets_nothing(cast, as_user):
    for user in [cast.reviewer_off, cast.outsider]:
        assert as_user(user).get(_pdf_url(cast.review)).status_code == 404
    assert not GeneratedReport.objects.exists()


def test_other_scripts_control_characters_and_a_100000_character_note(cast, as_user):
    long_note = ("Gwybodaeth ŵŷ zażółć gęślą jaźń اردو 😀 " * 2500)[:99_980] + " THE-END"
    save(
        cast.review,
        5,
        cast.reviewer,
        rating="not_met",
        commentary="Bells \x07\x1b[31m and escapes \x08 in pasted text\x0b.",
        answers={1: ("not_known", long_note)},
    )
    client = as_user(cast.chair)
    pdf = _get(client, _pdf_url(cast.review))
    text = text_of(pdf)
    assert "THE-END" in text.replace("- ", "-"), "the long note was cut"
    assert "zażółć gęślą jaźń" in text and "Gwybodaeth ŵŷ" in text
    assert "Bells" in text and "\x07" not in text
    assert 0 not in contents_numbers(pdf)
    word = _docx_text(_get(client, _pdf_url(cast.review, fmt="docx")))
    assert "THE-END" in word and "Bells [31m and escapes" in word
