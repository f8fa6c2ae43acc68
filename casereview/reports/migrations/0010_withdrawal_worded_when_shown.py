from django.db import migrations, models


class Migration(migrations.Migration):
    """Why an approval was withdrawn is kept as a code and worded when shown (ADR 0035)."""

    dependencies = [("reports", "0009_domestic_abuse_framework")]

    operations = [
        migrations.RenameField("approval", "withdrawn_reason", "withdrawn_reason_kept"),
        migrations.AddField("approval", "withdrawn_why", models.JSONField(blank=True, null=True)),
    ]
