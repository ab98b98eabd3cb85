from tests.matrix import PUBLIC, REVIEW_READ, SIGNED_IN, row

EXPECTED = {
    "home": {"get": SIGNED_IN},
    "health": {"get": PUBLIC},
    "accessibility": {"get": PUBLIC},
    # Signed-in users are sent on from the sign-in page.
    "accounts:login": {"get": row(302, anonymous=200)},
    "accounts:logout": {"get": row(405, anonymous=302)},
    "accounts:password_change": {"get": SIGNED_IN},
    "accounts:password_change_done": {"get": SIGNED_IN},
    "accounts:password_reset": {"get": PUBLIC},
    "accounts:password_reset_done": {"get": PUBLIC},
    # An invalid token shows the "link has expired" page to anyone.
    "accounts:password_reset_confirm": {"get": PUBLIC},
    "accounts:password_reset_complete": {"get": PUBLIC},
    "markers:library": {"get": SIGNED_IN},
    "markers:set": {"get": SIGNED_IN},
    "markers:set_print": {"get": SIGNED_IN},
    "markers:detail": {"get": SIGNED_IN},
    "markers:detail_print": {"get": SIGNED_IN},
    "reviews:list": {"get": SIGNED_IN},
    "reviews:detail": {"get": REVIEW_READ},
    # Django admin: administrators only; everyone else is sent to the admin sign-in.
    "admin:*": {"get": row(302, admin=200)},
}


def kwargs(cast) -> dict:
    return {
        "set_slug": "scr-qm-lipp-2016",
        "number": 13,
        "pk": cast.review.pk,
        "uidb64": "MQ",
        "token": "bad-token",
    }
