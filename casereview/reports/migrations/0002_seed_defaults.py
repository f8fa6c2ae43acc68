from django.db import migrations


def seed(apps, schema_editor):
    from casereview.reports import defaults

    Partnership = apps.get_model("partnerships", "Partnership")
    ReportTemplate = apps.get_model("reports", "ReportTemplate")
    QualityMarker = apps.get_model("reports", "QualityMarker")
    for partnership in Partnership.objects.all():
        for kind, sections in defaults.TEMPLATES.items():
            ReportTemplate.objects.get_or_create(partnership=partnership, route_kind=kind, defaults={
                "sections": [{"key": k, "title": t, "guidance": g} for k, t, g in sections]})
        if not QualityMarker.objects.filter(partnership=partnership).exists():
            for order, (text, guidance) in enumerate(defaults.QUALITY_MARKERS):
                QualityMarker.objects.create(partnership=partnership, text=text, guidance=guidance, order=order)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("partnerships", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
