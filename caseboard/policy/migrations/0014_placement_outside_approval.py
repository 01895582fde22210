"""A kind of key decision of its own for placing a child outside the carers' approval range or vacancies."""

from django.db import migrations

KIND = "placement_outside_approval"


def add_placement_outside_approval_rule(apps, schema_editor):
    """Every existing version (presets and the council's) gets the kind the presets now ship: a placement with carers
    who have no vacancy or outside their approval range is a team manager's decision, reviewed after 28 days (the
    COVID-19 preset lets a team manager record and approve it in one step, as it does its other kinds)."""
    version = apps.get_model("policy", "OperatingModelVersion")
    rule = apps.get_model("policy", "DeviationRule")
    for row in version.objects.exclude(deviation_rules__kind=KIND):
        one_step = row.deviation_rules.filter(kind="visit_deferred", allow_record_and_approve=True).exists()
        rule.objects.create(
            version=row,
            kind=KIND,
            name="Placement outside approval",
            approver_role="team_manager",
            review_after_days=28,
            allow_record_and_approve=one_step,
            clock_effect="none",
        )


def remove_placement_outside_approval_rule(apps, schema_editor):
    apps.get_model("policy", "DeviationRule").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0013_pre_visit_questions"),
    ]

    operations = [
        migrations.RunPython(add_placement_outside_approval_rule, remove_placement_outside_approval_rule),
    ]
