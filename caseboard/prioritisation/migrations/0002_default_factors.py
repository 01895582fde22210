"""Install the default factor list (DOMAIN.md section 7). Reversible: going back removes only the default rows
that no rating uses."""

from django.db import migrations


def install_defaults(apps, schema_editor):
    from caseboard.prioritisation.defaults import install

    install(apps.get_model("prioritisation", "RagFactor"))


def remove_defaults(apps, schema_editor):
    from caseboard.prioritisation.defaults import DEFAULT_FACTORS

    factor = apps.get_model("prioritisation", "RagFactor")
    factor.objects.filter(code__in=[row[0] for row in DEFAULT_FACTORS], ratings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("prioritisation", "0001_initial")]

    operations = [migrations.RunPython(install_defaults, remove_defaults)]
