from django.apps import AppConfig


class FrontDoorConfig(AppConfig):
    name = "caseboard.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door and assessments"
