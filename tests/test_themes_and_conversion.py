from datetime import date

from reviews.models import Review, Theme


def test_it_starts_with_the_national_list_of_themes(db):
    names = set(Theme.objects.filter(board__isnull=True).values_list("name", flat=True))
    assert {"Neglect", "Domestic abuse", "Sudden unexpected death in infancy"} <= names


def test_it_lets_a_board_manager_extend_the_list(cast, client):
    client.force_login(cast.manager)
    response = client.post(
        "/reviews/themes/", {"board": cast.board.pk, "name": "Private fostering"}
    )
    assert response.status_code == 302
    theme = Theme.objects.get(name="Private fostering")
    assert theme.board == cast.board
    # Offered on this board's reviews, not on another board's.
    assert theme in Theme.objects.for_board(cast.board)
    assert theme not in Theme.objects.for_board(cast.other_board)
    response = client.post("/reviews/themes/", {"board": cast.board.pk, "name": "neglect"})
    assert "The theme neglect is already on the list" in response.content.decode()


def test_it_refuses_themes_to_everyone_but_board_managers(cast, client):
    client.force_login(cast.chair)
    assert client.post("/reviews/themes/", {"board": cast.board.pk, "name": "X"}).status_code == 403
    client.force_login(cast.outsider)
    response = client.post("/reviews/themes/", {"board": cast.board.pk, "name": "X"})
    assert response.status_code == 200  # another board: not a choice
    assert not Theme.objects.filter(name="X").exists()


def test_it_converts_a_rapid_review_keeping_the_link(cast, client):
    rapid = cast.review
    rapid.kind = "rapid"
    rapid.referral_on = date(2026, 3, 3)
    rapid.notified_on = date(2026, 2, 27)
    rapid.save()
    rapid.themes.add(Theme.objects.get(name="Neglect"))
    client.force_login(cast.manager)
    response = client.post(f"/reviews/{rapid.pk}/convert/")
    full = Review.objects.get(converted_from=rapid)
    assert response["Location"] == full.get_absolute_url()
    assert full.kind == "lcspr" and full.stage == "referral"
    assert full.referral_on == date(2026, 3, 3)
    assert list(full.themes.values_list("name", flat=True)) == ["Neglect"]
    assert set(full.roles.values_list("user__username", flat=True)) == {
        "reviewer",
        "chair",
        "manager",
    }
    rapid.refresh_from_db()
    assert rapid.stage == "closed"
    assert rapid.converted_to == full
    # Only once.
    client.post(f"/reviews/{rapid.pk}/convert/")
    assert Review.objects.filter(converted_from=rapid).count() == 1


def test_it_converts_only_for_board_managers(cast, client):
    cast.review.kind = "rapid"
    cast.review.save()
    client.force_login(cast.chair)
    assert client.post(f"/reviews/{cast.review.pk}/convert/").status_code == 403
    assert not Review.objects.filter(converted_from=cast.review).exists()
