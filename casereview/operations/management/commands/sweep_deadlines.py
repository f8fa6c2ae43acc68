"""Run once a day (cron or a scheduler): reminders for deadlines approaching and missed."""

from django.core.management.base import BaseCommand

from casereview.operations.daily import daily_sweep, sweep_deadlines


class Command(BaseCommand):
    help = "Move paused clocks on and send reminders for deadlines approaching and missed."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Queue the sweep for the task worker instead.")

    def handle(self, *args, **options):
        if options["queue"]:
            sweep_deadlines.enqueue()
            self.stdout.write("Queued the deadline sweep.")
            return
        counts = daily_sweep()
        cases, asked, acted = counts["cases"], counts["requests"], counts["actions"]
        self.stdout.write(f"Recomputed {cases['recomputed']} cases on hold; sent {cases['approaching']} reminders "
                          f"of deadlines approaching and {cases['missed']} of deadlines missed.")
        self.stdout.write(f"Requests to agencies: {asked['reminded']} reminders, {asked['overdue']} overdue notices, "
                          f"{asked['escalated']} escalations to the business unit.")
        self.stdout.write(f"Improvement actions: {acted['reminded']} reminders, {acted['overdue']} overdue notices, "
                          f"{acted['escalated']} escalations.")
        self.stdout.write(f"Cleared {counts['spent_submission_keys']} spent form submission keys.")
        self.stdout.write(f"Deleted {counts['expired_exports']} expired export files.")
        self.stdout.write(f"Proposed {counts['disposal_batches_proposed']} disposal batches for approval.")
        if counts["planner_statistics"]:
            self.stdout.write("Refreshed the database's query planner statistics.")
