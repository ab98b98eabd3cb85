"""Forms of the marker self-assessment. Every form uses GDSFormMixin (crispy-forms-gds)."""

import html
import re

from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from reviews.conflicts import MAX_VERSION
from reviews.files import ALLOWED_DESCRIPTION, validate_upload
from reviews.forms import date_input
from reviews.models import Answer, AssessmentPoint, Evidence, MarkerComment, Rating
from scrqm.forms import GDSFormMixin, textarea_field

_ANSWER_KEY = re.compile(r"^answer_(\d+)$")


class MarkerAssessmentForm(GDSFormMixin, forms.Form):
    """The rating, commentary and every question's answer and note of one marker, in one form.
    Fields per question are named ``answer_<question id>`` and ``note_<question id>``."""

    submit_label = "Save assessment"

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION)
    rating = forms.ChoiceField(
        label="Rating", choices=Rating.choices, widget=forms.RadioSelect, initial="not_started"
    )
    not_applicable_reason = forms.CharField(
        label="Why does the marker not apply to this review?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    commentary = forms.CharField(
        label="Commentary", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    # Shown only when a marker is rated Met with no answer and no evidence behind it.
    confirm_met = forms.BooleanField(
        label="Yes, save the rating Met although no question is answered and no evidence is "
        "recorded",
        required=False,
    )

    # The rating, with the reason revealed under "Not applicable" only; the page lays out the
    # rest of the form around the questions.
    reveals = {Rating.NOT_APPLICABLE: ["not_applicable_reason"]}

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.rating_helper = FormHelper()
        self.rating_helper.form_tag = False
        self.rating_helper.disable_csrf = True
        self.rating_helper.layout = Layout(self.conditional_radios("rating", self.reveals))
        for q in self.questions:
            self.fields[f"answer_{q.pk}"] = forms.ChoiceField(
                label=f"{q.number}. {q.text}",
                choices=Answer.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{q.pk}"] = forms.CharField(
                label=f"Note on question {q.number}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rating_radios(self) -> str:
        """``{% crispy form form.rating_helper %}``, written here: the same markup. Empty when
        the rating or a field it reveals has an error (the page then renders it with crispy)."""
        rating = self["rating"]
        revealed = {value: [self[name] for name in names] for value, names in self.reveals.items()}
        if rating.errors or any(f.errors for fields in revealed.values() for f in fields):
            return ""
        chosen = str(rating.value())
        name = html.escape(rating.html_name)
        items = []
        for n, (value, label) in enumerate(rating.field.choices, start=1):
            value = str(value)
            shown = "".join(textarea_field(f) for f in revealed.get(value, []))
            items.append(
                _RATING_ITEM.format(
                    name,
                    n,
                    html.escape(value),
                    " checked" if value == chosen else "",
                    f' data-aria-controls="conditional_{name}_{n}"' if shown else "",
                    html.escape(str(label)),
                )
            )
            if shown:
                hidden = "" if value == chosen else " govuk-radios__conditional--hidden"
                items.append(_REVEALED.format(hidden, name, n, shown))
        # crispy-forms's whitespace between tags, as its {% specialspaceless %} leaves it.
        return mark_safe(  # noqa: S308 (every part escaped; the label is crispy's |safe)
            remove_spaces(_RATING.format(rating.label, "".join(items)))
        )

    def question_fields(self):
        """(question, answer field, its radios, note field) for the template."""
        return [
            (q, field, answer_radios(field), self[f"note_{q.pk}"])
            for q in self.questions
            for field in [self[f"answer_{q.pk}"]]
        ]

    def clean(self):
        data = super().clean()
        own = {q.pk for q in self.questions}
        for key in self.data:
            m = _ANSWER_KEY.match(key)
            if m and int(m.group(1)) not in own:
                raise ValidationError(
                    "An answer was given to a question that is not part of this marker."
                )
        if (
            data.get("rating") == Rating.NOT_APPLICABLE
            and not data.get("not_applicable_reason", "").strip()
        ):
            self.add_error(
                "not_applicable_reason", "Enter why the marker does not apply to this review"
            )
        return data

    def met_without_support(self, has_evidence: bool) -> bool:
        """Rated Met, with no question answered and no evidence, and not yet confirmed."""
        data = self.cleaned_data
        answered = any(data.get(f"answer_{q.pk}") for q in self.questions)
        return (
            data.get("rating") == Rating.MET
            and not answered
            and not has_evidence
            and not data.get("confirm_met")
        )

    def answers(self) -> dict:
        from reviews.services.assessment import AnswerInput

        return {
            q.pk: AnswerInput(
                self.cleaned_data.get(f"answer_{q.pk}", ""),
                self.cleaned_data.get(f"note_{q.pk}", ""),
            )
            for q in self.questions
        }


# The rating's radios as crispy-forms-gds writes them (gds/layout/conditional_radios.html and
# templates/gds/layout/conditional_question.html): a quarter of the marker page's template time.
_RATING = (
    '\n\n<div class="govuk-form-group"> <fieldset class="govuk-fieldset"> '
    '<legend class="govuk-fieldset__legend">\n      \n      {0}\n      \n    </legend> '
    '<div class="govuk-radios" data-module="govuk-radios">{1} </div> </fieldset>\n\n</div>\n'
)
_RATING_ITEM = (
    ' <div class="govuk-radios__item"> <input type="radio" name="{0}" '
    'class="govuk-radios__input" id="id_{0}_{1}" value="{2}"{3}{4}> '
    '<label class="govuk-label govuk-radios__label" for="id_{0}_{1}">{5}</label>\n</div>'
)
_REVEALED = '\n\n<div class="govuk-radios__conditional{0}" id="conditional_{1}_{2}">\n  {3}\n</div>'

_RADIO = (
    '\n      <div class="govuk-radios__item">\n        <input class="govuk-radios__input" id="{0}" '
    'name="{1}" type="radio" value="{2}"{3}>\n        <label class="govuk-label '
    'govuk-radios__label" for="{0}">{4}</label>\n      </div>\n      '
)


def answer_radios(field) -> str:
    """The small inline radios of a question's answer (on the marker page), written here
    rather than by a template loop over Django's choice widgets: eleven questions
    of five choices each were a quarter of the marker page's time (issue 11)."""
    chosen = field.field.widget.format_value(field.value())
    name = html.escape(field.html_name)
    return mark_safe(  # noqa: S308 (every part escaped)
        "".join(
            _RADIO.format(
                html.escape(f"{field.auto_id}_{i}"),
                name,
                html.escape(str(value)),
                " checked" if str(value) in chosen else "",
                html.escape(str(label)),
            )
            for i, (value, label) in enumerate(field.field.choices)
        )
    )


class EvidenceForm(GDSFormMixin, forms.Form):
    """A file, a link or a note: the field for the kind chosen is revealed under it."""

    submit_label = "Add evidence"

    kind = forms.ChoiceField(
        label="What kind of evidence is it?",
        choices=Evidence.Kind.choices,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label="File", required=False, help_text=f"{ALLOWED_DESCRIPTION}.")
    url = forms.URLField(
        label="Link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="The full web address, for example https://www.example.org/minutes",
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    title = forms.CharField(label="Title", max_length=200)
    dated_on = date_input("Date of the evidence", help_text="For example, 3 3 2026")
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What it is and what it shows.",
    )
    questions = forms.ModelMultipleChoiceField(
        label="Which questions does it support?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty if it supports the marker as a whole.",
    )

    def __init__(self, *args, marker, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this marker's questions: another marker's question id is an invalid choice.
        self.fields["questions"].queryset = marker.questions.all()
        self.fields["questions"].label_from_instance = lambda q: f"{q.number}. {q.text}"
        self.fields["url"].widget.attrs["class"] = "govuk-input"
        K = Evidence.Kind
        self.reveal("kind", {K.FILE: ["file"], K.LINK: ["url"], K.NOTE: ["note"]})

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        # Only the field of the kind chosen counts: what was typed under another kind, then
        # hidden again, is neither checked nor kept.
        for other, field in ((Evidence.Kind.FILE, "file"), (Evidence.Kind.LINK, "url")):
            if kind and kind != other:
                self.errors.pop(field, None)
                data[field] = None if field == "file" else ""
        if kind == Evidence.Kind.FILE and not data.get("file") and "file" not in self.errors:
            self.add_error("file", "Select a file")
        if kind == Evidence.Kind.LINK and not data.get("url") and "url" not in self.errors:
            self.add_error("url", "Enter the link")
        note = data.get("note", "").strip()
        if kind == Evidence.Kind.NOTE:
            if not note:
                self.add_error("note", "Enter the note")
            # The note is the evidence's text; a description typed as well follows it.
            data["description"] = "\n\n".join(
                t for t in (note, data.get("description", "").strip()) if t
            )
        return data


class ReplaceFileForm(GDSFormMixin, forms.Form):
    submit_label = "Upload new version"

    file = forms.FileField(label="New version of the file", help_text=f"{ALLOWED_DESCRIPTION}.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload


class WithdrawForm(GDSFormMixin, forms.Form):
    submit_label = "Withdraw evidence"

    reason = forms.CharField(
        label="Why is this evidence withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the evidence is withdrawn"},
    )


class CommentForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add comment"

    class Meta:
        model = MarkerComment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        labels = {"body": "Quality-assurance comment"}


class ResolveForm(GDSFormMixin, forms.Form):
    submit_label = "Reply and resolve"

    reply = forms.CharField(label="Reply", widget=forms.Textarea(attrs={"rows": 2}))


class SignOffForm(GDSFormMixin, forms.Form):
    submit_label = "Sign off and lock"

    comment = forms.CharField(
        label="Sign-off comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you checked, and anything still to follow up. It is kept with the "
        "signed-off point.",
        error_messages={"required": "Enter a sign-off comment"},
    )


class PointForm(GDSFormMixin, forms.Form):
    submit_label = "Take snapshot"

    kind = forms.ChoiceField(
        label="Which point is this?", choices=AssessmentPoint.Kind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label="Name (optional)",
        required=False,
        max_length=100,
        help_text="For example, Progress check after the practitioner event.",
    )


class CompareForm(GDSFormMixin, forms.Form):
    submit_label = "Compare"

    def __init__(self, *args, points, **kwargs):
        super().__init__(*args, **kwargs)
        # Dated as on every other page: "1 December 2026".
        choices = [(p.pk, f"{p} ({date_format(localtime(p.taken_at))})") for p in points]
        self.fields["a"] = forms.TypedChoiceField(label="From", choices=choices, coerce=int)
        self.fields["b"] = forms.TypedChoiceField(label="To", choices=choices, coerce=int)
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
