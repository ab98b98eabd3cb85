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
    # New backup codes and turning codes off, from the account page: anyone signed in, by
    # POST; with no app set up yet, both send them to the set-up page.
    "accounts:backup_codes": {"get": POST_ONLY, "post": row(302)},
    "accounts:security_code_turn_off": {"get": POST_ONLY, "post": row(302)},
    # The read access log: per review for its board's managers; per person for the managers
    # of a board the person belongs to.
    "accesslog:review": {"get": row(403, manager=200, **OUT)},
    "accesslog:user": {"get": row(404, manager=200)},
    # The whole of the home page's "Access to check" panel: the board's managers only.
    "accesslog:board": {"get": row(404, manager=200)},
    # Verifying an agency's completion: board managers and chairs (302 back to the action).
    "reviews:action_verify": {
        "get": POST_ONLY,
        "post": row(403, manager=302, chair=302, **OUT),
    },
    "reviews:report_draft_withdraw": {"get": POST_ONLY, "post": row(403, manager=302, **OUT)},
}


def kwargs(cast) -> dict:
    return {"user_pk": cast.member.pk, "board_pk": cast.board.pk}
