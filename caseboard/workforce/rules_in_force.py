"""The workforce section of the operating model in force: every cadence, threshold and window this app applies is
read here, from the council's version in force on the date (model defaults, the statutory baseline, when the
council has no model)."""

from __future__ import annotations

from datetime import date

from caseboard.accounts.models import Role
from caseboard.policy.hooks import section_in_force

from .cadence import Cadence
from .models import StaffDueKind, WorkforceSettings

SECTION = "workforce"


def settings_on(day: date) -> WorkforceSettings:
    """The workforce settings of the council's operating-model version in force on ``day``."""
    return section_in_force(SECTION, on=day)


def cadence_for(settings: WorkforceSettings, kind: str) -> Cadence | None:
    """The cadence of a kind of welfare check-in under these settings, or None when it is not required."""
    fields = {
        StaffDueKind.BUDDY: ("buddy_checkin_working_days", True),
        StaffDueKind.TEAM_LEADER: ("team_leader_checkin_working_days", True),
        StaffDueKind.UNAVAILABLE: ("unavailable_checkin_days", False),
        StaffDueKind.TEAM_MEETING: ("team_meeting_days", False),
        StaffDueKind.HEAD_OF_SERVICE: ("head_of_service_checkin_working_days", True),
        StaffDueKind.ASSISTANT_DIRECTOR: ("assistant_director_checkin_working_days", True),
    }
    name, working = fields[StaffDueKind(kind)]
    every = getattr(settings, name)
    return Cadence(every, working, name) if every else None


def supervision_cadence(settings: WorkforceSettings, *, role: str, first_year: bool) -> Cadence | None:
    """How often a person in ``role`` is supervised (fortnightly in the first year of practice by default)."""
    if first_year and role == Role.SOCIAL_WORKER:
        name = "supervision_first_year_days"
    else:
        name = {
            Role.SOCIAL_WORKER: "supervision_social_worker_days",
            Role.FRONT_DOOR: "supervision_social_worker_days",
            Role.PERSONAL_ADVISER: "supervision_personal_adviser_days",
            Role.TEAM_MANAGER: "supervision_team_manager_days",
        }.get(role, "supervision_other_days")
    every = getattr(settings, name)
    return Cadence(every, False, name) if every else None
