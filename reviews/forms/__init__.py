"""Forms for reviews. Every form uses ``GDSFormMixin``; dates use the GOV.UK date input."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from reviews.conflicts import VersionedFormMixin
from scrqm.forms import GDSFormMixin, GOVUKDateField


def date_input(label: str, *, required: bool = False, help_text: str = "") -> GOVUKDateField:
    return GOVUKDateField(
        label=label, required=required, help_text=help_text, require_all_fields=False
    )


class GDSModelForm(VersionedFormMixin, GDSFormMixin, forms.ModelForm):
    """A model form that refuses a stale save (``reviews.conflicts``), with GOV.UK dates
    (day, month, year boxes), radios without the empty
    "---------" choice, and the model's clean() errors always on the page: an error naming a
    field the form does not show (a board member's progress form has no target date) goes to
    the top of the form instead of failing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            if type(field) is forms.DateField:
                self.fields[name] = date_input(
                    str(field.label), required=field.required, help_text=field.help_text
                )
        for field in self.fields.values():
            is_radios = isinstance(field.widget, forms.RadioSelect)
            if is_radios and not isinstance(field, forms.ModelChoiceField):
                field.choices = [c for c in field.choices if c[0] != ""]
        self.use_gds_messages()

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            regrouped: dict[str, list] = {}
            for name, messages in errors.error_dict.items():
                key = name if name in self.fields else NON_FIELD_ERRORS
                regrouped.setdefault(key, []).extend(messages)
            errors = ValidationError(regrouped)
        super()._update_errors(errors)


class ReviewRecordForm(GDSModelForm):
    """A form for one record of a review: knows the review, to limit choices to its board."""

    def __init__(self, *args, review, **kwargs):
        self.review = review
        super().__init__(*args, **kwargs)
        if "agency" in self.fields:
            self.fields["agency"].queryset = review.board.agencies.all()
