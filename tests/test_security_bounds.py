"""Bodies and bounds (issue 12, findings 5 and 8): hostile values in any form are form errors,
never a 500; control characters never reach the database; oversized bodies are refused before
they are read; uploaded files are readable by the app's user only."""

import importlib
import inspect
import os
import stat
from datetime import date

import pytest
from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import reverse

from reviews.forms import GDSModelForm, date_input
from reviews.forms.review import KeyDatesForm
from reviews.models import Evidence, Review
from scrqm.forms import GDSFormMixin, GOVUKDateField
from tests.gds import dates

pytestmark = pytest.mark.django_db
HUGE = str(2**31)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
FORM_MODULES = [
    "accounts.forms",
    "reviews.forms",
    "reviews.forms.assessment",
    "reviews.forms.outcomes",
    "reviews.forms.records",
    "reviews.forms.review",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


class When(GDSFormMixin, forms.Form):
    when = date_input("Date of the meeting")


def when(day, month, year):
    return When({"when_0": day, "when_1": month, "when_2": year})


@pytest.mark.parametrize(
    "day,month,year",
    [("1", "1", HUGE), (HUGE, "1", "2026"), ("1", HUGE, "2026"), ("1", "1", str(2**64))],
)
def test_a_huge_day_month_or_year_is_a_form_error(day, month, year):
    form = when(day, month, year)
    assert not form.is_valid()
    assert form.errors["when"] == ["Date of the meeting must be a real date"] or form.errors[
        "when"
    ] == ["Date of the meeting must have a year between 1900 and 2100"]


@pytest.mark.parametrize(
    "day,month,year,message",
    [
        ("31", "2", "2026", "Date of the meeting must be a real date"),
        ("0", "1", "2026", "Date of the meeting must be a real date"),
        ("1", "1", "0", "Date of the meeting must have a year between 1900 and 2100"),
        ("1", "1", "26", "Date of the meeting must have a year between 1900 and 2100"),
        ("1", "1", "99999", "Date of the meeting must have a year between 1900 and 2100"),
    ],
)
def test_an_impossible_date_says_so_in_words_not_python_error_text(day, month, year, message):
    form = when(day, month, year)
    assert not form.is_valid()
    assert form.errors["when"] == [message]
    assert "out of range" not in str(form.errors)


def test_a_real_date_is_still_a_date():
    form = when("3", "3", "2026")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == date(2026, 3, 3)


def _form_classes():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def test_every_date_of_every_form_is_the_bounded_gov_uk_date():
    """The cause is shared: every date in the app is a GOVUKDateField (declared with
    date_input, or a model date turned into one by GDSModelForm)."""
    checked = 0
    for cls in _form_classes():
        assert issubclass(cls, GDSFormMixin), cls
        for name, field in cls.base_fields.items():
            if isinstance(field, DateInputField):
                assert isinstance(field, GOVUKDateField), f"{cls.__name__}.{name}"
                checked += 1
            elif isinstance(field, forms.DateField):
                # A model's date: GDSModelForm swaps in the GOV.UK date when the form is made.
                assert issubclass(cls, GDSModelForm), f"{cls.__name__}.{name}"
                checked += 1
    assert checked > 20


def test_every_key_date_with_a_huge_year_is_a_form_error_on_the_page(cast, as_user):
    names = KeyDatesForm._meta
    data = {}
    for name in names.fields:
        data |= {f"{name}_0": "1", f"{name}_1": "1", f"{name}_2": HUGE}
    response = as_user(cast.manager).post(reverse("reviews:dates", args=[cast.review.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("must have a year between 1900 and 2100") >= len(names.fields)


def test_a_question_id_past_64_bits_is_an_invalid_choice_not_a_500(cast, as_user):
    url = reverse("reviews:evidence_add", args=[cast.review.pk, 6])
    data = {"kind": "note", "title": "Note", "note": "A note", **dates(dated_on=None)}
    for huge in (str(2**63), str(2**64), str(-(2**63) - 1)):
        response = as_user(cast.reviewer).post(url, data | {"questions": [huge]})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_board_id_past_64_bits_is_an_invalid_choice_in_the_tracker_filter(cast, as_user):
    response = as_user(cast.manager).get(reverse("reviews:actions"), {"review": str(2**64)})
    assert response.status_code == 200


def test_control_characters_are_removed_from_every_submitted_value():
    class Example(GDSFormMixin, forms.Form):
        name = forms.CharField()
        notes = forms.CharField(widget=forms.Textarea)

    data = QueryDict(mutable=True)
    data["name"] = "Chi\x0bld\x00 R\x1b"
    data["notes"] = "Line one\r\nLine\ttwo\x0c\x7f"
    form = Example(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"name": "Child R", "notes": "Line one\r\nLine\ttwo"}


def test_a_review_title_with_control_characters_is_saved_without_them(cast, as_user):
    url = reverse("reviews:edit", args=[cast.review.pk])
    client = as_user(cast.manager)
    page = client.get(url)
    form = page.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.ModelMultipleChoiceField):
            data[name] = [str(v) for v in value or []]
        elif value is not None:
            data[name] = value
    data["title"] = "Child\x0b S\x1f"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert Review.objects.get(pk=cast.review.pk).title == "Child S"


def test_an_anonymous_upload_is_refused_before_its_body_is_read(cast, client, settings):
    settings.ANONYMOUS_REQUEST_MAX_BODY_BYTES = 64 * 1024
    url = reverse("reviews:evidence_add", args=[cast.review.pk, 6])
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 200_000)
    response = client.post(url, {"kind": "file", "title": "x", "file": upload})
    assert response.status_code == 413
    assert "Sign in before you upload anything" in response.content.decode()


def test_an_anonymous_sign_in_is_still_read(cast, client):
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 200
    assert "Enter a correct user name and password" in response.content.decode()


def test_a_signed_in_body_past_the_limit_is_refused_and_nothing_is_saved(cast, as_user, settings):
    settings.REQUEST_MAX_BODY_BYTES = 100_000
    upload = SimpleUploadedFile("scope.pdf", PDF + b"0" * 200_000)
    response = as_user(cast.reviewer).post(
        reverse("reviews:evidence_add", args=[cast.review.pk, 6]),
        {"kind": "file", "title": "Scope", "file": upload, **dates(dated_on=date(2026, 3, 3))},
    )
    assert response.status_code == 413
    assert "can be at most 97.7\xa0KB" in response.content.decode()
    assert not Evidence.objects.exists()


def test_every_page_sends_a_permissions_policy(cast, as_user, client):
    for response in (
        client.get(reverse("accounts:login")),
        as_user(cast.manager).get(reverse("reviews:detail", args=[cast.review.pk])),
    ):
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_uploaded_files_and_their_folders_are_for_the_apps_user_only(cast, as_user, media):
    old = os.umask(0o022)
    try:
        response = as_user(cast.reviewer).post(
            reverse("reviews:evidence_add", args=[cast.review.pk, 6]),
            {
                "kind": "file",
                "title": "Scope",
                "file": SimpleUploadedFile("scope.pdf", PDF),
                **dates(dated_on=date(2026, 3, 3)),
            },
        )
    finally:
        os.umask(old)
    assert response.status_code == 302
    stored = media / Evidence.objects.get().versions.get().file.name
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    folder = stored.parent
    while folder != media:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        folder = folder.parent
