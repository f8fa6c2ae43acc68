from django.urls import path

from casereview.reports import views

app_name = "reports"
urlpatterns = [
    # The partnership's templates and checklist, edited with the rest of the process pack.
    path("pack/<slug:slug>/templates/<str:route_kind>/", views.template_edit, name="template"),
    path("pack/<slug:slug>/quality-markers/", views.markers_edit, name="markers"),
    path("<str:reference>/", views.overview, name="overview"),
    path("<str:reference>/rapid-review/", views.rapid_review_record, name="rapid-review"),
    path("<str:reference>/rapid-review.<str:fmt>", views.rapid_review_download, name="rapid-review-download"),
    path("<str:reference>/terms-of-reference/", views.terms_of_reference, name="tor"),
    path("<str:reference>/terms-of-reference.<str:fmt>", views.terms_of_reference_download, name="tor-download"),
    path("<str:reference>/family/add/", views.family_contact, name="family"),
    path("<str:reference>/learning-events/add/", views.learning_event, name="learning-event"),
    path("<str:reference>/parallel-processes/add/", views.parallel_process, name="process-add"),
    path("<str:reference>/parallel-processes/<int:process_id>/", views.parallel_process, name="process"),
    path("<str:reference>/draft/", views.draft, name="draft"),
    path("<str:reference>/draft/autosave/", views.draft_autosave, name="autosave"),
    path("<str:reference>/draft/discard/", views.draft_discard, name="draft-discard"),
    path("<str:reference>/draft/import/", views.draft_import, name="import"),
    path("<str:reference>/drafts/<int:draft_id>/", views.draft_of, name="draft-of"),
    path("<str:reference>/versions/compare/", views.compare, name="compare"),
    path("<str:reference>/versions/<int:number>/", views.version, name="version"),
    path("<str:reference>/versions/<int:number>/comment/", views.comment, name="comment"),
    path("<str:reference>/versions/<int:number>/report.<str:fmt>", views.version_download, name="version-download"),
    path("<str:reference>/factual-accuracy/send/", views.round_new, name="round-new"),
    path("<str:reference>/factual-accuracy/<int:round_id>/", views.accuracy_round, name="round"),
    path("<str:reference>/factual-accuracy/comments/<int:comment_id>/respond/", views.accuracy_respond,
         name="respond"),
    path("<str:reference>/quality-assurance/", views.quality, name="quality"),
    path("<str:reference>/approve/", views.approve, name="approve"),
    path("<str:reference>/publication-decision/", views.decision, name="decision"),
    path("<str:reference>/anonymisation/", views.anonymisation, name="anonymisation"),
    path("<str:reference>/redaction-log.<str:fmt>", views.redaction_log_download, name="redaction-log"),
    path("<str:reference>/publish/", views.publish, name="publish"),
    path("<str:reference>/publications/<int:publication_id>/correct/", views.correction, name="correction"),
]
