from django.db import migrations


def forwards(apps, schema_editor):
    # Cases created before the lifecycle existed were real referrals, not drafts.
    apps.get_model("cases", "Case").objects.exclude(reference=None).update(status="referred")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_lifecycle")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
