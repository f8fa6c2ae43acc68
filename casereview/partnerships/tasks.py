"""Background tasks. Arguments are ids only: nothing identifying is stored in the queue."""

from django.tasks import task

from casereview.audit.context import in_worker
from casereview.partnerships.services import invitation_send


@task()
@in_worker
def send_invitation(invitation_id: int) -> bool:
    return invitation_send(invitation_id=invitation_id)
