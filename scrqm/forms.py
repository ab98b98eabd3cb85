import html
import re
from datetime import date

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe

# Django's and crispy-forms-gds's generic "required" messages, which GOV.UK asks us to replace
# with what to do: "Enter the working title", "Select the kind of review".
_GENERIC = {"This field is required.", "Enter the day, month and year"}
BLANK = BLANK_CHOICE_DASH[0][1]
_SELECTED = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.FileField)


# Words after which no article is wanted: "Enter your e-mail", "Select what was asked for".
_NO_ARTICLE = {"a", "an", "the", "your", "any", "each", "every", "all", "some", "who", "what"}
_NO_ARTICLE |= {"when", "where", "why", "how", "which", "whether"}


def required_message(field: forms.Field) -> str:
    """What to do, with its article, as GOV.UK writes it: "Enter the working title",
    "Select the kind of review", "Enter why the marker does not apply"."""
    label = str(field.label or "").strip()
    selected = isinstance(field, _SELECTED) and not isinstance(field, DateInputField)
    verb = "Select" if selected else "Enter"
    if not label or label.endswith("?"):
        # A question as the label ("What kind of evidence is it?"): ask for its answer.
        return f"{verb} an answer"
    label = label.rstrip(":")
    # "Working title" -> "working title", but keep acronyms: "SCR reference" stays.
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        label = label[0].lower() + label[1:]
    if label.split()[0].lower() not in _NO_ARTICLE:
        label = f"the {label}"
    return f"{verb} {label}"


# Control characters other than tab, line feed and carriage return: nobody means to type them,
# they arrive by pasting (Word's vertical tab, form feed), and they break exports (openpyxl
# refuses them) and e-mails. Removed from every submitted value before a field sees it.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Ids are 64-bit integers in every database we run on; SQLite raises OverflowError past them.
_MAX_ID = 2**63 - 1


def without_control_characters(value):
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    return value


def _clean_submitted(data):
    """A copy of submitted data with control characters removed from every text value."""
    if isinstance(data, QueryDict):
        cleaned = QueryDict(mutable=True)
        for key, values in data.lists():
            cleaned.setlist(
                without_control_characters(key), [without_control_characters(v) for v in values]
            )
        return cleaned
    return {
        without_control_characters(key): [without_control_characters(v) for v in value]
        if isinstance(value, (list, tuple))
        else without_control_characters(value)
        for key, value in data.items()
    }


def _out_of_range_id(value) -> bool:
    values = value if isinstance(value, (list, tuple)) else [value]
    for v in values:
        text = str(v).strip()
        if text.lstrip("+-").isdecimal() and abs(int(text)) > _MAX_ID:
            return True
    return False


def _bounded_ids(field: forms.ModelChoiceField):
    """Wrap a choice-of-records field's clean(): an id past 64 bits is an invalid choice,
    never a query (SQLite raises OverflowError on it, a 500)."""
    clean = field.clean

    def bounded_clean(value):
        if _out_of_range_id(value):
            raise ValidationError("Select a valid choice", code="invalid_choice")
        return clean(value)

    field.clean = bounded_clean


def _name_the_empty_choice(field: forms.Field) -> None:
    """A select's empty choice says what to choose ("Select the referring agency"), not
    Django's "---------"."""
    if not isinstance(field.widget, forms.Select) or isinstance(field.widget, forms.RadioSelect):
        return
    words = required_message(field)
    # Choices of records, and django-filter's choice fields, add their empty choice themselves
    # (setting their choices would add it a second time).
    if isinstance(field, forms.ModelChoiceField) or hasattr(field, "empty_label"):
        if field.empty_label == BLANK:
            field.empty_label = words
    elif isinstance(field, forms.ChoiceField):
        field.choices = [
            (v, words if v == "" and label == BLANK else label) for v, label in field.choices
        ]


# Years a review's dates can have: births and incidents since 1900, timescales worked out
# decades ahead (a far date plus working days must stay a date).
MIN_YEAR, MAX_YEAR = 1900, 2100


class GOVUKDateField(DateInputField):
    """The GOV.UK date input (day, month and year boxes) for every date in the app.

    crispy-forms-gds turns the three boxes into a date with ``date(...)``: a year or day of
    2**31 or more raises OverflowError there (a 500), and an impossible date shows Python's
    own words ("day is out of range for month"). Here both are the GOV.UK message instead."""

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        label = str(self.label or "The date").rstrip(":").strip()
        try:
            d, m, y = int(day), int(month), int(year)
            if not (1 <= m <= 12 and 1 <= d <= 31):
                raise ValueError
            if not (len(year.lstrip("0")) == 4 and MIN_YEAR <= y <= MAX_YEAR):
                raise ValidationError(
                    f"{label} must have a year between {MIN_YEAR} and {MAX_YEAR}", code="invalid"
                )
            return date(y, m, d)
        except (ValueError, OverflowError):
            raise ValidationError(f"{label} must be a real date", code="invalid") from None


class GDSFormMixin:
    """Every form renders through crispy-forms with the GOV.UK template pack.

    Set ``submit_label`` on the form class; build a ``Layout`` in ``__init__`` when the
    default field order is not enough. Required fields say what to do when left empty.
    Submitted text loses its control characters, and a record id too large for the database
    is an invalid choice, for every form at once.
    """

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = _clean_submitted(self.data)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))
        self.use_gds_messages()

    def reveal(self, field: str, revealed: dict[str, list[str]]) -> None:
        """GOV.UK conditional reveal: under each choice (by value) of the radios ``field``,
        the fields asked only when that choice is made; the other fields keep their order."""
        inside = {name for names in revealed.values() for name in names}
        self.helper.layout = Layout(
            *(
                self.conditional_radios(field, revealed) if name == field else name
                for name in self.fields
                if name not in inside
            )
        )

    def conditional_radios(self, field: str, revealed: dict[str, list[str]]) -> ConditionalRadios:
        """The radios ``field`` with, under a choice (by value), the fields it reveals."""
        return ConditionalRadios(
            field,
            *(
                ConditionalQuestion(str(label), *revealed[value])
                if value in revealed
                else str(label)
                for value, label in self.fields[field].choices
            ),
        )

    def form_groups(self) -> list[str]:
        """Each field's GOV.UK form group, as ``as_crispy_field`` writes it (a list's filters)."""
        return [form_group(field) for field in self]

    def use_gds_messages(self) -> None:
        """Call again after replacing fields (GDSModelForm swaps in GOV.UK date inputs)."""
        for field in self.fields.values():
            _name_the_empty_choice(field)
            if field.error_messages.get("required") in _GENERIC:
                field.error_messages = {**field.error_messages, "required": required_message(field)}
            if isinstance(field, forms.ModelChoiceField) and not hasattr(field, "_bounded"):
                _bounded_ids(field)
                field._bounded = True


def _escaped(value) -> str:
    """What ``conditional_escape`` writes of a value, as a plain string: quicker for the
    hundreds of a long select's options."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _model_choices(choices: ModelChoiceIterator):
    """The choices of a model choice field with its queryset read as a list (so not again if
    the view has read it): its ``iterator()`` reads them through a server-side cursor in
    PostgreSQL, two round trips more for a few dozen rows. django-filter's "null" choice
    follows the empty one, as its iterator puts it."""
    field = choices.field
    if field.empty_label is not None:
        yield "", field.empty_label
    if getattr(field, "null_label", None) is not None:
        yield field.null_value, field.null_label
    for obj in choices.queryset:
        yield choices.choice(obj)


class PlainSelect(forms.Select):
    """A select whose options are written in Python: the same markup as Django's ``Select``
    (no option groups), without rendering a template per option: that was most of the time of the
    reviews list, whose lead reviewer filter lists the board's lead reviewers (issue 11)."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        rows = []
        choices = self.choices
        if isinstance(choices, ModelChoiceIterator):
            choices = _model_choices(choices)
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in wanted
            wanted = set() if selected else wanted  # only the first match, as Django does
            rows.append((option_value, " selected" if selected else "", label))
        attrs = {"name": name, **self.build_attrs(self.attrs, attrs)}
        options = "\n".join(
            f'<option value="{_escaped(v)}"{selected}>{_escaped(label)}</option>'
            for v, selected, label in rows
        )
        return format_html("<select{}>\n{}\n</select>", flatatt(attrs), mark_safe(options))  # noqa: S308


# A GOV.UK textarea as crispy-forms-gds writes it (gds/field.html with the helper's defaults),
# character for character, without rendering its templates: the marker page's eleven notes
# spent more time there than in the rest of the page (issue 11).
_TEXTAREA = (
    '\n\n\n  \n  <div id="div_{0}" class="govuk-form-group{1}">\n\n'
    + "    \n\n" * 4
    + '      \n        \n        <label for="{2}" class="govuk-label">\n'
    "          {3}\n        </label>\n"
    "        \n      \n\n      \n        \n\n\n    \n\n\n\n\n    \n\n\n\n"
    '        <textarea name="{4}"{5}>\n{6}</textarea>\n        \n      \n    \n  </div>\n  \n\n'
)


def textarea_field(field: forms.BoundField) -> str:
    """``field|as_crispy_field`` for a textarea of a GDSFormMixin form, written here: the same
    markup. A field with an error or a hint (and any other field) goes through crispy-forms."""
    widget = field.field.widget
    if type(widget) is not forms.Textarea or field.errors or field.help_text or not field.label:
        return as_crispy_field(field)
    # crispy-forms-gds's class first, then the widget's own; Django's attributes after them.
    own = [c for c in widget.attrs.get("class", "").split() if c != "govuk-textarea"]
    attrs = {**widget.attrs, "class": " ".join(["govuk-textarea", *own])}
    attrs.update(field.build_widget_attrs({}))
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    written = "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )
    value = widget.format_value(field.value())
    css = field.css_classes()
    return mark_safe(  # noqa: S308 (every value escaped; the label is crispy's |safe)
        _TEXTAREA.format(
            conditional_escape(field.auto_id),
            f" {conditional_escape(css)}" if css else "",
            conditional_escape(field.id_for_label),
            field.label,
            conditional_escape(field.html_name),
            written,
            conditional_escape(value) if value else "",
        )
    )


def plain_selects(fields) -> None:
    """Every plain ``Select`` among these form fields made a ``PlainSelect``."""
    for field in fields.values():
        if type(field.widget) is forms.Select:
            field.widget = PlainSelect(attrs=field.widget.attrs, choices=field.widget.choices)


# The GOV.UK form group crispy-forms-gds writes (its gds/field.html, with the form helper's
# defaults) for a text box or a select that has a label and no errors: the same markup,
# whitespace and all, written here without rendering that template and its four includes for
# each field (a list's filters: ~1 ms a field). Anything else is crispy-forms-gds's to write.
_GROUP = (
    '\n\n\n  \n  <div id="div_{id}" class="govuk-form-group">\n\n    \n\n    \n\n    \n\n    \n\n'
    '      \n        \n        <label for="{label_for}" class="govuk-label">\n          {label}\n'
    "        </label>\n        \n      \n\n      \n        \n\n\n    {hint}\n\n\n\n\n    \n\n\n\n"
    "        {widget}\n        \n      \n    \n  </div>\n  \n\n"
)
_HINT = '\n    \n        <div id="{id}_hint" class="govuk-hint">{text}</div>\n    \n'
# A single checkbox without a hint (the tracker's "Overdue only"), the label after the box.
_CHECKBOX = (
    '\n\n\n  \n  <div id="div_{id}" class="govuk-form-group">\n\n    \n\n    \n\n    \n\n    \n\n'
    "      \n\n      \n        \n\n\n    \n\n\n\n\n    \n\n\n\n"
    '        <div class="govuk-checkboxes">\n          <div class="govuk-checkboxes__item">\n'
    "            {widget}\n"
    '            <label class="govuk-label govuk-checkboxes__label" for="{label_for}">\n'
    "              {label}\n            </label>\n          </div>\n        </div>\n"
    "      \n    \n  </div>\n  \n\n"
)
_GOVUK_CLASS = {
    forms.TextInput: "govuk-input",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
}
_GOVUK_CLASS[PlainSelect] = _GOVUK_CLASS[forms.Select]


def form_group(field: forms.BoundField) -> str:
    """A field of a form with the default ``FormHelper`` as GOV.UK markup: what crispy-forms-gds's
    ``as_crispy_field`` writes (tests/test_forms.py compares the two)."""
    widget = field.field.widget
    helper = getattr(field.form, "helper", None)
    kind = type(widget)
    if (
        kind not in _GOVUK_CLASS
        or helper is None
        or helper.field_template
        or helper.help_text_inline
        or helper.label_size
        or not helper.form_show_labels
        or field.errors
        or not field.label
        or field.is_hidden
        or field.css_classes()
        or "input_type" in widget.attrs
        or (kind is forms.CheckboxInput and field.help_text)
    ):
        return as_crispy_field(field)
    # The widget's attributes as crispy-forms-gds leaves them (the hint named, the class first).
    if field.help_text:
        widget.attrs["aria-describedby"] = f"{field.auto_id}_hint"
    classes = [_GOVUK_CLASS[kind]]
    classes += [c for c in widget.attrs.get("class", "").split() if c not in classes]
    widget.attrs["class"] = " ".join(classes)
    hint = _HINT.format(id=escape(field.auto_id), text=field.help_text) if field.help_text else ""
    return mark_safe(  # noqa: S308 (the label and hint are written unescaped, as crispy does)
        (_CHECKBOX if kind is forms.CheckboxInput else _GROUP).format(
            id=escape(field.auto_id),
            label_for=escape(field.id_for_label),
            label=field.label,
            hint=hint,
            widget=str(field),
        )
    )


class FilterForm(GDSFormMixin, forms.Form):
    """The form of a list's filters (django-filter's ``Meta.form``): a value that is not one
    of the choices is listed in the GOV.UK error summary, like any form's errors. Its selects
    are ``PlainSelect``s."""

    submit_label = "Apply filters"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_selects(self.fields)
