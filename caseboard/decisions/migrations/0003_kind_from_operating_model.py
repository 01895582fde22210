"""A decision's kind is one of the operating model's kinds, not a fixed list; each keeps the name of its kind."""

from django.db import migrations, models


def set_names(apps, schema_editor):
    decision = apps.get_model("decisions", "KeyDecision")
    rule = apps.get_model("policy", "DeviationRule")
    names = {(r.version_id, r.kind): r.name for r in rule.objects.all()}
    for row in decision.objects.all():
        row.kind_name = names.get((row.operating_model_version_id, row.kind), row.kind.replace("_", " ").capitalize())
        row.save(update_fields=["kind_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0002_keydecision_kind_meeting_cancelled"),
        ("policy", "0008_deviation_kind_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="keydecision",
            name="kind_name",
            field=models.CharField(blank=True, max_length=80, verbose_name="Kind of decision"),
        ),
        migrations.AlterField(
            model_name="keydecision",
            name="kind",
            field=models.CharField(max_length=40),
        ),
        migrations.RunPython(set_names, migrations.RunPython.noop),
    ]
