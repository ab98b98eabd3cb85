"""Every form says what to do when a required field is left empty (GOV.UK error messages)."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.http import QueryDict
from django.template import Context, Template

from markers.models import Marker
from reviews.forms import GDSModelForm
from reviews.forms.assessment import CommentForm, MarkerAssessmentForm, ResolveForm, answer_radios
from reviews.models import Decision
from scrqm import forms as scrqm_forms
from scrqm.forms import FilterForm, GDSFormMixin, form_group, required_message, textarea_field


class Example(GDSFormMixin, forms.Form):
    title = forms.CharField(label="Working title")
    kind = forms.ChoiceField(label="Kind of review", choices=[("a", "A")])
    scr_ref = forms.CharField(label="SCR reference")
    own = forms.CharField(label="Name", error_messages={"required": "Enter the name in full"})
    question = forms.ChoiceField(label="Which point is this?", choices=[("a", "A")])
    why = forms.CharField(label="Why the marker does not apply")
    yours = forms.CharField(label="Your e-mail address")


def test_it_asks_to_enter_or_select_what_is_missing_with_its_article():
    form = Example({})
    assert not form.is_valid()
    assert form.errors["title"] == ["Enter the working title"]
    assert form.errors["kind"] == ["Select the kind of review"]
    assert form.errors["scr_ref"] == ["Enter the SCR reference"]
    assert form.errors["own"] == ["Enter the name in full"]
    assert form.errors["question"] == ["Select an answer"]
    assert form.errors["why"] == ["Enter why the marker does not apply"]
    assert form.errors["yours"] == ["Enter your e-mail address"]


def test_it_asks_for_a_missing_gov_uk_date_by_its_label():
    class DecisionDate(GDSModelForm):
        class Meta:
            model = Decision
            fields = ["decided_on"]

    form = DecisionDate({})
    form.fields["decided_on"].required = True
    assert not form.is_valid()
    label = str(form.fields["decided_on"].label)
    assert form.errors["decided_on"] == [required_message(form.fields["decided_on"])]
    assert (
        form.errors["decided_on"][0].startswith("Enter the ")
        and label[1:] in form.errors["decided_on"][0]
    )


def test_a_select_says_what_to_choose_not_dashes(cast):
    from reviews.forms.records import ReferralForm

    class Choice(GDSFormMixin, forms.Form):
        band = forms.ChoiceField(label="Age band", choices=[("", "---------"), ("a", "Under 1")])

    assert Choice().fields["band"].choices[0] == ("", "Select the age band")
    html = ReferralForm(review=cast.review).as_p()
    assert "---------" not in html
    assert '<option value="" selected>Select the referring agency</option>' in html


def test_dates_read_as_on_every_page():
    from datetime import date, datetime

    from django.template import Context, Template

    out = Template("{{ d }}|{{ t }}").render(
        Context({"d": date(2026, 12, 1), "t": datetime(2026, 12, 1, 14, 5)})
    )
    assert out == "1 December 2026|1 December 2026, 14:05"


# The markup some pages write themselves, for speed (issue 11), must stay crispy-forms-gds's own.


class Notes(GDSFormMixin, forms.Form):
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"class": "app-wide"}))
    hinted = forms.CharField(
        label="Hinted", required=False, help_text="A hint", widget=forms.Textarea
    )


TEXTAREA_CASES = [
    {},
    {"initial": {"note": 'Typed <b>html</b> & "quotes"\nand a second line', "body": "x"}},
    {"prefix": "comment-3"},
    {"data": {"note": "kept", "body": "", "hinted": "y"}},  # body has an error
    {"data": {"note": "", "body": "<i>sent</i>", "hinted": ""}},
]


@pytest.mark.parametrize("kwargs", TEXTAREA_CASES)
@pytest.mark.parametrize("name", ["note", "body", "hinted"])
def test_a_textarea_written_directly_is_the_markup_crispy_writes(kwargs, name):
    expected = str(as_crispy_field(Notes(**kwargs)[name]))
    assert str(textarea_field(Notes(**kwargs)[name])) == expected
    # Also once crispy has rendered the same field (it sets the widget's class; a field with an
    # error goes through crispy, which adds its error class again on a second rendering).
    form = Notes(**kwargs)
    as_crispy_field(form[name])
    if not form[name].errors:
        assert str(textarea_field(form[name])) == expected


@pytest.mark.parametrize(
    "form",
    [
        lambda: MarkerAssessmentForm(initial={"commentary": "Seen <here> & there"}),
        lambda: MarkerAssessmentForm({"version": "1", "rating": "met", "commentary": "x"}),
        lambda: CommentForm(),
        lambda: ResolveForm(prefix="comment-12"),
        lambda: ResolveForm({"comment-12-reply": ""}, prefix="comment-12"),
    ],
)
def test_the_marker_pages_textareas_are_crispys(form):
    name = next(n for n, f in form().fields.items() if isinstance(f.widget, forms.Textarea))
    assert str(textarea_field(form()[name])) == str(as_crispy_field(form()[name]))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [None, {"answer_Q": "partly"}, {"answer_Q": ""}, {"answer_Q": "bogus <b>"}]
)
def test_a_questions_radios_written_directly_are_djangos_choices(data):
    marker = Marker.objects.filter(questions__isnull=False).first()
    questions = list(marker.questions.all())
    q = questions[0]
    if data is not None:
        data = {"version": "0", "rating": "met", f"answer_{q.pk}": data["answer_Q"]}
    form = MarkerAssessmentForm(data, initial={f"answer_{q.pk}": "no"}, questions=questions)
    field = form[f"answer_{q.pk}"]
    # What reviews/assessment/_answer_radios.html wrote with a template loop before.
    looped = Template(
        '{% for choice in field %}\n      <div class="govuk-radios__item">\n        '
        '<input class="govuk-radios__input" id="{{ choice.id_for_label }}" '
        'name="{{ field.html_name }}" type="radio" value="{{ choice.data.value }}"'
        "{% if choice.data.selected %} checked{% endif %}>\n        "
        '<label class="govuk-label govuk-radios__label" for="{{ choice.id_for_label }}">'
        "{{ choice.choice_label }}</label>\n      </div>\n      {% endfor %}"
    ).render(Context({"field": field}))
    assert answer_radios(field) == looped
    assert looped.count(" checked") == (
        0 if data and data[f"answer_{q.pk}"] in ("", "bogus <b>") else 1
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"initial": {"rating": "met"}},
        {"initial": {"rating": "not_applicable", "not_applicable_reason": "Typed <b>"}},
        {"initial": {"rating": "not_applicable", "not_applicable_reason": "   "}},
        {"data": {"version": "1", "rating": "partly_met", "not_applicable_reason": "x  \n  y"}},
        {"data": {"version": "1", "rating": "not_applicable", "not_applicable_reason": "Why"}},
        {"data": {"version": "1", "rating": "bogus"}},  # errors: crispy writes it
        {"data": {"version": "1", "rating": "not_applicable", "not_applicable_reason": ""}},
    ],
)
def test_the_rating_written_directly_is_the_markup_crispy_writes(kwargs):
    crispy = Template("{% load crispy_forms_tags %}{% crispy form form.rating_helper %}")
    expected = crispy.render(Context({"form": MarkerAssessmentForm(**kwargs)}))
    form = MarkerAssessmentForm(**kwargs)
    assert form.rating_radios() == ("" if form.errors else expected)


class Filters(FilterForm):
    q = forms.CharField(label="Reference or title", required=False, max_length=10)
    hinted = forms.CharField(label="Review", help_text="Part of <b>one</b>", required=False)
    who = forms.ChoiceField(label="Lead reviewer", choices=[("", "Anyone"), ("3", "Ann <A> & co")])
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A")], widget=forms.Select)
    late = forms.BooleanField(label="Overdue only", required=False)
    noted = forms.BooleanField(label="Open", help_text="Not <b>closed</b>", required=False)
    many = forms.MultipleChoiceField(label="Stages", choices=[("a", "A")], required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "q=Child+%22A%22+%3C%26%3E&who=3&kind=a&late=on&noted=on",
        "q=far+too+long&who=9&kind=z",
    ],
)
def test_a_filter_forms_groups_are_what_crispy_forms_gds_writes(data):
    def form():
        made = Filters(None if data is None else QueryDict(data))
        made.fields["kind"].widget.attrs["class"] = "app-kind govuk-select"
        made.is_bound and made.is_valid()
        return made

    ours, crispy = form(), form()
    assert ours.form_groups() == [as_crispy_field(field) for field in crispy]
    # Twice over (crispy-forms-gds leaves its classes and hint on the widget), and one by one.
    assert ours.form_groups() == [as_crispy_field(field) for field in crispy]
    assert [form_group(field) for field in form()] == [as_crispy_field(f) for f in form()]


def test_a_filter_forms_text_boxes_and_selects_are_written_without_crispy(monkeypatch):
    written = []
    monkeypatch.setattr(scrqm_forms, "as_crispy_field", lambda field: written.append(field.name))
    Filters().form_groups()
    assert written == ["noted", "many"]  # a checkbox with a hint, checkboxes: crispy writes them
    written.clear()
    Filters(QueryDict("who=9")).form_groups()
    assert written == ["who", "kind", "noted", "many"]  # and fields with errors
