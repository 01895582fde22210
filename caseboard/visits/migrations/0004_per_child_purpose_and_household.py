import django.db.models.deletion
from django.db import migrations, models

PURPOSES = [
    ("statutory_cin", "Statutory visit: child in need"),
    ("statutory_cp", "Statutory visit: child protection"),
    ("statutory_lac", "Statutory visit: looked after (reg 28)"),
    ("statutory_pf", "Statutory visit: private fostering"),
    ("pa_contact", "Personal adviser contact"),
    ("other", "Other visit"),
]


class Migration(migrations.Migration):
    """Each child on a visit has their own purpose; a pre-visit check can name the household asked."""

    dependencies = [
        ("people", "0002_households_and_sibling_links"),
        ("visits", "0003_pre_visit_extra_questions"),
    ]

    operations = [
        migrations.AddField(
            model_name="childseen",
            name="purpose",
            field=models.CharField(
                choices=PURPOSES,
                default="",
                help_text="Why this child was visited: the statutory visit for their involvement, or other.",
                max_length=20,
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="visit",
            name="purpose",
            field=models.CharField(
                blank=True,
                choices=PURPOSES,
                help_text="The purpose shared by every child on the visit; empty when each child's differs.",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="previsitcheck",
            name="household",
            field=models.ForeignKey(
                blank=True,
                help_text="The household asked, when the children checked for live in one household.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="pre_visit_checks",
                to="people.household",
            ),
        ),
    ]
