"""The history of a marker, in words, with the user who made each change."""

from django.urls import reverse
from django.utils import formats, timezone

from accounts.models import User
from reviews.history.assessment import marker_events, short_name
from reviews.models import Evidence
from tests.assessment_helpers import form_data, marker, save

TODAY = lambda: formats.date_format(timezone.localdate(), "j F Y")  # noqa: E731


def test_it_names_users_shortly():
    assert short_name(User(username="ar", first_name="Alex", last_name="Reviewer")) == "A. Reviewer"
    assert short_name(User(username="ar")) == "ar"


def test_it_describes_rating_answer_note_and_commentary_changes(cast):
    cast.reviewer.first_name, cast.reviewer.last_name = "Alex", "Reviewer"
    cast.reviewer.save()
    save(cast.review, 2, cast.reviewer, rating="partly_met", answers={1: ("no", "")})
    save(
        cast.review,
        2,
        cast.reviewer,
        rating="met",
        commentary="Decision recorded",
        answers={1: ("yes", "Minutes of 3 March")},
    )
    events = marker_events(cast.review, marker(cast.review, 2))
    # Date and time, as on the review's history.
    at = timezone.localtime(events[0].at)
    today = f"{TODAY()} at {at:%H:%M}"
    texts = [str(e) for e in events]
    assert f"Rating changed from partly met to met by A. Reviewer, {today}" in texts
    assert f"Rating changed from not started to partly met by A. Reviewer, {today}" in texts
    assert f"Answer to question 1 changed from no to yes by A. Reviewer, {today}" in texts
    assert f"Note on question 1 added: “Minutes of 3 March” by A. Reviewer, {today}" in texts
    assert f"Commentary added: “Decision recorded” by A. Reviewer, {today}" in texts
    assert texts[0].startswith(
        (
            "Rating changed from partly met",
            "Answer to question 1 changed from no",
            "Note on",
            "Commentary",
        )
    )


def test_a_changed_note_shows_the_old_and_the_new_text(cast):
    save(cast.review, 2, cast.reviewer, answers={1: ("no", "Minutes of 3 March")})
    save(cast.review, 2, cast.reviewer, answers={1: ("no", "Minutes of 3 and 10 March")})
    save(cast.review, 2, cast.reviewer, answers={1: ("no", "")})
    texts = [e.text for e in marker_events(cast.review, marker(cast.review, 2))]
    assert (
        "Note on question 1 changed from “Minutes of 3 March” to “Minutes of 3 and 10 March”"
        in (texts)
    )
    assert "Note on question 1 removed (it read “Minutes of 3 and 10 March”)" in texts


def test_it_describes_evidence_added_withdrawn_and_replaced(cast):
    m = marker(cast.review, 2)
    e = Evidence(
        review=cast.review,
        marker=m,
        kind="note",
        title="Chair's letter",
        description="x",
        added_by=cast.reviewer,
    )
    e._history_user = cast.reviewer
    e.save()
    e.withdraw(by=cast.manager, reason="Superseded")
    texts = [e.text for e in marker_events(cast.review, m)]
    assert "Evidence “Chair's letter” added" in texts
    assert "Evidence “Chair's letter” withdrawn (Superseded)" in texts


def test_it_records_the_user_of_a_web_request(cast, as_user):
    m = marker(cast.review, 2)
    as_user(cast.reviewer).post(
        reverse("reviews:marker", args=[cast.review.pk, 2]), form_data(m, rating="not_met")
    )
    body = (
        as_user(cast.member)
        .get(reverse("reviews:marker_history", args=[cast.review.pk, 2]))
        .content.decode()
    )
    expected = f"Rating changed from not started to not met by {short_name(cast.reviewer)}"
    assert expected in body


def test_it_shows_an_empty_history(cast, as_user):
    body = (
        as_user(cast.chair)
        .get(reverse("reviews:marker_history", args=[cast.review.pk, 2]))
        .content.decode()
    )
    assert "Nothing has been recorded for this marker yet" in body


def test_it_shows_typed_html_in_history_as_text(cast, as_user):
    m = marker(cast.review, 2)
    e = Evidence(
        review=cast.review,
        marker=m,
        kind="note",
        title="<img src=x onerror=alert(1)>",
        description="x",
        added_by=cast.reviewer,
    )
    e.save()
    body = (
        as_user(cast.chair)
        .get(reverse("reviews:marker_history", args=[cast.review.pk, 2]))
        .content.decode()
    )
    assert "<img src=x" not in body and "&lt;img src=x" in body


def test_it_reads_the_history_in_a_fixed_number_of_queries(
    cast, as_user, django_assert_max_num_queries
):
    url = reverse("reviews:marker_history", args=[cast.review.pk, 2])
    client = as_user(cast.chair)
    save(cast.review, 2, cast.reviewer, rating="met", answers={1: ("yes", "")})
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for i, rating in enumerate(["partly_met", "not_met", "met"] * 5):
        save(
            cast.review,
            2,
            cast.reviewer,
            rating=rating,
            commentary=f"C{i}",
            answers={n: ("no" if i % 2 else "yes", f"N{i}") for n in range(1, 10)},
        )
    with django_assert_max_num_queries(12) as many:
        response = client.get(url)
    assert response.content.decode().count("Rating changed") == 16
    assert len(many.captured_queries) == len(few.captured_queries)
