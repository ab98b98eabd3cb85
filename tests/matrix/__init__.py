"""Tables of who may do what, one module per area of the app.

Each module defines ``EXPECTED`` — {url name: {method: {user kind: status}}} — and
``kwargs(cast)``, the URL arguments its patterns need, built from the standard cast
(creating any objects they point at). ``tests/test_access_matrix.py`` requests every URL
pattern of the project as every kind of user and compares with these tables; a pattern with
no row fails.

Statuses: 200 ok, 302 redirect (anonymous users go to sign-in), 403 seen but not allowed,
404 not seen, 405 wrong method. An empty POST by an allowed user answers 200 (the form again,
with errors) or 302; by anyone else 403/404, and it never changes data.
"""

KINDS = ["anonymous", "manager", "chair", "reviewer", "reviewer_off", "member", "outsider", "admin"]


def row(default: int | None = None, **statuses: int) -> dict[str, int]:
    """A complete row: every user kind gets a status; anonymous users are sent to sign in."""
    out = {kind: default for kind in KINDS}
    out["anonymous"] = 302
    out.update(statuses)
    missing = [k for k, v in out.items() if v is None]
    assert not missing, f"row is missing statuses for {missing}"
    return out


# Common rows for pages of one review.
REVIEW_READ = row(200, reviewer_off=404, outsider=404, admin=404)
REVIEW_MANAGE = row(403, manager=200, reviewer_off=404, outsider=404, admin=404)
REVIEW_DECIDE = row(403, chair=200, reviewer_off=404, outsider=404, admin=404)
REVIEW_ASSESS = row(403, reviewer=200, reviewer_off=404, outsider=404, admin=404)
REVIEW_COMMENT = row(403, manager=200, chair=200, reviewer_off=404, outsider=404, admin=404)
SIGNED_IN = row(200)
PUBLIC = row(200, anonymous=200)
POST_ONLY = row(405)
