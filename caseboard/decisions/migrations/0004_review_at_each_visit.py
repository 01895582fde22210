from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0003_kind_from_operating_model"),
    ]

    operations = [
        migrations.AddField(
            model_name="keydecision",
            name="review_at_each_visit",
            field=models.BooleanField(default=False),
        ),
    ]
