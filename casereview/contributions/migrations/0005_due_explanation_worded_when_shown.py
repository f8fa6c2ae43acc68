from django.db import migrations, models


class Migration(migrations.Migration):
    """A request's due-date explanation is worded when shown (ADR 0035): older rows keep theirs."""

    dependencies = [("contributions", "0004_review_frameworks")]

    operations = [
        migrations.RenameField("agencyrequest", "due_explanation", "explanation_kept"),
        migrations.AddField("agencyrequest", "due_change", models.JSONField(blank=True, null=True)),
    ]
