"""Marker self-assessment pages: the task list, one page per marker, its history, the
quality-assurance comments, assessment points and the board's reviews x markers grid."""

import html
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Value
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import boards_where, memberships_of
from accounts.models import Membership, User, person_name
from markers.models import Cluster, Marker, Question
from notifications.models import Kind
from notifications.send import absolute, digest, notify
from reviews import conflicts, rating_counts, redaction
from reviews.access import get_review_for_user
from reviews.assessment_records import records_for
from reviews.forms.assessment import (
    CommentForm,
    CompareForm,
    MarkerAssessmentForm,
    PointForm,
    ResolveForm,
    SignOffForm,
)
from reviews.history.assessment import marker_events
from reviews.models import (
    Answer,
    AssessmentPoint,
    Evidence,
    EvidenceFile,
    MarkerAssessment,
    MarkerComment,
    QuestionAnswer,
    Rating,
    Review,
)
from reviews.models.assessment import RATING_TAGS, Progress, marker_progress, rating_direction
from reviews.services.assessment import (
    StaleAssessment,
    assessment_point_take,
    marker_assessment_save,
)
from scrqm import prepared
from scrqm.forms import FilterForm, textarea_field
from scrqm.links import link, links
from scrqm.listing import page_of


def _marker(review: Review, number: int) -> Marker:
    """A marker of the review's own marker set (404 otherwise), with its questions (in their
    order: one marker's, without the joins the questions' default order takes)."""
    questions = Prefetch("questions", queryset=Question.objects.order_by("number"))
    return get_object_or_404(
        Marker.objects.select_related("cluster", "marker_set").prefetch_related(questions),
        marker_set_id=review.marker_set_id,
        number=number,
    )


def _marker_query(marker_set_id: int, number: int) -> dict:
    """What ``_marker`` reads, as rows: the marker page's, built once per process
    (``scrqm.prepared``), as its other queries are."""
    # The number as a value, not an int: the ORM refuses to compare a small integer column
    # with an int outside its range, which the stand-ins the queries are built with are.
    number = Value(number)
    return {
        "marker": Marker.objects.filter(marker_set_id=marker_set_id, number=number).values(
            *(f.attname for f in Marker._meta.concrete_fields), "cluster__number", "cluster__title"
        ),
        "questions": Question.objects.filter(
            marker__marker_set_id=marker_set_id, marker__number=number
        )
        .order_by("number")
        .values(*(f.attname for f in Question._meta.concrete_fields)),
    }


_MARKER_QUERY = prepared.Prepared(_marker_query)
_MAX_NUMBER = 32767  # a PositiveSmallIntegerField's


def _marker_shown(review: Review, number: int) -> tuple[Marker, list[Question]]:
    """``_marker`` for the marker page: the marker (404 if the review's set has none of that
    number) and its questions, each made from its row."""
    if not 0 <= number <= _MAX_NUMBER:  # as the ORM refuses one outside a marker number's range
        raise Http404("No such marker in the review's marker set")
    found = _MARKER_QUERY.run(marker_set_id=review.marker_set_id, number=number)
    if not found["marker"]:
        raise Http404("No such marker in the review's marker set")
    row = found["marker"][0]
    cluster = Cluster(
        pk=row["cluster_id"],
        marker_set=review.marker_set,
        number=row["cluster__number"],
        title=row["cluster__title"],
    )
    fields = {k: v for k, v in row.items() if not k.startswith("cluster__")}
    marker = Marker(**fields)
    marker.marker_set, marker.cluster = review.marker_set, cluster
    return marker, [Question(**q) for q in found["questions"]]


@require_GET
def task_list(request, pk: int):
    review, access = get_review_for_user(request.user, pk)
    markers = Marker.objects.filter(marker_set_id=review.marker_set_id).annotate(
        question_count=Count("questions")
    )
    clusters = list(
        Cluster.objects.filter(marker_set_id=review.marker_set_id).prefetch_related(
            Prefetch("markers", queryset=markers)
        )
    )
    assessments = {
        a.marker_id: a
        for a in MarkerAssessment.objects.filter(review=review).annotate(
            answered=Count("answers", filter=~Q(answers__answer="")),
            noted=Count("answers", filter=~Q(answers__note="")),
        )
    }
    evidence_counts = dict(
        Evidence.objects.current()
        .filter(review=review)
        .values_list("marker_id")
        .annotate(n=Count("pk"))
        .values_list("marker_id", "n")
    )
    focus = review.focus_cluster
    groups = []
    for cluster in clusters:
        items = []
        for marker in cluster.markers.all():
            a = assessments.get(marker.pk)
            rating = a.rating if a else Rating.NOT_STARTED
            answered = a.answered if a else 0
            evidence = evidence_counts.get(marker.pk, 0)
            touched = bool(evidence or (a and (a.noted or a.commentary)))
            items.append(
                {
                    "marker": marker,
                    "rating": Rating(rating),
                    "tag": RATING_TAGS[rating],
                    "progress": marker_progress(rating, answered, marker.question_count, touched),
                    "answered": answered,
                    "evidence": evidence,
                }
            )
        groups.append({"cluster": cluster, "items": items, "in_focus": cluster.number == focus})
    groups.sort(key=lambda g: not g["in_focus"])
    items = [item for g in groups for item in g["items"]]
    return render(
        request,
        "reviews/assessment/task_list.html",
        {
            "review": review,
            "access": access,
            "tab": "markers",
            "groups": groups,
            "total": len(items),
            "completed": sum(1 for i in items if i["progress"] == Progress.COMPLETED),
        },
    )


def _initial(assessment, answers) -> dict:
    initial = {"version": assessment.version if assessment else 0}
    if assessment:
        initial.update(
            rating=assessment.rating,
            not_applicable_reason=assessment.not_applicable_reason,
            commentary=assessment.commentary,
        )
    for question_id, ans in answers.items():
        initial[f"answer_{question_id}"] = ans.answer
        initial[f"note_{question_id}"] = ans.note
    return initial


_PERSON = ("id", "first_name", "last_name", "username")
_ASSESSMENT_SHOWN = (
    *("pk", "rating", "not_applicable_reason", "commentary", "version", "updated_at"),
    *(f"updated_by__{name}" for name in _PERSON),
    *("answers__question_id", "answers__answer", "answers__note"),
)
_COMMENT_SHOWN = (
    *("pk", "body", "created_at", "reply", "resolved_at"),
    *(f"author__{name}" for name in _PERSON),
    *(f"resolved_by__{name}" for name in _PERSON),
)


def _saved(review, marker, rows) -> tuple[MarkerAssessment | None, dict[int, QuestionAnswer]]:
    """The review's assessment of the marker (None before its first save) and its answers by
    question, from the rows of its query: a row for each answer (one for an assessment with
    none)."""
    assessment, answers = None, {}
    for row in rows:
        if assessment is None:
            assessment = MarkerAssessment(
                pk=row["pk"],
                review=review,
                marker=marker,
                rating=row["rating"],
                not_applicable_reason=row["not_applicable_reason"],
                commentary=row["commentary"],
                version=row["version"],
                updated_at=row["updated_at"],
                updated_by=_user(row, "updated_by"),
            )
        if (question_id := row["answers__question_id"]) is not None:
            answers[question_id] = QuestionAnswer(
                assessment=assessment,
                question_id=question_id,
                answer=row["answers__answer"],
                note=row["answers__note"],
            )
    return assessment, answers


def _comments(review, marker, rows) -> list[MarkerComment]:
    comments = []
    for row in rows:
        comments.append(
            MarkerComment(
                pk=row["pk"],
                review=review,
                marker=marker,
                body=row["body"],
                created_at=row["created_at"],
                reply=row["reply"],
                resolved_at=row["resolved_at"],
                author=_user(row, "author"),
                resolved_by=_user(row, "resolved_by"),
            )
        )
    return comments


def _user(row: dict, name: str) -> User | None:
    """The user a row names as ``name``, with what the page shows of them (their name)."""
    if row[f"{name}__id"] is None:
        return None
    return User(**{field: row[f"{name}__{field}"] for field in _PERSON})


def _marker_queries(review_id: int, marker_id: int) -> dict:
    """The marker page's queries, built once per process (``scrqm.prepared``): building and
    compiling them cost more than the database takes to answer. The assessment with its
    answers, the evidence items with their questions and numbers of file versions, the
    comments: each read as the columns shown, in one query."""
    mine = {"review_id": review_id, "marker_id": marker_id}
    versions = (
        EvidenceFile.objects.filter(evidence=OuterRef("pk"))
        .order_by()
        .values("evidence")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return {
        "saved": MarkerAssessment.objects.filter(**mine).order_by().values(*_ASSESSMENT_SHOWN),
        "evidence": Evidence.objects.filter(**mine)
        .annotate(version_count=Subquery(versions))
        .values(*_EVIDENCE_SHOWN, "version_count", "questions"),
        "comments": MarkerComment.objects.filter(**mine).values(*_COMMENT_SHOWN),
    }


_MARKER_QUERIES = prepared.Prepared(_marker_queries)


def _marker_page(
    request,
    review,
    access,
    marker,
    *,
    questions=None,
    form=None,
    comment_form=None,
    resolve_forms=None,
):
    found = _MARKER_QUERIES.run(review_id=review.pk, marker_id=marker.pk)
    assessment, answers = _saved(review, marker, found["saved"])
    questions = list(marker.questions.all()) if questions is None else questions
    if form is None:
        form = MarkerAssessmentForm(initial=_initial(assessment, answers), questions=questions)
    evidence = _evidence(review, found["evidence"], questions)
    by_question = defaultdict(list)
    for item in evidence:
        if not item.is_withdrawn:
            for q in item.questions:
                by_question[q.pk].append(item)
    comments = _comments(review, marker, found["comments"])
    resolve_forms = resolve_forms or {}
    for c in comments:
        c.resolve_form = resolve_forms.get(c.pk) or ResolveForm(prefix=f"comment-{c.pk}")
        c.reply_field = textarea_field(c.resolve_form["reply"])
    records = records_for(review, marker)
    error_form = next(
        (f for f in [form, comment_form, *resolve_forms.values()] if f is not None and f.errors),
        None,
    )
    questions_html = _questions(
        [
            (
                q,
                field,
                radios,
                textarea_field(note),
                answers.get(q.pk),
                _links(by_question.get(q.pk, [])),
                records.get(q.number, []),
            )
            for q, field, radios, note in form.question_fields()
        ],
        can_assess=access.can_assess,
    )
    return render(
        request,
        "reviews/assessment/marker.html",
        {
            "review": review,
            "access": access,
            "tab": "markers",
            "marker": marker,
            "assessment": assessment,
            "rating": Rating(assessment.rating if assessment else Rating.NOT_STARTED),
            "rating_tag": RATING_TAGS[assessment.rating if assessment else Rating.NOT_STARTED],
            "progress": marker_progress(
                assessment.rating if assessment else Rating.NOT_STARTED,
                sum(1 for a in answers.values() if a.answer),
                len(questions),
                bool(
                    any(a.note for a in answers.values())
                    or (assessment and assessment.commentary)
                    or any(not e.is_withdrawn for e in evidence)
                ),
            ),
            "error_form": error_form,
            "form": form,
            "questions": questions_html,
            "marker_records": records.get(None, []),
            "evidence": _evidence_rows([e for e in evidence if not e.is_withdrawn]),
            "withdrawn": _withdrawn(evidence, access),
            "comments": comments,
            "rating_radios": form.rating_radios() if access.can_assess else "",
            "commentary": textarea_field(form["commentary"]),
            "comment_body": textarea_field((comment_form or CommentForm())["body"]),
        },
        status=conflicts.status_for(form),
    )


@dataclass
class _Item:
    """What the marker page shows of one evidence item (no model instance for each of what
    may be hundreds)."""

    pk: int
    title: str
    kind: str  # its label
    dated_on: date | None
    added_by: str
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    withdrawn_reason: str
    url: str
    version_count: int
    questions: list  # the marker's questions it is tagged with, in order
    question_numbers: str

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


_EVIDENCE_SHOWN = (
    *("pk", "kind", "title", "dated_on", "withdrawn_at", "withdrawn_reason"),
    *(f"added_by__{name}" for name in _PERSON),
    *(f"withdrawn_by__{name}" for name in _PERSON),
)


def _evidence(review, rows, questions) -> list[_Item]:
    """The marker's evidence items, newest first, with their questions (the marker's own,
    loaded already) and numbers of file versions, from the rows of its query: a row for each
    question an item is tagged with (one for an item with none), next to each other."""
    question_of = {q.pk: q for q in questions}
    kinds = dict(Evidence.Kind.choices)
    people = {}  # each person's name written once

    def person(row, name) -> str | None:
        pk = row[f"{name}__id"]
        if pk is None:
            return None
        if pk not in people:
            people[pk] = person_name(*(row[f"{name}__{field}"] for field in _PERSON[1:]))
        return people[pk]

    items = []
    for row in rows:
        if not items or items[-1].pk != row["pk"]:
            items.append(
                _Item(
                    pk=row["pk"],
                    title=row["title"],
                    kind=kinds.get(row["kind"], row["kind"]),
                    dated_on=row["dated_on"],
                    added_by=person(row, "added_by"),
                    withdrawn_at=row["withdrawn_at"],
                    withdrawn_by=person(row, "withdrawn_by"),
                    withdrawn_reason=row["withdrawn_reason"],
                    url="",  # below, all at once
                    version_count=row["version_count"] or 0,
                    questions=[],
                    question_numbers="Whole marker",
                )
            )
        # A question the item is tagged with (the evidence form offers only the marker's own).
        if row["questions"] in question_of:
            items[-1].questions.append(question_of[row["questions"]])
    urls = links("reviews:evidence", review.pk, [item.pk for item in items])
    for item, url in zip(items, urls, strict=True):
        item.url = url
        if item.questions:
            item.questions.sort(key=lambda q: q.number)
            item.question_numbers = ", ".join(str(q.number) for q in item.questions)
    return items


# The marker page's evidence, written in one pass here rather than by a template loop, each
# part escaped once: the same markup, at a fraction of the cost for the hundreds of items a
# marker may hold.
_LINK = '<a class="govuk-link" href="{}">{}</a>'
_ROW = (
    '<tr class="govuk-table__row"><td class="govuk-table__cell">' + _LINK + "</td>"
    '<td class="govuk-table__cell">{}{}</td><td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td></tr>'
)


def _links(items) -> str:
    """Links to the evidence items, separated by commas."""
    return mark_safe(  # noqa: S308 (every part escaped)
        ", ".join(_LINK.format(html.escape(e.url), html.escape(e.title)) for e in items)
    )


def _evidence_rows(items) -> str:
    """The rows of the evidence table: title, kind (and versions), date, questions, who."""
    once = {}  # many items share a kind, a date, a person: each written once

    def escaped(value) -> str:
        if value not in once:
            once[value] = html.escape(str(value))
        return once[value]

    def day(value) -> str:
        if value not in once:
            once[value] = html.escape(localize(value))
        return once[value]

    return mark_safe(  # noqa: S308 (every part escaped)
        "\n".join(
            _ROW.format(
                html.escape(e.url),
                html.escape(e.title),
                escaped(e.kind),
                f" ({e.version_count} versions)" if e.version_count > 1 else "",
                day(e.dated_on) if e.dated_on else "–",
                escaped(e.question_numbers),
                escaped(e.added_by),
            )
            for e in items
        )
    )


# Each question of the marker page, written here rather than by a template loop with two
# includes per question: the same markup, whitespace and all (tests/test_assessment_marker.py
# compares it with the loop's). For the assessors: the question as the legend of its answer's
# small inline radios (a screen reader hears it with the choices; eleven questions of five
# choices stacked would make a very long page), what the review already records for it under
# the legend, then its note; for readers: the saved answer and note as text.
_QUESTION = (
    '\n    <div class="app-question" id="question-{number}">\n      {body}\n      {evidence}'
    '\n    </div>\n    <hr class="govuk-section-break govuk-section-break--m '
    'govuk-section-break--visible">\n    '
)
_ANSWER = (
    '\n        \n<div class="govuk-form-group{error_class}">\n  <fieldset class="govuk-fieldset"'
    '{described}>\n    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">'
    '<h4 class="govuk-fieldset__heading">{label}</h4></legend>\n    {records}\n    {error}\n'
    '    <div class="govuk-radios govuk-radios--small govuk-radios--inline" '
    'data-module="govuk-radios">\n      {radios}\n    </div>\n  </fieldset>\n</div>\n'
    "\n        {note}\n      "
)
_ANSWER_ERROR = (
    '<p id="{0}_error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:'
    "</span> {1}</p>"
)
_SAVED = (
    '\n        <h4 class="govuk-heading-s">{number}. {text}</h4>\n        {records}\n'
    '        <p class="govuk-body">Answer: <strong>{answer}</strong></p>\n        {note}\n      '
)
_RECORDS = '<dl class="govuk-summary-list govuk-summary-list--no-border app-records">\n  {0}\n</dl>'
_RECORD = (
    '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{0}</dt>'
    '<dd class="govuk-summary-list__value">{1}</dd></div>'
)
_ADD_EVIDENCE = (
    '<button type="submit" form="marker-form" name="then" value="{0}" class="app-link-button">'
    'Save and add evidence<span class="govuk-visually-hidden"> for question {1}</span></button>'
)


def _shown(value) -> str:
    """A value as ``{{ value }}`` writes it."""
    return conditional_escape(localize(value))


def _records(records) -> str:
    """reviews/assessment/_records.html: what the review already records for a question."""
    if not records:
        return "\n"
    rows = "".join(_RECORD.format(_shown(label), _shown(value)) for label, value in records)
    return _RECORDS.format(rows) + "\n"


def _questions(rows, *, can_assess: bool) -> str:
    """The questions of the marker page. Each row: (question, answer field, its radios, note
    field written, saved answer or None, evidence links, records)."""
    out = []
    for q, field, radios, note, saved, evidence, records in rows:
        number = _shown(q.number)
        if can_assess:
            errors = field.errors
            auto_id = _shown(field.auto_id)
            body = _ANSWER.format(
                error_class=" govuk-form-group--error" if errors else "",
                described=f' aria-describedby="{auto_id}_error"' if errors else "",
                label=_shown(field.label),
                records=_records(records),
                error=_ANSWER_ERROR.format(auto_id, " ".join(_shown(e) for e in errors))
                if errors
                else "",
                radios=radios,
                note=note,
            )
            add = _ADD_EVIDENCE.format(_shown(q.pk), number)
        else:
            answered = saved is not None and saved.answer
            body = _SAVED.format(
                number=number,
                text=_shown(q.text),
                records=_records(records),
                answer=_shown(saved.get_answer_display()) if answered else "Not answered",
                note=f'<p class="govuk-body">{linebreaksbr(saved.note, autoescape=True)}</p>'
                if saved is not None and saved.note
                else "",
            )
            add = ""
        shown = ""
        if evidence or can_assess:
            links_ = f"Evidence: {evidence}{'. ' if can_assess else ''}" if evidence else ""
            shown = f'<p class="govuk-body-s">{links_}{add}</p>'
        out.append(_QUESTION.format(number=number, body=body, evidence=shown))
    return mark_safe("".join(out))  # noqa: S308 (every part escaped or written safe)


def _withdrawn(evidence, access) -> list:
    """Withdrawn evidence, each known by the title the user may read."""
    out = [e for e in evidence if e.is_withdrawn]
    for e in out:
        e.shown_title = access.evidence_title(e)
    return out


@require_http_methods(["GET", "POST"])
def marker_detail(request, pk: int, number: int):
    review, access = get_review_for_user(
        request.user, pk, need="assess" if request.method == "POST" else "view"
    )
    if request.method == "GET":
        marker, questions = _marker_shown(review, number)
        return _marker_page(request, review, access, marker, questions=questions)
    marker = _marker(review, number)
    form = MarkerAssessmentForm(request.POST, questions=marker.questions.all())
    if not form.is_valid():
        return _marker_page(request, review, access, marker, form=form)
    # "Save and add evidence" (for the marker, or beside a question) saves the answers first,
    # so nothing typed is lost on the way to the evidence form.
    then = request.POST.get("then", "")
    has_evidence = Evidence.objects.current().filter(review=review, marker=marker).exists()
    if not then and form.met_without_support(has_evidence):
        form.add_error(
            "confirm_met",
            f"Confirm that QM{marker.number} is met although no question is answered and no "
            "evidence is recorded, or answer the questions first",
        )
        return _marker_page(request, review, access, marker, form=form)
    data = form.cleaned_data
    try:
        marker_assessment_save(
            review=review,
            marker=marker,
            by=request.user,
            version=data["version"],
            rating=data["rating"],
            not_applicable_reason=data["not_applicable_reason"],
            commentary=data["commentary"],
            answers=form.answers(),
        )
    except StaleAssessment as stale:
        conflict = conflicts.marker_conflict(stale.assessment, data["version"])
        conflicts.refuse(form, conflict, "version", stale.assessment.version)
        return _marker_page(request, review, access, marker, form=form)
    except ValidationError as e:
        form.add_error(None, e.messages)
        return _marker_page(request, review, access, marker, form=form)
    messages.success(request, f"QM{marker.number} {marker.title}: assessment saved")
    if then:
        url = reverse("reviews:evidence_add", args=[review.pk, marker.number])
        if then.isdecimal():
            url += f"?question={then}"
        return redirect(url)
    return redirect("reviews:marker", review.pk, marker.number)


@require_GET
def marker_history(request, pk: int, number: int):
    review, access = get_review_for_user(request.user, pk)
    marker = _marker(review, number)
    return render(
        request,
        "reviews/assessment/history.html",
        {
            "review": review,
            "access": access,
            "tab": "markers",
            "marker": marker,
            "events": marker_events(review, marker, show_withdrawn=access.is_team),
        },
    )


@require_POST
def comment_add(request, pk: int, number: int):
    review, access = get_review_for_user(request.user, pk, need="comment")
    marker = _marker(review, number)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _marker_page(request, review, access, marker, comment_form=form)
    comment = form.save(commit=False)
    comment.review, comment.marker, comment.author = review, marker, request.user
    comment._history_user = request.user
    comment.save()
    notify(
        Kind.CHALLENGE_RAISED,
        review.lead_reviewers(),
        review=review,
        key=digest(review.pk, marker.number, request.user.pk, comment.body.strip()),
        url=absolute(request, marker_url(review, marker)),
    )
    messages.success(request, "Comment added")
    return redirect(f"{marker_url(review, marker)}#comments")


def marker_url(review, marker) -> str:
    return reverse("reviews:marker", args=[review.pk, marker.number])


@require_POST
def comment_resolve(request, pk: int, comment_pk: int):
    review, access = get_review_for_user(request.user, pk, need="assess")
    comment = get_object_or_404(
        MarkerComment.objects.select_related("marker"), review=review, pk=comment_pk
    )
    marker = _marker(review, comment.marker.number)
    form = ResolveForm(request.POST, prefix=f"comment-{comment.pk}")
    if form.is_valid():
        try:
            comment.resolve(by=request.user, reply=form.cleaned_data["reply"])
        except ValidationError as e:
            form.add_error(None, e.messages)
    if form.errors:
        return _marker_page(request, review, access, marker, resolve_forms={comment.pk: form})
    notify(
        Kind.CHALLENGE_ANSWERED,
        [comment.author],
        review=review,
        key=f"comment:{comment.pk}",
        url=absolute(request, marker_url(review, marker)),
    )
    messages.success(request, "Comment resolved")
    return redirect(f"{marker_url(review, marker)}#comments")


# Assessment points --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def points(request, pk: int):
    review, access = get_review_for_user(
        request.user, pk, need="assess" if request.method == "POST" else "view"
    )
    form = PointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        point = assessment_point_take(
            review=review,
            kind=form.cleaned_data["kind"],
            name=form.cleaned_data["name"],
            by=request.user,
        )
        messages.success(request, f"Snapshot “{point}” taken")
        return redirect(point)
    items = list(review.assessment_points.select_related("taken_by", "signed_off_by").defer("data"))
    return render(
        request,
        "reviews/assessment/points.html",
        {
            "review": review,
            "access": access,
            "tab": "markers",
            "points": items,
            "form": form,
            "compare_form": _compare_form(review, items),
        },
    )


def _compare_form(review, points):
    """From and To set to the two latest points that differ: To the latest, From the latest
    before it with other ratings or answers (else the one just before it)."""
    if len(points) < 2:
        return None
    latest = points[-1]
    before = points[-2]
    rest = review.assessment_points.exclude(pk=latest.pk).order_by("-taken_at", "-pk")
    latest_data = AssessmentPoint.objects.values_list("data", flat=True).get(pk=latest.pk)
    for pk, data in rest.values_list("pk", "data").iterator(chunk_size=20):
        if data != latest_data:
            before = next(p for p in points if p.pk == pk)
            break
    return CompareForm(points=points, initial={"a": before.pk, "b": latest.pk})


def _answer_label(value: str) -> str:
    return Answer(value).label.lower() if value else "not answered"


def _point_rows(review, a, b=None):
    """One row per marker: its rating (and answers) at point a and, if given, at point b."""
    rows = []
    for marker in Marker.objects.filter(marker_set_id=review.marker_set_id).prefetch_related(
        "questions"
    ):
        key = str(marker.number)
        left = a.data.get(key, {})
        right = b.data.get(key, {}) if b else None
        answers = []
        for q in marker.questions.all():
            qa = left.get("answers", {}).get(str(q.number), {})
            qb = right.get("answers", {}).get(str(q.number), {}) if b else None
            answers.append(
                {
                    "question": q,
                    "a": _answer_label(qa.get("answer", "")),
                    "b": _answer_label(qb.get("answer", "")) if b else None,
                    "moved": b is not None and qa != qb,
                    "note_only": b is not None
                    and qa.get("answer", "") == qb.get("answer", "")
                    and qa.get("note", "") != qb.get("note", ""),
                }
            )
        ra = Rating(left.get("rating", Rating.NOT_STARTED))
        rb = Rating(right.get("rating", Rating.NOT_STARTED)) if b else None
        rows.append(
            {
                "marker": marker,
                "a": ra,
                "a_data": left,
                "b": rb,
                "direction": rating_direction(ra, rb) if b else "",
                "b_data": right,
                "commentary_moved": b is not None
                and left.get("commentary", "") != right.get("commentary", ""),
                "moved": b is not None
                and (
                    ra != rb
                    or any(x["moved"] for x in answers)
                    or left.get("commentary", "") != right.get("commentary", "")
                ),
                "answers": answers,
            }
        )
    return rows


@require_GET
def point_detail(request, pk: int, point_pk: int):
    review, access = get_review_for_user(request.user, pk)
    point = get_object_or_404(
        AssessmentPoint.objects.select_related("taken_by", "signed_off_by"),
        review=review,
        pk=point_pk,
    )
    return render(
        request,
        "reviews/assessment/point.html",
        {
            "review": review,
            "access": access,
            "tab": "markers",
            "point": point,
            "rows": _point_rows(review, point),
        },
    )


@require_http_methods(["GET", "POST"])
def point_sign_off(request, pk: int, point_pk: int):
    """A confirmation page: what will be locked, the open challenges, and a sign-off comment."""
    review, access = get_review_for_user(request.user, pk, need="decide")
    point = get_object_or_404(
        AssessmentPoint.objects.select_related("taken_by", "signed_off_by"),
        review=review,
        pk=point_pk,
    )
    if point.is_locked:
        messages.error(request, "This assessment point has already been signed off.")
        return redirect(point)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            point.sign_off(by=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as e:
            form.add_error("comment", e)
        else:
            notify(
                Kind.POINT_SIGNED_OFF,
                [r.user for r in review.roles.all() if r.user_id != request.user.pk],
                review=review,
                key=f"point:{point.pk}",
                url=absolute(request, point.get_absolute_url()),
            )
            messages.success(request, f"“{point}” signed off and locked")
            return redirect(point)
    open_comments = list(
        MarkerComment.objects.filter(review=review, resolved_at__isnull=True)
        .select_related("marker", "author")
        .order_by("marker__number", "created_at")
    )
    return render(
        request,
        "reviews/assessment/point_sign_off.html",
        {
            "review": review,
            "access": access,
            "tab": "markers",
            "point": point,
            "rows": _point_rows(review, point),
            "open_comments": open_comments,
            "form": form,
        },
    )


@require_GET
def points_compare(request, pk: int):
    review, access = get_review_for_user(request.user, pk)
    items = list(review.assessment_points.select_related("taken_by", "signed_off_by"))
    form = CompareForm(request.GET, points=items)
    if not form.is_valid():
        raise Http404("Choose two assessment points of this review")
    by_pk = {p.pk: p for p in items}
    a, b = by_pk[form.cleaned_data["a"]], by_pk[form.cleaned_data["b"]]
    rows = _point_rows(review, a, b)
    return render(
        request,
        "reviews/assessment/compare.html",
        {
            "review": review,
            "access": access,
            "tab": "markers",
            "a": a,
            "b": b,
            "rows": rows,
            "moved": sum(1 for r in rows if r["moved"]),
            "better": sum(1 for r in rows if r["direction"] == "better"),
            "worse": sum(1 for r in rows if r["direction"] == "worse"),
        },
    )


# The board's grid ---------------------------------------------------------------------------

GRID_CLASSES = {
    Rating.MET: "met",
    Rating.PARTLY_MET: "partly-met",
    Rating.NOT_MET: "not-met",
    Rating.NOT_APPLICABLE: "not-applicable",
    Rating.NOT_STARTED: "not-started",
}


# Reviews per page of the grid: 50 rows of 18 cells.
GRID_PAGE_SIZE = 50
# One cell: its rating's class and label, the marker's link, what a screen reader hears first.
GRID_CELL = (
    '<td class="app-marker-grid__cell app-marker-grid__cell--{0}"><a href="{2}">'
    '<span class="govuk-visually-hidden">{3} QM{4}: </span>{1}</a></td>'
)
# One row: the review's link, reference and title (and board), then its cells.
GRID_ROW = (
    '\n    <tr><th scope="row" class="app-marker-grid__header app-marker-grid__header--row">'
    '<a class="govuk-link" href="{0}"><span class="app-nowrap">{1}</span> {2}</a>{3}</th>\n'
    "    {4}</tr>\n  "
)
GRID_BOARD = '<br><span class="govuk-hint govuk-!-margin-0">{}</span>'


class GridFilter(django_filters.FilterSet):
    """The grid's filters: the stage, and the board for people in several boards."""

    stage = django_filters.ChoiceFilter(choices=Review.Stage.choices, empty_label="Any stage")
    board = django_filters.ChoiceFilter(field_name="board_id", choices=[], empty_label="Any board")
    hide_not_proceeding = django_filters.BooleanFilter(
        label="Hide reviews not proceeding",
        method="filter_hide_not_proceeding",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Review
        fields = ["stage", "board", "hide_not_proceeding"]
        form = FilterForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The boards come from the memberships already loaded for the access check.
        boards = sorted((m.board.name, board_id) for board_id, m in memberships_of(user).items())
        if len(boards) > 1:
            self.filters["board"].extra["choices"] = [(str(pk), name) for name, pk in boards]
        else:
            del self.filters["board"]
        for f in self.form.fields.values():
            if not isinstance(f.widget, forms.CheckboxInput):
                f.widget.attrs["class"] = "govuk-select"

    def filter_hide_not_proceeding(self, queryset, name, value):
        return queryset.exclude(stage=Review.Stage.NOT_PROCEEDING) if value else queryset


# The totals under the grid: one row per rating, counted over every filtered review.
GRID_TOTALS = [Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET, Rating.NOT_APPLICABLE]


def grid_totals(filterset, filtered, user) -> dict[tuple[int, str], int]:
    """{(marker number, rating): assessments} of the filtered reviews, for the totals row: the
    stored counts of the boards the user sees whole (at the stages the filters keep), plus a
    count of the reviews of other boards the user sees through a role on them (one query)."""
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    seen_whole = boards_where(
        user, Membership.Role.BOARD_MANAGER, Membership.Role.CHAIR, Membership.Role.BOARD_MEMBER
    )
    boards = [b for b in seen_whole if chosen.get("board") in (None, "", str(b))]
    stages = [chosen["stage"]] if chosen.get("stage") else Review.Stage.values
    if chosen.get("hide_not_proceeding"):
        stages = [s for s in stages if s != Review.Stage.NOT_PROCEEDING]
    parts = []
    if boards:
        parts.append(rating_counts.totals_query(boards, stages).filter(rating__in=GRID_TOTALS))
    if set(memberships_of(user)) - set(seen_whole):
        parts.append(
            MarkerAssessment.objects.filter(review__in=filtered.exclude(board_id__in=seen_whole))
            .filter(rating__in=GRID_TOTALS)
            .order_by()
            .values_list("marker__number", "rating")
            .annotate(n=Count("pk"))
        )
    if not parts:
        return {}
    counted = defaultdict(int)
    for number, rating, n in parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]:
        counted[(number, rating)] += n
    return counted


@require_GET
def marker_grid(request):
    """Visible reviews as rows, QM1..QM18 as columns, each cell coloured by its rating.

    A page of reviews at a time, with their ratings in one query."""
    visible = Review.objects.visible_to(request.user).order_by("-created_at", "-pk")
    filterset = GridFilter(request.GET or None, queryset=visible, user=request.user)
    # Filters that do not validate are shown as errors above an empty grid, never ignored.
    valid = not filterset.is_bound or filterset.is_valid()
    filtered = filterset.qs if valid else Review.objects.none()
    # The page's reviews read as the values shown; their boards' names are the user's own
    # boards' (a join to the boards would slow the page's count of reviews).
    shown = filtered.values_list("pk", "reference", "title", "board_id")
    page, page_error = page_of(request, shown, GRID_PAGE_SIZE, "reviews")
    reviews = list(page.object_list)
    ratings = {
        (review_id, number): rating
        for review_id, number, rating in MarkerAssessment.objects.filter(
            review__in=[pk for pk, *_ in reviews]
        )
        .order_by()
        .values_list("review_id", "marker__number", "rating")
    }
    numbers = list(range(1, 19))
    counted = grid_totals(filterset, filtered, request.user) if valid else {}
    totals = [
        {"rating": Rating(r), "counts": [counted.get((n, r), 0) for n in numbers]}
        for r in GRID_TOTALS
    ]
    titles = dict(
        Marker.objects.filter(marker_set__in=filtered.order_by().values("marker_set"))
        .order_by("-marker_set_id")
        .values_list("number", "title")
    )
    headers = [{"number": n, "title": titles.get(n, "")} for n in numbers]
    # Each row and its 18 cells are written here, in one pass, each part escaped once
    # (format_html per cell cost more than the rest of the page): the template only places them.
    show_board = "board" in filterset.filters
    boards = {board_id: m.board.name for board_id, m in memberships_of(request.user).items()}
    labels = {r: (css, html.escape(Rating(r).label)) for r, css in GRID_CLASSES.items()}
    rows = []
    for pk, reference, title, board_id in reviews:
        urls = map(html.escape, links("reviews:marker", pk, numbers))
        reference = html.escape(reference)
        cells = "".join(
            GRID_CELL.format(*labels[ratings.get((pk, n), Rating.NOT_STARTED)], url, reference, n)
            for n, url in zip(numbers, urls, strict=True)
        )
        rows.append(
            GRID_ROW.format(
                html.escape(link("reviews:markers", pk)),
                reference,
                html.escape(title),
                GRID_BOARD.format(html.escape(boards[board_id])) if show_board else "",
                cells,
            )
        )
    redaction.note_reviews(pk for pk, *_ in reviews)
    return render(
        request,
        "reviews/assessment/grid.html",
        {
            "filter": filterset,
            "page": page,
            "rows": mark_safe("".join(rows)),  # noqa: S308 (every part escaped above)
            "numbers": numbers,
            "headers": headers,
            "totals": totals,
            "legend": [(Rating(r), c) for r, c in GRID_CLASSES.items()],
            "page_error": page_error,
        },
        status=400 if page_error or not valid else 200,
    )
