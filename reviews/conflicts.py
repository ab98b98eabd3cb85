"""One check for every edit form: nothing saved by someone else is overwritten unseen, and a
double submit of an add form adds one record.

Every model form (``GDSModelForm``) carries two hidden fields: ``seen_version``, the id of
the record's latest history row (django-simple-history) when the page was opened, and, on an
add form, ``once``, a token used up by the first save. A view saves through ``save``:

    if request.method == "POST" and form.is_valid() and conflicts.save(form, write):

``save`` locks the record, and if someone changed one of the form's fields after the page was
opened it writes nothing and puts a ``Conflict`` on the form: who changed what and when, with
their text. The page is then shown again with HTTP 409 (``status_for``), the user's own text
still in the form and ``seen_version`` moved on, so that one more click on Save replaces the
other version knowingly. A record that has one row per review (the board response) created by
someone else at the same moment is a conflict too, never a 500, and so is a record of a list
that someone else added at the same moment with the same unique values (a restricted term).

The marker self-assessment saves a rating and many answers at once and counts its own versions
(``MarkerAssessment.version``); its refusal is the same ``Conflict`` (``marker_conflict``),
shown by the same template.

Tokens of add forms are kept for ``KEEP_TOKENS``: each first save deletes the older ones.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django import forms
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from reviews.history import _label, _Names, _value

SEEN = "seen_version"
ONCE = "once"
# Larger than any history id, small enough for every database's integer.
MAX_VERSION = 2**62
# Long enough for any double submit or resent request; a token older than this is forgotten.
KEEP_TOKENS = timedelta(days=7)


@dataclass
class Edit:
    """One save by someone else: who, when, and the new value of each field they changed."""

    at: datetime
    who: str
    what: str
    fields: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Conflict:
    subject: str
    edits: list[Edit]
    save_label: str = "Save"


def latest_version(instance) -> int:
    if instance.pk is None:
        return 0
    row = type(instance).history.filter(id=instance.pk).order_by("-history_id").first()
    return row.history_id if row else 0


def _one_per_review(model) -> bool:
    f = model._meta.get_field("review") if hasattr(model, "review_id") else None
    return isinstance(f, models.OneToOneField)


class VersionedFormMixin:
    """The hidden fields of the check; mixed into ``GDSModelForm``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        hidden = {"widget": forms.HiddenInput, "required": False}
        self.fields[SEEN] = forms.IntegerField(min_value=0, max_value=MAX_VERSION, **hidden)
        self.initial[SEEN] = latest_version(self.instance)
        if self.instance.pk is None:
            self.fields[ONCE] = forms.UUIDField(**hidden)
            self.initial[ONCE] = uuid.uuid4()

    def _model_fields(self) -> list[models.Field]:
        opts = self.instance._meta
        names = set(self.fields) - {SEEN, ONCE}
        return [f for f in opts.concrete_fields if f.name in names] + [
            f for f in opts.many_to_many if f.name in names
        ]


def status_for(form) -> int:
    return 409 if getattr(form, "conflict", None) else 200


def save(form, write) -> bool:
    """Call ``write()`` (which saves ``form.instance``) unless that would overwrite a change
    made since the user's page was opened. True when saved (or saved already, by the same add
    form submitted twice: ``form.instance`` is then the record first saved)."""
    from reviews.models import FormSubmission

    data = form.cleaned_data
    try:
        with transaction.atomic():
            token = data.get(ONCE)
            if token:
                try:
                    with transaction.atomic():
                        submission = FormSubmission.objects.create(token=token)
                except IntegrityError:  # the same form, saved already (a double click)
                    return _saved_already(form, token)
                FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP_TOKENS).delete()
            conflict = _check(form, data.get(SEEN))
            if conflict is None:
                write()
                if token:
                    submission.model = form.instance._meta.label_lower
                    submission.object_id = form.instance.pk
                    submission.save(update_fields=["model", "object_id"])
                return True
    except IntegrityError:  # a one-per-review record, or the same values, added meanwhile
        with transaction.atomic():
            conflict = _check(form, data.get(SEEN) or 0, created_meanwhile=True)
            if conflict is None and form.instance.pk is None:
                conflict = _added_meanwhile(form)
        if conflict is None:
            raise
    _refuse(form, conflict)
    return False


def _saved_already(form, token) -> bool:
    from django.apps import apps

    from reviews.models import FormSubmission

    done = FormSubmission.objects.get(token=token)
    if not done.model:
        return False
    form.instance = apps.get_model(done.model).objects.get(pk=done.object_id)
    return True


def _refuse(form, conflict: Conflict) -> None:
    refuse(form, conflict, SEEN, latest_version(form.instance) or _current_version(form))


def refuse(form, conflict: Conflict, seen_field: str, version: int) -> None:
    """Keep the user's text; move the version on so that saving again replaces knowingly."""
    form.conflict = conflict
    data = form.data.copy()
    data[form.add_prefix(seen_field)] = str(version)
    form.data = data


def _added_meanwhile(form) -> Conflict | None:
    """The record of a list someone else added with the same unique values at the same moment."""
    instance = form.instance
    model = type(instance)
    for constraint in model._meta.total_unique_constraints:
        names = [model._meta.get_field(f).attname for f in constraint.fields]
        existing = model.objects.filter(**{n: getattr(instance, n) for n in names}).first()
        if existing is not None:
            rows = model.history.filter(id=existing.pk).order_by("history_id")
            return _conflict(form, rows.select_related("history_user"), baseline=None)
    return None


def _current_version(form) -> int:
    instance = form.instance
    if instance.pk is None and _one_per_review(type(instance)):
        row = type(instance).history.filter(review_id=instance.review_id).order_by("-history_id")
        first = row.first()
        return first.history_id if first else 0
    return 0


def _check(form, seen, created_meanwhile=False) -> Conflict | None:
    """Lock the record and compare it with the version the page was opened at."""
    instance = form.instance
    model = type(instance)
    if instance.pk is None:
        if not _one_per_review(model):
            return None  # a new record of a list: nothing to overwrite
        from reviews.models import Review

        Review.objects.select_for_update().filter(pk=instance.review_id).first()
        existing = model.objects.filter(review_id=instance.review_id).first()
        if existing is None:
            return None
        rows = model.history.filter(id=existing.pk)
        return _conflict(form, rows.order_by("history_id"), baseline=None)
    if seen is None and not created_meanwhile:
        return None  # a page from before the check (or a script): nothing to compare with
    fresh = model.objects.select_for_update().filter(pk=instance.pk).first()
    if fresh is None:
        return None
    history = model.history.filter(id=instance.pk).order_by("history_id")
    later = list(history.filter(history_id__gt=seen).select_related("history_user"))
    if not later:
        return None
    baseline = history.filter(history_id__lte=seen).last() if seen else None
    names = {f.name for f in form._model_fields()}
    # Fields the form does not show are taken from the row as it is now, so saving the form
    # never puts back an old value of theirs.
    for f in model._meta.concrete_fields:
        if f.name not in names and not f.primary_key:
            setattr(instance, f.attname, getattr(fresh, f.attname))
    if baseline is not None and not _changed(form, baseline, later[-1]):
        return None
    return _conflict(form, later, baseline)


def _changed(form, old, new) -> list[models.Field]:
    out = []
    for f in form._model_fields():
        if f.many_to_many:
            continue  # the history of themes is a separate table: shown, never compared
        if getattr(old, f.attname) != getattr(new, f.attname):
            out.append(f)
    return out


def _shown(model, f, value, names) -> str:
    if isinstance(f, models.ForeignKey) and not names.can_name(f.related_model):
        return "nothing" if value is None else str(f.related_model.objects.filter(pk=value).first())
    return _value(model, f, value, names)


def _conflict(form, rows, baseline) -> Conflict:
    instance = form.instance
    review = getattr(instance, "review", None) or instance
    names = _Names(review, show_restricted=True)
    edits = []
    previous = baseline
    for row in rows:
        who = str(row.history_user) if row.history_user else "the system"
        if previous is None:
            changed = [f for f in form._model_fields() if not f.many_to_many]
            what = "created it"
        else:
            changed = _changed(form, previous, row)
            what = "removed it" if row.history_type == "-" else "changed"
        if getattr(row, "withdrawn_at", None) and not getattr(previous, "withdrawn_at", None):
            what = f"removed it from the review: {row.withdrawn_reason}"
        model = type(instance)
        shown = [(_label(f), _shown(model, f, getattr(row, f.attname), names)) for f in changed]
        if shown or previous is None or what != "changed":
            edits.append(Edit(row.history_date, who, what, shown))
        previous = row
    subject = str(instance._meta.verbose_name)
    return Conflict(subject=subject, edits=edits)


def marker_conflict(assessment, seen: int) -> Conflict:
    """What others saved on one marker after the user's page was opened at version ``seen``:
    for each save, its rating and texts and the answers and notes saved with it."""
    from reviews.models import MarkerAssessment, QuestionAnswer, Rating

    model = MarkerAssessment
    rows = list(
        model.history.filter(id=assessment.pk).select_related("history_user").order_by("history_id")
    )
    later = [r for r in rows if r.version > seen]
    before = [r for r in rows if r.version <= seen]
    numbers = {q.pk: q.number for q in assessment.marker.questions.all()}
    answers = list(
        QuestionAnswer.history.filter(assessment_id=assessment.pk).order_by("history_date")
    )
    names = _Names(assessment.review, show_restricted=True)
    texts = [model._meta.get_field(n) for n in ("rating", "not_applicable_reason", "commentary")]
    empty = model(rating=Rating.NOT_STARTED)
    previous = before[-1] if before else empty
    latest_answer: dict[int, object] = {}
    edits = []
    for i, row in enumerate(later):
        fields = [
            (_label(f), _value(model, f, getattr(row, f.attname), names))
            for f in texts
            if getattr(row, f.attname) != getattr(previous, f.attname)
        ]
        until = later[i + 1].history_date if i + 1 < len(later) else None
        for a in answers:
            if a.history_date < row.history_date:
                latest_answer[a.question_id] = a
                continue
            if until is not None and a.history_date >= until:
                break
            old = latest_answer.get(a.question_id)
            n = numbers.get(a.question_id, "?")
            if a.answer != getattr(old, "answer", ""):
                shown = a.get_answer_display() if a.answer else "not answered"
                fields.append((f"Answer to question {n}", shown))
            if a.note != getattr(old, "note", ""):
                fields.append((f"Note on question {n}", a.note or "nothing"))
            latest_answer[a.question_id] = a
        who = str(row.history_user) if row.history_user else "the system"
        edits.append(Edit(row.history_date, who, "saved it", fields))
        previous = row
    subject = f"QM{assessment.marker.number} assessment"
    return Conflict(subject=subject, edits=edits, save_label="Save assessment")
