"""Forms of the outcomes area. Validation that belongs to a record is in the model's clean()."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import Agency, Membership, User
from reviews.forms import GDSModelForm, ReviewRecordForm, date_input
from reviews.models import (
    Action,
    ActionCount,
    BoardResponse,
    Finding,
    Publication,
    RestrictedTerm,
    Review,
)
from scrqm.forms import GDSFormMixin, plain_selects


def _textareas(form: forms.Form, rows: int = 3) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs.setdefault("rows", rows)


class FindingForm(GDSModelForm):
    submit_label = "Save finding"

    class Meta:
        model = Finding
        fields = ["text", "explanation", "priority", "level", "is_national"]
        widgets = {"priority": forms.RadioSelect, "level": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _textareas(self, 5)


def _owner_choices(review: Review):
    return User.objects.filter(
        memberships__board=review.board,
        memberships__role=Membership.Role.BOARD_MEMBER,
        memberships__agency__isnull=False,
    ).order_by("first_name", "last_name")


class ActionForm(ReviewRecordForm):
    """Everything about an action: for board managers."""

    submit_label = "Save action"

    class Meta:
        model = Action
        fields = [
            "text",
            "scope",
            "level",
            "lead_agency",
            "lead_officer",
            "owner",
            "milestones",
            "target_date",
            "success_measure",
            "evidence_required",
            "status",
            "not_taken_forward_reason",
            "rating",
            "revised_date",
            "rating_reason",
            "evidence_received",
            "impact_on_practice",
            "impact_on_children",
            "impact_notes",
            "unintended_consequences",
            "follow_up_on",
        ]
        widgets = {
            "scope": forms.RadioSelect,
            "level": forms.RadioSelect,
            "status": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = self.review.board.agencies.all()
        self.fields["owner"].queryset = _owner_choices(self.review)
        self.fields["rating"].choices = [("", "Not rated yet"), *Action.Rating.choices]
        for name in ("impact_on_practice", "impact_on_children"):
            self.fields[name].choices = [("", "Not evaluated yet"), *Action.Impact.choices]
        _textareas(self)
        self.reveal("status", {Action.Status.NOT_TAKEN_FORWARD: ["not_taken_forward_reason"]})

    def clean(self):
        data = super().clean()
        owner, agency = data.get("owner"), data.get("lead_agency")
        if owner and agency:
            ok = Membership.objects.filter(
                user=owner, board=self.review.board, agency=agency
            ).exists()
            if not ok:
                self.add_error("owner", f"The owner must be a board member for {agency}")
        return data


class ActionProgressForm(GDSModelForm):
    """What the lead agency's board member may change: progress, evidence and status."""

    submit_label = "Save progress"
    update_text = forms.CharField(
        label="Progress update",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What has happened since the last update. It is kept with its date.",
    )
    update_on = date_input("Date of the update")

    class Meta:
        model = Action
        fields = [
            "status",
            "not_taken_forward_reason",
            "rating",
            "revised_date",
            "rating_reason",
            "evidence_received",
        ]
        widgets = {"status": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", "Not rated yet"), *Action.Rating.choices]
        self.fields["update_on"].initial = timezone.localdate()
        _textareas(self)
        # The update first; the reason only under "Not taken forward" (conditional reveal).
        self.order_fields(["update_text", "update_on"])
        self.reveal("status", {Action.Status.NOT_TAKEN_FORWARD: ["not_taken_forward_reason"]})

    def clean_update_on(self):
        value = self.cleaned_data.get("update_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of the update must be today or in the past")
        return value


class BoardResponseForm(ReviewRecordForm):
    submit_label = "Save response"
    agreed_on = date_input("Date the board agreed the response")

    class Meta:
        model = BoardResponse
        fields = ["text", "acceptance", "acceptance_reasons", "priorities", "monitoring"]
        widgets = {"acceptance": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_on"].initial = self.review.response_agreed_on
        _textareas(self, 5)


class PublicationForm(ReviewRecordForm):
    submit_label = "Save publication"
    sent_to_national_bodies_on = date_input("Report and response sent to the national bodies")
    published_on = date_input("Date published")

    class Meta:
        model = Publication
        fields = [
            "status",
            "planned_on",
            "where_published",
            "available_until",
            "parallel_process",
            "delayed_until",
            "status_reason",
            "family_informed_on",
            "family_support",
            "professionals_informed_on",
            "professionals_support",
            "media_strategy",
        ]
        widgets = {
            "status": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        processes = self.review.parallel_processes.all()
        if hasattr(processes, "current"):
            processes = processes.current()
        self.fields["parallel_process"].queryset = processes
        self.fields["sent_to_national_bodies_on"].initial = self.review.sent_to_national_bodies_on
        self.fields["published_on"].initial = self.review.published_on
        # The order on the page: status and dates first, then people, then media.
        self.order_fields(
            [
                "status",
                "planned_on",
                "sent_to_national_bodies_on",
                "published_on",
                "where_published",
                "available_until",
            ]
        )
        _textareas(self)


class ReportDraftForm(GDSFormMixin, forms.Form):
    submit_label = "Upload draft"
    file = forms.FileField(
        label="Report draft", help_text="A Word (.docx) or PDF file. Its text is checked."
    )


class RestrictedTermForm(ReviewRecordForm):
    submit_label = "Add to the restricted list"

    class Meta:
        model = RestrictedTerm
        fields = ["kind", "term"]

    def clean_term(self):
        term = " ".join(self.cleaned_data["term"].split())
        if self.review.restricted_terms.filter(term__iexact=term).exists():
            raise forms.ValidationError("That detail is already on the restricted list")
        return term


class AcknowledgeForm(GDSFormMixin, forms.Form):
    submit_label = "Acknowledge"
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    reason = forms.CharField(
        label="Why this may stay in the published text",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the reason this detail may stay"},
    )


def _owners(reviews, board_ids, boards):
    """The owners of actions in these reviews. An owner is a member of the board for an
    agency (ActionForm.clean), so only those members are asked. Of whole boards (``boards``,
    else None), the owners are those of the stored counts of their actions
    (reviews.action_counts); otherwise each member is asked for the first of their actions in
    these reviews (index action_owner_review): a few index look-ups, where a semi-join read
    every visible action (60,000 at 10,000 reviews)."""
    member = Membership.objects.filter(
        user=OuterRef("pk"), board_id__in=board_ids, agency__isnull=False
    )
    members = User.objects.filter(Exists(member))
    if boards is not None:
        counted = ActionCount.objects.filter(board_id__in=boards, n__gt=0)
        return members.filter(pk__in=counted.values("owner_id"))
    first = Action.objects.filter(owner=OuterRef("pk"), review__in=reviews).order_by("review_id")
    return members.alias(first_owned=Subquery(first.values("review_id")[:1])).filter(
        first_owned__isnull=False
    )


class ActionFilterForm(GDSFormMixin, forms.Form):
    submit_label = "Apply filters"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_selects(self.fields)  # the owner and agency lists, without a template per option


class ActionFilter(django_filters.FilterSet):
    """The actions tracker's filters. Choice lists are limited to what the user can see."""

    # A search box, not a list of every review (thousands at national scale); works without
    # JavaScript. Only reviews the user can see are searched: the queryset is theirs.
    review = django_filters.CharFilter(
        label="Review",
        help_text="Reference or title, or part of one",
        method="filter_review",
        max_length=100,
    )
    lead_agency = django_filters.ModelChoiceFilter(
        label="Lead agency", queryset=Agency.objects.none(), empty_label="Any"
    )
    owner = django_filters.ModelChoiceFilter(queryset=User.objects.none(), empty_label="Anyone")
    status = django_filters.ChoiceFilter(choices=Action.Status.choices, empty_label="Any")
    overdue = django_filters.BooleanFilter(
        label="Overdue only", method="filter_overdue", widget=forms.CheckboxInput
    )
    # Orders every filtered action, across pages and in the exports: the first choice is the
    # default. The orderings are in reviews.views.actions (SORTS).
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[
            ("review", "Review"),
            ("due", "Due date"),
            ("lead_agency", "Lead agency"),
            ("status", "Status"),
        ],
        empty_label=None,
        method="sort_in_view",
    )

    class Meta:
        model = Action
        fields = ["review", "lead_agency", "owner", "status", "overdue", "sort"]
        form = ActionFilterForm

    def __init__(self, *args, reviews, boards=None, **kwargs):
        """``reviews``: those the user may see; ``boards``: the boards they see whole
        (``boards_seen_whole``), if they are all those reviews' boards."""
        super().__init__(*args, **kwargs)
        self.boards = boards
        board_ids = reviews.values("board_id")
        self.filters["lead_agency"].queryset = Agency.objects.filter(board_id__in=board_ids)
        self.filters["owner"].queryset = _owners(reviews, board_ids, boards)

    def filter_review(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(review__reference__icontains=value) | Q(review__title__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def sort_in_view(self, queryset, name, value):
        return queryset
