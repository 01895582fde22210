from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """API tokens a council can manage, and the shared cache behind rate limits."""

    name = "caseboard.security"
    label = "security"
