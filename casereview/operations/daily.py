"""The daily sweep: every app's reminders and escalations, and the housekeeping, in one run.

Run once a day by cron or a scheduler (`manage.py sweep_deadlines`, or `--queue` for the task
worker). It sits here, at the top of the house, because it reaches every app (ADR 0028)."""

from __future__ import annotations

from django.tasks import task

from casereview.audit.context import in_worker
from casereview.casefiles.services import waiting_scan
from casereview.cases.reminders import deadlines_sweep
from casereview.contributions.reminders import requests_sweep
from casereview.exports.services import exports_expire
from casereview.learning.reminders import actions_sweep
from casereview.once.submissions import spent_keys_prune
from casereview.operations.maintenance import planner_statistics_refresh
from casereview.retention.services import batches_propose


def daily_sweep() -> dict:
    """Each part's counts, by part."""
    return {"cases": deadlines_sweep(), "requests": requests_sweep(), "actions": actions_sweep(),
            "spent_submission_keys": spent_keys_prune(), "planner_statistics": planner_statistics_refresh(),
            "expired_exports": exports_expire(), "documents_rescanned": waiting_scan(),
            "disposal_batches_proposed": batches_propose()}


@task()
@in_worker
def sweep_deadlines() -> dict:
    return daily_sweep()
