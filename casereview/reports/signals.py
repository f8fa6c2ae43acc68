"""Every partnership gets report templates and quality markers, however it was created."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from casereview.partnerships.models import Partnership
from casereview.partnerships.signals import roles_withdrawn


@receiver(post_save, sender=Partnership, dispatch_uid="reports.seed_defaults")
def seed_report_defaults(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from casereview.reports.services import report_defaults_seed

        report_defaults_seed(partnership=instance)


@receiver(roles_withdrawn, dispatch_uid="reports.withdraw_approvals")
def withdraw_approvals(sender, person, partnership, roles, by, reason, **kwargs):
    from casereview.reports.services import approvals_withdraw_for_roles

    approvals_withdraw_for_roles(person=person, partnership=partnership, roles=roles, reason=reason, by=by)
