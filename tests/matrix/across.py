"""Who may open the pages of issue 10: home per role, account, analytics, annual pack."""

from tests.matrix import SIGNED_IN

EXPECTED = {
    # Each signed-in user's own settings; an empty POST changes nothing and shows the page.
    "accounts:account": {"get": SIGNED_IN, "post": SIGNED_IN},
    # Figures of the user's own boards, from the reviews they may see (analytics.figures).
    "analytics:page": {"get": SIGNED_IN},
    # The pack: a file for members of a board; the page with its message for anyone else.
    "analytics:pack_pdf": {"get": SIGNED_IN},
    "analytics:pack_xlsx": {"get": SIGNED_IN},
}


def kwargs(cast) -> dict:
    return {}
