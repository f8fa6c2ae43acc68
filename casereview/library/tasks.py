"""Background tasks. Arguments are ids only."""

from django.tasks import task


@task()
def read_document(document_id: int) -> str:
    from casereview.library.services import document_read

    return document_read(document_id)
