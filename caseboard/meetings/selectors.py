"""Reads of meetings, starting from the children the user may see: a meeting is visible when every child on it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from caseboard.accounts.models import Team, User
from caseboard.casework.models import Allocation, AllocationRole, Episode, EpisodeKind
from caseboard.clock.calendar import working_days_between
from caseboard.clock.words import date_words
from caseboard.compliance.models import DueItem
from caseboard.people.models import Child
from caseboard.people.selectors import children_visible_to
from caseboard.policy.selectors import council_timeline

from .models import (
    CANCELLATION_SECTION,
    Invitee,
    Meeting,
    MeetingAction,
    MeetingKind,
    MeetingStatus,
    Postponement,
    Section47Enquiry,
)
from .timescales import ReviewDate, lac_review_schedule

LIST_VIEWS = {
    "week": "Upcoming this week",
    "upcoming": "All upcoming",
    "minutes": "Needing minutes",
    "held": "Held",
}


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """Meetings every child on which the user may see."""
    visible = children_visible_to(user).values("pk")
    hidden = Child.objects.exclude(pk__in=visible).values("pk")
    return Meeting.objects.filter(children__in=visible).exclude(children__in=hidden).distinct()


def _for_lists(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related("chair").prefetch_related(
        Prefetch("children", queryset=Child.objects.order_by("pk")),
        Prefetch("postponements", queryset=Postponement.objects.order_by("recorded_at", "pk")),
    )


def meeting_for(*, user: User, pk: object) -> Meeting | None:
    """One meeting, if the user may see every child on it."""
    try:
        return (
            meetings_visible_to(user)
            .select_related("chair", "scheduled_by", "held_recorded_by", "strategy_discussion", "cancellation_decision")
            .filter(pk=int(pk))
            .first()
        )
    except (TypeError, ValueError):
        return None


def section_47_for(*, user: User, pk: object) -> Section47Enquiry | None:
    try:
        return (
            Section47Enquiry.objects.filter(child__in=children_visible_to(user).values("pk"), pk=int(pk))
            .select_related("child", "strategy_discussion", "completed_by")
            .first()
        )
    except (TypeError, ValueError):
        return None


def section_47_visible_to(user: User) -> QuerySet[Section47Enquiry]:
    return Section47Enquiry.objects.filter(child__in=children_visible_to(user).values("pk"))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _scope(*, user: User, worker: User | None, team: Team | None) -> Q:
    through = Meeting.children.through.objects
    if team is not None:
        children = Allocation.objects.filter(team=team, ended_on__isnull=True).values("child_id")
        return Q(pk__in=through.filter(child_id__in=children).values("meeting_id"))
    worker = worker or user
    children = Allocation.objects.filter(worker=worker, ended_on__isnull=True).values("child_id")
    return (
        Q(chair=worker)
        | Q(pk__in=Invitee.objects.filter(user=worker).values("meeting_id"))
        | Q(pk__in=through.filter(child_id__in=children).values("meeting_id"))
    )


def meetings_list(
    *, user: User, show: str = "week", team: Team | None = None, today: date | None = None
) -> QuerySet[Meeting]:
    """The user's meetings (chaired, invited to, or about children allocated to them), or a team's (about children
    allocated in it): upcoming this week, all upcoming, needing minutes (held without minutes, or past their date
    and not recorded), or held. In a fixed number of queries, ordered by date then id."""
    today = today or timezone.localdate()
    meetings = meetings_visible_to(user).filter(_scope(user=user, worker=None, team=team))
    start = _start_of(today)
    if show == "week":
        end_of_week = today + timedelta(days=6 - today.weekday())
        meetings = meetings.filter(
            status=MeetingStatus.SCHEDULED,
            scheduled_for__gte=start,
            scheduled_for__lt=_start_of(end_of_week) + timedelta(days=1),
        ).order_by("scheduled_for", "pk")
    elif show == "upcoming":
        meetings = meetings.filter(status=MeetingStatus.SCHEDULED, scheduled_for__gte=start).order_by(
            "scheduled_for", "pk"
        )
    elif show == "minutes":
        meetings = meetings.filter(
            Q(status=MeetingStatus.HELD, minutes="") | Q(status=MeetingStatus.SCHEDULED, scheduled_for__lt=start)
        ).order_by("scheduled_for", "pk")
    else:
        meetings = meetings.filter(status=MeetingStatus.HELD).order_by("-held_on", "-pk")
    return _for_lists(meetings)


@dataclass(frozen=True)
class ChildMeetings:
    upcoming: list[Meeting]
    past: list[Meeting]
    enquiries: list[Section47Enquiry]
    reviews: list[ReviewDate]  # the looked-after review schedule, when the child is looked after
    looked_after_from: date | None
    on_plan_from: date | None


def meetings_for_child(*, child: Child, today: date | None = None, limit: int = 10) -> ChildMeetings:
    """A child's meetings for their record: upcoming, the latest past ones, section 47 enquiries, and when looked
    after the first looked-after review dates from the timescales (each from the previous review as held)."""
    today = today or timezone.localdate()
    meetings = _for_lists(child.meetings.all())
    upcoming = list(meetings.filter(status=MeetingStatus.SCHEDULED).order_by("scheduled_for", "pk")[:limit])
    past = list(meetings.exclude(status=MeetingStatus.SCHEDULED).order_by("-scheduled_for", "-pk")[:limit])
    enquiries = list(
        child.section_47_enquiries.select_related("strategy_discussion").order_by("-started_on", "-pk")[:5]
    )
    open_ = {
        episode.kind: episode
        for episode in child.episodes.filter(kind__in=[EpisodeKind.LOOKED_AFTER, EpisodeKind.CHILD_PROTECTION])
        .filter(start_on__lte=today)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .order_by("start_on")
    }
    reviews: list[ReviewDate] = []
    looked_after_from = None
    lac = open_.get(EpisodeKind.LOOKED_AFTER)
    if lac is not None:
        looked_after_from = care_period_start(child, lac)
        held = list(
            child.meetings.filter(
                kind=MeetingKind.LAC_REVIEW, status=MeetingStatus.HELD, held_on__gte=looked_after_from
            ).values_list("held_on", flat=True)
        )
        reviews = lac_review_schedule(council_timeline(), looked_after_from=looked_after_from, reviews=held)
    plan = open_.get(EpisodeKind.CHILD_PROTECTION)
    return ChildMeetings(upcoming, past, enquiries, reviews, looked_after_from, plan.start_on if plan else None)


def care_period_start(child: Child, current: Episode) -> date:
    """The day a run of looked-after episodes began (each starting on, or the day after, the end of the one before)."""
    start = current.start_on
    for begun, ended in (
        child.episodes.filter(kind=EpisodeKind.LOOKED_AFTER, start_on__lt=start)
        .exclude(pk=current.pk)
        .order_by("-start_on")
        .values_list("start_on", "end_on")
    ):
        if ended is None or (start - ended).days not in (0, 1):
            break
        start = begun
    return start


def postponement_summary(meeting: Meeting) -> str:
    """ "Postponed: due 12 May 2020, now 19 May 2020 (5 working days late)", from the prefetched postponements; ""
    when never postponed. The due date is the timescale's and never moves."""
    postponements = list(meeting.postponements.all())
    if not postponements:
        return ""
    now = timezone.localtime(meeting.scheduled_for).date()
    if meeting.due_on is None:
        first = timezone.localtime(postponements[0].from_at).date()
        return f"Postponed: first set for {date_words(first)}, now {date_words(now)}"
    text = f"Postponed: due {date_words(meeting.due_on)}, now {date_words(now)}"
    if now > meeting.due_on:
        late = working_days_between(meeting.due_on, now)
        return f"{text} ({late} working day{'s' if late != 1 else ''} late)"
    return f"{text} (still in time)"


def lateness(meeting: Meeting) -> str:
    """How the meeting's date stands against its due date: "" when it has none or is in time."""
    if meeting.due_on is None:
        return ""
    on = meeting.held_on or timezone.localtime(meeting.scheduled_for).date()
    if on <= meeting.due_on:
        return ""
    late = working_days_between(meeting.due_on, on)
    if late == 0:  # a weekend or bank holiday after the due date
        late_days = (on - meeting.due_on).days
        return f"{late_days} day{'s' if late_days != 1 else ''} after the due date"
    return f"{late} working day{'s' if late != 1 else ''} after the due date"


# --- the IRO's reviews -----------------------------------------------------------------------------------------
def iro_children(user: User) -> QuerySet[Child]:
    """Children allocated to this user as independent reviewing officer (and visible to them)."""
    allocated = Allocation.objects.filter(worker=user, role=AllocationRole.IRO, ended_on__isnull=True)
    return children_visible_to(user).filter(pk__in=allocated.values("child_id"))


def _iro_reviews(user: User, status: str) -> QuerySet[Meeting]:
    """Looked-after reviews with this status for the user's children as independent reviewing officer, on which the
    user may see every child (as ``meetings_visible_to``). Starts from the IRO's children, a handful, rather than from
    every meeting the user may see: a head of service sees every meeting and is IRO to no one."""
    mine = Meeting.children.through.objects.filter(child_id__in=iro_children(user).values("pk")).values("meeting_id")
    hidden = Meeting.children.through.objects.filter(meeting_id=OuterRef("pk")).exclude(
        child_id__in=children_visible_to(user).values("pk")
    )
    return Meeting.objects.filter(kind=MeetingKind.LAC_REVIEW, status=status, pk__in=mine).exclude(Exists(hidden))


def iro_reviews_upcoming(*, user: User) -> QuerySet[Meeting]:
    return _for_lists(_iro_reviews(user, MeetingStatus.SCHEDULED).order_by("scheduled_for", "pk"))


def iro_reviews_held(*, user: User) -> QuerySet[Meeting]:
    return _for_lists(_iro_reviews(user, MeetingStatus.HELD).order_by("-held_on", "-pk")).prefetch_related(
        Prefetch("actions", queryset=MeetingAction.objects.order_by("due_on", "pk"))
    )


def iro_reviews_overdue(*, user: User, today: date | None = None) -> QuerySet[DueItem]:
    """The statutory clock's looked-after reviews past their due date and not held, for the IRO's children, with
    the next review scheduled for each (if any)."""
    today = today or timezone.localdate()
    next_scheduled = (
        Meeting.objects.filter(
            children=OuterRef("child_id"), kind=MeetingKind.LAC_REVIEW, status=MeetingStatus.SCHEDULED
        )
        .values("children")
        .annotate(first=Min("scheduled_for"))
        .values("first")[:1]
    )
    return (
        DueItem.objects.filter(
            child__in=iro_children(user).values("pk"), kind="lac_review", met_on__isnull=True, due_on__lt=today
        )
        .select_related("child")
        .annotate(next_scheduled=Subquery(next_scheduled))
        .order_by("due_on", "pk")
    )


def kinds_needing_decision_to_cancel(on: date) -> frozenset[str]:
    """The kinds of meeting that need an approved key decision to be cancelled, under the council's version in force
    on a date (the presets' kinds where none is)."""
    from caseboard.policy.hooks import section_in_force

    return section_in_force(CANCELLATION_SECTION, on=on).kinds
