"""Pages of one review's outputs and outcomes: findings, actions, board response, publication,
the privacy check and the history of all of them. Every view starts at get_review_for_user;
nested records are looked up through the review, so another review's record is a 404."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reviews import conflicts, history
from reviews.access import get_review_for_user
from reviews.files import download_response
from reviews.forms.outcomes import (
    AcknowledgeForm,
    ActionForm,
    ActionProgressForm,
    BoardResponseForm,
    FindingForm,
    PublicationForm,
    ReportDraftForm,
    RestrictedTermForm,
)
from reviews.models import (
    Action,
    BoardResponse,
    Finding,
    Publication,
    ReportDraft,
    RestrictedTerm,
    Review,
)
from reviews.services import outcomes as services
from scrqm.listing import page_of
from scrqm.prepared import PreparedObjects, keep_related

GET_POST = require_http_methods(["GET", "POST"])


def _page(request, template, review, access, **context):
    return render(
        request,
        f"reviews/outcomes/{template}",
        {"review": review, "access": access, "tab": "outcomes", **context},
        status=conflicts.status_for(context.get("form")),
    )


def _outcomes_url(review, anchor: str = "") -> str:
    return reverse("reviews:outcomes", args=[review.pk]) + anchor


def _action(review, action_pk: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related("finding", "lead_agency", "owner", "completed_by"),
        review=review,
        pk=action_pk,
    )


# The outcomes page's review with its board response and publication, its findings and their
# actions: their SQL compiled once per process.
_WITH_OUTCOMES = PreparedObjects(
    lambda pk: Review.objects.select_related(
        "board", "marker_set", "board_response", "publication__parallel_process"
    ).filter(pk=pk)
)
_FINDINGS = {
    "findings": PreparedObjects(lambda review_id: Finding.objects.filter(review_id=review_id))
}
_ACTIONS = PreparedObjects(
    lambda review_id: (
        Action.objects.select_related("lead_agency", "owner")
        .filter(finding__review_id=review_id)
        .order_by("number")
    )
)


@require_GET
def outcomes(request, pk: int):
    # The review is read once with its outcomes, for the page and for the checks on it.
    review, access = get_review_for_user(request.user, pk, read=_WITH_OUTCOMES, related=_FINDINGS)
    actions = defaultdict(list)
    for action in _ACTIONS.run(review_id=review.pk):
        actions[action.finding_id].append(action)
    for finding in review.findings.all():
        keep_related(finding, "actions", actions[finding.pk])
    privacy = services.privacy_check(review) if access.is_team else None
    return _page(
        request,
        "overview.html",
        review,
        access,
        findings=review.findings.all(),
        response=getattr(review, "board_response", None),
        publication=getattr(review, "publication", None),
        national_check=services.national_bodies_check(review),
        privacy=privacy,
    )


@GET_POST
def finding_add(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="draft_findings")
    form = FindingForm(request.POST or None, instance=Finding(review=review))
    save = lambda: services.finding_save(finding=form.instance)  # noqa: E731
    if request.method == "POST" and form.is_valid() and conflicts.save(form, save):
        finding = form.instance
        messages.success(request, f"Finding {finding.number} added")
        return redirect(_outcomes_url(review, f"#finding-{finding.number}"))
    number = services.next_finding_number(review)
    return _page(request, "form.html", review, access, form=form, title=f"Add finding {number}")


@GET_POST
def finding_edit(request, pk: int, finding_pk: int):
    review, access = get_review_for_user(request.user, pk, need="draft_findings")
    finding = get_object_or_404(Finding, review=review, pk=finding_pk)
    form = FindingForm(request.POST or None, instance=finding)
    save = lambda: services.finding_save(finding=form.instance)  # noqa: E731
    if request.method == "POST" and form.is_valid() and conflicts.save(form, save):
        messages.success(request, f"Finding {finding.number} saved")
        return redirect(_outcomes_url(review, f"#finding-{finding.number}"))
    return _page(request, "form.html", review, access, form=form, title=f"Finding {finding.number}")


@GET_POST
def action_add(request, pk: int, finding_pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    finding = get_object_or_404(Finding, review=review, pk=finding_pk)
    action = Action(review=review, finding=finding)
    form = ActionForm(request.POST or None, instance=action, review=review)
    save = lambda: services.action_save(action=form.instance, by=request.user)  # noqa: E731
    if request.method == "POST" and form.is_valid() and conflicts.save(form, save):
        action = form.instance
        messages.success(request, f"Action {action.reference} added")
        return redirect(action)
    number = services.next_action_number(finding)
    title = f"Add action {finding.number}.{number}"
    return _page(request, "form.html", review, access, form=form, title=title, finding=finding)


@require_GET
def action_detail(request, pk: int, action_pk: int):
    review, access = get_review_for_user(request.user, pk)
    action = _action(review, action_pk)
    return _page(
        request,
        "action_detail.html",
        review,
        access,
        action=action,
        updates=action.updates.select_related("by"),
        can_update=access.can_update_action(action),
    )


@GET_POST
def action_edit(request, pk: int, action_pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    action = _action(review, action_pk)
    form = ActionForm(request.POST or None, instance=action, review=review)
    save = lambda: services.action_save(action=form.instance, by=request.user)  # noqa: E731
    if request.method == "POST" and form.is_valid() and conflicts.save(form, save):
        messages.success(request, f"Action {action.reference} saved")
        return redirect(action)
    return _page(
        request, "form.html", review, access, form=form, title=f"Action {action.reference}"
    )


@GET_POST
def action_progress(request, pk: int, action_pk: int):
    review, access = get_review_for_user(request.user, pk)
    action = _action(review, action_pk)
    if not access.can_update_action(action):
        raise PermissionDenied
    form = ActionProgressForm(request.POST or None, instance=action)

    def save():
        services.action_update_progress(
            action=form.instance,
            by=request.user,
            update_text=form.cleaned_data["update_text"],
            update_on=form.cleaned_data["update_on"],
            verifies=access.can_manage or access.can_decide,
        )

    back = _came_from(request, action.get_absolute_url())
    if request.method == "POST" and form.is_valid() and conflicts.save(form, save):
        messages.success(request, f"Progress on action {action.reference} saved")
        return redirect(back)
    title = f"Update progress on action {action.reference}"
    return _page(
        request,
        "form.html",
        review,
        access,
        form=form,
        title=title,
        current_action=action,
        back=(back, "Cancel"),
    )


def _came_from(request, default: str) -> str:
    """Where the user came from (``?next=``, the tracker with its filters), if it is a page of
    this site; anything else (another site, ``//evil``, ``javascript:``) is ignored."""
    target = request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


@require_POST
def action_verify(request, pk: int, action_pk: int):
    review, access = get_review_for_user(request.user, pk)
    if not (access.can_manage or access.can_decide):
        raise PermissionDenied
    action = _action(review, action_pk)
    if action.awaits_verification:
        services.action_verify_completion(action=action, by=request.user)
        messages.success(request, f"Completion of action {action.reference} verified")
    return redirect(action)


@GET_POST
def response_edit(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    response = BoardResponse.objects.filter(review=review).first() or BoardResponse(review=review)
    form = BoardResponseForm(request.POST or None, instance=response, review=review)

    def save():
        services.board_response_save(
            review=review, response=form.instance, agreed_on=form.cleaned_data["agreed_on"]
        )

    if request.method == "POST" and form.is_valid() and conflicts.save(form, save):
        messages.success(request, "Board written response saved")
        return redirect(_outcomes_url(review, "#response"))
    return _page(request, "form.html", review, access, form=form, title="Board written response")


@require_GET
def response_versions(request, pk: int):
    review, access = get_review_for_user(request.user, pk)
    versions = BoardResponse.history.filter(review_id=review.pk).select_related("history_user")
    return _page(request, "response_versions.html", review, access, versions=versions)


@require_GET
def response_version(request, pk: int, version_pk: int):
    review, access = get_review_for_user(request.user, pk)
    version = get_object_or_404(
        BoardResponse.history.select_related("history_user"),
        review_id=review.pk,
        history_id=version_pk,
    )
    return _page(request, "response_version.html", review, access, version=version)


def _publication_page(request, review, access, form=None, draft_form=None, status=200):
    publication = Publication.objects.filter(review=review).first() or Publication(review=review)
    response = _page(
        request,
        "publication.html",
        review,
        access,
        form=form or PublicationForm(instance=publication, review=review),
        draft_form=draft_form or ReportDraftForm(),
        drafts=review.report_drafts.defer("text", "hits").select_related(
            "uploaded_by", "withdrawn_by"
        ),
        upload_url=reverse("reviews:report_draft_upload", args=[review.pk]),
        national_check=services.national_bodies_check(review),
        privacy=services.privacy_check(review),
    )
    response.status_code = status
    return response


@GET_POST
def publication_edit(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    if request.method == "GET":
        return _publication_page(request, review, access)
    publication = Publication.objects.filter(review=review).first() or Publication(review=review)
    form = PublicationForm(request.POST, instance=publication, review=review)

    def save():
        services.publication_save(
            review=review,
            publication=form.instance,
            sent_to_national_bodies_on=form.cleaned_data["sent_to_national_bodies_on"],
            published_on=form.cleaned_data["published_on"],
        )

    if form.is_valid():
        try:
            saved = conflicts.save(form, save)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if saved:
                messages.success(request, "Publication saved")
                return redirect(_outcomes_url(review, "#publication"))
    return _publication_page(request, review, access, form=form, status=conflicts.status_for(form))


@require_POST
def report_draft_upload(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    draft_form = ReportDraftForm(request.POST, request.FILES)
    if draft_form.is_valid():
        try:
            draft = services.report_draft_upload(
                review=review, upload=draft_form.cleaned_data["file"], by=request.user
            )
        except ValidationError as exc:
            draft_form.add_error("file", exc)
        else:
            messages.success(request, f"{draft.original_name} uploaded and checked")
            return redirect("reviews:privacy_check", pk=review.pk)
    return _publication_page(request, review, access, draft_form=draft_form)


@require_POST
def report_draft_withdraw(request, pk: int, draft_pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    draft = get_object_or_404(ReportDraft.objects.defer("text", "hits"), review=review, pk=draft_pk)
    if draft.withdrawn_at is None:
        services.report_draft_withdraw(draft=draft, by=request.user)
    messages.success(request, f"{draft.original_name} withdrawn: it is no longer checked")
    return redirect(reverse("reviews:publication_edit", args=[review.pk]) + "#drafts")


@require_GET
def report_draft_download(request, pk: int, draft_pk: int):
    review, access = get_review_for_user(request.user, pk, need="see_restricted")
    draft = get_object_or_404(ReportDraft, review=review, pk=draft_pk)
    return download_response(
        draft.file,
        download_name=draft.original_name,
        expected_sha256=draft.sha256,
        content_type=draft.content_type,
    )


@require_GET
def privacy_check(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="see_restricted")
    return _page(
        request,
        "privacy_check.html",
        review,
        access,
        result=services.privacy_check(review),
        terms_count=review.restricted_terms.count(),
    )


@require_POST
def privacy_acknowledge(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.privacy_acknowledge(
                review=review,
                fingerprint=form.cleaned_data["fingerprint"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "Match acknowledged")
    else:
        messages.error(request, "Enter the reason this detail may stay in the published text")
    return redirect("reviews:privacy_check", pk=review.pk)


@GET_POST
def restricted_terms(request, pk: int):
    need = "manage" if request.method == "POST" else "see_restricted"
    review, access = get_review_for_user(request.user, pk, need=need)
    form = RestrictedTermForm(
        request.POST or None, instance=RestrictedTerm(review=review), review=review
    )
    if request.method == "POST" and form.is_valid() and conflicts.save(form, form.save):
        messages.success(request, "Added to the restricted list")
        return redirect("reviews:restricted_terms", pk=review.pk)
    terms = list(review.restricted_terms.all())
    own = {t.term.lower() for t in terms}
    return _page(
        request,
        "restricted_terms.html",
        review,
        access,
        form=form,
        terms=terms,
        from_involvements=[t for t in services.restricted_list(review) if t.lower() not in own],
    )


@require_POST
def restricted_term_delete(request, pk: int, term_pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    term = RestrictedTerm.objects.filter(review=review, pk=term_pk).first()
    if term is None:  # removed by someone else since the page was opened
        removed = get_object_or_404(
            RestrictedTerm.history.select_related("history_user"),
            review_id=review.pk,
            id=term_pk,
            history_type="-",
        )
        by = removed.history_user or "someone else"
        messages.success(request, f"Already removed from the restricted list by {by}")
    else:
        term.delete()
        messages.success(request, "Removed from the restricted list")
    return redirect("reviews:restricted_terms", pk=review.pk)


@require_GET
def outcomes_history(request, pk: int):
    review, access = get_review_for_user(request.user, pk)
    changes = history.review_changes(
        review, show_restricted=access.is_team, models=history.OUTCOME_MODELS
    )
    page, page_error = page_of(request, changes, 100, "changes")
    response = _page(request, "history.html", review, access, page=page, page_error=page_error)
    if page_error:
        response.status_code = 400
    return response
