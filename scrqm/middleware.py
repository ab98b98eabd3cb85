"""Small middleware of our own."""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


class PrivatePagesNotStoredMiddleware:
    """Pages seen when signed in hold case data: tell browsers and proxies not to keep them,
    so that nobody reads them from the cache (or with Back) on a shared computer after the
    user has signed out. A response that set its own Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)  # no-store, private
        return response


class RequestBodyLimitMiddleware:
    """Refuse a request body that is too large before anything reads it.

    Django parses a form body the first time ``request.POST`` is read (the CSRF check does
    that for every POST), and spools uploaded files to disk as it goes. Someone not signed in
    only ever sends a sign-in or password form, so their limit is small; a signed-in user's
    limit is the largest evidence file plus the rest of the form. The body's declared length
    is checked here, after the session is known and before any parsing: a 413 page, nothing
    written to disk. The proxy in front should refuse earlier still (README, Deployment).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length:
            signed_in = request.user.is_authenticated
            limit = (
                settings.REQUEST_MAX_BODY_BYTES
                if signed_in
                else settings.ANONYMOUS_REQUEST_MAX_BODY_BYTES
            )
            if length > limit:
                response = render(
                    request,
                    "errors/413.html",
                    {"limit": limit, "signed_in": signed_in},
                    status=413,
                )
                response["Connection"] = "close"
                return response
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """No page of ours uses the camera, microphone, location, payment or similar browser
    features: a Permissions-Policy header turns them off, for us and for anything embedded."""

    POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "encrypted-media",
            "fullscreen",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "picture-in-picture",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response
