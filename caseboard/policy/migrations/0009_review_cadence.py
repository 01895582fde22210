"""A kind of deviation may be reviewed at each scheduled visit; the COVID-19 preset's "no face-to-face visit on a child
protection case" is (seed 002)."""

from django.db import migrations, models


def covid_each_visit(apps, schema_editor):
    rule = apps.get_model("policy", "DeviationRule")
    rule.objects.filter(
        version__operating_model__name="COVID-19 response (spring 2020)",
        version__operating_model__is_preset=True,
        kind="no_face_to_face_cp",
    ).update(review_cadence="each_visit")


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0008_deviation_kind_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="deviationrule",
            name="review_cadence",
            field=models.CharField(
                choices=[
                    ("days", "After the review period (days)"),
                    ("each_visit", "At each scheduled visit (the decision lapses if a review is missed)"),
                ],
                default="days",
                help_text="At each scheduled visit: the review is due on each due date of the visits it covers (the "
                "review period applies when no visit is scheduled).",
                max_length=12,
                verbose_name="When it is reviewed",
            ),
        ),
        migrations.RunPython(covid_each_visit, migrations.RunPython.noop),
    ]
