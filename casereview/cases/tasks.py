"""Background tasks. Arguments are ids only: nothing identifying is stored in the queue."""

from django.tasks import task

from casereview.cases.reminders import deadlines_sweep


@task()
def sweep_deadlines() -> dict:
    from casereview.contributions.reminders import requests_sweep

    return {**deadlines_sweep(), **requests_sweep()}
