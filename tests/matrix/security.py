"""Who may use the pages added for security (issue 12): security codes for everyone signed
in; withdrawing a report draft for board managers (the draft comes from
tests/matrix/outcomes.py)."""

from tests.matrix import POST_ONLY, row

OUT = {"reviewer_off": 404, "outsider": 404, "admin": 404}

EXPECTED = {
    # Security codes: anyone signed in may set them up; with no app set up yet, the code page
    # sends them to the set-up page.
    "accounts:security_code": {"get": row(302), "post": row(302)},
    "accounts:security_code_set_up": {"get": row(200), "post": row(200)},
    "reviews:report_draft_withdraw": {"get": POST_ONLY, "post": row(403, manager=302, **OUT)},
}


def kwargs(cast) -> dict:
    return {}
