from django.urls import path

from casereview.contributions import views

app_name = "contributions"
urlpatterns = [
    path("", views.my_requests, name="mine"),
    path("templates/chronology.<str:fmt>", views.chronology_template, name="chronology-template"),
    path("templates/<str:kind>.docx", views.word_template, name="word-template"),
    path("partnership/<slug:slug>/", views.partnership_requests, name="partnership"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/who-it-is-about/", views.request_identity, name="identity"),
    path("<int:pk>/chase/", views.request_chase, name="chase"),
    path("<int:pk>/due-date/", views.request_due_date, name="due-date"),
    path("<int:pk>/versions/<int:version>/", views.request_detail, name="version"),
    path("<int:pk>/document/", views.request_document, name="document"),
    path("<int:pk>/entries/add/", views.entry_edit, name="entry-add"),
    path("<int:pk>/entries/<int:entry_id>/", views.entry_edit, name="entry"),
    path("<int:pk>/entries/<int:entry_id>/remove/", views.entry_delete, name="entry-remove"),
    path("<int:pk>/entries/<int:entry_id>/move/", views.entry_move, name="entry-move"),
    path("<int:pk>/import/", views.entries_import, name="import"),
    path("<int:pk>/submit/", views.request_submit, name="submit"),
    path("<int:pk>/return/", views.request_return, name="return"),
    path("<int:pk>/used/", views.request_used, name="used"),
    path("<int:pk>/uploads/<int:upload_id>/", views.upload_download, name="upload"),
    # Case-level pages live under the case's address.
    path("cases/<str:reference>/", views.case_contributions, name="case"),
    path("cases/<str:reference>/request/", views.case_request_new, name="request-new"),
    path("cases/<str:reference>/chronology/", views.case_chronology, name="chronology"),
    path("cases/<str:reference>/chronology/export.<str:fmt>", views.case_chronology_export, name="export"),
    path("cases/<str:reference>/chronology/print/", views.case_chronology_print, name="print"),
    path("cases/<str:reference>/chronology/what-each-agency-knew/", views.case_chronology_knew, name="knew"),
    path("cases/<str:reference>/chronology/release/", views.case_chronology_release, name="release"),
    path("cases/<str:reference>/chronology/entries/<int:entry_id>/", views.entry_annotate, name="annotate"),
    path("cases/<str:reference>/chronology/flags/<int:flag_id>/", views.flag_decide, name="flag"),
]
