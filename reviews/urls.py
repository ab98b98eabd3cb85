from django.urls import path

from reviews.views import actions, outcomes, review

app_name = "reviews"

# Reviews and the records a review holds (lifecycle, referral, decisions, timescales...).
urlpatterns = [
    path("", review.review_list, name="list"),
    path("<int:pk>/", review.review_detail, name="detail"),
]

# Marker self-assessment and evidence.
urlpatterns += []

# Outputs and outcomes: findings, actions, board response, publication.
urlpatterns += [
    path("actions/", actions.tracker, name="actions"),
    path("actions/export.csv", actions.export_csv, name="actions_csv"),
    path("actions/export.xlsx", actions.export_xlsx, name="actions_xlsx"),
    path("<int:pk>/outcomes/", outcomes.outcomes, name="outcomes"),
    path("<int:pk>/outcomes/history/", outcomes.outcomes_history, name="outcomes_history"),
    path("<int:pk>/outcomes/findings/add/", outcomes.finding_add, name="finding_add"),
    path(
        "<int:pk>/outcomes/findings/<int:finding_pk>/",
        outcomes.finding_edit,
        name="finding_edit",
    ),
    path(
        "<int:pk>/outcomes/findings/<int:finding_pk>/actions/add/",
        outcomes.action_add,
        name="action_add",
    ),
    path(
        "<int:pk>/outcomes/actions/<int:action_pk>/",
        outcomes.action_detail,
        name="action_detail",
    ),
    path(
        "<int:pk>/outcomes/actions/<int:action_pk>/edit/",
        outcomes.action_edit,
        name="action_edit",
    ),
    path(
        "<int:pk>/outcomes/actions/<int:action_pk>/progress/",
        outcomes.action_progress,
        name="action_progress",
    ),
    path("<int:pk>/outcomes/response/", outcomes.response_edit, name="response_edit"),
    path(
        "<int:pk>/outcomes/response/versions/",
        outcomes.response_versions,
        name="response_versions",
    ),
    path(
        "<int:pk>/outcomes/response/versions/<int:version_pk>/",
        outcomes.response_version,
        name="response_version",
    ),
    path("<int:pk>/outcomes/publication/", outcomes.publication_edit, name="publication_edit"),
    path(
        "<int:pk>/outcomes/publication/drafts/",
        outcomes.report_draft_upload,
        name="report_draft_upload",
    ),
    path(
        "<int:pk>/outcomes/publication/drafts/<int:draft_pk>/",
        outcomes.report_draft_download,
        name="report_draft_download",
    ),
    path("<int:pk>/outcomes/privacy/", outcomes.privacy_check, name="privacy_check"),
    path(
        "<int:pk>/outcomes/privacy/acknowledge/",
        outcomes.privacy_acknowledge,
        name="privacy_acknowledge",
    ),
    path(
        "<int:pk>/outcomes/privacy/restricted/",
        outcomes.restricted_terms,
        name="restricted_terms",
    ),
    path(
        "<int:pk>/outcomes/privacy/restricted/<int:term_pk>/delete/",
        outcomes.restricted_term_delete,
        name="restricted_term_delete",
    ),
]
