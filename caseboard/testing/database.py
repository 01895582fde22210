"""What the data migrations install, put back after a transactional test flushed the test database."""

from __future__ import annotations


def reinstall_migration_data() -> None:
    """The operating-model presets (with the council's own model) and the RAG factors, if a flush removed them."""
    from caseboard.policy.hooks import section_for, settings_sections
    from caseboard.policy.models import DeviationRule, OperatingModel, OperatingModelVersion, VisitFrequency
    from caseboard.policy.presets import install as install_presets
    from caseboard.prioritisation.defaults import install as install_factors
    from caseboard.prioritisation.models import RagFactor

    if not OperatingModel.objects.filter(is_council_model=True).exists():
        install_presets(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
        # The data migrations also give every version a row for each settings section: make them too, so a
        # test after a flush reads the same rows (and runs the same queries) as one on the migrated database.
        for version in OperatingModelVersion.objects.all():
            for section in settings_sections():
                section_for(version, section.key)
    if not RagFactor.objects.exists():
        install_factors(RagFactor)
