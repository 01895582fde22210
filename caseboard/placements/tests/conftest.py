"""Placement fixtures: the shared council, a supervising social worker, a connected-person household and a mainstream
foster household; dates before the real today so the rules, not the clock, decide."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from caseboard.accounts.models import Role, User
from caseboard.conftest import make_user
from caseboard.placements import services
from caseboard.placements.models import Setting

START = date(2025, 6, 2)  # a Monday


@dataclass
class Fostering:
    ssw: User
    other_ssw: User
    connected: Setting
    mainstream: Setting


@pytest.fixture
def fostering(council) -> Fostering:
    ssw = make_user("ssw", Role.SUPERVISING_SOCIAL_WORKER)
    other = make_user("ssw2", Role.SUPERVISING_SOCIAL_WORKER)
    connected = services.setting_save(
        saved_by=council.manager,
        kind="connected_person",
        name="Ann Brown (grandmother)",
        placement_provider="PR1",
        postcode="NM3 1AB",
        places=1,
        supervising_social_worker=ssw,
    )
    mainstream = services.setting_save(
        saved_by=council.manager,
        kind="foster_in_house",
        name="Sarah and Tom Hughes",
        placement_provider="PR1",
        postcode="NM5 2CD",
        places=2,
        age_from=5,
        age_to=17,
        supervising_social_worker=other,
    )
    services.approval_record(
        setting=mainstream,
        recorded_by=council.manager,
        kind="mainstream",
        approved_on=date(2024, 1, 8),
        places=2,
        age_from=5,
        age_to=17,
    )
    return Fostering(ssw, other, connected, mainstream)
