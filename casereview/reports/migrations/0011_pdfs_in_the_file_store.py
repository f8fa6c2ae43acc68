"""Published reports' PDFs move from a database column to the file store (ADR 0043)."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models


def to_file_store(apps, schema_editor):
    PublishedReport = apps.get_model("reports", "PublishedReport")
    # .update(), not .save(): a published report is otherwise never changed.
    for pk, pdf in PublishedReport.objects.exclude(pdf=None).values_list("pk", "pdf").iterator():
        name = default_storage.save(f"published/{uuid.uuid4().hex}.pdf", ContentFile(bytes(pdf)))
        PublishedReport.objects.filter(pk=pk).update(pdf_file=name)


def to_database(apps, schema_editor):
    PublishedReport = apps.get_model("reports", "PublishedReport")
    for pk, name in PublishedReport.objects.exclude(pdf_file="").values_list("pk", "pdf_file").iterator():
        with default_storage.open(name, "rb") as handle:
            PublishedReport.objects.filter(pk=pk).update(pdf=handle.read())


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0010_withdrawal_worded_when_shown"),
    ]

    operations = [
        migrations.AddField(
            model_name="publishedreport",
            name="pdf_file",
            field=models.FileField(blank=True, max_length=200, upload_to=""),
        ),
        migrations.AlterField(model_name="publishedreport", name="pdf", field=models.BinaryField(null=True)),
        migrations.RunPython(to_file_store, to_database),
        migrations.RemoveField(
            model_name="publishedreport",
            name="pdf",
        ),
    ]
