"""Background tasks. Arguments are ids only."""

from django.tasks import task

from casereview.audit.context import in_worker


@task()
@in_worker
def read_document(document_id: int) -> str:
    from casereview.library.services import document_read

    return document_read(document_id)


@task()
@in_worker
def retrain_themes() -> str:
    from casereview.library import theme_training

    if not theme_training.needs_retraining():
        return "up to date"
    stored = theme_training.retrain()
    return f"trained on {stored.trained_on} texts"


@task()
@in_worker
def refresh_document_vector(document_id: int) -> str:
    from casereview.library.models import LibraryDocument
    from casereview.library.similar import vector_refresh

    document = LibraryDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    vector_refresh(document)
    return "done"


@task()
@in_worker
def fill_document_vectors() -> str:
    from casereview.library.similar import vectors_fill

    return f"{vectors_fill()} documents"
