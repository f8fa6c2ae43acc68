"""Run once a day (cron or a scheduler): reminders for deadlines approaching and missed."""

from django.core.management.base import BaseCommand

from casereview.cases.reminders import deadlines_sweep


class Command(BaseCommand):
    help = "Move paused clocks on and send reminders for deadlines approaching and missed."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Queue the sweep for the task worker instead.")

    def handle(self, *args, **options):
        if options["queue"]:
            from casereview.cases.tasks import sweep_deadlines

            sweep_deadlines.enqueue()
            self.stdout.write("Queued the deadline sweep.")
            return
        from casereview.contributions.reminders import requests_sweep

        counts = deadlines_sweep()
        self.stdout.write(f"Recomputed {counts['recomputed']} cases on hold; sent {counts['approaching']} reminders "
                          f"of deadlines approaching and {counts['missed']} of deadlines missed.")
        asked = requests_sweep()
        self.stdout.write(f"Requests to agencies: {asked['reminded']} reminders, {asked['overdue']} overdue notices, "
                          f"{asked['escalated']} escalations to the business unit.")
        from casereview.learning.services import actions_sweep

        acted = actions_sweep()
        self.stdout.write(f"Improvement actions: {acted['reminded']} reminders, {acted['overdue']} overdue notices, "
                          f"{acted['escalated']} escalations.")
        from casereview.operations.submissions import spent_keys_prune

        self.stdout.write(f"Cleared {spent_keys_prune()} spent form submission keys.")
        from casereview.exports.services import exports_expire

        self.stdout.write(f"Deleted {exports_expire()} expired export files.")
        from casereview.operations.maintenance import planner_statistics_refresh

        if planner_statistics_refresh():
            self.stdout.write("Refreshed the database's query planner statistics.")
