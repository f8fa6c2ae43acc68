"""England and Wales bank holidays 2015-2035, and the default pack for partnerships made before packs existed."""

from django.db import migrations


def seed(apps, schema_editor):
    from casereview.process import defaults
    from casereview.process.calendar import england_and_wales_bank_holidays

    NonWorkingDay = apps.get_model("process", "NonWorkingDay")
    NonWorkingDay.objects.bulk_create([
        NonWorkingDay(date=day, name=name, kind="bank_holiday")
        for day, name in england_and_wales_bank_holidays(range(2015, 2036)).items()
    ])
    Partnership = apps.get_model("partnerships", "Partnership")
    Route = apps.get_model("process", "Route")
    Stage = apps.get_model("process", "Stage")
    ClockRule = apps.get_model("process", "ClockRule")
    # The same content as process.services.pack_seed_default, written against the historical models.
    for partnership in Partnership.objects.all():
        for order, (kind, name, statutory, description, stages) in enumerate(defaults.ROUTES):
            route = Route.objects.create(partnership=partnership, kind=kind, name=name, statutory=statutory,
                                         description=description, order=order)
            for index, (s_name, milestone, s_description, documents) in enumerate(stages):
                Stage.objects.create(route=route, name=s_name, milestone=milestone, description=s_description,
                                     expected_documents="\n".join(documents), order=index)
        for key, name, anchor, offset, unit, met_by, route_kind, statutory, paused, reminder in defaults.CLOCK_RULES:
            ClockRule.objects.create(partnership=partnership, key=key, name=name, anchor=anchor, offset=offset,
                                     unit=unit, met_by=met_by, route_kind=route_kind, statutory=statutory,
                                     paused_by_holds=paused, reminder_working_days=reminder)


class Migration(migrations.Migration):
    dependencies = [("process", "0001_initial"), ("partnerships", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
