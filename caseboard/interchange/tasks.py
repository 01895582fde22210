from __future__ import annotations

from django_tasks import task


@task()
def generate_return(generated_id: int) -> int:
    """Background job: build a requested return from the record and check it with the DfE validator."""
    from .models import GeneratedReturn
    from .services import return_generate

    return return_generate(generated=GeneratedReturn.objects.get(pk=generated_id)).pk


@task()
def run_import(import_id: int) -> int:
    """Background job: check or import files from another system."""
    from .imports import import_run

    return import_run(import_id=import_id).pk
