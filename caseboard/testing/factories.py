"""The one place tests make records: staff, children, episodes, allocations, visits and family members.

Factories write rows directly (factory_boy's Django integration): tests about counting or display use them; tests
about a rule go through the app's service so the rule runs. Every required field has a plausible default, so a test
names only what it is about:

    child = ChildFactory(first_name="Ava")
    EpisodeFactory(child=child, looked_after=True, start_on=date(2025, 6, 2))
    VisitFactory(children=[child], visited_on=date(2026, 3, 23), mode="video")
"""

from __future__ import annotations

from datetime import date, datetime, time

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from caseboard.accounts.models import Role, Service, Team, User
from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
from caseboard.meetings.models import Meeting, MeetingStatus
from caseboard.people.models import Child, FamilyMember
from caseboard.visits.models import ChildSeen, Visit

PASSWORD = "a-long-test-password-1"


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    service = factory.SubFactory(ServiceFactory)


class UserFactory(DjangoModelFactory):
    """A member of staff who can sign in with PASSWORD; `teams=[...]` puts them in teams."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.LazyAttribute(lambda o: o.username.title())
    last_name = "Test"
    email = ""  # as a new account made by an admin: the address is added when it is known
    role = Role.SOCIAL_WORKER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password=PASSWORD, **kwargs)

    @factory.post_generation
    def teams(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.teams.set(extracted)


class ChildFactory(DjangoModelFactory):
    class Meta:
        model = Child
        skip_postgeneration_save = True

    local_id = factory.Sequence(lambda n: f"T{n:05d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(2015, 3, 27)
    sex = "F"
    ethnicity = "WBRI"


# What each kind of episode needs to be a valid record in the returns, when a test does not say.
_EPISODE_DEFAULTS: dict[str, dict[str, str]] = {
    EpisodeKind.CHILD_IN_NEED: {"referral_source": "2A", "primary_need": "N1"},
    EpisodeKind.CHILD_PROTECTION: {"initial_category_of_abuse": "N"},
    EpisodeKind.LOOKED_AFTER: {"legal_status": "C2", "placement_type": "U1", "placement_provider": "PR1"},
}


class EpisodeFactory(DjangoModelFactory):
    """A child in need episode unless a trait says otherwise: `looked_after=True`, `child_protection=True`,
    `care_leaver=True`, `early_help=True`. A looked-after episode given an end date ceases with X1 unless told."""

    class Meta:
        model = Episode

    child = factory.SubFactory(ChildFactory)
    kind = EpisodeKind.CHILD_IN_NEED
    start_on = date(2026, 1, 5)

    class Params:
        looked_after = factory.Trait(kind=EpisodeKind.LOOKED_AFTER)
        child_protection = factory.Trait(kind=EpisodeKind.CHILD_PROTECTION)
        care_leaver = factory.Trait(kind=EpisodeKind.CARE_LEAVER)
        early_help = factory.Trait(kind=EpisodeKind.EARLY_HELP)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        for field, value in _EPISODE_DEFAULTS.get(kwargs["kind"], {}).items():
            kwargs.setdefault(field, value)
        if kwargs["kind"] == EpisodeKind.LOOKED_AFTER and kwargs.get("end_on"):
            kwargs.setdefault("reason_episode_ceased", "X1")
        return super()._create(model_class, *args, **kwargs)


class AllocationFactory(DjangoModelFactory):
    """The worker is put in the team if they are not already in it."""

    class Meta:
        model = Allocation

    child = factory.SubFactory(ChildFactory)
    team = factory.SubFactory(TeamFactory)
    worker = factory.SubFactory(UserFactory, teams=factory.LazyAttribute(lambda o: [o.factory_parent.team]))
    role = AllocationRole.SOCIAL_WORKER
    started_on = date(2026, 1, 5)
    ended_on = None


class VisitFactory(DjangoModelFactory):
    """A visit to `children` (each seen, with the visit's purpose), written directly: the visit rules are the visits
    service's to test. The worker defaults to the first child's allocated worker."""

    class Meta:
        model = Visit
        skip_postgeneration_save = True

    visited_on = date(2026, 3, 23)
    visited_at_time = time(10, 0)
    mode = "in_person_home"
    purpose = "statutory_cin"
    worker = factory.SubFactory(UserFactory)
    recorded_by = factory.SelfAttribute("worker")
    recorded_at = factory.LazyFunction(timezone.now)
    seen = True  # not a field: whether the children were seen
    seen_alone = False  # not a field: whether they were seen alone

    @factory.post_generation
    def children(self, create: bool, extracted, **kwargs) -> None:
        for child in extracted or []:
            ChildSeen.objects.create(
                visit=self, child=child, was_seen=self._seen, seen_alone=self._seen_alone, purpose=self.purpose
            )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        seen = kwargs.pop("seen", True)
        seen_alone = kwargs.pop("seen_alone", False)
        visit = super()._create(model_class, *args, **kwargs)
        visit._seen = seen
        visit._seen_alone = seen_alone
        return visit

    @classmethod
    def to(cls, child: Child, **kwargs) -> Visit:
        """A visit to one child by their allocated worker (unless `worker` is given)."""
        if "worker" not in kwargs:
            allocation = child.allocations.order_by("pk").first()
            if allocation is not None:
                kwargs["worker"] = allocation.worker
        return cls(children=[child], **kwargs)


class FamilyMemberFactory(DjangoModelFactory):
    class Meta:
        model = FamilyMember

    child = factory.SubFactory(ChildFactory)
    name = factory.Faker("name", locale="en_GB")
    relationship = "mother"


class MeetingFactory(DjangoModelFactory):
    """A meeting held on `held_on` (scheduled for 10:00 that day) about `children`; `held=False` leaves it scheduled.
    Written directly: the meetings service's rules (due dates, outcomes) are its own tests' business."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    kind = "core_group"
    held_on = date(2026, 3, 23)
    scheduled_for = factory.LazyAttribute(
        lambda o: datetime.combine(o.held_on or date(2026, 3, 23), time(10), timezone.get_current_timezone())
    )
    status = MeetingStatus.HELD
    format = "virtual"
    scheduled_by = factory.SubFactory(UserFactory)
    scheduled_at = factory.LazyFunction(timezone.now)

    class Params:
        scheduled = factory.Trait(status=MeetingStatus.SCHEDULED, held_on=None)

    @factory.post_generation
    def children(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.children.set(extracted)
