from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from caseboard.accounts.models import User
from caseboard.casework.demo import DemoBuilder
from caseboard.casework.models import Allocation, Episode
from caseboard.people.models import Child, FamilyMember


def snapshot():
    children = list(
        Child.objects.order_by("local_id").values_list(
            "local_id", "first_name", "last_name", "date_of_birth", "ethnicity", "upn"
        )
    )
    episodes = list(
        Episode.objects.order_by("child__local_id", "start_on", "kind").values_list(
            "child__local_id", "kind", "start_on", "end_on", "legal_status", "placement_type"
        )
    )
    allocations = list(
        Allocation.objects.order_by("child__local_id", "role").values_list(
            "child__local_id", "worker__username", "role"
        )
    )
    return children, episodes, allocations


def wipe():
    for model in (Allocation, Episode, FamilyMember, Child):
        for row in model.objects.all():
            row.delete()
    for user in User.objects.all():
        user.teams.clear()
    User.objects.all().delete()
    from caseboard.accounts.models import Service, Team

    Team.objects.all().delete()
    Service.objects.all().delete()


@pytest.mark.django_db
def test_same_seed_builds_the_same_council():
    DemoBuilder(children=80, seed=7, today=date(2026, 11, 24)).build()
    first = snapshot()
    wipe()
    DemoBuilder(children=80, seed=7, today=date(2026, 11, 24)).build()
    assert snapshot() == first
    wipe()
    DemoBuilder(children=80, seed=8, today=date(2026, 11, 24)).build()
    assert snapshot()[0] != first[0]


@pytest.mark.django_db
def test_demo_data_is_valid_and_has_the_demo_accounts():
    summary = DemoBuilder(children=300, seed=1, today=date(2026, 11, 24)).build()
    assert summary.children == 300 == Child.objects.count()
    assert {"worker", "manager", "head", "iro", "performance", "admin"} <= set(
        User.objects.values_list("username", flat=True)
    )
    assert User.objects.get(username="worker").allocations.filter(ended_on__isnull=True).count() >= 10
    for child in Child.objects.all()[:100]:
        child.full_clean()
    for episode in Episode.objects.all()[:300]:
        episode.full_clean()
    shares = {cohort: count / 300 for cohort, count in summary.by_cohort.items()}
    assert 0.4 < shares["cin"] < 0.6 and 0.1 < shares["lac"] < 0.3


@pytest.mark.django_db
def test_seed_demo_command_is_idempotent_with_if_empty(capsys):
    call_command("seed_demo", children=20, seed=1)
    call_command("seed_demo", children=20, seed=1, if_empty=True)
    assert "already loaded" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("seed_demo", children=20, seed=1)
    assert Child.objects.count() == 20
