from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("visits", "0005_child_seen_purpose_from_visit")]

    operations = [
        migrations.AddConstraint(
            model_name="childseen",
            constraint=models.CheckConstraint(condition=~models.Q(purpose=""), name="child_seen_has_purpose"),
        ),
    ]
