from django.urls import path

from reviews.views import assessment, evidence, review

app_name = "reviews"

# Reviews and the records a review holds (lifecycle, referral, decisions, timescales...).
urlpatterns = [
    path("", review.review_list, name="list"),
    path("<int:pk>/", review.review_detail, name="detail"),
]

# Marker self-assessment and evidence.
urlpatterns += [
    path("markers/", assessment.marker_grid, name="marker_grid"),
    path("<int:pk>/markers/", assessment.task_list, name="markers"),
    path("<int:pk>/markers/<int:number>/", assessment.marker_detail, name="marker"),
    path(
        "<int:pk>/markers/<int:number>/history/", assessment.marker_history, name="marker_history"
    ),
    path("<int:pk>/markers/<int:number>/comments/", assessment.comment_add, name="comment_add"),
    path(
        "<int:pk>/comments/<int:comment_pk>/resolve/",
        assessment.comment_resolve,
        name="comment_resolve",
    ),
    path("<int:pk>/markers/<int:number>/evidence/", evidence.evidence_create, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_pk>/", evidence.evidence_detail, name="evidence"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/replace/",
        evidence.evidence_replace,
        name="evidence_replace",
    ),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/withdraw/",
        evidence.evidence_withdraw,
        name="evidence_withdraw",
    ),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/files/<int:file_pk>/",
        evidence.evidence_download,
        name="evidence_download",
    ),
    path("<int:pk>/points/", assessment.points, name="points"),
    path("<int:pk>/points/compare/", assessment.points_compare, name="points_compare"),
    path("<int:pk>/points/<int:point_pk>/", assessment.point_detail, name="point"),
    path(
        "<int:pk>/points/<int:point_pk>/sign-off/",
        assessment.point_sign_off,
        name="point_sign_off",
    ),
]

# Outputs and outcomes: findings, actions, board response, publication.
urlpatterns += []
