from django.urls import path

from markers import views

app_name = "markers"

urlpatterns = [
    path("", views.library, name="library"),
    path("<slug:set_slug>/", views.library, name="set"),
    path("<slug:set_slug>/print/", views.library_print, name="set_print"),
    path("<slug:set_slug>/<int:number>/", views.detail, name="detail"),
    path("<slug:set_slug>/<int:number>/print/", views.detail_print, name="detail_print"),
]
