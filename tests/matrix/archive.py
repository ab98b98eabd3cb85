"""A review's whole file: exported by the board managers of its board, imported by
administrators."""

from tests.matrix import POST_ONLY, REVIEW_MANAGE, row

EXPECTED = {
    # The page, then the archive itself (a download, recorded in the history and access log).
    "reviews:archive_export": {"get": REVIEW_MANAGE},
    "reviews:archive_download": {"get": POST_ONLY, "post": REVIEW_MANAGE},
    # An empty POST by an administrator is the form again, with its errors.
    "reviews:archive_import": {"get": row(403, admin=200), "post": row(403, admin=200)},
}


def kwargs(cast) -> dict:
    return {}
