"""The statutory clock's entry point: what is due for a child, by when, and why.

``compute_due_items(facts, versions, today)`` turns a child's episodes, visits, meetings, assessments and placement
plans into ``DueItem`` rows, each with its ``basis`` (in words a manager can check), ``rule`` (the source), the
operating-model version that produced it and the facts used. The rules are in the chapters: ``visits`` (CIN, CP,
Early Help, private fostering, reg 28), ``reviews`` (reg 33, conferences, core groups, the placement plan),
``assessments`` (and their pauses), ``reminders`` (decisions, RAG, campaigns); which version applies is
``versions.Timeline``. This module decides which clocks run for a child on ``today``.

Which episodes produce items
    An episode is open on ``today`` if it started on or before ``today`` and has no end or ends on or after it
    (as ``Episode.is_open_on``). Closed episodes produce nothing, not even one-off items met while they were open.
    CIN visits only when no CP or LAC episode is open; Early Help visits only when no CIN, CP or LAC episode is open
    and the version in force today sets an Early Help frequency. An assessment belongs to the CIN episode open on its
    referral date, an initial conference to the CIN or CP episode open on the strategy discussion; each is shown while
    that episode is open, and when there is no such episode only while outstanding. Remote contact (where the version
    in force today asks for it) for open Early Help and CIN cases with no CP or LAC episode open.

Timescales
    One-off items (assessment, initial conference, first core group, placement plan) are MET when the fact exists on
    or before ``today``, late or not (``met_by`` then says how late, in working days for a working-day timescale).
    Strategy discussions held while a CP plan was already open start no initial-conference clock (that child's plan
    is reviewed at an RCPC). Review conferences and LAC reviews show only the next one outstanding. An assessment
    paused by an approved key decision is due later by the working days it was paused, said in its basis and facts.

Performance: one pass over each kind of fact per call, no per-day loops; pass a ``Timeline`` shared by many
children to reuse its remembered date arithmetic.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from operator import attrgetter

from . import assessments, ratings, reminders, reviews, visits
from .versions import Resolved, Timeline, due_status, timeline_of
from .vocabulary import (
    ChildFacts,
    DueItem,
    DueKind,
    DueStatus,
    EpisodeFact,
    EpisodeKind,
    MeetingKind,
    OperatingRules,
    RatingFact,
    VisitCounting,
    VisitFact,
    VisitRule,
)
from .words import date_words, episode_words, met_words, visit_words

__all__ = ["compute_due_items", "open_on"]

_w = date_words
_EPISODE_KINDS = tuple(EpisodeKind)
_MEETING_KINDS = tuple(MeetingKind)


def open_on(episodes: Sequence[EpisodeFact], day: date) -> EpisodeFact | None:
    """The episode open on ``day`` that started last (episodes of one kind should not overlap)."""
    found = None
    for episode in episodes:
        is_open = episode.start_on <= day and (episode.end_on is None or episode.end_on >= day)
        if is_open and (found is None or episode.start_on >= found.start_on):
            found = episode
    return found


def _first_on_or_after(dates: list[date], day: date) -> date | None:
    index = bisect_left(dates, day)
    return dates[index] if index < len(dates) else None


def _last_on_or_before(dates: list[date], day: date) -> date | None:
    index = bisect_right(dates, day)
    return dates[index - 1] if index else None


class _Child:
    """One call's working state: the child's facts indexed once, and the items built from them."""

    def __init__(self, facts: ChildFacts, timeline: Timeline, today: date) -> None:
        self.timeline = timeline
        self.today = today
        self.items: list[DueItem] = []
        self.episodes: dict[EpisodeKind, list[EpisodeFact]] = {kind: [] for kind in _EPISODE_KINDS}
        for episode in facts.episodes:
            if episode.start_on <= today:
                self.episodes[episode.kind].append(episode)
        for episodes in self.episodes.values():
            if len(episodes) > 1:
                episodes.sort(key=attrgetter("start_on", "id"))
        self.open = {kind: open_on(episodes, today) for kind, episodes in self.episodes.items() if episodes}
        self.meetings: dict[MeetingKind, list[date]] = {kind: [] for kind in _MEETING_KINDS}
        for meeting in facts.meetings:
            if meeting.held_on <= today:
                self.meetings[meeting.kind].append(meeting.held_on)
        for dates in self.meetings.values():
            dates.sort()
        self.last_visit = visits.last_qualifying_visit(facts.visits, timeline, today)
        self.facts = facts
        # Visits follow the rating only where a version has rules by rating (``ratings``); otherwise, as before.
        self.rated = any(version.rating_rules for version in timeline.versions)
        self.ratings = ratings.RatingHistory(facts.ratings) if self.rated else None
        self._last_by_kind: dict[tuple[EpisodeKind, date | None], VisitFact | None] = {}

    # --- building items --------------------------------------------------------------------------------------

    def add(
        self,
        kind: DueKind,
        resolved: Resolved,
        episode: EpisodeFact | None,
        facts: list[str],
        met_on: date | None = None,
        met_by: str = "",
    ) -> None:
        started_under, version, due = resolved
        facts.append(f"Operating model: {version.label}, in force from {_w(version.effective_from)}")
        if version is not started_under:
            facts.append(
                f"The interval started under {started_under.label}; {version.label} applies to intervals already "
                f"running from {_w(version.effective_from)}"
            )
        self.items.append(
            DueItem(
                kind=kind,
                due_on=due.on,
                basis=due.basis,
                rule=due.rule,
                version_id=version.version_id,
                version_label=version.label,
                status=due_status(due.on, self.today, met_on),
                episode_id=episode.id if episode is not None else None,
                met_on=met_on,
                met_by=met_by,
                facts=tuple(facts),
            )
        )

    def last_visit_of(self, kind: EpisodeKind, in_person_from: date | None = None) -> VisitFact | None:
        """The last counting visit for a clock of this kind: under rules by rating, a visit counts as the child's
        rating on its date says."""
        if not self.rated:
            if in_person_from is None:
                return self.last_visit
            return visits.last_qualifying_visit(
                self.facts.visits, self.timeline, self.today, in_person_from=in_person_from
            )
        key = (kind, in_person_from)
        if key not in self._last_by_kind:
            history = self.ratings
            assert history is not None

            known: dict[tuple[int, str | None], VisitCounting] = {}

            def counting(visit: VisitFact, version: OperatingRules) -> VisitCounting:
                rating = history.on(visit.on)
                key = (id(version), rating.rating if rating is not None else None)
                if key not in known:
                    known[key] = ratings.counting_under(version, kind, rating)
                return known[key]

            self._last_by_kind[key] = visits.last_qualifying_visit(
                self.facts.visits, self.timeline, self.today, in_person_from=in_person_from, counting=counting
            )
        return self._last_by_kind[key]

    def visit_since(self, start: date, kind: EpisodeKind | None = None) -> VisitFact | None:
        last = self.last_visit if kind is None else self.last_visit_of(kind)
        return last if last is not None and last.on >= start else None

    def by_rating(
        self,
        kind: EpisodeKind,
        anchor: date,
        run: Callable[[RatingFact | None], Resolved | None],
        facts: list[str],
    ) -> Resolved | None:
        """An interval from ``anchor`` under the rating in force that day, recomputed from the same start under each
        rating given while it runs (``ratings``); its basis names the rating used."""
        history = self.ratings
        if history is None:
            return run(None)
        rating = history.on(anchor)
        resolved = run(rating)
        if resolved is None:
            return None
        for change in history.changes_after(anchor, self.today):
            if change.on > resolved.due.on:
                break
            again = run(change)
            if again is not None:
                resolved, rating = again, change
        rule = ratings.rule_for(resolved.version, kind, rating)
        if rule is None:
            return resolved
        words = ratings.rule_words(resolved.version, rule, rating)
        facts.append(f"Rating used: {ratings.who_words(resolved.version, rating)}")
        return resolved._replace(due=resolved.due._replace(basis=f"{resolved.due.basis}. {words}"))

    def visit_facts(self, visit: VisitFact | None, since: date) -> str:
        if visit is None:
            return f"No qualifying visit since {_w(since)}"
        return f"Last qualifying visit: {visit_words(visit)}"

    # --- visits ----------------------------------------------------------------------------------------------

    def visit_clock(
        self,
        kind: DueKind,
        label: str,
        episode: EpisodeFact,
        pick: Callable[[OperatingRules], VisitRule | None],
        statutory_source: str,
    ) -> None:
        start = episode.start_on
        visit = self.visit_since(start, episode.kind)
        last_on = visit.on if visit is not None else None

        def run(rating: RatingFact | None) -> Resolved | None:
            def rated(version: OperatingRules) -> VisitRule | None:
                rule = ratings.rule_for(version, episode.kind, rating)
                return rule.visits if rule is not None and rule.visits is not None else pick(version)

            return visits.fixed_visit(
                self.timeline,
                label=label,
                start=start,
                pick=rated if self.rated else pick,
                last_visit_on=last_on,
                today=self.today,
                statutory_source=statutory_source,
            )

        facts = [episode_words(episode), self.visit_facts(visit, start)]
        resolved = self.by_rating(episode.kind, start if last_on is None else last_on, run, facts)
        if resolved is not None:
            self.add(kind, resolved, episode, facts)

    def rated_frequency(self, kind: EpisodeKind, rating: RatingFact | None) -> visits.Pick | None:
        """A version's frequency for a child of this kind and rating (None when no version has rules by rating)."""
        if not self.rated:
            return None

        def pick(version: OperatingRules) -> VisitRule | None:
            rule = ratings.rule_for(version, kind, rating)
            return rule.visits if rule is not None else None

        return pick

    def private_fostering(self, episode: EpisodeFact) -> None:
        start = episode.start_on
        pf = EpisodeKind.PRIVATE_FOSTERING
        visit = self.visit_since(start, pf)
        last_on = visit.on if visit is not None else None
        facts = [episode_words(episode), self.visit_facts(visit, start)]
        # The rating decides which visits count, and may ask for visits more often than the PF Regs (never less).
        resolved = self.by_rating(
            pf,
            start if last_on is None else last_on,
            lambda rating: visits.private_fostering_visit(
                self.timeline, start=start, last_visit_on=last_on, tighter=self.rated_frequency(pf, rating)
            ),
            facts,
        )
        assert resolved is not None
        self.add(DueKind.PRIVATE_FOSTERING_VISIT, resolved, episode, facts)

    def remote_contact(self, episode: EpisodeFact, label: str) -> None:
        version = self.timeline.on(self.today)
        # The council has asked for it since the first of the run of versions up to today that ask the same (a
        # version that extends arrangements for a period does not restart the clock).
        versions, index = self.timeline.versions, self.timeline.index_on(self.today)
        while index > 0 and versions[index - 1].remote_contact == version.remote_contact:
            index -= 1
        contacts = (
            *self.facts.contacts,
            *(on for on, kind in self.facts.case_notes if kind in version.remote_contact_kinds),
        )
        due = visits.remote_contact_due(
            version,
            label=label,
            episode_start=episode.start_on,
            contacts=contacts,
            today=self.today,
            asked_since=versions[index].effective_from,
        )
        if due is None:
            return
        self.items.append(
            DueItem(
                kind=DueKind.REMOTE_CONTACT,
                due_on=due.on,
                basis=due.basis,
                rule=due.rule,
                version_id=version.version_id,
                version_label=version.label,
                status=due_status(due.on, self.today, None),
                episode_id=episode.id,
                facts=(
                    episode_words(episode),
                    f"Operating model: {version.label}, in force from {_w(version.effective_from)}",
                ),
            )
        )

    # --- looked after: reg 28 visits, reviews, placement plan ----------------------------------------------

    def looked_after(self, current: EpisodeFact) -> None:
        placed = visits.placement(self.episodes[EpisodeKind.LOOKED_AFTER], current)
        care_start = placed.care_start
        placement_episode, placement_start = placed.placement, placed.placement_start
        held = self.meetings[MeetingKind.LAC_REVIEW]
        held = held[bisect_left(held, care_start) :]
        first_review = held[0] if held else None

        facts = [episode_words(current)]
        if care_start != current.start_on:
            facts.append(f"Looked after continuously since {_w(care_start)} ({len(placed.period)} episodes)")
        if placement_episode is not current or placement_start != current.start_on:
            facts.append(f"Placement from {_w(placement_start)}: {episode_words(placement_episode)}")

        # Visits (reg 28).
        visit_facts = list(facts)
        lac = EpisodeKind.LOOKED_AFTER
        visit = self.visit_since(placed.day0, lac)
        in_person_from = current.in_person_visits_from
        if in_person_from is not None and in_person_from <= self.today:
            visit = self.last_visit_of(lac, in_person_from)
            visit = visit if visit is not None and visit.on >= placed.day0 else None
            visit_facts.append(
                f"Placement at risk of breakdown since {_w(in_person_from)}: from then only visits in person count"
            )
        if placed.paragraph in ("28(3)", "28(4)"):
            visit_facts.append(
                f"First looked-after review held on {_w(first_review)}"
                if first_review is not None
                else "No looked-after review held yet"
            )
        last_on = visit.on if visit is not None else None
        visit_facts.append(self.visit_facts(visit, placed.day0))
        # The rating decides which visits count, and may ask for visits more often than reg 28 (never less).
        lac_visit = self.by_rating(
            lac,
            last_on if last_on is not None else placed.day0,
            lambda rating: visits.looked_after_visit(
                self.timeline,
                placed,
                first_review=first_review,
                last_visit_on=last_on,
                tighter=self.rated_frequency(lac, rating),
            ),
            visit_facts,
        )
        assert lac_visit is not None
        self.add(DueKind.LAC_VISIT, lac_visit, current, visit_facts)

        # The next review (reg 33).
        review_facts = [facts[0], f"Looked after since {_w(care_start)}"]
        if held:
            second = len(held) == 1
            review_facts.append(
                f"{len(held)} looked-after review{'s' if not second else ''} held, the last on {_w(held[-1])}"
            )
        self.add(
            DueKind.LAC_REVIEW,
            reviews.next_lac_review(self.timeline, care_start=care_start, reviews=held)[1],
            current,
            review_facts,
        )

        # The carers' temporary approval (regs 24 and 25), while the child is placed with them under reg 24.
        if placement_episode.is_reg24_placement and self.facts.temporary_approvals:
            approval = reminders.temporary_approval_in_force(
                self.facts.temporary_approvals, setting_id=placement_episode.setting_id, today=self.today
            )
            if approval is not None:
                self.reminder(reminders.temporary_approval(approval))

        # The placement plan (reg 9(2)).
        plans = sorted(d for d in self.facts.placement_plans if placement_start <= d <= self.today)
        met_on = plans[0] if plans else None
        resolved = reviews.placement_plan(self.timeline, placement_start=placement_start, met_on=met_on)
        met_by = ""
        if met_on is not None:
            met_by = met_words(
                "Placement plan completed", met_on, resolved.due.on, resolved.version.timescales.placement_plan
            )
        self.add(DueKind.PLACEMENT_PLAN, resolved, current, list(facts), met_on, met_by)

    # --- child protection: core group, review conferences --------------------------------------------------

    def child_protection(self, cp: EpisodeFact) -> None:
        episodes = self.episodes[EpisodeKind.CHILD_PROTECTION]
        index = episodes.index(cp)
        previous_end = episodes[index - 1].end_on if index else None
        conference = _last_on_or_before(self.meetings[MeetingKind.INITIAL_CONFERENCE], cp.start_on)
        if conference is not None and previous_end is not None and conference <= previous_end:
            conference = None  # that conference made the previous plan
        episode_facts = [episode_words(cp)]
        if conference is not None:
            day0, day0_words = conference, f"the initial conference on {_w(conference)}"
            episode_facts.append(f"Initial conference held on {_w(conference)}")
        else:
            day0, day0_words = cp.start_on, f"the plan starting on {_w(cp.start_on)} (no initial conference recorded)"

        met_on = _first_on_or_after(self.meetings[MeetingKind.CORE_GROUP], day0)
        resolved = reviews.first_core_group(self.timeline, day0=day0, day0_words=day0_words, met_on=met_on)
        met_by = ""
        if met_on is not None:
            interval = resolved.version.timescales.first_core_group
            met_by = met_words("Core group held", met_on, resolved.due.on, interval)
        self.add(DueKind.FIRST_CORE_GROUP, resolved, cp, list(episode_facts), met_on, met_by)

        held = self.meetings[MeetingKind.REVIEW_CONFERENCE]
        held = held[bisect_left(held, day0) :]
        facts = list(episode_facts)
        if held:
            facts.append(f"Last review conference held on {_w(held[-1])}")
        resolved = reviews.review_conference(self.timeline, day0=day0, day0_words=day0_words, reviews=held)
        self.add(DueKind.REVIEW_CONFERENCE, resolved, cp, facts)

    # --- one-off timescales not tied to an open plan: assessment, initial conference ------------------------

    def assessments(self) -> None:
        cin = self.episodes[EpisodeKind.CHILD_IN_NEED]
        for fact in self.facts.assessments:
            referral = fact.referral_on
            if referral > self.today:
                continue
            completed = fact.completed_on
            met_on = completed if completed is not None and completed <= self.today else None
            episode = open_on(cin, referral)
            if episode is not None:
                if episode.end_on is not None and episode.end_on < self.today:
                    continue
            elif met_on is not None:
                continue
            paused, pause_words = assessments.assessment_pause_days(fact.pauses, referral, met_on, self.today)
            resolved = assessments.assessment(self.timeline, referral_on=referral, paused=paused, met_on=met_on)
            facts = [f"Referral on {_w(referral)}", *pause_words]
            if episode is not None:
                facts.insert(0, episode_words(episode))
            met_by = ""
            if met_on is not None:
                interval = resolved.version.timescales.assessment
                met_by = met_words("Assessment completed", met_on, resolved.due.on, interval)
            self.add(DueKind.ASSESSMENT, resolved, episode, facts, met_on, met_by)

    def initial_conference(self) -> None:
        cp = self.episodes[EpisodeKind.CHILD_PROTECTION]
        enquiry = reviews.initial_conference_discussion(
            self.meetings[MeetingKind.STRATEGY_DISCUSSION],
            conferences=self.meetings[MeetingKind.INITIAL_CONFERENCE],
            plans=[(e.start_on, e.end_on) for e in cp],
        )
        if not enquiry:
            return
        discussion, later = enquiry[0], enquiry[1:]
        met_on = _first_on_or_after(self.meetings[MeetingKind.INITIAL_CONFERENCE], discussion)
        episode = open_on(self.episodes[EpisodeKind.CHILD_IN_NEED] + cp, discussion)
        if episode is not None:
            if episode.end_on is not None and episode.end_on < self.today:
                return
        elif met_on is not None:
            return
        resolved = reviews.initial_conference(self.timeline, discussion_on=discussion, met_on=met_on)
        facts = [f"Strategy discussion that initiated the section 47 enquiry held on {_w(discussion)}"]
        if later:
            facts.append(
                f"Later strategy discussion{'s' if len(later) > 1 else ''} in the same enquiry: "
                + ", ".join(_w(d) for d in later)
            )
        if episode is not None:
            facts.insert(0, episode_words(episode))
        met_by = ""
        if met_on is not None:
            interval = resolved.version.timescales.initial_conference
            met_by = met_words("Initial conference held", met_on, resolved.due.on, interval)
        self.add(DueKind.INITIAL_CONFERENCE, resolved, episode, facts, met_on, met_by)

    # --- reminders ---------------------------------------------------------------------------------------------

    def reminder(self, reminder: reminders.Reminder) -> None:
        """An item due on a date another feature set, explained under the version in force today."""
        version = self.timeline.on(self.today)
        kind, due, fact = reminder
        self.items.append(
            DueItem(
                kind=kind,
                due_on=due.on,
                basis=due.basis,
                rule=due.rule,
                version_id=version.version_id,
                version_label=version.label,
                status=due_status(due.on, self.today, None),
                facts=(fact, f"Operating model: {version.label}, in force from {_w(version.effective_from)}"),
            )
        )

    # --- everything ------------------------------------------------------------------------------------------

    def compute(self) -> list[DueItem]:
        open_ = self.open
        cin = open_.get(EpisodeKind.CHILD_IN_NEED)
        cp = open_.get(EpisodeKind.CHILD_PROTECTION)
        lac = open_.get(EpisodeKind.LOOKED_AFTER)
        early_help = open_.get(EpisodeKind.EARLY_HELP)
        care_leaver = open_.get(EpisodeKind.CARE_LEAVER)
        private_fostering = open_.get(EpisodeKind.PRIVATE_FOSTERING)
        in_force = self.timeline.on(self.today)

        if cin is not None and cp is None and lac is None:
            self.visit_clock(DueKind.CIN_VISIT, "Child in need", cin, attrgetter("cin_visits"), "Local policy")
        if cp is not None:
            self.visit_clock(DueKind.CP_VISIT, "Child protection", cp, attrgetter("cp_visits"), "Local policy")
            self.child_protection(cp)
        if early_help is not None and cin is None and cp is None and lac is None and in_force.early_help_visits:
            self.visit_clock(
                DueKind.EARLY_HELP_VISIT, "Early Help", early_help, attrgetter("early_help_visits"), "Local policy"
            )
        if cp is None and lac is None and (cin is not None or early_help is not None):
            self.remote_contact(cin or early_help, "Child in need" if cin is not None else "Early Help")
        if care_leaver is not None:
            rating = self.facts.rag_reviews[0].rating.lower() if self.facts.rag_reviews else ""

            def care_leaver_rule(version: OperatingRules) -> VisitRule | None:
                # The personal adviser's contact follows the care leaver's RAG rating where the version says so.
                by_rating = dict(version.care_leaver_visits_by_rating)
                return by_rating.get(rating) or version.care_leaver_visits

            self.visit_clock(
                DueKind.CARE_LEAVER_CONTACT,
                f"Care leaver rated {rating}"
                if rating and rating in dict(in_force.care_leaver_visits_by_rating)
                else "Care leaver",
                care_leaver,
                care_leaver_rule,
                "Care Leavers Regs reg 8(2)",
            )
        if private_fostering is not None:
            self.private_fostering(private_fostering)
        if lac is not None:
            self.looked_after(lac)
        if self.facts.assessments:
            self.assessments()
        if self.meetings[MeetingKind.STRATEGY_DISCUSSION]:
            self.initial_conference()
        for decision in self.facts.decisions:
            self.reminder(reminders.decision_review(decision))
        if any(episode is not None for episode in open_.values()):
            # A closed case is not rated.
            for rag in self.facts.rag_reviews:
                self.reminder(reminders.rag_review(rag))
            for campaign in self.facts.campaigns:
                self.reminder(reminders.rating_campaign(campaign))
        if self.facts.deviations:
            self.decisions_on_the_clock()
        items = self.items
        items.sort(key=_order)
        return items

    def decisions_on_the_clock(self) -> None:
        """An outstanding item that an approved key decision in force covers names the decision (so lists can tell
        "overdue, covered by a decision" from "overdue, no decision"), and an overdue one says so in its basis. The
        date stays (DOMAIN.md section 6.3)."""
        for index, item in enumerate(self.items):
            if item.status is DueStatus.MET:
                continue
            deviation = reminders.covering_decision(item.kind, self.facts.deviations, self.today)
            if deviation is None:
                continue
            basis = item.basis
            if item.status is DueStatus.OVERDUE:
                basis = reminders.overdue_basis(basis, item.due_on, deviation)
            self.items[index] = replace(
                item, basis=basis, decision=reminders.decision_words(deviation), decision_id=deviation.id
            )


def _order(item: DueItem) -> tuple[date, str, int, str]:
    return (item.due_on, item.kind, item.episode_id if item.episode_id is not None else -1, item.basis)


def compute_due_items(facts: ChildFacts, versions: Sequence[OperatingRules] | Timeline, today: date) -> list[DueItem]:
    """Everything due for a child as of ``today``: the next visit on each running clock and each statutory
    timescale, with why (basis), the rule, the operating-model version used and the facts used. Ordered by due
    date, then kind. No versions, no items."""
    if not versions:
        return []
    return _Child(facts, timeline_of(versions), today).compute()
