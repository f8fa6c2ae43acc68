"""Due dates for requests to agencies, for partnerships made before they existed."""

from django.db import migrations


def seed(apps, schema_editor):
    from casereview.process import defaults

    Partnership = apps.get_model("partnerships", "Partnership")
    ClockRule = apps.get_model("process", "ClockRule")
    for partnership in Partnership.objects.all():
        have = set(ClockRule.objects.filter(partnership=partnership).values_list("key", flat=True))
        for key, name, anchor, offset, unit, met_by, route_kind, statutory, paused, reminder in defaults.CLOCK_RULES:
            if key.startswith("request_") and key not in have:
                ClockRule.objects.create(partnership=partnership, key=key, name=name, anchor=anchor, offset=offset,
                                         unit=unit, met_by=met_by, route_kind=route_kind, statutory=statutory,
                                         paused_by_holds=paused, reminder_working_days=reminder)


class Migration(migrations.Migration):
    dependencies = [("process", "0002_seed_calendar_and_packs")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
