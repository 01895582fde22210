"""Deviation kinds become operating-model data: each version's rows get the name their kind had in the fixed list."""

from django.db import migrations, models

NAMES = {
    "visit_deferred": "Visit deferred",
    "visit_virtual": "Visit held virtually",
    "no_face_to_face_cp": "No face-to-face visit on a child protection case",
    "parenting_assessment_paused": "Parenting assessment paused",
    "family_time_changed": "Family time changed",
    "court_ordered_contact_changed": "Court-ordered contact changed",
    "initial_visit_remote": "Initial visit done remotely",
    "meeting_cancelled": "Statutory meeting cancelled",
}


def set_names(apps, schema_editor):
    rule = apps.get_model("policy", "DeviationRule")
    for row in rule.objects.all():
        row.name = NAMES.get(row.kind, row.kind.replace("_", " ").capitalize())
        row.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0007_deviation_clock_effect"),
    ]

    operations = [
        migrations.AddField(
            model_name="deviationrule",
            name="name",
            field=models.CharField(default="", max_length=80, verbose_name="Name"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="deviationrule",
            name="kind",
            field=models.SlugField(max_length=40),
        ),
        migrations.RunPython(set_names, migrations.RunPython.noop),
    ]
