"""Every partnership gets report templates and quality markers, however it was created."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from casereview.partnerships.models import Partnership


@receiver(post_save, sender=Partnership, dispatch_uid="reports.seed_defaults")
def seed_report_defaults(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from casereview.reports.services import report_defaults_seed

        report_defaults_seed(partnership=instance)
