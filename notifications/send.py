"""E-mail notifications: sent after the transaction commits, once per user and event, with a
link and the review's reference only (no case details), to whoever has not turned that kind
off on their account page."""

import hashlib

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from notifications.models import Kind, OptOut, Sent

SUBJECTS = {
    Kind.ADDED: "You have been added to review {ref}",
    Kind.DECISION_WAITING: "Review {ref} is waiting for the chair's decision",
    Kind.CHALLENGE_RAISED: "A challenge was raised on review {ref}",
    Kind.CHALLENGE_ANSWERED: "Your challenge on review {ref} was answered",
    Kind.POINT_SIGNED_OFF: "An assessment point of review {ref} was signed off",
    Kind.CONTRIBUTION_OVERDUE: "An agency contribution to review {ref} is overdue",
}


def digest(*parts) -> str:
    """A short key for an event described by ``parts`` (e.g. a comment's text)."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:40]


def notify(kind: str, users, *, review, key: str, url: str) -> None:
    """Send ``kind`` about ``review`` to ``users`` once the current transaction commits.
    ``url`` is absolute (``request.build_absolute_uri`` or ``settings.SITE_URL``)."""
    user_ids = sorted({u.pk for u in users if u is not None})
    reference = review.reference
    if user_ids:
        transaction.on_commit(lambda: _deliver(kind, user_ids, reference, key, url))


def _deliver(kind, user_ids, reference, key, url) -> None:
    from accounts.models import User

    off = set(
        OptOut.objects.filter(kind=kind, user_id__in=user_ids).values_list("user_id", flat=True)
    )
    for user in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email=""):
        if user.pk in off:
            continue
        try:
            with transaction.atomic():
                claim = Sent.objects.create(user=user, kind=kind, key=key)
        except IntegrityError:
            continue  # already sent: a retried request or a second run
        subject = SUBJECTS[kind].format(ref=reference)
        body = render_to_string(
            "notifications/email.txt",
            {"user": user, "subject": subject, "url": url, "kind": Kind(kind)},
        )
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:
            claim.delete()  # not sent: a later retry may send it
            raise


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else settings.SITE_URL.rstrip("/") + path
