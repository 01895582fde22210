"""What the data migrations install, put back after a transactional test flushed the test database."""

from __future__ import annotations


def reinstall_migration_data() -> None:
    """The operating-model presets (with the council's own model) and the RAG factors, if a flush removed them."""
    from caseboard.policy.models import DeviationRule, OperatingModel, OperatingModelVersion, VisitFrequency
    from caseboard.policy.presets import install as install_presets
    from caseboard.prioritisation.defaults import install as install_factors
    from caseboard.prioritisation.models import RagFactor

    if not OperatingModel.objects.filter(is_council_model=True).exists():
        install_presets(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
    if not RagFactor.objects.exists():
        install_factors(RagFactor)
