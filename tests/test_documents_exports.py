"""Exports of the assessment: the ratings of every visible review (one row per review, one
column per marker) and the answers of one review (one row per question), as CSV and Excel."""

import csv
import io
from datetime import datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from documents.exports import answers_table, ratings_table
from markers.models import Question
from reviews.models import InvolvementRecord, RestrictedTerm, Review
from tests.assessment_helpers import save
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    assert response.streaming and response["Cache-Control"] == "private, no-store"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _xlsx(response):
    assert response.status_code == 200, response.content[:300]
    assert response.streaming and response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return book.active


def test_ratings_one_row_per_visible_review_and_a_column_per_marker(cast):
    save(cast.review, 4, cast.reviewer, rating="not_met")
    ReviewFactory(board=cast.other_board, reference="SCR-2026-777")
    headers, rows = ratings_table(Review.objects.visible_to(cast.chair))
    rows = list(rows)
    assert headers[-18:] == [f"QM{n}" for n in range(1, 19)]
    assert [r[1] for r in rows] == ["SCR-2026-001"]
    ratings = dict(zip(headers, rows[0], strict=True))
    assert ratings["QM4"] == "Not met" and ratings["QM5"] == "Not started"
    assert [r[1] for r in ratings_table(Review.objects.visible_to(cast.reviewer_off))[1]] == []
    outsider = Review.objects.visible_to(cast.outsider)
    assert [r[1] for r in ratings_table(outsider)[1]] == ["SCR-2026-777"]


def test_ratings_each_row_has_its_own_reviews_ratings_in_order(cast):
    """The rows are read from one line per rating: each review's ratings stay on its row."""
    RestrictedTerm.objects.create(review=cast.review, term="Child R")
    second = ReviewFactory(board=cast.board, reference="SCR-2026-002", title="Child R2")
    third = ReviewFactory(board=cast.board, reference="SCR-2025-900")
    save(cast.review, 1, cast.reviewer, rating="met")
    save(cast.review, 18, cast.reviewer, rating="not_met")
    save(second, 1, cast.reviewer, rating="partly_met")
    save(second, 9, cast.reviewer, rating="not_applicable", reason="No parallel process.")
    headers, rows = ratings_table(Review.objects.visible_to(cast.chair))
    by_reference = {r[1]: dict(zip(headers, r, strict=True)) for r in rows}
    assert list(by_reference) == ["SCR-2025-900", "SCR-2026-001", "SCR-2026-002"]
    one, two, three = (by_reference[r.reference] for r in [cast.review, second, third])
    assert (one["QM1"], one["QM18"], one["QM9"]) == ("Met", "Not met", "Not started")
    assert (two["QM1"], two["QM9"], two["QM18"]) == ("Partly met", "Not applicable", "Not started")
    assert {three[f"QM{n}"] for n in range(1, 19)} == {"Not started"}
    assert "Child R" not in one["Title"] and two["Title"] == "Child R2", "terms of its own review"


def test_answers_one_row_per_question_with_notes_redacted(cast):
    RestrictedTerm.objects.create(review=cast.review, term="Jayden Okafor")
    InvolvementRecord.objects.create(
        review=cast.review, kind="family", role="Father", real_name="Piotr Nowak"
    )
    long_note = "Piotr Nowak said \x07 " + "ż" * 100_000
    save(cast.review, 1, cast.reviewer, rating="met", answers={1: ("yes", long_note)})
    headers, rows = answers_table(cast.review)
    rows = list(rows)
    assert len(rows) == Question.objects.filter(marker__marker_set=cast.review.marker_set).count()
    first = dict(zip(headers, rows[0], strict=True))
    assert first["Question"] == "1.1" and first["Answer"] == "Yes" and first["Rating"] == "Met"
    assert first["Note"].startswith("[restricted] said")
    assert isinstance(first["Last changed"], datetime)
    assert all("Nowak" not in str(v) and "Jayden" not in str(v) for r in rows for v in r)
    assert dict(zip(headers, rows[-1], strict=True))["Answer"] == "Not answered"


def test_a_chair_downloads_the_ratings_from_the_grid_as_csv_and_excel(cast, as_user):
    save(cast.review, 2, cast.reviewer, rating="partly_met")
    RestrictedTerm.objects.create(review=cast.review, term="Child R")
    closed = ReviewFactory(board=cast.board, reference="SCR-2026-050", stage="not_proceeding")
    client = as_user(cast.chair)
    grid = client.get(reverse("reviews:marker_grid") + "?hide_not_proceeding=on").content.decode()
    csv_url = reverse("documents:ratings_csv") + "?hide_not_proceeding=on"
    assert f'href="{csv_url}">CSV' in grid
    assert reverse("documents:ratings_xlsx") in grid
    assert reverse("documents:ratings_csv") in client.get(reverse("reviews:list")).content.decode()

    rows = _csv(client.get(csv_url))
    assert rows[0][:6] == ["Board", "Reference", "Title", "Kind", "Stage", "Referral date"]
    assert [r[1] for r in rows[1:]] == ["SCR-2026-001"]
    assert rows[1][rows[0].index("QM2")] == "Partly met"
    assert "Child R" not in rows[1][2], "a restricted term in a title is replaced"
    everything = _csv(client.get(reverse("documents:ratings_csv")))
    assert {r[1] for r in everything[1:]} == {"SCR-2026-001", closed.reference}

    sheet = _xlsx(client.get(reverse("documents:ratings_xlsx")))
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert [c.value for c in sheet[1]][-18:] == [f"QM{n}" for n in range(1, 19)]
    referral = sheet.cell(row=2, column=6).value
    assert referral is None or isinstance(referral, datetime), "referral dates are dates"


def test_a_bad_filter_is_refused_not_widened(cast, as_user):
    response = as_user(cast.chair).get(reverse("documents:ratings_csv") + "?stage=nonsense")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_answers_of_one_review_from_its_markers_page(cast, as_user):
    save(
        cast.review,
        3,
        cast.reviewer,
        rating="not_met",
        answers={1: ("no", '=HYPERLINK("http://x")\x1b in a note'), 2: ("not_known", "")},
    )
    client = as_user(cast.chair)
    for page in [
        reverse("reviews:markers", args=[cast.review.pk]),
        reverse("documents:review", args=[cast.review.pk]),
    ]:
        html = client.get(page).content.decode()
        assert reverse("documents:answers_csv", args=[cast.review.pk]) in html
        assert reverse("documents:answers_xlsx", args=[cast.review.pk]) in html
    rows = _csv(client.get(reverse("documents:answers_csv", args=[cast.review.pk])))
    by_question = {r[3]: r for r in rows[1:]}
    assert by_question["3.1"][5] == "No"
    assert by_question["3.1"][6] == '\'=HYPERLINK("http://x") in a note', "formula neutralised"
    assert by_question["3.2"][5] == "Not yet known" and by_question["1.1"][5] == "Not answered"
    sheet = _xlsx(client.get(reverse("documents:answers_xlsx", args=[cast.review.pk])))
    values = {row[3].value: row for row in sheet.iter_rows(min_row=2)}
    assert values["3.1"][6].value.startswith("'=HYPERLINK")
    assert isinstance(values["3.1"][7].value, datetime) and values["1.1"][7].value is None


def test_someone_who_may_not_see_the_review_gets_no_answers(cast, as_user):
    for user in [cast.reviewer_off, cast.outsider]:
        client = as_user(user)
        assert (
            client.get(reverse("documents:answers_csv", args=[cast.review.pk])).status_code == 404
        )
        assert (
            client.get(reverse("documents:answers_xlsx", args=[cast.review.pk])).status_code == 404
        )


def test_a_100000_character_note_and_control_characters_in_excel(cast, as_user):
    note = "Gwybodaeth ŵŷ zażółć اردو 😀 \x07\x0b" + "x" * 100_000 + " THE-END"
    save(cast.review, 1, cast.reviewer, rating="met", answers={1: ("yes", note)})
    sheet = _xlsx(as_user(cast.chair).get(reverse("documents:answers_xlsx", args=[cast.review.pk])))
    cell = sheet["G2"].value
    assert cell.startswith("Gwybodaeth ŵŷ zażółć اردو 😀 x") and cell.endswith("THE-END")


@pytest.mark.parametrize("size", [2, 12])
def test_exports_run_a_fixed_number_of_queries(cast, as_user, django_assert_max_num_queries, size):
    for i in range(size):
        review = ReviewFactory(board=cast.board, reference=f"SCR-2025-{i:03d}")
        save(review, 1 + i % 18, cast.reviewer, rating="met")
        save(cast.review, 1 + i % 18, cast.reviewer, rating="met", answers={1: ("yes", f"n{i}")})
    client = as_user(cast.chair)
    for url in [
        reverse("documents:ratings_csv"),
        reverse("documents:ratings_xlsx"),
        reverse("documents:answers_csv", args=[cast.review.pk]),
        reverse("documents:answers_xlsx", args=[cast.review.pk]),
    ]:
        with django_assert_max_num_queries(14):
            response = client.get(url)
            b"".join(response.streaming_content)
