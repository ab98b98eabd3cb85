"""The marker library as a PDF, and blank self-assessments with space to write."""

import re

import pytest
from django.urls import reverse

from markers.models import Marker, MarkerSet
from tests.pdf_checks import assert_tagged, contents_numbers, text_of

pytestmark = pytest.mark.django_db
SET = "scr-qm-lipp-2016"


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def test_the_library_pdf_has_every_marker_and_every_section(cast, as_user):
    client = as_user(cast.member)
    assert (
        f'href="{reverse("documents:marker_library", args=[SET])}"'
        in client.get(reverse("markers:set", args=[SET])).content.decode()
    )
    response = client.get(reverse("documents:marker_library", args=[SET]))
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = _squash(text_of(pdf))
    for m in Marker.objects.filter(marker_set__slug=SET).prefetch_related("questions"):
        assert _squash(f"Quality Marker {m.number}: {m.title}") in text
        for q in m.questions.all():
            assert _squash(q.text) in text
        for heading, _body in m.guidance():
            assert _squash(heading) in text
    numbers = contents_numbers(pdf)
    assert len(numbers) == 18 + 3 and 0 not in numbers
    assert_tagged(pdf, MarkerSet.objects.get(slug=SET).name)


def test_a_blank_self_assessment_of_one_marker_has_its_questions_and_boxes(cast, as_user):
    client = as_user(cast.reviewer)
    url = reverse("documents:marker_self_assessment", args=[SET, 7])
    assert f'href="{url}"' in client.get(reverse("markers:detail", args=[SET, 7])).content.decode()
    text = text_of(client.get(url).content)
    marker = Marker.objects.get(marker_set__slug=SET, number=7)
    assert f"Quality Marker 7: {marker.title}" in text
    assert "Quality Marker 8:" not in text
    assert text.count("Yes Partly No Not yet known Not applicable") == marker.questions.count()
    assert "Note and evidence to look for" in text
    assert (
        as_user(cast.reviewer)
        .get(reverse("documents:marker_self_assessment", args=[SET, 99]))
        .status_code
        == 404
    )


def test_a_blank_self_assessment_of_all_markers(cast, as_user):
    text = text_of(
        as_user(cast.chair).get(reverse("documents:self_assessment", args=[SET])).content
    )
    for n in range(1, 19):
        assert f"Quality Marker {n}:" in text
