"""Settings sections that higher apps add to every operating-model version (``caseboard.policy.hooks``)."""

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps
from django.urls import reverse

from caseboard.policy import hooks, services
from caseboard.policy.models import (
    DeviationRule,
    OperatingModel,
    OperatingModelVersion,
    VersionStatus,
    VisitFrequency,
)
from caseboard.policy.presets import BASELINE, COVID, install

pytestmark = pytest.mark.django_db(transaction=True)


def preset(name: str) -> OperatingModelVersion:
    return OperatingModel.objects.get(name=name).versions.get()


@pytest.fixture
def section() -> Iterator[hooks.SettingsSection]:
    """A section with a real table, registered for the test and removed after it. A transactional test flushes
    what the data migrations installed, so the presets are installed again first."""
    install(OperatingModel, OperatingModelVersion, VisitFrequency, DeviationRule)
    with isolate_apps("caseboard.policy"):

        class CentreSettings(models.Model):
            version = models.OneToOneField(OperatingModelVersion, on_delete=models.CASCADE, related_name="+")
            sessions_per_day = models.PositiveSmallIntegerField("sessions a day at each venue", default=21)
            risk_assessment_required = models.BooleanField("risk assessment before direct family time", default=False)

            class Meta:
                app_label = "policy"

            def __str__(self) -> str:
                return f"Family centre settings of {self.version}"

        with connection.schema_editor() as editor:
            editor.create_model(CentreSettings)
        section = hooks.SettingsSection(
            key="centre",
            title="Family centre",
            model=CentreSettings,
            fields=("sessions_per_day", "risk_assessment_required"),
            presets={"covid": {"sessions_per_day": 6, "risk_assessment_required": True}},
        )
        hooks.register_settings_section(section)
        try:
            yield section
        finally:
            hooks._SECTIONS.pop("centre", None)
            with connection.schema_editor() as editor:
                editor.delete_model(CentreSettings)


def test_presets_and_the_councils_first_version_take_their_values(section, council):
    assert hooks.section_for(preset(BASELINE), "centre").sessions_per_day == 21
    assert hooks.section_for(preset(COVID), "centre").sessions_per_day == 6
    first = OperatingModelVersion.objects.get(operating_model__is_council_model=True)
    assert hooks.section_for(first, "centre").sessions_per_day == 21
    assert hooks.section_in_force("centre", on=date.today()).sessions_per_day == 21


def test_a_draft_copies_edits_and_comes_into_force(section, council):
    start = date.today() + timedelta(days=3)
    draft = services.version_draft(copy_from=preset(COVID), drafted_by=council.head, effective_from=start)
    assert hooks.section_for(draft, "centre").sessions_per_day == 6
    services.version_update(
        version=draft,
        updated_by=council.head,
        expected_edit_version=draft.edit_version,
        settings={},
        sections={"centre": {"sessions_per_day": 8}},
    )
    assert hooks.section_for(draft, "centre").sessions_per_day == 8
    services.version_approve(version=draft, approved_by=council.admin)
    assert hooks.section_in_force("centre", on=start - timedelta(days=1)).sessions_per_day == 21
    assert hooks.section_in_force("centre", on=start).sessions_per_day == 8
    # Approved versions are read-only, sections included.
    with pytest.raises(Exception, match="can no longer be changed"):
        hooks.sections_update(version=draft, values={"centre": {"sessions_per_day": 9}})


def test_the_pages_show_edit_and_compare_a_section(section, client, council):
    client.force_login(council.head)
    draft = services.version_draft(
        copy_from=preset(BASELINE), drafted_by=council.head, effective_from=date.today() + timedelta(days=3)
    )
    form = client.get(reverse("policy:version-edit", args=[draft.pk])).context["form"]
    assert form.initial["sec_centre_sessions_per_day"] == 21
    data = {k: ("on" if v is True else v) for k, v in form.initial.items() if v is not None and v is not False}
    start = draft.effective_from
    data.pop("effective_from", None)
    data |= {"effective_from_0": start.day, "effective_from_1": start.month, "effective_from_2": start.year}
    response = client.post(reverse("policy:version-edit", args=[draft.pk]), data | {"sec_centre_sessions_per_day": -1})
    assert response.status_code == 200 and "sec_centre_sessions_per_day" in response.context["form"].errors
    assert hooks.section_for(draft, "centre").sessions_per_day == 21  # nothing written
    data |= {"sec_centre_sessions_per_day": 6, "sec_centre_risk_assessment_required": "on"}
    assert client.post(reverse("policy:version-edit", args=[draft.pk]), data).status_code == 302
    row = hooks.section_for(draft, "centre")
    assert (row.sessions_per_day, row.risk_assessment_required) == (6, True)
    page = client.get(reverse("policy:compare"), {"a": preset(BASELINE).pk, "b": draft.pk}).content.decode()
    assert "Family centre: Sessions a day at each venue" in page
    api = client.get(f"/api/v1/operating-model-versions/{draft.pk}/")
    assert api.status_code == 200
    assert api.json()["sections"]["centre"]["sessions_per_day"] == 6
    assert OperatingModelVersion.objects.filter(status=VersionStatus.DRAFT).count() == 1
