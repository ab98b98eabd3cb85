"""Forms for reviews. Every form uses ``GDSFormMixin``; dates use the GOV.UK date input."""

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.db import models
from django.utils.text import capfirst

from scrqm.forms import GDSFormMixin


def date_input(label: str, *, required: bool = False, help_text: str = "") -> DateInputField:
    return DateInputField(
        label=label, required=required, help_text=help_text, require_all_fields=False
    )


def gds_formfield(db_field, **kwargs):
    """Model fields to form fields: dates as the GOV.UK date input (day, month, year)."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        return date_input(
            capfirst(db_field.verbose_name),
            required=not db_field.blank,
            help_text=db_field.help_text,
        )
    return db_field.formfield(**kwargs)


class GDSModelForm(GDSFormMixin, forms.ModelForm):
    """A model form with GOV.UK dates, and radios without the empty "---------" choice."""

    formfield_callback = gds_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_radios = isinstance(field.widget, forms.RadioSelect)
            if is_radios and not isinstance(field, forms.ModelChoiceField):
                field.choices = [c for c in field.choices if c[0] != ""]


class ReviewRecordForm(GDSModelForm):
    """A form for one record of a review: knows the review, to limit choices to its board."""

    def __init__(self, *args, review, **kwargs):
        self.review = review
        super().__init__(*args, **kwargs)
        if "agency" in self.fields:
            self.fields["agency"].queryset = review.board.agencies.all()
