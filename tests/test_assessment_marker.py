"""The marker page: reading, saving answers and rating, bad input, concurrent edits."""

import pytest
from django.urls import reverse

from reviews.models import Evidence, MarkerAssessment, MarkerComment, QuestionAnswer
from tests.assessment_helpers import form_data, marker, save
from tests.factories import ReviewFactory


def changes_shown(body: str) -> list[str]:
    """The texts of the concurrent-edit message, in order: who and when, then labels and values."""
    import re
    from html import unescape

    block = body.split('class="govuk-list app-conflict-changes">')[1].split("</ul>")[0]
    block = re.sub(r"</?strong>", "", block)
    texts = [unescape(" ".join(t.split())) for t in re.split(r"<[^>]+>", block)]
    return [t for t in texts if t]


def url(review, number=1):
    return reverse("reviews:marker", args=[review.pk, number])


def test_it_shows_a_marker_not_started_with_its_guidance_and_questions(cast, as_user):
    response = as_user(cast.reviewer).get(url(cast.review, 13))
    assert response.status_code == 200
    body = response.content.decode()
    m = marker(cast.review, 13)
    assert m.quality_statement in body
    assert body.count('class="govuk-details"') >= 4  # the guidance sections
    # Each question is the legend of its answer's fieldset (a screen reader hears it).
    for q in m.questions.all():
        assert f'<h4 class="govuk-fieldset__heading">{q.number}. ' in body
    assert "Not yet started" in body
    assert "govuk-grid-column-one-third" in body


@pytest.mark.parametrize("who", ["manager", "chair", "member"])
def test_it_shows_readers_the_answers_without_a_form(cast, as_user, who):
    save(cast.review, 1, cast.reviewer, rating="met", answers={1: ("yes", "Referral on file")})
    response = as_user(getattr(cast, who)).get(url(cast.review))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Referral on file" in body
    assert "Save assessment" not in body
    assert 'name="answer_' not in body


def test_it_saves_one_answer_without_the_others(cast, as_user):
    m = marker(cast.review, 1)
    data = form_data(m, answers={2: ("partly", "Criteria met in part")})
    response = as_user(cast.reviewer).post(url(cast.review), data)
    assert response.status_code == 302
    a = MarkerAssessment.objects.get(review=cast.review, marker=m)
    assert a.version == 1 and a.updated_by == cast.reviewer
    (answer,) = QuestionAnswer.objects.filter(assessment=a)
    assert (answer.question.number, answer.answer, answer.note) == (
        2,
        "partly",
        "Criteria met in part",
    )


def test_it_saves_the_rating_and_commentary(cast, as_user):
    m = marker(cast.review, 5)
    data = form_data(m, rating="partly_met", commentary="Purpose shared late")
    as_user(cast.reviewer).post(url(cast.review, 5), data)
    a = MarkerAssessment.objects.get(review=cast.review, marker=m)
    assert (a.rating, a.commentary) == ("partly_met", "Purpose shared late")
    page = as_user(cast.reviewer).get(url(cast.review, 5)).content.decode()
    assert "Partly met" in page and "Purpose shared late" in page


def test_the_reason_is_asked_under_not_applicable_only(cast, as_user):
    page = as_user(cast.reviewer).get(url(cast.review, 9)).content.decode()
    na = page.index('value="not_applicable"')
    reveal = page.index('class="govuk-radios__conditional govuk-radios__conditional--hidden"')
    assert (
        na < reveal < page.index('name="not_applicable_reason"') < page.index('name="commentary"')
    )
    assert "Why does the marker not apply to this review?" in page
    assert page.count('name="not_applicable_reason"') == 1


def test_it_refuses_not_applicable_without_a_reason(cast, as_user):
    m = marker(cast.review, 9)
    response = as_user(cast.reviewer).post(
        url(cast.review, 9), form_data(m, rating="not_applicable", commentary="Keep me")
    )
    assert response.status_code == 200
    assert "Enter why the marker does not apply to this review" in response.content.decode()
    assert "Keep me" in response.content.decode()
    # With its error, the reason is shown open under the choice made.
    assert 'class="govuk-radios__conditional" id="conditional_rating_' in response.content.decode()
    assert not MarkerAssessment.objects.filter(review=cast.review).exists()


def test_it_accepts_not_applicable_with_a_reason(cast, as_user):
    m = marker(cast.review, 9)
    data = form_data(m, rating="not_applicable", reason="No parallel processes at all")
    assert as_user(cast.reviewer).post(url(cast.review, 9), data).status_code == 302
    assert MarkerAssessment.objects.get(review=cast.review).not_applicable_reason


def test_it_refuses_an_answer_to_a_question_of_another_marker(cast, as_user):
    m1, m2 = marker(cast.review, 1), marker(cast.review, 2)
    data = form_data(m1, answers={1: ("yes", "")})
    data[f"answer_{m2.questions.first().pk}"] = "yes"
    response = as_user(cast.reviewer).post(url(cast.review), data)
    assert response.status_code == 200
    assert "not part of this marker" in response.content.decode()
    assert not QuestionAnswer.objects.exists()


def test_it_refuses_the_service_an_answer_to_another_markers_question(cast):
    from django.core.exceptions import ValidationError

    from reviews.services.assessment import AnswerInput, marker_assessment_save

    m1, m2 = marker(cast.review, 1), marker(cast.review, 2)
    with pytest.raises(ValidationError):
        marker_assessment_save(
            review=cast.review,
            marker=m1,
            by=cast.reviewer,
            version=0,
            rating="met",
            not_applicable_reason="",
            commentary="",
            answers={m2.questions.first().pk: AnswerInput("yes", "")},
        )


def test_it_404s_a_marker_number_outside_the_set(cast, as_user):
    assert as_user(cast.reviewer).get(url(cast.review, 19)).status_code == 404


@pytest.mark.parametrize(
    "who,status",
    [
        ("manager", 403),
        ("chair", 403),
        ("member", 403),
        ("reviewer_off", 404),
        ("outsider", 404),
        ("admin", 404),
    ],
)
def test_it_lets_only_the_reviews_assessors_save(cast, as_user, who, status):
    m = marker(cast.review, 1)
    response = as_user(getattr(cast, who)).post(url(cast.review), form_data(m, rating="met"))
    assert response.status_code == status
    assert not MarkerAssessment.objects.exists()


def test_it_lets_a_panel_member_save(cast, as_user):
    from reviews.models import ReviewRole
    from tests.factories import ReviewRoleFactory

    ReviewRoleFactory(review=cast.review, user=cast.reviewer_off, role=ReviewRole.Role.PANEL_MEMBER)
    m = marker(cast.review, 1)
    assert (
        as_user(cast.reviewer_off)
        .post(url(cast.review), form_data(m, rating="met", answers={1: ("yes", "")}))
        .status_code
        == 302
    )


def test_it_shows_typed_html_as_text(cast, as_user):
    m = marker(cast.review, 1)
    script = "<script>alert('x')</script>"
    as_user(cast.reviewer).post(
        url(cast.review), form_data(m, commentary=script, answers={1: ("yes", script)})
    )
    for who in (cast.reviewer, cast.manager):
        body = as_user(who).get(url(cast.review)).content.decode()
        assert script not in body
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body


# Concurrent editing --------------------------------------------------------------------------


def test_it_refuses_a_save_from_a_page_opened_before_someone_elses_save(cast, as_user):
    from reviews.models import ReviewRole
    from tests.factories import ReviewRoleFactory, UserFactory

    colleague = UserFactory(username="panel", first_name="Pat", last_name="Panel")
    from accounts.models import Membership
    from tests.factories import MembershipFactory

    MembershipFactory(user=colleague, board=cast.board, role=Membership.Role.LEAD_REVIEWER)
    ReviewRoleFactory(review=cast.review, user=colleague, role=ReviewRole.Role.PANEL_MEMBER)
    m = marker(cast.review, 4)
    # Both open the page at version 0; the colleague saves first.
    save(cast.review, 4, colleague, version=0, rating="met", answers={1: ("yes", "Family told")})
    mine = form_data(m, version=0, rating="not_met", commentary="My unsaved commentary")
    response = as_user(cast.reviewer).post(url(cast.review, 4), mine)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this QM4 assessment after you opened the page" in body
    changes = changes_shown(body)
    assert changes[0].startswith("Pat Panel saved it, ")  # full names, as everywhere else
    assert changes[1:] == [
        "Rating",
        "Met",
        "Answer to question 1",
        "Yes",
        "Note on question 1",
        "Family told",
    ]
    assert "My unsaved commentary" in body  # the user's text is kept
    a = MarkerAssessment.objects.get(review=cast.review, marker=m)
    assert (a.rating, a.commentary, a.version) == ("met", "", 1)
    assert 'name="version" value="1"' in body
    # Saving again from the refreshed form replaces the saved version knowingly.
    mine["version"] = 1
    assert as_user(cast.reviewer).post(url(cast.review, 4), mine).status_code == 302
    a.refresh_from_db()
    assert (a.rating, a.commentary, a.version) == ("not_met", "My unsaved commentary", 2)


def test_it_lists_only_the_changes_made_after_the_page_was_opened(cast, as_user):
    m = marker(cast.review, 4)
    save(cast.review, 4, cast.reviewer, rating="partly_met")  # version 1: I open here
    save(cast.review, 4, cast.manager, version=1, rating="met")  # someone else, version 2
    save(cast.review, 4, cast.manager, version=2, rating="met", commentary="Their <b>text</b>")
    response = as_user(cast.reviewer).post(url(cast.review, 4), form_data(m, version=1))
    body = response.content.decode()
    assert response.status_code == 409
    changes = changes_shown(body)
    who = f"{cast.manager.get_full_name()} saved it, "
    assert changes[0].startswith(who) and changes[1:3] == ["Rating", "Met"]
    assert changes[3].startswith(who) and changes[4:] == ["Commentary", "Their <b>text</b>"]
    assert "Partly met" not in changes  # my own save, before I opened the page
    assert "Their &lt;b&gt;text&lt;/b&gt;" in body


def test_it_does_not_bump_the_version_when_nothing_changed(cast):
    a = save(cast.review, 1, cast.reviewer, rating="met")
    a = save(cast.review, 1, cast.reviewer, version=1, rating="met")
    assert a.version == 1


# Query counts --------------------------------------------------------------------------------


def _many_rows(cast, n_evidence=30):
    m = marker(cast.review, 13)
    save(
        cast.review,
        13,
        cast.reviewer,
        rating="partly_met",
        commentary="Analysis thin",
        answers={q.number: ("yes", f"Note {q.number}") for q in m.questions.all()},
    )
    questions = list(m.questions.all())
    for i in range(n_evidence):
        e = Evidence.objects.create(
            review=cast.review,
            marker=m,
            kind="note",
            title=f"Note {i}",
            description="A note",
            added_by=cast.reviewer,
        )
        e.questions.set(questions[: 1 + i % 4])
    for i in range(10):
        MarkerComment.objects.create(review=cast.review, marker=m, author=cast.chair, body=f"C{i}")
    return m


# One more than the page itself: the read access log records the view (issue 12).
MARKER_PAGE_QUERIES = 11


@pytest.mark.parametrize("who", ["reviewer", "chair"])
def test_it_reads_the_marker_page_in_a_fixed_number_of_queries(
    cast, as_user, django_assert_max_num_queries, who
):
    client = as_user(getattr(cast, who))
    _many_rows(cast, n_evidence=3)
    with django_assert_max_num_queries(MARKER_PAGE_QUERIES) as few:
        client.get(url(cast.review, 13))
    _many_rows(cast, n_evidence=40)
    with django_assert_max_num_queries(MARKER_PAGE_QUERIES) as many:
        response = client.get(url(cast.review, 13))
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_it_does_not_leak_another_reviews_assessment(cast, as_user):
    other = ReviewFactory(board=cast.board)
    save(other, 1, cast.reviewer, commentary="Other review's commentary")
    body = as_user(cast.reviewer).get(url(cast.review)).content.decode()
    assert "Other review&#x27;s commentary" not in body and "Other review's" not in body


def test_it_asks_to_confirm_met_with_no_answer_and_no_evidence(cast, as_user):
    m = marker(cast.review, 1)
    client = as_user(cast.reviewer)
    response = client.post(url(cast.review), form_data(m, rating="met"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in body
    assert 'href="#id_confirm_met"' in body
    assert not MarkerAssessment.objects.filter(review=cast.review, marker=m).exists()
    response = client.post(url(cast.review), form_data(m, rating="met") | {"confirm_met": "on"})
    assert response.status_code == 302
    assert MarkerAssessment.objects.get(review=cast.review, marker=m).rating == "met"


def test_save_and_add_evidence_saves_the_answers_first(cast, as_user):
    m = marker(cast.review, 1)
    q = m.questions.get(number=2)
    data = form_data(m, rating="met", answers={2: ("", "Typed just before")}) | {"then": q.pk}
    response = as_user(cast.reviewer).post(url(cast.review), data)
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{cast.review.pk}/markers/1/evidence/?question={q.pk}"
    a = MarkerAssessment.objects.get(review=cast.review, marker=m)
    assert a.answers.get(question=q).note == "Typed just before"


# The questions, written by the view in one pass --------------------------------------------

# What templates/reviews/assessment/marker.html wrote with a loop and two includes per question
# (_answer_radios.html, _records.html) before the view wrote the questions itself.
_RECORDS_INCLUDE = (
    '{% if records %}<dl class="govuk-summary-list govuk-summary-list--no-border app-records">\n'
    '  {% for label, value in records %}<div class="govuk-summary-list__row">'
    '<dt class="govuk-summary-list__key">{{ label }}</dt><dd class="govuk-summary-list__value">'
    "{{ value }}</dd></div>{% endfor %}\n</dl>{% endif %}\n"
)
_ANSWER_INCLUDE = (
    '\n<div class="govuk-form-group{% if field.errors %} govuk-form-group--error{% endif %}">\n'
    '  <fieldset class="govuk-fieldset"{% if field.errors %} aria-describedby="'
    '{{ field.auto_id }}_error"{% endif %}>\n    <legend class="govuk-fieldset__legend '
    'govuk-fieldset__legend--s"><h4 class="govuk-fieldset__heading">{{ field.label }}</h4>'
    '</legend>\n    {% include records_include %}\n    {% if field.errors %}<p id="'
    '{{ field.auto_id }}_error" class="govuk-error-message"><span class="govuk-visually-hidden">'
    'Error:</span> {{ field.errors|join:" " }}</p>{% endif %}\n    <div class="govuk-radios '
    'govuk-radios--small govuk-radios--inline" data-module="govuk-radios">\n      {{ radios }}\n'
    "    </div>\n  </fieldset>\n</div>\n"
)
_QUESTIONS_LOOP = (
    '{% for row in rows %}\n    <div class="app-question" id="question-{{ row.question.number }}">'
    "\n      {% if access.can_assess %}\n        {% include answer_include with field=row.answer "
    "radios=row.radios question=row.question records=row.records %}\n        {{ row.note }}\n"
    '      {% else %}\n        <h4 class="govuk-heading-s">{{ row.question.number }}. '
    "{{ row.question.text }}</h4>\n        {% include records_include with records=row.records %}"
    '\n        <p class="govuk-body">Answer: <strong>{% if row.saved.answer %}'
    "{{ row.saved.get_answer_display }}{% else %}Not answered{% endif %}</strong></p>\n"
    '        {% if row.saved.note %}<p class="govuk-body">{{ row.saved.note|linebreaksbr }}</p>'
    "{% endif %}\n      {% endif %}\n      {% if row.evidence or access.can_assess %}"
    '<p class="govuk-body-s">{% if row.evidence %}Evidence: {{ row.evidence }}'
    "{% if access.can_assess %}. {% endif %}{% endif %}{% if access.can_assess %}"
    '<button type="submit" form="marker-form" name="then" value="{{ row.question.pk }}" '
    'class="app-link-button">Save and add evidence<span class="govuk-visually-hidden"> for '
    "question {{ row.question.number }}</span></button>{% endif %}</p>{% endif %}\n    </div>\n"
    '    <hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible">\n'
    "    {% endfor %}"
)
HOSTILE = "<b>&'\"x"


def _question_rows(data, hostile):
    from django.utils.safestring import mark_safe

    from markers.models import Question
    from reviews.forms.assessment import MarkerAssessmentForm
    from scrqm.forms import textarea_field

    text = HOSTILE if hostile else "Is it understood?"
    questions = [Question(pk=69 + i, number=i, text=f"{text} {i}") for i in (1, 2, 3)]
    saved = {
        70: QuestionAnswer(question_id=70, answer="partly", note=f"Two\nlines {text}"),
        71: QuestionAnswer(question_id=71, answer="", note=text),
    }
    initial = {"answer_70": "partly", "note_70": saved[70].note, "note_71": text}
    form = MarkerAssessmentForm(data, initial=initial, questions=questions)
    form.is_bound and form.is_valid()
    records = {1: [(text, text), ("Date", "3 March 2026")], 3: [("Only", text)]}
    evidence = {1: mark_safe('<a class="govuk-link" href="/e/1/">A</a>')}
    return [
        (
            q,
            field,
            radios,
            note,
            saved.get(q.pk),
            evidence.get(q.number, ""),
            records.get(q.number, []),
        )
        for q, field, radios, note in form.question_fields()
    ], textarea_field


@pytest.mark.django_db
@pytest.mark.parametrize("can_assess", [True, False])
@pytest.mark.parametrize("hostile", [False, True])
@pytest.mark.parametrize(
    "data", [None, {"version": "1", "rating": "met", "answer_70": "bogus <b>", "answer_71": "yes"}]
)
def test_the_questions_written_by_the_view_are_what_the_template_loop_wrote(
    can_assess, hostile, data
):
    from django.template import Context, Template

    from reviews.views.assessment import _questions

    rows, textarea_field = _question_rows(data, hostile)
    records_include = Template(_RECORDS_INCLUDE)
    looped = Template(_QUESTIONS_LOOP).render(
        Context(
            {
                "access": {"can_assess": can_assess},
                "answer_include": Template(_ANSWER_INCLUDE),
                "records_include": records_include,
                "rows": [
                    {
                        "question": q,
                        "answer": field,
                        "radios": radios,
                        "note": textarea_field(note),
                        "saved": saved,
                        "evidence": evidence,
                        "records": records,
                    }
                    for q, field, radios, note, saved, evidence, records in rows
                ],
            }
        )
    )
    written = _questions(
        [(q, f, r, textarea_field(n), s, e, rec) for q, f, r, n, s, e, rec in rows],
        can_assess=can_assess,
    )
    assert written == looped
    if data:
        assert ("govuk-form-group--error" in written) == can_assess


@pytest.mark.django_db
@pytest.mark.parametrize("can_assess", [True, False])
def test_the_questions_written_by_the_view_escape_every_value(can_assess):
    from reviews.views.assessment import _questions

    data = {"version": "1", "rating": "met", "answer_70": "bogus <b>", "answer_71": "yes"}
    rows, textarea_field = _question_rows(data, hostile=True)
    written = _questions(
        [(q, f, r, textarea_field(n), s, e, rec) for q, f, r, n, s, e, rec in rows],
        can_assess=can_assess,
    )
    # Every typed value (question, note, records, the refused answer) is written as text.
    assert "<b>" not in written and "&lt;b&gt;&amp;&#x27;&quot;x" in written


def test_it_names_who_last_changed_the_assessment_and_when_in_local_time(cast, as_user):
    from datetime import UTC, datetime

    save(cast.review, 1, cast.reviewer, rating="met", answers={1: ("yes", "")})
    MarkerAssessment.objects.update(updated_at=datetime(2026, 7, 1, 11, 30, tzinfo=UTC))
    body = as_user(cast.chair).get(url(cast.review)).content.decode()
    assert f"Last changed by {cast.reviewer}, 1 July 2026, 12:30." in body


@pytest.mark.parametrize("number", [0, 40000, 2**40, 10**25])
def test_it_404s_a_marker_number_no_marker_can_have(cast, as_user, number):
    response = as_user(cast.reviewer).get(f"/reviews/{cast.review.pk}/markers/{number}/")
    assert response.status_code == 404
