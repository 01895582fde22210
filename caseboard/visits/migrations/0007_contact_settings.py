"""A settings section of every operating-model version; each existing version gets its row, with the defaults
(the presets' values, what was fixed until now)."""

import django.db.models.deletion
from django.db import migrations, models


def rows_for_versions(apps, schema_editor):
    version = apps.get_model("policy", "OperatingModelVersion")
    row = apps.get_model("visits", "ContactSettings")
    have = set(row.objects.values_list("version_id", flat=True))
    row.objects.bulk_create(
        [row(version_id=pk) for pk in version.objects.values_list("pk", flat=True) if pk not in have]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0012_decision_counts_virtual_visit"),
        ("visits", "0006_child_seen_has_purpose"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContactSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "phone_parent",
                    models.BooleanField(
                        default=True, verbose_name="Phone call with a parent or carer: counts as remote contact"
                    ),
                ),
                (
                    "phone_child",
                    models.BooleanField(
                        default=True, verbose_name="Phone or video call with the child: counts as remote contact"
                    ),
                ),
                (
                    "school",
                    models.BooleanField(
                        default=False, verbose_name="Contact with the school: counts as remote contact"
                    ),
                ),
                (
                    "health",
                    models.BooleanField(
                        default=False,
                        verbose_name="Contact with health (GP, health visitor, school nurse): counts as remote contact",
                    ),
                ),
                (
                    "message",
                    models.BooleanField(
                        default=False, verbose_name="Message (text, email, WhatsApp): counts as remote contact"
                    ),
                ),
                (
                    "welfare_call",
                    models.BooleanField(default=True, verbose_name="Welfare call: counts as remote contact"),
                ),
                ("other", models.BooleanField(default=False, verbose_name="Other: counts as remote contact")),
                (
                    "version",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="policy.operatingmodelversion"
                    ),
                ),
            ],
            options={
                "verbose_name": "remote contact settings",
                "verbose_name_plural": "remote contact settings",
            },
        ),
        migrations.RunPython(rows_for_versions, migrations.RunPython.noop),
    ]
