"""scrqm.links: the same links as reverse(), reversed once per URL name."""

from django.urls import reverse

from scrqm.links import link, links


def test_links_equal_reverse_for_any_ids():
    for name in ["reviews:evidence", "reviews:action_detail", "reviews:action_progress"]:
        for ids in [(1, 2), (918273645, 7), (7, 546372819), (123456789012, 9)]:
            assert link(name, *ids) == reverse(name, args=ids)
    assert link("reviews:detail", 42) == reverse("reviews:detail", args=[42])


def test_a_rows_links_equal_reverse_for_each_second_id():
    numbers = [1, 2, 9, 18, 546372819]
    assert links("reviews:marker", 918273645, numbers) == [
        reverse("reviews:marker", args=[918273645, n]) for n in numbers
    ]
    assert links("reviews:marker", 7, []) == []
