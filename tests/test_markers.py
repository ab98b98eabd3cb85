import re

import pytest

from markers.models import Marker, MarkerSet, Question
from markers.templatetags.prose import prose
from tests.factories import UserFactory


@pytest.fixture
def signed_in(client, db):
    client.force_login(UserFactory())
    return client


def test_it_loads_18_markers_and_107_questions_in_three_clusters(db):
    marker_set = MarkerSet.objects.get(slug="scr-qm-lipp-2016")
    assert marker_set.name == "SCR Quality Markers, LIPP 2016"
    assert Marker.objects.filter(marker_set=marker_set).count() == 18
    assert Question.objects.filter(marker__marker_set=marker_set).count() == 107
    assert [c.title for c in marker_set.clusters.all()] == [
        "Setting up the review",
        "Running the review",
        "Outputs and outcomes from the review",
    ]


def test_it_lists_the_library_by_cluster_in_a_fixed_number_of_queries(
    signed_in, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = signed_in.get("/markers/")
    page = response.content.decode()
    headings = re.findall(r'<h2 class="govuk-heading-m">([^<]+)</h2>', page)
    assert headings == [
        "Setting up the review",
        "Running the review",
        "Outputs and outcomes from the review",
    ]
    for number in range(1, 19):
        assert f">QM{number} " in page
    assert "11 questions" in page  # marker 13


def test_it_shows_every_section_of_a_marker(signed_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = signed_in.get("/markers/scr-qm-lipp-2016/14/")
    page = response.content.decode()
    assert "Quality Marker 14: The report" in page
    for heading in [
        "Quality statement:",
        "Rationale",
        "How might you know if you are meeting this quality marker?",
        "Knowledge base",
        "Equality and diversity",
        "Link to statutory guidance and inspection criteria",
        "Tackling some common obstacles",
    ]:
        assert heading in page, heading
    marker = Marker.objects.get(marker_set__slug="scr-qm-lipp-2016", number=14)
    for question in marker.questions.all():
        assert question.text.replace("'", "&#x27;").replace('"', "&quot;") in page


def test_it_leaves_out_equality_and_diversity_where_the_source_has_none(signed_in):
    page = signed_in.get("/markers/scr-qm-lipp-2016/1/").content.decode()
    assert "Equality and diversity" not in page
    assert "We have not been able to identify any relevant research base" in page


def test_it_prints_a_marker_without_the_service_chrome(signed_in):
    page = signed_in.get("/markers/scr-qm-lipp-2016/13/print/").content.decode()
    assert "Quality Marker 13: Analysis" in page
    assert "govuk-service-navigation" not in page


def test_it_prints_the_whole_library(signed_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = signed_in.get("/markers/scr-qm-lipp-2016/print/").content.decode()
    assert page.count('<section class="app-page-break">') == 18


@pytest.mark.parametrize(
    "url",
    [
        "/markers/scr-qm-lipp-2016/19/",
        "/markers/no-such-set/",
        "/markers/scr-qm-lipp-2016/0/print/",
    ],
)
def test_it_answers_a_missing_marker_with_the_service_404_page(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and "govuk-template" in page


def test_it_renders_prose_with_lists_and_escapes_html():
    html = prose("First <b>para</b>.\n\n- one\n  - nested\n- two\n\n1. first\n2. second")
    assert '<p class="govuk-body">First &lt;b&gt;para&lt;/b&gt;.</p>' in html
    assert '<li>one<ul class="govuk-list govuk-list--bullet"><li>nested</li></ul></li>' in html
    assert '<ol class="govuk-list govuk-list--number"><li>first</li><li>second</li></ol>' in html
