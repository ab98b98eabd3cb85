from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms

# Django's and crispy-forms-gds's generic "required" messages, which GOV.UK asks us to replace
# with what to do: "Enter the working title", "Select the kind of review".
_GENERIC = {"This field is required.", "Enter the day, month and year"}
_SELECTED = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.FileField)


def required_message(field: forms.Field) -> str:
    label = str(field.label or "").strip()
    selected = isinstance(field, _SELECTED) and not isinstance(field, DateInputField)
    if not label or label.endswith("?"):
        # A question as the label ("What kind of evidence is it?"): ask for its answer.
        return "Select an answer" if selected else "Enter an answer"
    label = label.rstrip(":")
    # "Working title" -> "working title", but keep acronyms: "SCR reference" stays.
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        label = label[0].lower() + label[1:]
    verb = (
        "Select"
        if isinstance(field, _SELECTED) and not isinstance(field, DateInputField)
        else "Enter"
    )
    return f"{verb} {label}"


class GDSFormMixin:
    """Every form renders through crispy-forms with the GOV.UK template pack.

    Set ``submit_label`` on the form class; build a ``Layout`` in ``__init__`` when the
    default field order is not enough. Required fields say what to do when left empty.
    """

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))
        self.use_gds_messages()

    def use_gds_messages(self) -> None:
        """Call again after replacing fields (GDSModelForm swaps in GOV.UK date inputs)."""
        for field in self.fields.values():
            if field.error_messages.get("required") in _GENERIC:
                field.error_messages = {**field.error_messages, "required": required_message(field)}
