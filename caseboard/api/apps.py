from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "caseboard.api"
    label = "api"
