from django.urls import path

from reviews.views import actions, archive, assessment, evidence, outcomes, records, review

app_name = "reviews"

# Reviews and the records a review holds (lifecycle, referral, decisions, timescales...).
urlpatterns = [
    path("", review.review_list, name="list"),
    path("new/", review.review_create, name="create"),
    path("themes/", review.themes, name="themes"),
    path("<int:pk>/", review.review_detail, name="detail"),
    path("<int:pk>/details/", review.review_edit, name="edit"),
    path("<int:pk>/dates/", review.review_dates, name="dates"),
    path("<int:pk>/stage/", review.review_move, name="move"),
    path("<int:pk>/people/", review.review_people, name="people"),
    path("<int:pk>/people/<int:role_pk>/remove/", review.review_role_remove, name="role_remove"),
    path("<int:pk>/convert/", review.review_convert_view, name="convert"),
    path("<int:pk>/timeline/", review.review_timeline, name="timeline"),
    path("<int:pk>/history/", review.review_history, name="history"),
    path("<int:pk>/records/", records.records, name="records"),
    path("<int:pk>/referral/", records.referral_edit, name="referral"),
    path("<int:pk>/notification/", records.notification_edit, name="notification"),
    path("<int:pk>/notification/children/add/", records.child_add, name="child_add"),
    path("<int:pk>/notification/children/<int:child_pk>/", records.child_edit, name="child_edit"),
    path("<int:pk>/rapid-review/", records.rapid_review_edit, name="rapid_review"),
    path("<int:pk>/terms-of-reference/", records.tor_edit, name="tor"),
    path("<int:pk>/decisions/add/", records.decision_add, name="decision_add"),
    path("<int:pk>/decisions/<int:decision_pk>/", records.decision_edit, name="decision_edit"),
    path(
        "<int:pk>/decisions/<int:decision_pk>/remove/",
        records.decision_withdraw,
        name="decision_withdraw",
    ),
    path("<int:pk>/contributions/add/", records.contribution_add, name="contribution_add"),
    path(
        "<int:pk>/contributions/<int:contribution_pk>/",
        records.contribution_edit,
        name="contribution_edit",
    ),
    path(
        "<int:pk>/contributions/<int:contribution_pk>/chase/",
        records.contribution_chase,
        name="contribution_chase",
    ),
    path(
        "<int:pk>/contributions/<int:contribution_pk>/remove/",
        records.contribution_withdraw,
        name="contribution_withdraw",
    ),
    path("<int:pk>/involvement/add/", records.involvement_add, name="involvement_add"),
    path(
        "<int:pk>/involvement/<int:involvement_pk>/",
        records.involvement_edit,
        name="involvement_edit",
    ),
    path(
        "<int:pk>/involvement/<int:involvement_pk>/remove/",
        records.involvement_withdraw,
        name="involvement_withdraw",
    ),
    path("<int:pk>/parallel-processes/add/", records.process_add, name="process_add"),
    path(
        "<int:pk>/parallel-processes/<int:process_pk>/", records.process_edit, name="process_edit"
    ),
    path(
        "<int:pk>/parallel-processes/<int:process_pk>/remove/",
        records.process_withdraw,
        name="process_withdraw",
    ),
    path("<int:pk>/disclosable-material/add/", records.material_add, name="material_add"),
    path(
        "<int:pk>/disclosable-material/<int:material_pk>/",
        records.material_edit,
        name="material_edit",
    ),
    path(
        "<int:pk>/disclosable-material/<int:material_pk>/remove/",
        records.material_withdraw,
        name="material_withdraw",
    ),
    path("<int:pk>/practitioner-events/add/", records.event_add, name="event_add"),
    path("<int:pk>/practitioner-events/<int:event_pk>/", records.event_edit, name="event_edit"),
    path(
        "<int:pk>/practitioner-events/<int:event_pk>/remove/",
        records.event_withdraw,
        name="event_withdraw",
    ),
    path("<int:pk>/delays/<slug:milestone>/", records.delay_edit, name="delay"),
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
    path(
        "<int:pk>/outcomes/actions/<int:action_pk>/verify/",
        outcomes.action_verify,
        name="action_verify",
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
    path(
        "<int:pk>/outcomes/publication/drafts/<int:draft_pk>/withdraw/",
        outcomes.report_draft_withdraw,
        name="report_draft_withdraw",
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

# A review's whole file, exported and imported.
urlpatterns += [
    path("<int:pk>/archive/", archive.archive_export, name="archive_export"),
    path("<int:pk>/archive/download/", archive.archive_download, name="archive_download"),
    path("import/", archive.archive_import, name="archive_import"),
]
