"""Every form says what to do when a required field is left empty (GOV.UK error messages)."""

from django import forms

from reviews.forms import GDSModelForm
from reviews.models import Decision
from scrqm.forms import GDSFormMixin, required_message


class Example(GDSFormMixin, forms.Form):
    title = forms.CharField(label="Working title")
    kind = forms.ChoiceField(label="Kind of review", choices=[("a", "A")])
    scr_ref = forms.CharField(label="SCR reference")
    own = forms.CharField(label="Name", error_messages={"required": "Enter the name in full"})
    question = forms.ChoiceField(label="Which point is this?", choices=[("a", "A")])


def test_it_asks_to_enter_or_select_what_is_missing():
    form = Example({})
    assert not form.is_valid()
    assert form.errors["title"] == ["Enter working title"]
    assert form.errors["kind"] == ["Select kind of review"]
    assert form.errors["scr_ref"] == ["Enter SCR reference"]
    assert form.errors["own"] == ["Enter the name in full"]
    assert form.errors["question"] == ["Select an answer"]


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
        form.errors["decided_on"][0].startswith("Enter ")
        and label[1:] in form.errors["decided_on"][0]
    )
