"""Published briefings' PDFs move from a database column to the file store (ADR 0043)."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models


def to_file_store(apps, schema_editor):
    Briefing = apps.get_model("learning", "Briefing")
    for pk, pdf in Briefing.objects.exclude(published_pdf=None).values_list("pk", "published_pdf").iterator():
        name = default_storage.save(f"briefings/{uuid.uuid4().hex}.pdf", ContentFile(bytes(pdf)))
        Briefing.objects.filter(pk=pk).update(published_file=name)


def to_database(apps, schema_editor):
    Briefing = apps.get_model("learning", "Briefing")
    for pk, name in Briefing.objects.exclude(published_file="").values_list("pk", "published_file").iterator():
        with default_storage.open(name, "rb") as handle:
            Briefing.objects.filter(pk=pk).update(published_pdf=handle.read())


class Migration(migrations.Migration):

    dependencies = [
        ("learning", "0003_recommendation_library_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="briefing",
            name="published_file",
            field=models.FileField(blank=True, max_length=200, upload_to=""),
        ),
        migrations.RunPython(to_file_store, to_database),
        migrations.RemoveField(
            model_name="briefing",
            name="published_pdf",
        ),
    ]
