"""The markers of a review as a GOV.UK task list, grouped by cluster, the stage's cluster first."""

import re

import pytest
from django.urls import reverse

from reviews.models import Evidence, Review
from tests.assessment_helpers import marker, save


def url(review):
    return reverse("reviews:markers", args=[review.pk])


def test_it_lists_all_18_markers_in_three_clusters_not_started(cast, as_user):
    body = as_user(cast.member).get(url(cast.review)).content.decode()
    assert body.count('class="govuk-task-list__item') == 18
    assert body.count(">Not yet started</strong>") == 18
    assert body.count('class="govuk-task-list"') == 3
    assert 'aria-current="page"' in body and ">Markers</a>" in body


@pytest.mark.parametrize(
    "stage,first",
    [
        (Review.Stage.REFERRAL, "Setting up the review"),
        (Review.Stage.SETUP, "Setting up the review"),
        (Review.Stage.RUNNING, "Running the review"),
        (Review.Stage.OUTPUTS, "Outputs and outcomes from the review"),
        (Review.Stage.MONITORING, "Outputs and outcomes from the review"),
        (Review.Stage.CLOSED, "Outputs and outcomes from the review"),
    ],
)
def test_it_shows_the_cluster_of_the_stage_first_and_in_focus(cast, as_user, stage, first):
    Review.objects.filter(pk=cast.review.pk).update(stage=stage)
    body = as_user(cast.reviewer).get(url(cast.review)).content.decode()
    headings = re.findall(r'<h3 class="govuk-heading-m">\d\. ([^<]+)', body)
    assert headings[0].strip() == first
    assert body.count("In focus now") == 1
    assert re.search(rf"{first}\s*<strong class=\"govuk-tag govuk-tag--blue\">In focus now", body)


def test_it_shows_each_markers_status_and_counts(cast, as_user):
    m = marker(cast.review, 4)
    save(
        cast.review,
        4,
        cast.reviewer,
        rating="partly_met",
        answers={1: ("yes", ""), 2: ("", "a note only"), 3: ("no", "")},
    )
    for i in range(2):
        Evidence.objects.create(
            review=cast.review,
            marker=m,
            kind="note",
            title=f"N{i}",
            description="x",
            added_by=cast.reviewer,
        )
    e = Evidence.objects.create(
        review=cast.review,
        marker=m,
        kind="note",
        title="Gone",
        description="x",
        added_by=cast.reviewer,
    )
    e.withdraw(by=cast.reviewer, reason="Duplicate")
    body = as_user(cast.reviewer).get(url(cast.review)).content.decode()
    n = m.questions.count()
    assert f"2 of {n} questions answered, 2 evidence items" in body
    # Progress is the task list status; the rating is a tag of its own, in the hint.
    assert 'id="qm4-status"><strong class="govuk-tag govuk-tag--light-blue">In progress' in body
    assert 'Rated <strong class="govuk-tag govuk-tag--yellow">Partly met</strong>' in body


@pytest.mark.parametrize(
    "rating,answered,reason,status",
    [
        ("met", "all", "", "Completed"),
        ("met", "one", "", "In progress"),
        ("not_applicable", "none", "Not a review with a family", "Completed"),
        ("not_started", "all", "", "In progress"),
    ],
)
def test_a_marker_is_completed_when_rated_with_every_question_answered(
    cast, as_user, rating, answered, reason, status
):
    m = marker(cast.review, 5)
    numbers = [q.number for q in m.questions.all()]
    chosen = {"all": numbers, "one": numbers[:1], "none": []}[answered]
    save(
        cast.review,
        5,
        cast.reviewer,
        rating=rating,
        reason=reason,
        answers={n: ("yes", "") for n in chosen},
    )
    body = as_user(cast.reviewer).get(url(cast.review)).content.decode()
    status_html = body[body.index('id="qm5-status"') :].split("</div>")[0]
    assert status in status_html


# One more than the page itself: the read access log records the view (issue 12).
TASK_LIST_QUERIES = 10


def test_it_reads_the_task_list_in_a_fixed_number_of_queries(
    cast, as_user, django_assert_max_num_queries
):
    client = as_user(cast.reviewer)
    with django_assert_max_num_queries(TASK_LIST_QUERIES) as empty:
        client.get(url(cast.review))
    for number in range(1, 19):
        m = marker(cast.review, number)
        save(
            cast.review,
            number,
            cast.reviewer,
            rating="met",
            answers={q.number: ("yes", "n") for q in m.questions.all()},
        )
        for i in range(3):
            Evidence.objects.create(
                review=cast.review,
                marker=m,
                kind="note",
                title=f"N{i}",
                description="x",
                added_by=cast.reviewer,
            )
    with django_assert_max_num_queries(TASK_LIST_QUERIES) as full:
        response = client.get(url(cast.review))
    assert response.content.decode().count(">Met</strong>") == 18
    assert "18 of 18 markers completed" in response.content.decode()
    assert len(full.captured_queries) == len(empty.captured_queries)
