from django.contrib import admin
from django.urls import include, path

from scrqm import views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accounts/", include("accounts.urls")),
    path("markers/", include("markers.urls")),
    path("reviews/", include("reviews.urls")),
    path("analytics/", include("analytics.urls")),
    path("access-log/", include("accesslog.urls")),
    path("documents/", include("documents.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "scrqm.views.not_found"
handler403 = "scrqm.views.forbidden"
handler500 = "scrqm.views.server_error"
