"""The sign-in page's demo accounts exist in the demo council with the role and team it says, and the child
protection ones can do the seed's central journey (a social worker proposes no face-to-face visit on a CP case, the
head of child protection approves it)."""

import pytest
from django.core.management import call_command

from caseboard.accounts.demo import DEMO_ACCOUNTS
from caseboard.accounts.models import Role, Team, User
from caseboard.casework.models import Allocation, EpisodeKind
from caseboard.people.selectors import children_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    """The demo council with every app's demo step (some accounts, e.g. family time's, are made by a step)."""
    call_command("seed_demo", children=300, seed=1, verbosity=0)


def test_every_listed_account_is_in_the_demo_with_its_role_and_team(council):
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.role == account.role, account.username
        assert user.check_password("caseboard-demo")
        if account.role == Role.HEAD_OF_SERVICE:
            assert user.service.name == account.where, account.username
        elif Team.objects.filter(name=account.where).exists():
            assert account.where in {team.name for team in user.teams.all()}, account.username


def test_the_child_protection_accounts_hold_and_see_child_protection_cases(council):
    worker, manager, head = (User.objects.get(username=name) for name in ("cp.worker", "cp.manager", "cp.head"))
    caseload = Allocation.objects.filter(worker=worker, ended_on__isnull=True)
    assert caseload.exists()
    cp_children = [a.child for a in caseload if a.child.episodes.filter(kind=EpisodeKind.CHILD_PROTECTION).exists()]
    assert cp_children
    for viewer in (manager, head):
        visible = set(children_visible_to(viewer).values_list("pk", flat=True))
        assert {child.pk for child in cp_children} <= visible
    # The children in need head of service cannot open them: why the CP accounts are needed.
    assert not set(children_visible_to(User.objects.get(username="head")).values_list("pk", flat=True)) & {
        child.pk for child in cp_children
    }


def test_the_personal_adviser_holds_care_leavers(council):
    pa = User.objects.get(username="pa")
    kinds = set(
        Allocation.objects.filter(worker=pa, ended_on__isnull=True).values_list("child__episodes__kind", flat=True)
    )
    assert EpisodeKind.CARE_LEAVER in kinds
