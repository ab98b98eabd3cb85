"""Who may use the pages added for security (issue 12): withdrawing a report draft is for
board managers (the draft itself comes from tests/matrix/outcomes.py)."""

from tests.matrix import POST_ONLY, row

OUT = {"reviewer_off": 404, "outsider": 404, "admin": 404}

EXPECTED = {
    "reviews:report_draft_withdraw": {"get": POST_ONLY, "post": row(403, manager=302, **OUT)},
}


def kwargs(cast) -> dict:
    return {}
