"""Background tasks. Arguments are ids only: nothing identifying is stored in the queue."""

from django.tasks import task

from casereview.cases.reminders import deadlines_sweep


@task()
def sweep_deadlines() -> dict:
    return deadlines_sweep()
