"""Who may open the pages of issue 10: home per role, account, analytics, annual pack."""

from tests.matrix import SIGNED_IN, row

EXPECTED = {
    # An empty POST saves "no e-mails" for the user themself, then shows the page again.
    "accounts:account": {"get": SIGNED_IN, "post": row(302)},
    # Figures of the user's own boards, from the reviews they may see (analytics.figures).
    "analytics:page": {"get": SIGNED_IN},
}


def kwargs(cast) -> dict:
    return {}
