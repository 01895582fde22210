from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "caseboard.core"
    label = "core"
