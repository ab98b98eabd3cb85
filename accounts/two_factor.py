"""A second factor at sign-in: a security code from an authenticator app, or a backup code.

django-otp keeps the devices (TOTP for the app, static for the backup codes), verifies codes
with its own throttling, and marks the session verified. The pages are ours, GOV.UK-styled,
after our own sign-in page; this middleware sends a signed-in user who needs a code there.
"""

import base64
import re
from io import BytesIO
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import memberships_of
from scrqm.forms import GDSFormMixin

BACKUP_CODES = 10


def is_required(user) -> bool:
    """Administrators (in production), and members of a board that asks for it."""
    if (user.is_staff or user.is_superuser) and settings.TWO_FACTOR_FOR_ADMINS:
        return True
    return any(m.board.require_two_factor for m in memberships_of(user).values())


def needs_code(user) -> bool:
    """Signed in with a password only, but a code is needed: they have set up an app, or
    they must."""
    if not user.is_authenticated or user.is_verified():
        return False
    return django_otp.user_has_device(user) or is_required(user)


class SecurityCodeForm(GDSFormMixin, forms.Form):
    submit_label = "Continue"
    code = forms.CharField(
        label="Security code",
        max_length=16,
        help_text="The 6-digit code your authenticator app shows now, or one of your backup codes.",
        error_messages={"required": "Enter the security code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        # Six digits come from the app; anything else is a backup code. Only that kind of
        # device is tried, so a wrong code slows down (django-otp throttling) only that kind.
        kind = TOTPDevice if re.fullmatch(r"\d{6}", code) else StaticDevice
        throttled = False
        # django-otp locks the devices it verifies (select_for_update): one transaction, and
        # the errors raised after it, so that a wrong code's throttling is kept.
        with transaction.atomic():
            for device in django_otp.devices_for_user(self.user, for_verify=True):
                if not isinstance(device, kind):
                    continue
                if not device.verify_is_allowed()[0]:
                    throttled = True
                    break
                if device.verify_token(code):
                    self.device = device
                    break
        if self.device is not None:
            return code
        if throttled:
            raise forms.ValidationError(
                "Too many wrong codes. Wait a minute, then enter a new security code"
            )
        raise forms.ValidationError(
            "The security code is not correct. Enter the code your authenticator app shows "
            "now, or a backup code"
        )


class SetUpForm(GDSFormMixin, forms.Form):
    submit_label = "Turn on security codes"
    code = forms.CharField(
        label="Security code from the app",
        max_length=10,
        error_messages={"required": "Enter the security code from the app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                "The security code is not correct. Check the app shows this service, then "
                "enter the code it shows now"
            )
        return code


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def security_code(request):
    """The second step of signing in."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not django_otp.user_has_device(request.user):
        return redirect(reverse("accounts:security_code_set_up") + _query(request))
    form = SecurityCodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            messages.info(
                request,
                f"You used a backup code. You have {left} left: set up new ones on "
                "Your account if you are running out.",
            )
        return redirect(_next(request))
    return render(request, "accounts/security_code.html", {"form": form, "next": _next(request)})


def _query(request) -> str:
    target = request.GET.get("next")
    return "?" + urlencode({"next": target}) if target else ""


def _qr_data_url(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = BytesIO()
    image.save(buf)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode()


def _new_backup_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    for code in codes:
        device.token_set.create(token=code)
    return codes


@require_http_methods(["GET", "POST"])
def set_up(request):
    """Guided set-up: scan the QR code (or type the key), enter the code the app shows."""
    if django_otp.user_has_device(request.user) and not request.user.is_verified():
        # Replacing an app (or backup codes) needs a code from the current one first.
        return redirect(reverse("accounts:security_code") + _query(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Authenticator app", confirmed=False
        )
    form = SetUpForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(request.user)
        django_otp.login(request, device)
        return render(
            request,
            "accounts/backup_codes.html",
            {"codes": codes, "next": _next(request)},
        )
    key = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/security_code_set_up.html",
        {
            "form": form,
            "qr": _qr_data_url(device.config_url),
            "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
            "next": _next(request),
            "required": is_required(request.user),
            "replacing": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
        },
    )


def status(user) -> dict:
    """For the account page: whether codes are on, how many backup codes are left, and
    whether the user may turn them off."""
    on = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    left = StaticToken.objects.filter(device__user=user).count() if on else 0
    return {"on": on, "backup_codes_left": left, "required": is_required(user)}


def _codes_in_use(request):
    """Someone changing their codes has entered one in this session (the middleware makes
    sure of that); without an app set up there is nothing to change yet."""
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:security_code_set_up")
    if not request.user.is_verified():
        return redirect(reverse("accounts:security_code") + "?next=" + reverse("accounts:account"))
    return None


@require_POST
def backup_codes(request):
    """New backup codes from the account page: the old ones stop working."""
    if (refused := _codes_in_use(request)) is not None:
        return refused
    with transaction.atomic():
        codes = _new_backup_codes(request.user)
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "next": reverse("accounts:account"), "renewed": True},
    )


@require_POST
def turn_off(request):
    """Turn security codes off, for someone not required to use them."""
    if (refused := _codes_in_use(request)) is not None:
        return refused
    if is_required(request.user):
        messages.error(request, "Your account must use security codes: they cannot be turned off")
        return redirect("accounts:account")
    reset(request.user)
    request.session[PASSWORD_ENOUGH] = request.user.pk
    messages.success(request, "Security codes are off. You sign in with your password only")
    return redirect("accounts:account")


def reset(user) -> None:
    """Remove a person's security codes (their app and backup codes), for someone who has lost
    both: they set up codes again at their next sign-in if they must use them."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


PASSWORD_ENOUGH = "security_code_not_needed"
ALLOWED_UNVERIFIED = ("accounts:security_code", "accounts:security_code_set_up", "accounts:logout")


class SecurityCodeRequiredMiddleware:
    """A user signed in with a password who needs a code sees only the code pages (and can
    sign out) until they have entered one: every other page, Django admin included, sends
    them there first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = f"{match.namespace}:{match.url_name}" if match and match.namespace else ""
        if name in ALLOWED_UNVERIFIED or getattr(view_func, "login_required", True) is False:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        # Whether a password is enough is decided once, at sign-in (note_password_enough),
        # not with a query on every page.
        if request.session.get(PASSWORD_ENOUGH) == user.pk:
            return None
        if not needs_code(user):
            request.session[PASSWORD_ENOUGH] = user.pk
            return None
        target = (
            "accounts:security_code"
            if django_otp.user_has_device(request.user)
            else "accounts:security_code_set_up"
        )
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


@receiver(user_logged_in)
def note_password_enough(sender, request, user, **kwargs):
    """At sign-in, note in the (new) session whether a password is enough for this user, so
    that pages need no query to know. Someone required to use codes later is asked for one
    from their next sign-in."""
    if request is not None and hasattr(request, "session") and not needs_code_at_sign_in(user):
        request.session[PASSWORD_ENOUGH] = user.pk


def needs_code_at_sign_in(user) -> bool:
    return django_otp.user_has_device(user) or is_required(user)
