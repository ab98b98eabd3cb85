from html import escape

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import boards_where, memberships_of
from accounts.models import Board, Membership, User, person_name
from notifications.models import Kind
from notifications.send import absolute, notify
from reviews import conflicts, deadlines, history, redaction, role_counts, timescales
from reviews.access import get_review_for_user
from reviews.forms.review import (
    KeyDatesForm,
    MoveForm,
    ReviewCreateForm,
    ReviewForm,
    RoleForm,
    ThemeForm,
)
from reviews.models import (
    KEY_DATES,
    AgencyContribution,
    Deadline,
    Review,
    ReviewRole,
    Theme,
)
from reviews.models.review import boards_seen
from reviews.services.review import review_convert, review_create_from_referral
from scrqm import prepared
from scrqm.forms import FilterForm
from scrqm.links import link
from scrqm.listing import page_of

GET_POST = require_http_methods(["GET", "POST"])


def with_timescales(queryset):
    """What the list, dashboard and overview need to compute milestones without N+1."""
    return queryset.select_related("board", "rapid_review").prefetch_related(
        Prefetch("roles", ReviewRole.objects.select_related("user")),
        Prefetch("contributions", AgencyContribution.objects.select_related("agency")),
    )


# The overview's and timeline's review as with_timescales reads it (the team is read by
# get_review_for_user): their SQL compiled once per process, the review read once.
_WITH_TIMESCALES = prepared.PreparedObjects(
    lambda pk: Review.objects.select_related("board", "marker_set", "rapid_review").filter(pk=pk)
)
_CONTRIBUTIONS = {
    "contributions": prepared.PreparedObjects(
        lambda review_id: AgencyContribution.objects.select_related("agency").filter(
            review_id=review_id
        )
    )
}


def annotate_milestones(reviews, today):
    for review in reviews:
        review.milestones = timescales.review_milestones(review)
        review.next_milestone = timescales.next_milestone(review.milestones)
        review.is_overdue = review.is_live and timescales.is_overdue(review.milestones, today)
        start = review.referral_on or timezone.localtime(review.created_at).date()
        review.days_elapsed = ((review.closed_on or today) - start).days
    return reviews


def _late(today) -> Exists:
    """Whether a review has a milestone overdue: a stored Deadline past, of a live review. The
    deadline's stored board and live flag (its review's) let PostgreSQL read the overdue
    deadlines from their partial index (deadline_live_board_due) rather than every deadline."""
    return Exists(
        Deadline.objects.filter(
            review=OuterRef("pk"), board=OuterRef("board_id"), live=True, due_on__lt=today
        )
    )


def overdue(queryset, today):
    """The live reviews of ``queryset`` with a milestone overdue (a stored Deadline past)."""
    return queryset.exclude(stage__in=[Review.Stage.CLOSED, Review.Stage.NOT_PROCEEDING]).filter(
        _late(today)
    )


def not_overdue(queryset, today):
    """The other reviews of ``queryset``: closed, not proceeding, or none of their stored
    Deadlines past (a NOT EXISTS, not a NOT IN of every overdue review)."""
    return queryset.exclude(_late(today))


# The "Sort by" choices of the reviews list: (label, ordering). Stage follows the lifecycle.
_STAGE_ORDER = Case(*(When(stage=s, then=Value(i)) for i, s in enumerate(Review.Stage.values)))
LIST_SORTS = {
    "newest": ("Newest first", ("-created_at", "-pk")),
    "reference": ("Reference", ("reference", "pk")),
    "title": ("Title", ("title", "reference")),
    "kind": ("Kind", ("kind", "reference")),
    "stage": ("Stage", (_STAGE_ORDER, "reference")),
    "referral": ("Referral date, oldest first", (F("referral_on").asc(nulls_last=True), "pk")),
}


def lead_reviewers(user):
    """The people who lead a review ``user`` can see (the reviews list's filter), from the
    stored role counts (reviews.role_counts): of the boards they see whole, the people who
    lead one of their reviews; of those where they see only the reviews they are on, the
    people who lead one of those."""
    board_wide, on_review_only = boards_seen(user)
    leads = Q(pk__in=role_counts.leads(board_wide)) if board_wide else Q()
    if on_review_only:
        leads |= Q(pk__in=role_counts.leads_with(on_review_only, user))
    return User.objects.filter(leads) if leads else User.objects.none()


def _stored_count(user, filterset) -> int | None:
    """How many reviews the filters give, read from stored figures: from the role counts
    (reviews.role_counts) with no filter but a board (or a sort), for someone who sees only
    the reviews they are on, or filtered by a lead reviewer alone, for someone who sees whole
    boards; from the overdue deadlines' partial index alone (their board and live flag are
    their review's) filtered by "Overdue" alone, for someone who sees whole boards.
    Otherwise None, and the paginator counts them."""
    board_wide, on_review_only = boards_seen(user)
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    if any(data.get(k) for k in ("q", "stage", "kind")):
        return None
    board = data.get("board")
    lead = data.get("lead_reviewer")
    late = data.get("overdue")
    if late == "yes" and not lead and not on_review_only:
        boards = [b for b in board_wide if not board or str(b) == board]
        due = Deadline.objects.filter(board_id__in=boards, live=True)
        due = due.filter(due_on__lt=timezone.localdate())
        return due.aggregate(n=Count("review_id", distinct=True))["n"]
    if late:
        return None
    if lead and not on_review_only:
        boards = [b for b in board_wide if not board or str(b) == board]
        return role_counts.total(boards, user_id=int(lead))
    if not lead and not board_wide:
        boards = [b for b in on_review_only if not board or str(b) == board]
        return role_counts.on_reviews(boards, user)
    return None


# What the reviews list shows of each review (reviews/_review_table.html), 50 to a page.
PAGE_SIZE = 50
LISTED = ("pk", "reference", "title", "kind", "stage", "referral_on", "created_at", "closed_on")
LEAD_NOT_A_CHOICE = "Select a valid choice. That choice is not one of the available choices."
_KINDS, _STAGES = dict(Review.Kind.choices), dict(Review.Stage.choices)
_NOT_LIVE = {Review.Stage.CLOSED, Review.Stage.NOT_PROCEEDING}


# The reviews list's rows (reviews/_review_table.html), written here in one pass rather than by a
# template loop, each part escaped once (by html.escape, as Django's escape does): the markup the
# template's loop wrote for each review.
_ROW = (
    '\n    <tr class="govuk-table__row">\n      <td class="govuk-table__cell"><a class="govuk-link"'
    ' href="{url}"><span class="app-nowrap">{reference}</span> {title}</a></td>\n'
    '      <td class="govuk-table__cell">{kind}</td>\n'
    '      <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--{colour}">{stage}'
    "</strong></td>\n"
    '      <td class="govuk-table__cell">{leads}</td>\n'
    '      <td class="govuk-table__cell govuk-table__cell--numeric">{days}</td>\n'
    '      <td class="govuk-table__cell">{milestone}\n        {overdue}</td>\n    </tr>\n  '
)
_NOT_COUNTED = (
    '<span class="govuk-visually-hidden">Not counted: the review is {}</span>'
    '<span aria-hidden="true">–</span>'
)
_OVERDUE = '<br><strong class="govuk-tag govuk-tag--red">Overdue</strong>'


def _day(value, written: dict) -> str:
    if value not in written:
        written[value] = escape(localize(value))
    return written[value]


def _page_queries(**ids):
    """The lead roles and the deadlines of a page of reviews (``r0``... ``r49``: their ids)."""
    shown = list(ids.values())
    roles = ReviewRole.objects.filter(review_id__in=shown, role=ReviewRole.Role.LEAD_REVIEWER)
    return {
        "leads": roles.order_by("user__first_name", "pk").values(
            "review_id", "user__first_name", "user__last_name", "user__username"
        ),
        # With the agency a contribution is asked of, for its label.
        "deadlines": deadlines.with_asked(Deadline.objects.filter(review_id__in=shown))
        .order_by()
        .values(
            "review_id",
            "key",
            "due_on",
            agency=Subquery(deadlines.asked_contribution().values("agency__name")),
        ),
    }


# Built once per process (scrqm.prepared), where building them cost more CPU than PostgreSQL
# takes to answer them; a page of fewer reviews fills the other ids with 0 (no review's).
_PAGE_QUERIES = prepared.Prepared(_page_queries)


def listed(rows: list[dict], today) -> str:
    """The reviews list's rows (``LISTED`` values, a page of ``PAGE_SIZE`` or fewer) as the
    table shows them: lead reviewers' names, the next milestone (the earliest stored
    ``Deadline``, which is what ``timescales.next_milestone`` computes) and whether one is
    overdue. 2 queries, whatever the number of reviews."""
    if not rows:
        return mark_safe("")
    ids = [row["pk"] for row in rows]
    leads = {pk: [] for pk in ids}
    shown = dict.fromkeys((f"r{i}" for i in range(PAGE_SIZE)), 0)
    read = _PAGE_QUERIES.run(**shown | {f"r{i}": pk for i, pk in enumerate(ids)})
    for role in read["leads"]:
        name = person_name(
            role["user__first_name"], role["user__last_name"], role["user__username"]
        )
        leads[role["review_id"]].append(escape(name))
    first_due = {}
    for deadline in read["deadlines"]:
        review_id, key, due_on = deadline["review_id"], deadline["key"], deadline["due_on"]
        if review_id not in first_due or (due_on, key) < first_due[review_id][:2]:
            first_due[review_id] = (due_on, key, deadline["agency"])
    days_written = {}  # many rows share a date: each written once
    written = []
    for row in rows:
        pk, stage = row["pk"], row["stage"]
        is_live = stage not in _NOT_LIVE
        stage_label = _STAGES.get(stage, stage)
        if is_live:
            start = row["referral_on"] or timezone.localtime(row["created_at"]).date()
            days = localize(((row["closed_on"] or today) - start).days)
        else:
            days = _NOT_COUNTED.format(escape(stage_label.lower()))
        due_on, key, agency = first_due.get(pk, (None, "", None))
        label = deadlines.label(key, agency)
        written.append(
            _ROW.format(
                url=escape(link("reviews:detail", pk)),
                reference=escape(row["reference"]),
                title=escape(row["title"]),
                kind=escape(_KINDS.get(row["kind"], row["kind"])),
                colour="blue" if is_live else "grey",
                stage=escape(stage_label),
                leads=", ".join(leads[pk]) or "None yet",
                days=days,
                milestone=f"{escape(label)}, due {_day(due_on, days_written)}" if due_on else "–",
                overdue=_OVERDUE if is_live and due_on is not None and due_on < today else "",
            )
        )
    return mark_safe("".join(written))  # noqa: S308 (every part escaped)


class ReviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Reference or title", method="filter_search")
    board = django_filters.ChoiceFilter(field_name="board_id", choices=[], empty_label="Any board")
    stage = django_filters.ChoiceFilter(choices=Review.Stage.choices, empty_label="Any stage")
    kind = django_filters.ChoiceFilter(choices=Review.Kind.choices, empty_label="Any kind")
    # Its choices are the people's ids and names (no User instances): see __init__.
    lead_reviewer = django_filters.ChoiceFilter(
        choices=[],
        method="filter_lead_reviewer",
        label="Lead reviewer",
        empty_label="Anyone",
        error_messages={"invalid_choice": LEAD_NOT_A_CHOICE},
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", "Overdue"), ("no", "Not overdue")],
        method="filter_overdue",
        label="Timeliness",
        empty_label="Any",
    )

    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(k, label) for k, (label, _) in LIST_SORTS.items()],
        empty_label=None,
        method="filter_nothing",
    )

    class Meta:
        model = Review
        fields = ["q", "board", "stage", "kind", "lead_reviewer", "overdue", "sort"]
        form = FilterForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # For people on several boards (home page links name the board).
        boards = sorted((m.board.name, pk) for pk, m in memberships_of(user).items())
        if len(boards) > 1:
            self.filters["board"].extra["choices"] = [(str(pk), name) for name, pk in boards]
        else:
            del self.filters["board"]
        for name, f in self.form.fields.items():
            f.widget.attrs["class"] = "govuk-input" if name == "q" else "govuk-select"
        # The board's lead reviewers: ids and names, read once (the select and its check), and
        # given to the form's own field, which the form's creation would otherwise deep-copy.
        people = lead_reviewers(user).values_list("pk", "first_name", "last_name", "username")
        self.form.fields["lead_reviewer"].choices = [
            (str(pk), person_name(first, last, username)) for pk, first, last, username in people
        ]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(title__icontains=value))

    def sorted(self, queryset):
        """The filtered reviews in the order chosen (newest first unless told)."""
        sort = (self.form.cleaned_data.get("sort") if self.is_bound else "") or "newest"
        return queryset.order_by(*LIST_SORTS[sort][1])

    def filter_lead_reviewer(self, queryset, name, value):
        leads = ReviewRole.objects.filter(
            review=OuterRef("pk"), user_id=int(value), role=ReviewRole.Role.LEAD_REVIEWER
        )
        return queryset.filter(Exists(leads))

    def filter_overdue(self, queryset, name, value):
        chosen = overdue if value == "yes" else not_overdue
        return chosen(queryset, timezone.localdate())

    def filter_nothing(self, queryset, name, value):
        return queryset  # the sort is applied by sorted()


@require_GET
def review_list(request):
    visible = Review.objects.visible_to(request.user).order_by("-created_at", "-pk")
    filterset = ReviewFilter(request.GET or None, queryset=visible, user=request.user)
    # Filters that do not validate are shown as errors above an empty list, never ignored.
    valid = not filterset.is_bound or filterset.is_valid()
    filtered = filterset.sorted(filterset.qs) if valid else Review.objects.none()
    count = _stored_count(request.user, filterset) if valid else None
    page, page_error = page_of(request, filtered.values(*LISTED), PAGE_SIZE, "reviews", count)
    rows = list(page.object_list)
    redaction.note_reviews(row["pk"] for row in rows)
    can_create = bool(boards_where(request.user, Membership.Role.BOARD_MANAGER))
    return render(
        request,
        "reviews/list.html",
        {
            "filter": filterset,
            "page": page,
            "page_error": page_error,
            "reviews": listed(rows, timezone.localdate()),
            "can_create": can_create,
        },
        status=400 if page_error or not valid else 200,
    )


@GET_POST
def review_create(request):
    board_ids = boards_where(request.user, Membership.Role.BOARD_MANAGER)
    if not board_ids:
        raise PermissionDenied
    boards = Board.objects.filter(pk__in=board_ids)
    form = ReviewCreateForm(request.POST or None, boards=boards)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = _create(request, data)
        except ValidationError as e:  # the reference was taken since the form was checked
            form.add_error(None, e.messages)
        else:
            chairs = Membership.objects.filter(board=review.board, role=Membership.Role.CHAIR)
            notify(
                Kind.DECISION_WAITING,
                [m.user for m in chairs.select_related("user")],
                review=review,
                key=f"referral:{review.pk}",
                url=absolute(request, review.get_absolute_url()),
            )
            messages.success(request, f"Review {review.reference} created")
            return redirect(review)
    return render(
        request, "reviews/form_page.html", {"form": form, "title": "Open a review from a referral"}
    )


def _create(request, data) -> Review:
    return review_create_from_referral(
        board=data["board"],
        by=request.user,
        title=data["title"],
        kind=data["kind"],
        reference=data["reference"].strip(),
        referral_on=data["referral_on"],
        incident_on=data["incident_on"],
        aware_on=data["aware_on"],
        themes=data["themes"],
        referral={
            k: data[k]
            for k in [
                "referring_agency",
                "referring_agency_other",
                "rationale",
                "statutory_criteria",
                "other_reason",
                "delay_explanation",
            ]
        },
    )


@GET_POST
def themes(request):
    """The controlled list of themes: the national list and each board's additions."""
    board_ids = boards_where(request.user, Membership.Role.BOARD_MANAGER)
    if not board_ids:
        raise PermissionDenied
    boards = Board.objects.filter(pk__in=board_ids)
    form = ThemeForm(request.POST or None, boards=boards)
    if request.method == "POST" and form.is_valid():
        theme = Theme.objects.create(
            board=form.cleaned_data["board"], name=form.cleaned_data["name"].strip()
        )
        messages.success(request, f"Theme {theme} added")
        return redirect("reviews:themes")
    return render(
        request,
        "reviews/themes.html",
        {
            "form": form,
            "national": Theme.objects.filter(board__isnull=True),
            "local": Theme.objects.filter(board__in=board_ids).select_related("board"),
        },
    )


@require_GET
def review_detail(request, pk: int):
    review, access = get_review_for_user(
        request.user, pk, read=_WITH_TIMESCALES, related=_CONTRIBUTIONS
    )
    today = timezone.localdate()
    annotate_milestones([review], today)
    delays = {d.milestone: d for d in review.delays.all()}
    outstanding = [c for c in review.contributions.all() if c.is_outstanding]
    decisions = list(review.decisions.current().select_related("decided_by"))
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "access": access,
            "tab": "overview",
            "today": today,
            "milestones": [
                (m, abs(m.days_left(today)), m.status(today), delays.get(m.key))
                for m in review.milestones
            ],
            "outstanding": outstanding,
            "decisions": decisions,
            "stages": Review.FORWARD,
            "review_dates": [
                (label, getattr(review, name), review.key_date_url(name))
                for name, label in KEY_DATES
            ],
        },
    )


@GET_POST
def review_edit(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    form = ReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid() and conflicts.save(form, form.save):
        messages.success(request, "Review details saved")
        return redirect(review)
    return review_form_page(request, review, access, form, "Change the review's details")


@GET_POST
def review_dates(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    form = KeyDatesForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid() and conflicts.save(form, form.save):
        messages.success(request, "Key dates saved")
        return redirect(review)
    return review_form_page(request, review, access, form, "Key dates")


def review_form_page(request, review, access, form, title, *, tab="overview", **extra):
    """A form about one review, under the review's tab it belongs to."""
    return render(
        request,
        "reviews/review_form.html",
        {"review": review, "access": access, "form": form, "title": title, "tab": tab} | extra,
        status=conflicts.status_for(form),
    )


@GET_POST
def review_move(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    form = MoveForm(request.POST or None, review=review)
    guard = None
    if request.method == "POST" and form.is_valid():
        stage = form.cleaned_data["stage"]
        try:
            review.move_to(stage, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            form.add_error(None, e)
            if stage in review.next_stages():
                # The error summary links each missing item to the page where it is recorded.
                guard = {"label": Review.Stage(stage).label, "items": review.missing_for(stage)}
        else:
            messages.success(
                request, f"The review is now at the stage {review.get_stage_display()}"
            )
            return redirect(review)
    missing = [(Review.Stage(s).label, review.missing_for(s)) for s in review.next_stages()]
    return review_form_page(
        request,
        review,
        access,
        form,
        "Move the review to another stage",
        missing=missing,
        guard=guard,
    )


@GET_POST
def review_people(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    form = RoleForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        ReviewRole.objects.create(review=review, **form.cleaned_data)
        notify(
            Kind.ADDED,
            [form.cleaned_data["user"]],
            review=review,
            key=f"review:{review.pk}:{form.cleaned_data['role']}",
            url=absolute(request, review.get_absolute_url()),
        )
        messages.success(request, f"{form.cleaned_data['user']} added to the review")
        return redirect("reviews:people", pk=review.pk)
    return render(
        request,
        "reviews/people.html",
        {"review": review, "access": access, "form": form, "tab": "overview"},
    )


@GET_POST
def review_role_remove(request, pk: int, role_pk: int):
    """A confirmation page first; removing the only lead reviewer says what that means."""
    review, access = get_review_for_user(request.user, pk, need="manage")
    role = get_object_or_404(review.roles.select_related("user"), pk=role_pk)
    if request.method == "POST":
        # Removing a person deletes the role row; django-simple-history keeps who removed it.
        role._history_user = request.user
        role.delete()
        messages.success(request, f"{role.user} removed from the review")
        return redirect("reviews:people", pk=review.pk)
    last_lead = role.role == ReviewRole.Role.LEAD_REVIEWER and len(review.lead_reviewers()) == 1
    return render(
        request,
        "reviews/role_remove.html",
        {
            "review": review,
            "access": access,
            "tab": "overview",
            "role": role,
            "last_lead": last_lead,
        },
    )


@require_POST
def review_convert_view(request, pk: int):
    review, access = get_review_for_user(request.user, pk, need="manage")
    if review.kind != Review.Kind.RAPID or hasattr(review, "converted_to"):
        messages.error(request, "Only a rapid review not yet converted can be converted")
        return redirect(review)
    full = review_convert(review=review, by=request.user, kind=Review.Kind.LCSPR)
    messages.success(request, f"Rapid review converted into {full.reference}")
    return redirect(full)


@require_GET
def review_timeline(request, pk: int):
    review, access = get_review_for_user(
        request.user, pk, read=_WITH_TIMESCALES, related=_CONTRIBUTIONS
    )
    items = history.timeline_items(review, timezone.localdate())
    return render(
        request,
        "reviews/timeline.html",
        {"review": review, "access": access, "items": items, "tab": "timeline"},
    )


@require_GET
def review_history(request, pk: int):
    review, access = get_review_for_user(request.user, pk)
    changes = history.review_changes(review, show_restricted=access.is_team)
    page, page_error = page_of(request, changes, 100, "changes")
    return render(
        request,
        "reviews/history.html",
        {
            "review": review,
            "access": access,
            "page": page,
            "page_error": page_error,
            "tab": "history",
        },
        status=400 if page_error else 200,
    )
