from django.db import migrations


def install_presets(apps, schema_editor):
    from caseboard.policy.presets import install

    install(
        apps.get_model("policy", "OperatingModel"),
        apps.get_model("policy", "OperatingModelVersion"),
        apps.get_model("policy", "VisitFrequency"),
        apps.get_model("policy", "DeviationRule"),
    )


def remove_presets(apps, schema_editor):
    # Reversible: the presets and the council's first version are removed only if nothing else refers to them.
    operating_model = apps.get_model("policy", "OperatingModel")
    version = apps.get_model("policy", "OperatingModelVersion")
    version.objects.filter(operating_model__in=operating_model.objects.all(), number=1).delete()
    operating_model.objects.filter(versions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]
    operations = [migrations.RunPython(install_presets, remove_presets)]
