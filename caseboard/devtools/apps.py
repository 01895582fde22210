from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Tools for development and measurement, at the top of the layers (DESIGN.md section 3): the demo council's
    builder command (``seed_demo``) and its dated scenarios, and the benchmark (``bench``). Each app keeps its own
    demo step (``demo.py``, registered with ``core.hooks.register_demo_step``)."""

    name = "caseboard.devtools"
    label = "devtools"
    verbose_name = "Development tools"
