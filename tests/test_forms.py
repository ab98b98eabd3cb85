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
