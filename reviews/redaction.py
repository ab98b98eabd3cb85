"""Restricted details typed into free text, hidden on pages from people who may not see them.

Exports and e-mails replace a review's restricted details (the restricted list and family
members' real names) with ``[restricted]`` wherever they were typed (``privacy.redactor``).
Pages do the same here, for everyone outside the review's team (``ReviewAccess.is_team``):
the access checkpoint notes each review a page reads (``note_review``), lists note the
reviews they show (``note_reviews``), and ``RestrictedDetailsMiddleware`` then redacts the
page's text, its title included, with the restricted details of those of the noted reviews
whose team the user is not on: one or two queries, once per page, none for the team. The
access log records the checkpoint's answer with each read (``outside_team``).

Only the text people read is changed: text between tags, and the ``title``, ``alt`` and
``aria-label`` attributes. What a form sends back (field values, a text area's text) is
left as it is, so that saving a form never replaces someone's words with ``[restricted]``;
those forms are for the review's team, apart from a lead agency's progress note.
"""

import html
import re
from contextvars import ContextVar

from accounts.access import memberships_of
from accounts.models import Membership
from reviews import privacy

# The reviews the current request has shown: None outside a request.
_NOTED: ContextVar[set | None] = ContextVar("restricted_reviews_noted", default=None)
# Reviews whose restricted details are already hidden from this user (checked by the view).
_HIDDEN: ContextVar[set | None] = ContextVar("restricted_reviews_hidden", default=None)

_TAG = re.compile(r"(<[^>]*>)")
_ATTRIBUTE = re.compile(r"""(\s(?:title|alt|aria-label)=")([^"]*)(")""", re.IGNORECASE)
_RAW_START = re.compile(r"<(textarea|script|style)\b", re.IGNORECASE)


def note_review(review_id: int, can_see_restricted: bool) -> None:
    """A page reads this review (``reviews.access.get_review_for_user``)."""
    if not can_see_restricted and (hidden := _HIDDEN.get()) is not None:
        hidden.add(review_id)


def outside_team(review_id: int | None) -> bool:
    """The current request's view read this review for someone outside its team
    (``note_review``): what the access log records with the read (``accesslog.middleware``).
    False outside a request, for no review, and for a review the view did not check."""
    hidden = _HIDDEN.get()
    return review_id is not None and hidden is not None and review_id in hidden


def note_reviews(review_ids) -> None:
    """A page lists these reviews; the middleware works out which the user is not team on."""
    if (noted := _NOTED.get()) is not None:
        noted.update(review_ids)


def _outside_team(user, review_ids: set[int]) -> set[int]:
    """Of these reviews, those whose team the user is not on (one query, none for someone
    who oversees every board they are on)."""
    from reviews.models import Review

    memberships = memberships_of(user)
    oversight = [
        board_id
        for board_id, m in memberships.items()
        if m.role in (Membership.Role.BOARD_MANAGER, Membership.Role.CHAIR)
    ]
    if len(oversight) == len(memberships):
        return set()
    return set(
        Review.objects.filter(pk__in=review_ids)
        .exclude(board_id__in=oversight)
        .exclude(roles__user=user)
        .values_list("pk", flat=True)
    )


def redact_html(page: str, redact) -> str:
    """The page with ``redact`` applied to its text and readable attributes, not to tags,
    form values, scripts or styles."""
    out = []
    raw_until = None  # inside <textarea>, <script> or <style>: left alone up to its end tag
    for piece in _TAG.split(page):
        if piece.startswith("<") and piece.endswith(">"):
            if raw_until is not None:
                if piece.lower().startswith(raw_until):
                    raw_until = None
                out.append(piece)
                continue
            if m := _RAW_START.match(piece):
                raw_until = f"</{m.group(1).lower()}"
            out.append(_ATTRIBUTE.sub(lambda a: _redact_value(a, redact), piece))
        elif raw_until is not None or not piece.strip():
            out.append(piece)
        else:
            text = html.unescape(piece)
            hidden = redact(text)
            out.append(piece if hidden == privacy.without_invisible(text) else html.escape(hidden))
    return "".join(out)


def _redact_value(match: re.Match, redact) -> str:
    text = html.unescape(match.group(2))
    hidden = redact(text)
    if hidden == privacy.without_invisible(text):
        return match.group(0)
    return f"{match.group(1)}{html.escape(hidden)}{match.group(3)}"


class RestrictedDetailsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        noted, hidden = _NOTED.set(set()), _HIDDEN.set(set())
        try:
            response = self.get_response(request)
            ids = set(_HIDDEN.get())
            listed = _NOTED.get() - ids
            if listed and request.user.is_authenticated:
                ids |= _outside_team(request.user, listed)
            if ids and _is_page(response):
                self._redact(response, ids)
        finally:
            _NOTED.reset(noted)
            _HIDDEN.reset(hidden)
        return response

    @staticmethod
    def _redact(response, review_ids: set[int]) -> None:
        from reviews.services.outcomes import restricted_lists

        terms = [t for ts in restricted_lists(review_ids).values() for t in ts]
        if not terms:
            return
        charset = response.charset or "utf-8"
        page = response.content.decode(charset)
        response.content = redact_html(page, privacy.redactor(terms)).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))


def _is_page(response) -> bool:
    return not getattr(response, "streaming", False) and response.get(
        "Content-Type", ""
    ).startswith("text/html")
