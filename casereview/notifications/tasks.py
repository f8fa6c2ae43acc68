"""Background tasks. Arguments are ids only: nothing identifying is stored in the queue."""

from django.tasks import task

from casereview.audit.context import in_worker
from casereview.notifications.services import notification_email


@task()
@in_worker
def email_notification(notification_id: int) -> bool:
    return notification_email(notification_id=notification_id)
