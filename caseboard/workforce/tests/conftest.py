"""A small workforce on top of the shared council: line managers, an HR adviser, a red and an amber child."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from caseboard.accounts.models import Role, User
from caseboard.conftest import Council, make_user
from caseboard.prioritisation.tests.factories import rate


@dataclass
class Workforce:
    council: Council
    hr: User
    cover: User


@pytest.fixture
def wf(council) -> Workforce:
    from caseboard.prioritisation.defaults import install as install_factors
    from caseboard.prioritisation.models import RagFactor

    if not RagFactor.objects.exists():  # a transactional test flushed what the migrations installed
        install_factors(RagFactor)
    for person in (council.worker, council.colleague):
        person.line_manager = council.manager
        person.save()
    council.manager.line_manager = council.head
    council.manager.save()
    hr = make_user("hr", Role.HR_ADVISER)
    cover = make_user("cover", Role.SOCIAL_WORKER, council.cin_team)
    cover.line_manager = council.manager
    cover.save()
    rate(
        council,
        child=council.own_child,
        rating="red",
        codes=("out_of_school", "no_other_professional"),
        rationale="Worrying",
    )
    rate(council, child=council.team_child, by=council.colleague, rating="amber")
    return Workforce(council=council, hr=hr, cover=cover)
