"""The actions tracker across every review the user can see, and its CSV and Excel exports.

A fixed number of queries whatever the number of actions: one for the page of actions (with
their review, board, finding, agency and owner joined), one to count them, one per filter's
choice list. The tracker shows 100 actions a page; the exports have every filtered action.
"""

from datetime import date
from functools import lru_cache
from html import escape
from urllib.parse import quote

from django.db.models import Case, QuerySet, Value, When
from django.shortcuts import render
from django.template.defaultfilters import truncatewords
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from accounts.models import Agency, person_name
from reviews import action_counts, privacy, redaction
from reviews.access import review_access
from reviews.forms.outcomes import ActionFilter
from reviews.models import Action, Review
from reviews.models.outcomes import DUE
from reviews.models.review import boards_seen_whole
from reviews.services.outcomes import restricted_lists
from scrqm import exports
from scrqm.links import link
from scrqm.listing import page_of

# Rows per page of the tracker; the exports have every filtered action.
TRACKER_PAGE_SIZE = 100
STATUS_TAG = "reviews/outcomes/_status_tag.html"

_BY_REVIEW = ("review__reference", "review_id", "finding__number", "number")
_STATUS = Case(*(When(status=s, then=Value(i)) for i, s in enumerate(Action.Status.values)))
# The "Sort by" choices of ActionFilter: due date is the revised target date if there is one,
# status follows the workflow (proposed to completed), and ties go by review and action.
SORTS = {
    "review": _BY_REVIEW,
    "due": (DUE, *_BY_REVIEW),
    "lead_agency": ("lead_agency__name", DUE, *_BY_REVIEW),
    "status": (_STATUS, DUE, *_BY_REVIEW),
}


def _filtered(request) -> ActionFilter:
    reviews = Review.objects.visible_to(request.user)
    actions = Action.objects.visible_to(request.user).for_list()
    boards = boards_seen_whole(request.user)
    return ActionFilter(request.GET or None, queryset=actions, reviews=reviews, boards=boards)


def _sorted(filterset: ActionFilter) -> tuple[QuerySet, str]:
    """The filtered actions in the order chosen, and the key of that order."""
    actions = filterset.qs  # validates the form: cleaned_data is read next
    sort = (filterset.form.cleaned_data.get("sort") if filterset.is_bound else "") or "review"
    if sort == "due" and filterset.boards is not None:
        # Of whole boards, read in due-date order from the boards' own index (action_board_due),
        # not from every board's, stepping over the others' (most of them, at national scale).
        actions = actions.filter(board_id__in=filterset.boards)
    return actions.order_by(*SORTS[sort]), sort


def _stored_count(request, filterset: ActionFilter) -> int | None:
    """How many actions the filters give, added up from the stored counts of actions
    (reviews.action_counts) when the user sees whole boards and no filter needs the actions
    themselves (a review search; overdue with another filter, since the figures of due days
    are kept by board alone); otherwise None, and the paginator counts them."""
    boards = boards_seen_whole(request.user)
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    if boards is None or (data.get("review") or "").strip():
        return None
    filters = {}
    for name in action_counts.FILTERS:
        value = data.get(name)
        if value not in (None, ""):
            filters[name] = getattr(value, "pk", value)  # an agency, a person or a status
    if data.get("overdue"):
        # The day of ActionQuerySet.overdue, which lists them.
        return None if filters else action_counts.overdue(boards, timezone.localdate())
    return action_counts.total(boards, **filters)


# What a row of the tracker shows: read as values, not as six model instances per action.
ROW_FIELDS = (
    "id",
    "review_id",
    "review__reference",
    "review__title",
    "review__board_id",
    "finding__number",
    "number",
    "text",
    "status",
    "target_date",
    "revised_date",
    "lead_agency_id",
    "owner_id",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
)


# A row of the tracker's table, written here in one pass rather than by a template loop (the
# same markup, every part escaped once: the template's loop was most of the page's CPU).
_CELL = '\n      <td class="govuk-table__cell"'
_ROW = (
    '\n    <tr class="govuk-table__row">'
    + _CELL
    + '><span class="app-nowrap">{review}</span><br><span class="govuk-body-s">{title}</span></td>'
    + _CELL
    + ' data-sort-value="{order}"><a class="govuk-link" href="{url}">{reference}'
    '<span class="govuk-visually-hidden"> of {review}</span></a></td>'
    + _CELL
    + ">{text}{progress}</td>"
    + _CELL
    + ">{agency}{owner}</td>"
    + _CELL
    + ' data-sort-value="{due_order}">{due}</td>'
    + _CELL
    + ' data-sort-value="{status_order}">{status}</td>'
    "\n    </tr>\n  "
)
_PROGRESS = (
    '<br><a class="govuk-link govuk-body-s" href="{}">Update progress'
    '<span class="govuk-visually-hidden"> on {} action {}</span></a>'
)
_OWNER = '<br><span class="govuk-body-s">{}</span>'


@lru_cache(maxsize=64)
def _status_tag(status: str, overdue: bool, language: str) -> str:
    return render_to_string(STATUS_TAG, {"action": Action(status=status), "overdue": overdue})


@lru_cache(maxsize=4096)
def _due_text(day: date, language: str) -> str:
    return escape(formats.localize(day))


def _agency_names(filterset: ActionFilter, actions) -> dict[int, str]:
    """The names of these actions' lead agencies, from the agency filter's choices (read once,
    for its select too), an agency of another board (a review moved since) read apart. Joined
    to the page's actions, the agencies made PostgreSQL plan that query in 2.5 ms, not 0.5."""
    names = {a.pk: a.name for a in filterset.form.fields["lead_agency"].queryset}
    missing = {a["lead_agency_id"] for a in actions} - names.keys()
    if missing:
        names.update(Agency.objects.filter(pk__in=missing).values_list("pk", "name"))
    return names


def _rows(request, actions, agency_names: dict[int, str]) -> str:
    """The table's rows, with what is shared worked out once: the status tags (by status and
    overdue or not) and the due dates are written once per language in the process
    (rendering them was most of the rows' time), an agency's and an owner's name once, the
    access of the user looked up once per board (and whether they may update an agency's
    actions once per agency), the page's own address quoted once."""
    today = timezone.localdate()
    language = translation.get_language()
    back = "?next=" + quote(request.get_full_path(), safe="")
    access, updates, agencies, owners = {}, {}, {}, {"": ""}
    rows = []
    for a in actions:
        board_id, status = a["review__board_id"], a["status"]
        due = a["revised_date"] or a["target_date"]
        is_open = status not in Action.CLOSED_STATUSES
        overdue = is_open and due < today
        if board_id not in access:
            access[board_id] = review_access(request.user, Review(board_id=board_id), roles=[])
        agency = (board_id, a["lead_agency_id"])
        if agency not in updates:
            updates[agency] = access[board_id].can_update_action(Action(lead_agency_id=agency[1]))
            agencies[agency] = escape(agency_names[agency[1]])
        owner = a["owner_id"] or ""
        if owner not in owners:
            name = person_name(a["owner__first_name"], a["owner__last_name"], a["owner__username"])
            owners[owner] = _OWNER.format(escape(name)) if name else ""
        review = escape(a["review__reference"])
        reference = f"{a['finding__number']}.{a['number']}"
        progress = ""
        if is_open and updates[agency]:
            url = link("reviews:action_progress", a["review_id"], a["id"]) + back
            progress = _PROGRESS.format(escape(url), review, reference)
        rows.append(
            _ROW.format(
                review=review,
                title=escape(a["review__title"]),
                order=f"{a['finding__number']:04d}.{a['number']:04d}",
                url=escape(link("reviews:action_detail", a["review_id"], a["id"])),
                reference=reference,
                text=escape(truncatewords(a["text"], 20)),
                progress=progress,
                agency=agencies[agency],
                owner=owners[owner],
                due_order=due.isoformat(),
                due=_due_text(due, language),
                status_order=f"{0 if overdue else 1}{status}",
                status=_status_tag(status, overdue, language),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 (every part escaped)


@require_GET
def tracker(request):
    filterset = _filtered(request)
    # Filters that do not validate are shown as errors above an empty list, never ignored.
    valid = not filterset.is_bound or filterset.is_valid()
    actions, sort = _sorted(filterset) if valid else (Action.objects.none(), "review")
    count = _stored_count(request, filterset) if valid else None
    page, page_error = page_of(request, actions, TRACKER_PAGE_SIZE, "actions", count)
    page.object_list = page.object_list.values(*ROW_FIELDS)  # counted without its joins
    redaction.note_reviews({a["review_id"] for a in page.object_list})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reviews/outcomes/tracker.html",
        {
            "filter": filterset,
            "page": page,
            "page_error": page_error,
            "rows": _rows(request, page.object_list, _agency_names(filterset, page.object_list)),
            "sort": sort,
            "query": query.urlencode(),
        },
        status=400 if page_error or not valid else 200,
    )


COLUMNS = [
    "Board",
    "Review",
    "Review title",
    "Action",
    "Finding",
    "Action text",
    "Scope",
    "Level",
    "Lead agency",
    "Lead officer",
    "Owner",
    "Target date",
    "Revised date",
    "Status",
    "Progress rating",
    "Overdue",
    "Success measure",
    "Evidence required",
    "Evidence received",
    "Completed on",
]


def _export_rows(filterset: ActionFilter):
    """The filtered actions as rows, read 2,000 at a time. No restricted data: reviews appear
    by reference and pseudonym, and restricted lists and report drafts are never included."""
    today = timezone.localdate()
    actions = _sorted(filterset)[0]
    # Restricted details (names, addresses...) typed into an action's free text are blanked:
    # an export leaves the service, whoever takes it.
    terms = restricted_lists(actions.values("review_id"))
    redactors = {review_id: privacy.redactor(t) for review_id, t in terms.items()}
    for a in actions.iterator(chunk_size=2000):
        r = redactors.get(a.review_id, str)
        yield [
            a.review.board.name,
            a.review.reference,
            a.review.title,
            a.reference,
            a.finding.number,
            r(a.text),
            a.get_scope_display(),
            a.get_level_display(),
            a.lead_agency.name,
            r(a.lead_officer),
            str(a.owner) if a.owner else "",
            a.target_date,
            a.revised_date,
            a.get_status_display(),
            a.get_rating_display(),
            "Yes" if a.is_overdue(today) else "No",
            r(a.success_measure),
            r(a.evidence_required),
            r(a.evidence_received),
            a.completed_on,
        ]


def _filename(ext: str) -> str:
    return f"actions-{timezone.localdate():%Y-%m-%d}.{ext}"


def _export(request, write):
    """The filtered actions, streamed by write; filters that do not validate are refused with
    the tracker page and its error messages, never answered with a wider export."""
    filterset = _filtered(request)
    if filterset.is_bound and not filterset.is_valid():
        return tracker(request)  # 400
    return write(_export_rows(filterset))


@require_GET
def export_csv(request):
    return _export(request, lambda rows: exports.csv_response(_filename("csv"), COLUMNS, rows))


@require_GET
def export_xlsx(request):
    return _export(
        request,
        lambda rows: exports.xlsx_response(
            _filename("xlsx"), exports.Sheet("Actions", COLUMNS, rows)
        ),
    )
