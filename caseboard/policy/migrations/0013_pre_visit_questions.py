"""The pre-visit check's questions become rows of each version: the standard five (as asked until now), then the
version's own questions (the former "one a line" setting), in order."""

import django.db.models.deletion
from django.db import migrations, models


# As asked until now (``visits.models.CHECK_QUESTIONS``), kept here so the migration does not follow later edits.
PRE_VISIT_QUESTIONS = [
    {"key": "anyone_symptomatic", "text": "Does anyone in the household have symptoms?", "yes_stops_go_ahead": True},
    {"key": "anyone_isolating", "text": "Is anyone in the household self-isolating?", "yes_stops_go_ahead": True},
    {"key": "anyone_tested_positive", "text": "Has anyone tested positive recently?", "yes_stops_go_ahead": True},
    {
        "key": "anyone_clinically_vulnerable",
        "text": "Is anyone in the household clinically vulnerable or shielding?",
        "yes_stops_go_ahead": False,
    },
    {"key": "can_meet_outdoors", "text": "Can the visit be held outdoors?", "yes_stops_go_ahead": False},
]


def questions_to_rows(apps, schema_editor):
    version = apps.get_model("policy", "OperatingModelVersion")
    question = apps.get_model("policy", "PreVisitQuestion")
    rows = []
    for row in version.objects.all():
        standard = [question(version=row, position=n, **values) for n, values in enumerate(PRE_VISIT_QUESTIONS)]
        own = [line.strip() for line in row.pre_visit_extra_questions.splitlines() if line.strip()]
        rows += standard + [
            question(version=row, key=f"own_{n}", text=text, position=len(standard) + n)
            for n, text in enumerate(own, start=1)
        ]
    question.objects.bulk_create(rows)


def rows_to_questions(apps, schema_editor):
    question = apps.get_model("policy", "PreVisitQuestion")
    version = apps.get_model("policy", "OperatingModelVersion")
    for row in version.objects.all():
        own = question.objects.filter(version=row, key__startswith="own_").order_by("position")
        row.pre_visit_extra_questions = "\n".join(q.text for q in own)
        row.save(update_fields=["pre_visit_extra_questions"])


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0012_decision_counts_virtual_visit"),
    ]

    operations = [
        migrations.CreateModel(
            name="PreVisitQuestion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.SlugField(max_length=40)),
                ("text", models.CharField(max_length=200, verbose_name="Question")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "yes_stops_go_ahead",
                    models.BooleanField(
                        default=False,
                        verbose_name="A yes means the visit cannot simply go ahead (PPE, or not in person)",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pre_visit_questions",
                        to="policy.operatingmodelversion",
                    ),
                ),
            ],
            options={
                "ordering": ["version", "position", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("version", "key"), name="one_pre_visit_question_per_key")
                ],
            },
        ),
        migrations.RunPython(questions_to_rows, rows_to_questions),
        migrations.RemoveField(
            model_name="operatingmodelversion",
            name="pre_visit_extra_questions",
        ),
    ]
