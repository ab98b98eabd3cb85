from django import forms
from django.db.models import Q

from accounts.models import Agency, Board, User
from reviews.forms import GDSModelForm, date_input
from reviews.forms.records import referral_errors
from reviews.models import KEY_DATES, Referral, Review, ReviewRole, Theme
from reviews.models.review import KEY_DATE_NOUNS, KEY_DATE_ORDER, on_or_after_errors
from scrqm.forms import GDSFormMixin


def _reference_taken(board, reference: str, exclude_pk=None) -> bool:
    qs = Review.objects.filter(board=board, reference__iexact=reference)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class ReviewCreateForm(GDSFormMixin, forms.Form):
    """A new review, opened from a referral (marker 1)."""

    submit_label = "Create review"

    board = forms.ModelChoiceField(
        Board.objects.none(), widget=forms.RadioSelect, empty_label=None, label="Board"
    )
    title = forms.CharField(
        label="Working title",
        max_length=100,
        help_text='A pseudonym, never a real name: for example "Child R".',
    )
    kind = forms.ChoiceField(
        label="Kind of review", choices=Review.Kind.choices, widget=forms.RadioSelect
    )
    reference = forms.CharField(
        label="Reference (optional)",
        max_length=30,
        required=False,
        help_text="Leave empty to have one made for you, e.g. SCR-2026-004.",
    )
    referral_on = date_input(
        "Date of the referral", required=True, help_text="For example, 3 3 2026"
    )
    incident_on = date_input("Date of the incident (if known)")
    aware_on = date_input("Date the local authority became aware (if known)")
    referring_agency = forms.ModelChoiceField(
        Agency.objects.none(), required=False, label="Referring agency"
    )
    referring_agency_other = forms.CharField(
        label="Or, who referred the case",
        required=False,
        max_length=200,
        help_text="If not one of the board's agencies: for example a neighbouring board.",
    )
    rationale = forms.CharField(label="Why the case was referred", widget=forms.Textarea)
    statutory_criteria = forms.ChoiceField(
        label="Statutory criteria",
        choices=Referral.Criteria.choices,
        widget=forms.RadioSelect,
        initial=Referral.Criteria.UNCLEAR,
    )
    other_reason = forms.CharField(
        label="Other reason for a review",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example a local learning priority. Needed when the criteria are not met.",
    )
    delay_explanation = forms.CharField(
        label="Explanation of any delay (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Between the incident and the referral.",
    )
    themes = ThemeChoiceField(Theme.objects.none(), required=False, label="Themes")

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards
        if len(boards) == 1:
            self.fields["board"].initial = boards[0].pk
        self.fields["referring_agency"].queryset = Agency.objects.filter(board__in=boards)
        self.fields["themes"].queryset = Theme.objects.filter(
            Q(board__isnull=True) | Q(board__in=boards)
        )

    def clean(self):
        data = super().clean()
        board = data.get("board")
        for field, message in referral_errors(data).items():
            self.add_error(field, message)
        if board:
            agency = data.get("referring_agency")
            if agency and agency.board_id != board.pk:
                self.add_error("referring_agency", "Choose an agency of the review's board")
            if any(t.board_id not in (None, board.pk) for t in data.get("themes", [])):
                self.add_error("themes", "Choose themes of the review's board")
            reference = data.get("reference", "").strip()
            if reference and _reference_taken(board, reference):
                self.add_error("reference", f"The board already has a review {reference}")
        for field, message in on_or_after_errors(data, KEY_DATE_ORDER, KEY_DATE_NOUNS).items():
            self.add_error(field, message)
        return data


class ReviewForm(GDSModelForm):
    """The review's key facts."""

    class Meta:
        model = Review
        fields = ["reference", "title", "kind", "themes", "budget", "actual_cost"]
        widgets = {"kind": forms.RadioSelect, "themes": forms.CheckboxSelectMultiple}
        labels = {"budget": "Budget (£)", "actual_cost": "Actual cost (£)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.for_board(self.instance.board)

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        if _reference_taken(self.instance.board, reference, exclude_pk=self.instance.pk):
            raise forms.ValidationError(f"The board already has a review {reference}")
        return reference


class KeyDatesForm(GDSModelForm):
    """Every key date of the review, in lifecycle order. Dates out of order are refused by
    ``Review.clean``, naming both dates."""

    submit_label = "Save dates"

    class Meta:
        model = Review
        fields = [name for name, _ in KEY_DATES]


class MoveForm(GDSFormMixin, forms.Form):
    submit_label = "Move the review"

    stage = forms.ChoiceField(label="Move the review to", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when moving the review back to an earlier stage.",
    )

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        S = Review.Stage
        forward = [(s, S(s).label) for s in review.next_stages()]
        back = [(s, f"Back to {S(s).label}") for s in reversed(review.earlier_stages())]
        self.fields["stage"].choices = forward + back


class RoleForm(GDSFormMixin, forms.Form):
    submit_label = "Add to the review"

    user = forms.ModelChoiceField(User.objects.none(), label="Person")
    role = forms.ChoiceField(
        label="Role on this review", choices=ReviewRole.Role.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, review: Review, **kwargs):
        self.review = review
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            memberships__board=review.board
        ).order_by("first_name", "last_name")

    def clean(self):
        data = super().clean()
        user, role = data.get("user"), data.get("role")
        if user and role and self.review.roles.filter(user=user, role=role).exists():
            label = ReviewRole.Role(role).label.lower()
            self.add_error("user", f"{user} is already the {label} on this review")
        return data


class ThemeForm(GDSFormMixin, forms.Form):
    """A board's own addition to the national list of themes."""

    submit_label = "Add theme"

    board = forms.ModelChoiceField(
        Board.objects.none(), widget=forms.RadioSelect, empty_label=None, label="Board"
    )
    name = forms.CharField(label="Theme", max_length=100)

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards
        if len(boards) == 1:
            self.fields["board"].initial = boards[0].pk

    def clean(self):
        data = super().clean()
        board, name = data.get("board"), data.get("name", "").strip()
        if board and name and Theme.objects.for_board(board).filter(name__iexact=name).exists():
            self.add_error("name", f"The theme {name} is already on the list")
        return data
