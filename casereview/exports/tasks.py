"""Background tasks. Arguments are ids only: nothing identifying is stored in the queue."""

from django.tasks import task

from casereview.audit.context import in_worker


@task()
@in_worker
def build_export(export_id: int) -> bool:
    from casereview.exports.services import export_build, export_failed

    try:
        return export_build(export_id)
    except (MemoryError, ValueError, TypeError, KeyError) as error:
        # A fault in the data or the renderer will not mend itself: say so rather than retry.
        export_failed(export_id, f"build_failed:{type(error).__name__}")
        raise
