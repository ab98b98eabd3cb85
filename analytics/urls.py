from django.urls import path

from analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.analytics, name="page"),
    path("annual-report.pdf", views.pack_pdf, name="pack_pdf"),
    path("annual-report.xlsx", views.pack_xlsx, name="pack_xlsx"),
]
