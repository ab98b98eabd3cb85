"""A review's whole file: exported by the board managers of its board, imported by
administrators."""

from tests.matrix import REVIEW_MANAGE, row

EXPECTED = {
    # GET: the page; POST: the archive itself (a download, recorded in the history).
    "reviews:archive_export": {"get": REVIEW_MANAGE, "post": REVIEW_MANAGE},
    # An empty POST by an administrator is the form again, with its errors.
    "reviews:archive_import": {"get": row(403, admin=200), "post": row(403, admin=200)},
}


def kwargs(cast) -> dict:
    return {}
