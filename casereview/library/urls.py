from django.urls import path

from casereview.library import views

app_name = "library"
urlpatterns = [
    path("", views.library, name="search"),
    path("documents/<slug:slug>/", views.document, name="document"),
    path("documents/<slug:slug>/file", views.document_file, name="document-file"),
    path("themes/", views.themes, name="themes"),
    path("themes/<slug:slug>/", views.theme, name="theme"),
    path("patterns/", views.patterns, name="patterns"),
    path("manage/", views.manage, name="manage"),
    path("manage/add/", views.upload, name="upload"),
    path("manage/documents/<slug:slug>/", views.edit, name="edit"),
    path("manage/documents/<slug:slug>/themes/", views.tag, name="tag"),
    path("manage/documents/<slug:slug>/listing/", views.listing, name="listing"),
    path("manage/documents/<slug:slug>/suggest/", views.reread, name="suggest"),
    path("manage/documents/<slug:slug>/official/", views.attach_official, name="attach-official"),
    path("manage/vocabulary/", views.vocabulary, name="vocabulary"),
    path("manage/vocabulary/add/", views.theme_edit, name="theme-add"),
    path("manage/vocabulary/<slug:slug>/", views.theme_edit, name="theme-edit"),
]
