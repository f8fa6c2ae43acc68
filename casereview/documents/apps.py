from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "casereview.documents"
    label = "documents"
