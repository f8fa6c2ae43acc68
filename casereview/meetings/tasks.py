"""Background tasks. Arguments are ids only: nothing identifying is stored in the queue."""

from django.tasks import task

from casereview.audit.context import in_worker


@task()
@in_worker
def send_invitation(attendee_id: int, sequence: int) -> bool:
    from casereview.meetings.invitations import invitation_send

    return invitation_send(attendee_id=attendee_id, sequence=sequence)
