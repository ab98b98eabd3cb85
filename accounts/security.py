"""Sign-in protection: the client's address, the lockout limits, password-reset throttling.

django-axes records failed sign-ins and locks out; django-ipware finds the client address
behind a proxy. This module holds only the two decisions they leave to us."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from ipware.ip import get_client_ip


def sign_in_name(request, credentials) -> str:
    """The user name a failed sign-in is recorded under (AXES_USERNAME_CALLABLE), cut to the
    length of the lockout table's column: Django's sign-in form does not bound it, and
    PostgreSQL refuses a longer value (a 500 instead of "Enter a correct user name")."""
    name = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(name)[:255]


def client_address(request) -> str | None:
    """The client's address, read from the headers the proxy in front sets (AXES_IP_HEADERS)
    by django-ipware; the connection's own address if they name none. Used for lockouts and
    in the read access log."""
    address, _routable = get_client_ip(
        request,
        proxy_order=settings.AXES_IPWARE_PROXY_ORDER,
        proxy_count=settings.AXES_IPWARE_PROXY_COUNT,
        proxy_trusted_ips=getattr(settings, "AXES_IPWARE_PROXY_TRUSTED_IPS", None),
        request_header_order=settings.AXES_IPWARE_META_PRECEDENCE_ORDER,
    )
    return address or request.META.get("REMOTE_ADDR")


def failure_limit(request, credentials) -> int:
    """django-axes counts failures per user name and address, and per address alone
    (AXES_LOCKOUT_PARAMETERS), and compares the larger count with one limit. The address's
    count is always the larger, so: the address's limit, or none at all (0) once this user
    name has had its own limit of failures from this address."""
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if username:
        since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
        failures = AccessAttempt.objects.filter(
            username=username,
            ip_address=getattr(request, "axes_ip_address", None) or client_address(request),
            attempt_time__gte=since,
        ).aggregate(n=Sum("failures_since_start"))["n"]
        if (failures or 0) >= settings.AXES_USER_FAILURE_LIMIT:
            return 0
    return settings.AXES_ADDRESS_FAILURE_LIMIT


def reset_allowed(request, email: str) -> bool:
    """Record a request for a password-reset e-mail; False when the address or the e-mail
    address has asked too often in the last hour (PASSWORD_RESET_PER_HOUR for one e-mail,
    four times that for one address). Counted whether or not an account uses the e-mail,
    so the answer tells nobody which e-mails have accounts."""
    from accounts.models import PasswordResetRequest

    now = timezone.now()
    PasswordResetRequest.objects.filter(at__lt=now - timedelta(days=1)).delete()
    hour_ago = now - timedelta(hours=1)
    recent = PasswordResetRequest.objects.filter(at__gte=hour_ago)
    address = client_address(request)
    per_email = settings.PASSWORD_RESET_PER_HOUR
    allowed = (
        recent.filter(email__iexact=email).count() < per_email
        and recent.filter(address=address).count() < 4 * per_email
    )
    PasswordResetRequest.objects.create(email=email, address=address)
    return allowed
