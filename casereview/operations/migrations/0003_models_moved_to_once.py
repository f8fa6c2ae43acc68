# EmailDelivery and SubmissionKey now belong to the once app (ADR 0028); their tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("operations", "0002_submissionkey"),
        ("once", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="EmailDelivery"), migrations.DeleteModel(name="SubmissionKey")],
            database_operations=[],
        ),
    ]
