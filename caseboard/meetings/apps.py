from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "caseboard.meetings"
    label = "meetings"
    verbose_name = "Meetings and conferences"
