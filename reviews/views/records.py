"""Pages for the records a review holds. Every record is found through its review, so a
record of another review is a 404."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reviews import conflicts, timescales
from reviews.access import get_review_for_user
from reviews.forms.records import (
    ContributionForm,
    DecisionForm,
    DelayForm,
    DisclosableMaterialForm,
    InvolvementForm,
    NotificationForm,
    NotifiedChildForm,
    ParallelProcessForm,
    PractitionerEventForm,
    RapidReviewForm,
    ReferralForm,
    TermsOfReferenceForm,
    WithdrawForm,
)
from reviews.models import (
    AgencyContribution,
    Decision,
    Delay,
    DisclosableMaterial,
    InvolvementRecord,
    Notification,
    NotifiedChild,
    ParallelProcess,
    PractitionerEvent,
    RapidReview,
    Referral,
    Review,
    TermsOfReference,
)
from reviews.services.review import decision_save
from reviews.views.review import review_form_page
from scrqm.prepared import PreparedObjects

GET_POST = require_http_methods(["GET", "POST"])


def _records_url(review, anchor: str) -> str:
    return reverse("reviews:records", args=[review.pk]) + f"#{anchor}"


# The records page's review with its one-to-one records, and its lists of records: their SQL
# compiled once per process.
_WITH_RECORDS = PreparedObjects(
    lambda pk: Review.objects.select_related(
        "board",
        "marker_set",
        "referral__referring_agency",
        "notification",
        "rapid_review",
        "terms_of_reference",
    ).filter(pk=pk)
)
_RECORDS = {
    name: PreparedObjects(lambda review_id, records=records: records.filter(review_id=review_id))
    for name, records in {
        "decisions": Decision.objects.current().select_related("decided_by"),
        "contributions": AgencyContribution.objects.current().select_related("agency"),
        "involvements": InvolvementRecord.objects.current().select_related("agency"),
        "parallel_processes": ParallelProcess.objects.current(),
        "disclosable_materials": DisclosableMaterial.objects.current().select_related("process"),
        "practitioner_events": PractitionerEvent.objects.current(),
    }.items()
}


@require_GET
def records(request, pk: int):
    review, access = get_review_for_user(request.user, pk, read=_WITH_RECORDS, related=_RECORDS)
    children = []
    notification = review.notification if _has(review, "notification") else None
    if notification:
        children = list(notification.children.current())
    return render(
        request,
        "reviews/records.html",
        {
            "review": review,
            "access": access,
            "tab": "records",
            "referral": review.referral if _has(review, "referral") else None,
            "notification": notification,
            "children": children,
            "rapid": review.rapid_review if _has(review, "rapid_review") else None,
            "tor": review.terms_of_reference if _has(review, "terms_of_reference") else None,
            # These dates live on the review (its key dates), shown and changed there only.
            "advised_url": review.key_date_url("board_advised_on"),
            "tor_agreed_url": review.key_date_url("tor_agreed_on"),
        },
    )


def _has(review, attr: str) -> bool:
    try:
        getattr(review, attr)
    except ObjectDoesNotExist:
        return False
    return True


# --- One record per review (referral, notification, rapid review, terms of reference) --------


def _one_to_one(request, pk, *, attr, model, form_class, title, anchor):
    review, access = get_review_for_user(request.user, pk, need="manage")
    instance = getattr(review, attr) if _has(review, attr) else model(review=review)
    form = form_class(request.POST or None, instance=instance, review=review)
    if request.method == "POST" and form.is_valid() and conflicts.save(form, form.save):
        messages.success(request, f"{title} saved")
        return redirect(_records_url(review, anchor))
    return review_form_page(request, review, access, form, title, tab="records")


@GET_POST
def referral_edit(request, pk: int):
    return _one_to_one(
        request,
        pk,
        attr="referral",
        model=Referral,
        form_class=ReferralForm,
        title="Referral",
        anchor="referral",
    )


@GET_POST
def notification_edit(request, pk: int):
    return _one_to_one(
        request,
        pk,
        attr="notification",
        model=Notification,
        form_class=NotificationForm,
        title="Serious incident notification",
        anchor="notification",
    )


@GET_POST
def rapid_review_edit(request, pk: int):
    return _one_to_one(
        request,
        pk,
        attr="rapid_review",
        model=RapidReview,
        form_class=RapidReviewForm,
        title="Rapid review",
        anchor="rapid-review",
    )


@GET_POST
def tor_edit(request, pk: int):
    return _one_to_one(
        request,
        pk,
        attr="terms_of_reference",
        model=TermsOfReference,
        form_class=TermsOfReferenceForm,
        title="Terms of reference",
        anchor="terms-of-reference",
    )


# --- Lists of records (contributions, involvement, processes, materials, events) ------------

# related name on Review: (form, what one is called, anchor on the records page, need)
LISTS = {
    "contributions": (ContributionForm, "Agency contribution", "contributions", "manage"),
    "involvements": (InvolvementForm, "Involvement record", "involvement", "log_involvement"),
    "parallel_processes": (ParallelProcessForm, "Parallel process", "parallel-processes", "manage"),
    "disclosable_materials": (
        DisclosableMaterialForm,
        "Disclosable material",
        "disclosable-material",
        "manage",
    ),
    "practitioner_events": (PractitionerEventForm, "Practitioner event", "events", "manage"),
}


def _record_form(request, pk, related, record_pk=None):
    form_class, title, anchor, need = LISTS[related]
    review, access = get_review_for_user(request.user, pk, need=need)
    manager = getattr(review, related)
    instance = (
        get_object_or_404(manager.current(), pk=record_pk)
        if record_pk
        else manager.model(review=review)
    )
    extra = {"show_names": access.is_team} if related == "involvements" else {}
    form = form_class(request.POST or None, instance=instance, review=review, **extra)
    if request.method == "POST" and form.is_valid() and conflicts.save(form, form.save):
        messages.success(request, f"{title} saved")
        return redirect(_records_url(review, anchor))
    return review_form_page(request, review, access, form, title, tab="records")


def _record_withdraw(request, pk, related, record_pk):
    form_class, title, anchor, need = LISTS.get(
        related, (None, "Decision", "decisions", "log_decisions")
    )
    review, access = get_review_for_user(request.user, pk, need=need)
    record = get_object_or_404(getattr(review, related).current(), pk=record_pk)
    if related == "decisions" and record.kind not in access.decision_kinds():
        raise PermissionDenied
    form_class = forms.modelform_factory(
        type(record), form=WithdrawForm, fields=["withdrawn_reason"]
    )
    form = form_class(request.POST or None, instance=record, review=review)
    if request.method == "POST" and form.is_valid():
        record.withdraw(reason=form.cleaned_data["withdrawn_reason"])
        messages.success(request, f"{title} removed")
        return redirect(_records_url(review, anchor))
    return review_form_page(
        request, review, access, form, f"Remove: {record}", record=record, tab="records"
    )


@GET_POST
def contribution_add(request, pk: int):
    return _record_form(request, pk, "contributions")


@GET_POST
def contribution_edit(request, pk: int, contribution_pk: int):
    return _record_form(request, pk, "contributions", contribution_pk)


@GET_POST
def contribution_withdraw(request, pk: int, contribution_pk: int):
    return _record_withdraw(request, pk, "contributions", contribution_pk)


@require_POST
def contribution_chase(request, pk: int, contribution_pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    contribution = get_object_or_404(review.contributions.current(), pk=contribution_pk)
    contribution.chase(on=timezone.localdate(), by=request.user)
    messages.success(request, f"Chaser recorded for {contribution.agency}")
    return redirect(_records_url(review, "contributions"))


@GET_POST
def involvement_add(request, pk: int):
    return _record_form(request, pk, "involvements")


@GET_POST
def involvement_edit(request, pk: int, involvement_pk: int):
    return _record_form(request, pk, "involvements", involvement_pk)


@GET_POST
def involvement_withdraw(request, pk: int, involvement_pk: int):
    return _record_withdraw(request, pk, "involvements", involvement_pk)


@GET_POST
def process_add(request, pk: int):
    return _record_form(request, pk, "parallel_processes")


@GET_POST
def process_edit(request, pk: int, process_pk: int):
    return _record_form(request, pk, "parallel_processes", process_pk)


@GET_POST
def process_withdraw(request, pk: int, process_pk: int):
    return _record_withdraw(request, pk, "parallel_processes", process_pk)


@GET_POST
def material_add(request, pk: int):
    return _record_form(request, pk, "disclosable_materials")


@GET_POST
def material_edit(request, pk: int, material_pk: int):
    return _record_form(request, pk, "disclosable_materials", material_pk)


@GET_POST
def material_withdraw(request, pk: int, material_pk: int):
    return _record_withdraw(request, pk, "disclosable_materials", material_pk)


@GET_POST
def event_add(request, pk: int):
    return _record_form(request, pk, "practitioner_events")


@GET_POST
def event_edit(request, pk: int, event_pk: int):
    return _record_form(request, pk, "practitioner_events", event_pk)


@GET_POST
def event_withdraw(request, pk: int, event_pk: int):
    return _record_withdraw(request, pk, "practitioner_events", event_pk)


# --- Notified children -------------------------------------------------------------------


@GET_POST
def child_add(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    if not _has(review, "notification"):
        messages.error(request, "Record the notification before the children it names")
        return redirect("reviews:notification", pk=review.pk)
    notification = review.notification
    form = NotifiedChildForm(
        request.POST or None, instance=NotifiedChild(notification=notification), review=review
    )

    def save():
        # The notification row is locked, so two people adding at once never make a fifth.
        Notification.objects.select_for_update().filter(pk=notification.pk).first()
        if notification.children.current().count() >= NotifiedChild.MAX_PER_NOTIFICATION:
            raise ValidationError("A notification names at most four children")
        form.save()

    if request.method == "POST" and form.is_valid():
        try:
            saved = conflicts.save(form, save)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if saved:
                messages.success(request, "Child added to the notification")
                return redirect(_records_url(review, "notification"))
    return review_form_page(
        request, review, access, form, "Child named in the notification", tab="records"
    )


@GET_POST
def child_edit(request, pk: int, child_pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    child = get_object_or_404(
        NotifiedChild.objects.current(), notification__review=review, pk=child_pk
    )
    form = NotifiedChildForm(request.POST or None, instance=child, review=review)
    if request.method == "POST" and form.is_valid() and conflicts.save(form, form.save):
        messages.success(request, "Child saved")
        return redirect(_records_url(review, "notification"))
    return review_form_page(
        request, review, access, form, "Child named in the notification", tab="records"
    )


# --- Decisions: the chair's kinds by the chair only ----------------------------------------


@GET_POST
def decision_add(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="log_decisions")
    return _decision_form(request, review, access, Decision(review=review))


@GET_POST
def decision_edit(request, pk: int, decision_pk: int):
    review, access = get_review_for_user(request.user, pk, need="log_decisions")
    decision = get_object_or_404(review.decisions.current(), pk=decision_pk)
    if decision.kind not in access.decision_kinds():
        raise PermissionDenied
    return _decision_form(request, review, access, decision)


def _decision_form(request, review, access, decision):
    # Named before the form writes what was submitted into the decision.
    title = f"Change the decision: {decision}" if decision.pk else "Record a decision"
    # "?kind=hold" (the stage guard's link to the chair's decision) starts on that kind.
    kinds = access.decision_kinds()
    kind = request.GET.get("kind")
    initial = {"kind": kind} if decision.pk is None and kind in kinds else {}
    form = DecisionForm(
        request.POST or None, instance=decision, review=review, kinds=kinds, initial=initial
    )

    def save():
        advised = form.cleaned_data.get("board_advised_on")
        decision_save(decision=form.save(commit=False), by=request.user, board_advised_on=advised)

    if request.method == "POST" and form.is_valid() and conflicts.save(form, save):
        messages.success(request, "Decision saved")
        return redirect(_records_url(review, "decisions"))
    return review_form_page(request, review, access, form, title, tab="records")


@GET_POST
def decision_withdraw(request, pk: int, decision_pk: int):
    return _record_withdraw(request, pk, "decisions", decision_pk)


# --- Delays (marker 8) ----------------------------------------------------------------------


@GET_POST
def delay_edit(request, pk: int, milestone: str):
    review, access = get_review_for_user(request.user, pk, need="manage")
    known = {m.key: m for m in timescales.review_milestones(review)}
    if milestone not in known:
        raise Http404("No such milestone")
    delay = review.delays.filter(milestone=milestone).first() or Delay(
        review=review, milestone=milestone
    )
    form = DelayForm(request.POST or None, instance=delay, review=review)
    if request.method == "POST" and form.is_valid() and conflicts.save(form, form.save):
        messages.success(request, "Reason for the delay saved")
        return redirect(review)
    return review_form_page(
        request,
        review,
        access,
        form,
        f"Reason for delay: {known[milestone].label}",
        milestone=known[milestone],
        tab="records",
    )
