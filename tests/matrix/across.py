"""Who may open the pages of issue 10: home per role, account, analytics, annual pack."""

from tests.matrix import SIGNED_IN

EXPECTED = {
    "accounts:account": {"get": SIGNED_IN, "post": SIGNED_IN},
}


def kwargs(cast) -> dict:
    return {}
