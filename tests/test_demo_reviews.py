from reviews import demo
from reviews.models import Review


def test_it_seeds_a_review_in_every_stage_once(db, client):
    cast = demo.seed_all()
    demo.seed_all()  # idempotent
    reviews = Review.objects.filter(board=cast.board)
    assert reviews.count() == 7
    assert set(reviews.values_list("stage", flat=True)) == set(Review.Stage.values)
    lead_on = Review.objects.filter(roles__user=cast.users["reviewer"]).count()
    assert lead_on >= 4
    assert Review.objects.filter(roles__user=cast.users["reviewer2"]).count() == 1
    for review in reviews:
        review.full_clean()  # key dates in order
        # Each review has what its stage needs.
        assert review.missing_for(review.stage) == [], review.reference


def test_it_renders_every_page_of_every_demo_review(db, client):
    cast = demo.seed_all()
    client.force_login(cast.users["manager"])
    assert client.get("/").status_code == 200
    assert client.get("/reviews/").status_code == 200
    for review in Review.objects.all():
        for suffix in ("", "records/", "timeline/", "history/", "stage/", "dates/"):
            response = client.get(f"/reviews/{review.pk}/{suffix}")
            assert response.status_code == 200, (review.reference, suffix)
    client.force_login(cast.users["member"])
    html = client.get(f"/reviews/{Review.objects.get(reference='SCR-2026-004').pk}/records/")
    assert "(demo) Mother" not in html.content.decode()
