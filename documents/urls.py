from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("reviews/<int:pk>/", views.review_reports, name="review"),
    path("reviews/<int:pk>/qa-summary.<str:fmt>", views.qa_summary, name="qa_summary"),
    path(
        "reviews/<int:pk>/points/<int:point_pk>/qa-summary.<str:fmt>",
        views.qa_summary,
        name="point_qa_summary",
    ),
    path("reviews/<int:pk>/markers/<int:number>.pdf", views.marker_pdf, name="marker_pdf"),
    path("reviews/<int:pk>/reports/<int:report_pk>/", views.report_download, name="download"),
    path("reviews/<int:pk>/answers.csv", views.answers_export, {"fmt": "csv"}, name="answers_csv"),
    path(
        "reviews/<int:pk>/answers.xlsx", views.answers_export, {"fmt": "xlsx"}, name="answers_xlsx"
    ),
    path("ratings.csv", views.ratings_export, {"fmt": "csv"}, name="ratings_csv"),
    path("ratings.xlsx", views.ratings_export, {"fmt": "xlsx"}, name="ratings_xlsx"),
    path("markers/<slug:set_slug>/library.pdf", views.marker_set_pdf, name="marker_library"),
    path(
        "markers/<slug:set_slug>/self-assessment.pdf",
        views.marker_set_pdf,
        {"blank": True},
        name="self_assessment",
    ),
    path(
        "markers/<slug:set_slug>/<int:number>/self-assessment.pdf",
        views.marker_set_pdf,
        {"blank": True},
        name="marker_self_assessment",
    ),
]
