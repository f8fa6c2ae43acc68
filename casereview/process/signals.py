"""Every new partnership starts with the default process pack, however it was created."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from casereview.partnerships.models import Partnership


@receiver(post_save, sender=Partnership, dispatch_uid="process.seed_default_pack")
def seed_default_pack(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from casereview.process.services import pack_seed_default

        pack_seed_default(partnership=instance)
