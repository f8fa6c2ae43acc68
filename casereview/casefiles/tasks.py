"""Background tasks. Arguments are ids only: nothing identifying is stored in the queue."""

from django.tasks import task

from casereview.audit.context import in_worker


@task()
@in_worker
def scan_version(version_id: int) -> str:
    """Scans a version that could not be scanned when it was uploaded. Raises ScannerUnavailable
    (an OSError) while clamd is away, which the worker takes as "try again later"."""
    from casereview.casefiles.services import version_scan

    return version_scan(version_id, raise_unavailable=True)
