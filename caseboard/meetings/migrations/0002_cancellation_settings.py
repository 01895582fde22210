"""A settings section of every operating-model version; each existing version gets its row, with the defaults
(the presets' values, what was fixed until now)."""

import django.db.models.deletion
from django.db import migrations, models


def rows_for_versions(apps, schema_editor):
    version = apps.get_model("policy", "OperatingModelVersion")
    row = apps.get_model("meetings", "CancellationSettings")
    have = set(row.objects.values_list("version_id", flat=True))
    row.objects.bulk_create(
        [row(version_id=pk) for pk in version.objects.values_list("pk", flat=True) if pk not in have]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("policy", "0011_check_validity_and_age_from_operating_model"),
    ]

    operations = [
        migrations.CreateModel(
            name="CancellationSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "strategy_discussion",
                    models.BooleanField(
                        default=True, verbose_name="Strategy discussion: cancelling one needs an approved key decision"
                    ),
                ),
                (
                    "initial_conference",
                    models.BooleanField(
                        default=True,
                        verbose_name="Initial child protection conference: cancelling one needs an approved key decision",
                    ),
                ),
                (
                    "review_conference",
                    models.BooleanField(
                        default=True,
                        verbose_name="Review child protection conference: cancelling one needs an approved key decision",
                    ),
                ),
                (
                    "core_group",
                    models.BooleanField(
                        default=True, verbose_name="Core group: cancelling one needs an approved key decision"
                    ),
                ),
                (
                    "cin_review",
                    models.BooleanField(
                        default=True, verbose_name="Child in need review: cancelling one needs an approved key decision"
                    ),
                ),
                (
                    "early_help_review",
                    models.BooleanField(
                        default=True,
                        verbose_name="Early Help plan review: cancelling one needs an approved key decision",
                    ),
                ),
                (
                    "lac_review",
                    models.BooleanField(
                        default=True, verbose_name="Looked-after review: cancelling one needs an approved key decision"
                    ),
                ),
                (
                    "pathway_plan_review",
                    models.BooleanField(
                        default=True, verbose_name="Pathway plan review: cancelling one needs an approved key decision"
                    ),
                ),
                (
                    "plo_meeting",
                    models.BooleanField(
                        default=False, verbose_name="PLO meeting: cancelling one needs an approved key decision"
                    ),
                ),
                (
                    "legal_gateway",
                    models.BooleanField(
                        default=False,
                        verbose_name="Legal gateway meeting: cancelling one needs an approved key decision",
                    ),
                ),
                (
                    "panel",
                    models.BooleanField(
                        default=False, verbose_name="Panel: cancelling one needs an approved key decision"
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
                "verbose_name": "meeting cancellation settings",
                "verbose_name_plural": "meeting cancellation settings",
            },
        ),
        migrations.RunPython(rows_for_versions, migrations.RunPython.noop),
    ]
