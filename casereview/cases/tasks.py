"""Background tasks. Arguments are ids only: nothing identifying is stored in the queue."""

from django.tasks import task

from casereview.cases.reminders import deadlines_sweep


@task()
def sweep_deadlines() -> dict:
    from casereview.contributions.reminders import requests_sweep
    from casereview.exports.services import exports_expire
    from casereview.learning.services import actions_sweep
    from casereview.operations.maintenance import planner_statistics_refresh
    from casereview.operations.submissions import spent_keys_prune

    return {"cases": deadlines_sweep(), "requests": requests_sweep(), "actions": actions_sweep(),
            "spent_submission_keys": spent_keys_prune(), "planner_statistics": planner_statistics_refresh(),
            "expired_exports": exports_expire()}
