"""A settings section of every operating-model version; each existing version gets its row, with the defaults
(the presets' values, what was fixed until now)."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def rows_for_versions(apps, schema_editor):
    version = apps.get_model("policy", "OperatingModelVersion")
    row = apps.get_model("reporting", "SurveySettings")
    have = set(row.objects.values_list("version_id", flat=True))
    row.objects.bulk_create(
        [row(version_id=pk) for pk in version.objects.values_list("pk", flat=True) if pk not in have]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0012_decision_counts_virtual_visit"),
        ("reporting", "0003_retention_after_death"),
    ]

    operations = [
        migrations.CreateModel(
            name="SurveySettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "contact_days",
                    models.PositiveSmallIntegerField(
                        default=28,
                        help_text="28: the survey's 4 weeks",
                        validators=[
                            django.core.validators.MinValueValidator(7),
                            django.core.validators.MaxValueValidator(91),
                        ],
                        verbose_name="The survey counts contact in the days up to the snapshot date (days)",
                    ),
                ),
                (
                    "version",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="policy.operatingmodelversion"
                    ),
                ),
            ],
            options={
                "verbose_name": "survey settings",
                "verbose_name_plural": "survey settings",
            },
        ),
        migrations.RunPython(rows_for_versions, migrations.RunPython.noop),
    ]
