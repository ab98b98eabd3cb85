"""Small middleware of our own."""

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
