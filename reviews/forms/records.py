"""Forms for the records a review holds."""

from django import forms

from reviews.forms import ReviewRecordForm, date_input
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
    TermsOfReference,
)
from reviews.models.review import on_or_after_errors


def _fmt(day) -> str:
    return f"{day.day} {day:%B %Y}"


class OrderedDatesMixin:
    """Refuse dates out of order, naming both: ``date_order`` lists (later, earlier) pairs;
    an earlier field that is not on the form is read from the review."""

    date_order: list[tuple[str, str]] = []
    date_nouns: dict[str, str] = {}

    def clean(self):
        data = super().clean()
        values = dict(data)
        for _later, earlier in self.date_order:
            if earlier not in self.fields:
                values[earlier] = getattr(self.review, earlier)
        for field, message in on_or_after_errors(values, self.date_order, self.date_nouns).items():
            self.add_error(field, message)
        return data


def referral_errors(data) -> dict[str, str]:
    """What a referral needs beyond its fields: on the referral form and the new review form."""
    errors = {}
    if data.get("statutory_criteria") == Referral.Criteria.NOT_MET and not data.get("other_reason"):
        errors["other_reason"] = (
            "Enter the other reason for a review, as the statutory criteria are not met"
        )
    if not data.get("referring_agency") and not data.get("referring_agency_other"):
        errors["referring_agency"] = "Choose the referring agency or enter who referred the case"
    return errors


class ReferralForm(ReviewRecordForm):
    class Meta:
        model = Referral
        exclude = ["review"]
        widgets = {"statutory_criteria": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referring_agency"].queryset = self.review.board.agencies.all()

    def clean(self):
        data = super().clean()
        for field, message in referral_errors(data).items():
            self.add_error(field, message)
        return data


class NotificationForm(ReviewRecordForm):
    class Meta:
        model = Notification
        exclude = ["review"]


class NotifiedChildForm(ReviewRecordForm):
    class Meta:
        model = NotifiedChild
        exclude = ["notification", "withdrawn_reason"]
        widgets = {
            "age_band": forms.RadioSelect,
            "sex": forms.RadioSelect,
            "plan": forms.RadioSelect,
            "harm": forms.RadioSelect,
            "incident_type": forms.RadioSelect,
        }


class RapidReviewForm(OrderedDatesMixin, ReviewRecordForm):
    date_order = [
        ("summaries_received_on", "summaries_requested_on"),
        ("signed_off_on", "summaries_requested_on"),
        ("sent_to_panel_on", "signed_off_on"),
        ("panel_response_on", "sent_to_panel_on"),
    ]
    date_nouns = {
        "summaries_requested_on": "date agency summaries were requested",
        "summaries_received_on": "date agency summaries were received",
        "signed_off_on": "sign-off date",
        "sent_to_panel_on": "date sent to the National Panel",
        "panel_response_on": "date of the panel's response",
    }

    class Meta:
        model = RapidReview
        exclude = ["review"]
        widgets = {"recommendation": forms.RadioSelect}


class TermsOfReferenceForm(OrderedDatesMixin, ReviewRecordForm):
    date_order = [("period_to", "period_from")]
    date_nouns = {"period_to": "end of the period", "period_from": "start of the period"}

    class Meta:
        model = TermsOfReference
        exclude = ["review"]
        widgets = {"methodology": forms.RadioSelect}

    def clean(self):
        data = super().clean()
        if data.get("methodology") == "other" and not data.get("methodology_other"):
            self.add_error("methodology_other", "Enter the methodology")
        return data


class DecisionForm(OrderedDatesMixin, ReviewRecordForm):
    """A decision of the kinds this user records. The outcome, and when board members were
    advised (a key date of the review, its one source), are asked under "Whether to hold a
    review" only, and only of the chair, whose decision that is."""

    submit_label = "Save decision"
    date_order = [("decided_on", "referral_on"), ("board_advised_on", "decided_on")]
    date_nouns = {
        "decided_on": "decision date",
        "referral_on": "referral date",
        "board_advised_on": "date board members were advised",
    }

    factors = forms.MultipleChoiceField(
        label="Factors weighed",
        choices=Decision.Factor.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Decision
        fields = ["kind", "outcome", "decision", "rationale", "factors", "decided_on"]
        widgets = {"kind": forms.RadioSelect, "outcome": forms.RadioSelect}
        labels = {"kind": "Kind of decision", "outcome": "What did the chair decide?"}
        help_texts = {"outcome": ""}

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in Decision.Kind.choices if c[0] in kinds]
        if Decision.Kind.HOLD not in kinds:
            del self.fields["outcome"]
            self.fields[
                "kind"
            ].help_text = (
                "The decision whether to hold a review is the chair’s: the chair records it."
            )
            return
        self.fields["outcome"].choices = Decision.Outcome.choices
        self.fields["board_advised_on"] = date_input(
            "Board members advised",
            help_text="The day they were told of the decision, kept with the review’s key "
            "dates. Leave it blank until then.",
        )
        self.initial["board_advised_on"] = self.review.board_advised_on
        self.reveal("kind", {Decision.Kind.HOLD: ["outcome", "board_advised_on"]})

    def clean(self):
        data = super().clean()
        hold = data.get("kind") == Decision.Kind.HOLD
        if not hold:
            # Asked only under "Whether to hold a review": what was typed there before
            # another kind was chosen is not kept, and raises no error.
            data["outcome"] = ""
            data.pop("board_advised_on", None)
            for name in ("outcome", "board_advised_on"):
                self.errors.pop(name, None)
        elif not data.get("outcome"):
            self.add_error("outcome", "Select whether to hold a review")
        return data


class ContributionForm(OrderedDatesMixin, ReviewRecordForm):
    date_order = [
        ("due_on", "requested_on"),
        ("last_chased_on", "requested_on"),
        ("received_on", "requested_on"),
    ]
    date_nouns = {
        "requested_on": "date requested",
        "due_on": "due date",
        "last_chased_on": "date last chased",
        "received_on": "date received",
    }

    asked_for = forms.MultipleChoiceField(
        label="What was asked for",
        choices=AgencyContribution.Item.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AgencyContribution
        fields = [
            "agency",
            "asked_for",
            "requested_on",
            "due_on",
            "chaser_count",
            "last_chased_on",
            "received_on",
            "non_cooperation_reason",
        ]


class InvolvementForm(OrderedDatesMixin, ReviewRecordForm):
    date_order = [("involved_on", "informed_on")]
    date_nouns = {"involved_on": "date involved", "informed_on": "date informed"}

    class Meta:
        model = InvolvementRecord
        exclude = ["review", "withdrawn_reason"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, show_names: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_names:
            del self.fields["real_name"]


class ParallelProcessForm(ReviewRecordForm):
    class Meta:
        model = ParallelProcess
        exclude = ["review", "withdrawn_reason"]
        widgets = {"kind": forms.RadioSelect, "status": forms.RadioSelect}

    def clean(self):
        data = super().clean()
        if data.get("held_until") and not data.get("holds_publication"):
            self.add_error("holds_publication", "Tick this if the process holds publication")
        return data


class DisclosableMaterialForm(ReviewRecordForm):
    class Meta:
        model = DisclosableMaterial
        exclude = ["review", "withdrawn_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = self.review.parallel_processes.current()


class PractitionerEventForm(OrderedDatesMixin, ReviewRecordForm):
    date_order = [("held_on", "decision_on")]
    date_nouns = {"held_on": "date of the event", "decision_on": "decision date"}

    class Meta:
        model = PractitionerEvent
        exclude = ["review", "withdrawn_reason"]


class DelayForm(ReviewRecordForm):
    submit_label = "Save reason for delay"

    class Meta:
        model = Delay
        fields = ["reason", "board_told_on"]


class WithdrawForm(ReviewRecordForm):
    """Remove a record from the review: it stays in the history, with the reason."""

    submit_label = "Remove"

    class Meta:
        fields = ["withdrawn_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_reason"].required = True
        self.fields["withdrawn_reason"].widget.attrs["rows"] = 3
