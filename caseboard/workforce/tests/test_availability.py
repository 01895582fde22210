"""Availability as a timeline, and the special-category rule: the person, their line manager and HR see a health
reason; everyone else sees only "Unavailable until ..."."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from caseboard.workforce import selectors, services
from caseboard.workforce.models import Availability, AvailabilityStatus

pytestmark = pytest.mark.django_db


def isolate(wf, person=None, start=date(2026, 6, 1), end=date(2026, 6, 10), note="Household member has symptoms"):
    return services.availability_record(
        person=person or wf.council.worker,
        recorded_by=wf.council.manager,
        status=AvailabilityStatus.SELF_ISOLATING,
        starts_on=start,
        ends_on=end,
        health_note=note,
    )


def test_an_open_period_ends_before_a_bounded_one_and_resumes_after_it(wf):
    worker = wf.council.worker
    services.availability_record(
        person=worker, recorded_by=worker, status=AvailabilityStatus.HOME, starts_on=date(2026, 3, 23)
    )
    isolate(wf)
    periods = list(Availability.objects.filter(person=worker).order_by("starts_on"))
    assert [(p.status, p.starts_on, p.ends_on) for p in periods] == [
        ("home", date(2026, 3, 23), date(2026, 5, 31)),
        ("self_isolating", date(2026, 6, 1), date(2026, 6, 10)),
        ("home", date(2026, 6, 11), None),
    ]


def test_overlapping_periods_that_contradict_are_refused_and_nothing_is_written(wf):
    isolate(wf)
    before = list(Availability.objects.values_list("pk", "status", "starts_on", "ends_on"))
    with pytest.raises(ValidationError) as error:
        services.availability_record(
            person=wf.council.worker,
            recorded_by=wf.council.worker,
            status=AvailabilityStatus.ANNUAL_LEAVE,
            starts_on=date(2026, 6, 8),
            ends_on=date(2026, 6, 12),
        )
    assert (
        "already recorded as self-isolating from 1 June 2026 to 10 June 2026"
        in error.value.message_dict["starts_on"][0]
    )
    assert list(Availability.objects.values_list("pk", "status", "starts_on", "ends_on")) == before


def test_self_isolating_needs_an_end_date(wf):
    with pytest.raises(ValidationError) as error:
        isolate(wf, end=None)
    assert error.value.message_dict == {"ends_on": ["Enter the date self-isolating ends"]}
    assert not Availability.objects.exists()


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("worker", True),  # the person
        ("manager", True),  # their line manager
        ("hr", True),  # an HR adviser
        ("colleague", False),
        ("head", False),  # a head of service who is not the line manager
        ("admin", False),
        ("performance", False),
    ],
)
def test_who_sees_a_health_reason(wf, client, viewer, sees):
    isolate(wf)
    user = wf.hr if viewer == "hr" else getattr(wf.council, viewer)
    person = wf.council.worker
    assert selectors.sees_health_reason(user, person) is sees
    [row] = selectors.availability_timeline(viewer=user, person=person, today=date(2026, 6, 2))
    if sees:
        assert row.label == "Self-isolating until 10 June 2026"
        assert row.health_note == "Household member has symptoms"
    else:
        assert row.label == "Unavailable until 10 June 2026"
        assert row.health_note == ""
    # The page says the same, and never the reason to those who may not see it.
    client.force_login(user)
    response = client.get(f"/workforce/staff/{person.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert ("Self-isolating" in body) is sees
    assert ("Household member has symptoms" in body) is sees
    assert "Unavailable until 10 June 2026" in body or sees
    # Every view of the record is audited, saying whether the reason was shown.
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(person.pk)).latest("pk")
    assert entry.actor_id == user.pk
    assert ("health reasons shown" in entry.additional_data["via"]) is sees


def test_staff_list_masks_health_reasons_for_colleagues(wf):
    isolate(wf, start=date(2026, 6, 1))
    rows = {r.person.username: r for r in selectors.staff_list(user=wf.council.colleague, today=date(2026, 6, 2))}
    assert rows["worker"].availability == "Unavailable until 10 June 2026"
    assert rows["worker"].is_available is False
    rows = {r.person.username: r for r in selectors.staff_list(user=wf.council.manager, today=date(2026, 6, 2))}
    assert rows["worker"].availability == "Self-isolating until 10 June 2026"


def test_someone_outside_the_team_cannot_open_the_record(wf, client):
    client.force_login(wf.council.cp_worker)
    assert client.get(f"/workforce/staff/{wf.council.worker.pk}/").status_code == 404


def test_availability_changes_are_audited(wf):
    period = isolate(wf)
    entry = LogEntry.objects.get_for_object(period).get(action=LogEntry.Action.CREATE)
    assert entry.changes_dict["status"][1] == "self_isolating"
