from django.conf import settings
from django.urls import reverse

# The service navigation: (label, URL name). A page belongs to the item whose URL is the
# longest prefix of its path, so /reviews/actions/ is "Actions", /reviews/3/markers/ "Reviews".
NAVIGATION = [
    ("Home", "home"),
    ("Reviews", "reviews:list"),
    ("Marker grid", "reviews:marker_grid"),
    ("Actions", "reviews:actions"),
    ("Analytics", "analytics:page"),
    ("Marker library", "markers:library"),
]


def service(request):
    items = [{"label": label, "url": reverse(name)} for label, name in NAVIGATION]
    matches = [
        i
        for i in items
        if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))
    ]
    current = max(matches, key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["active"] = item is current
        item["is_page"] = item is current and request.path == item["url"]
    return {"service_name": settings.SERVICE_NAME, "navigation": items}
