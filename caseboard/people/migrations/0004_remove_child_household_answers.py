from django.db import migrations


class Migration(migrations.Migration):
    """The video-call answers now live on the child's household (0003 moved them)."""

    dependencies = [("people", "0003_households_from_children")]

    operations = [
        migrations.RemoveField(model_name="child", name="has_internet_access"),
        migrations.RemoveField(model_name="child", name="has_video_device"),
    ]
