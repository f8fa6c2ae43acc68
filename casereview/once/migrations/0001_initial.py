# The two models moved here from operations (ADR 0028). Their tables were made by operations'
# migrations and keep their names, so this records the move in Django's state only.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("operations", "0002_submissionkey"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EmailDelivery",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("key", models.CharField(max_length=120, unique=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_attempt_at", models.DateTimeField(blank=True, null=True)),
                        ("accepted_at", models.DateTimeField(blank=True, null=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={"verbose_name_plural": "email deliveries", "db_table": "operations_emaildelivery"},
                ),
                migrations.CreateModel(
                    name="SubmissionKey",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("key", models.CharField(max_length=32)),
                        ("result_url", models.CharField(blank=True, max_length=400)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                   to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "operations_submissionkey",
                        "constraints": [models.UniqueConstraint(fields=("user", "key"),
                                                                name="one_use_per_submission_key")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
