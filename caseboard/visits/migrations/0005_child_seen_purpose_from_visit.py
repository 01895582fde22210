from django.db import migrations
from django.db.models import OuterRef, Subquery


def forwards(apps, schema_editor):
    """Every child on a visit recorded before purposes were per child had the visit's purpose."""
    Visit = apps.get_model("visits", "Visit")
    ChildSeen = apps.get_model("visits", "ChildSeen")
    ChildSeen.objects.filter(purpose="").update(
        purpose=Subquery(Visit.objects.filter(pk=OuterRef("visit_id")).values("purpose")[:1])
    )


def backwards(apps, schema_editor):
    """Going back, a visit keeps one purpose: mixed visits take their first child's."""
    Visit = apps.get_model("visits", "Visit")
    ChildSeen = apps.get_model("visits", "ChildSeen")
    Visit.objects.filter(purpose="").update(
        purpose=Subquery(ChildSeen.objects.filter(visit_id=OuterRef("pk")).order_by("pk").values("purpose")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("visits", "0004_per_child_purpose_and_household")]

    operations = [migrations.RunPython(forwards, backwards)]
