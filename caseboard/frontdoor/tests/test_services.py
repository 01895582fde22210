from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caseboard.casework.models import Episode, EpisodeKind
from caseboard.decisions import services as decision_services
from caseboard.decisions.models import KeyDecision
from caseboard.devtools.scenarios import install_covid_version
from caseboard.frontdoor import services
from caseboard.frontdoor.models import Assessment, Contact, ContactDecision, Referral, Screening
from caseboard.frontdoor.selectors import contacts_visible_to, referrals_visible_to
from caseboard.people.models import Child

from .conftest import at, record_contact

TODAY = date(2026, 11, 24)  # Tue
NEW_CHILD = services.NewChild(first_name="Mia", last_name="Stone", sex="F", date_of_birth=date(2012, 5, 1))


def decide(contact, front_door, decision="referral", **extra):
    fields = {"reasons": "Threshold met for a social care response", "primary_need": "N1"} | extra
    return services.contact_decide(
        contact=contact, decided_by=front_door.practitioner, decision=decision, now=at(TODAY, 15), **fields
    )


# --- contacts ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_recording_a_contact_for_a_new_child_registers_and_allocates_the_child(council, front_door):
    contact = record_contact(front_door, new_children=[NEW_CHILD])
    child = contact.children.get()
    assert (child.first_name, child.local_id) == ("Mia", "FD000001")
    assert child.allocations.get().worker == front_door.practitioner  # on the practitioner's caseload
    assert contact.decision == ContactDecision.AWAITING
    assert contact.decision_due_on == date(2026, 11, 25)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        pytest.param(date(2020, 5, 7), date(2020, 5, 11), id="Thursday before VE Day: Monday"),
        pytest.param(date(2020, 4, 11), date(2020, 4, 14), id="Saturday before Easter Monday: Tuesday"),
        pytest.param(date(2020, 4, 10), date(2020, 4, 14), id="received on Good Friday: Tuesday"),
        pytest.param(date(2020, 12, 24), date(2020, 12, 29), id="Christmas Eve: Tuesday after"),
        pytest.param(date(2022, 9, 16), date(2022, 9, 20), id="Friday before the State Funeral"),
    ],
)
@pytest.mark.django_db
def test_the_decision_is_due_one_working_day_after_receipt(council, front_door, received, due):
    contact = record_contact(front_door, children=[council.own_child], received=received)
    assert contact.decision_due_on == due


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"referrer_name": " "}, "referrer_name", "Enter who made the contact"),
        ({"referrer_agency": "XX"}, "referrer_agency", "Select the referrer's agency"),
        ({"method": "pigeon"}, "method", "Select how the contact was made"),
        ({"concerns": ""}, "concerns", "Enter the concerns"),
        ({"children": []}, "children", "Find the child the contact is about, or add a new child"),
        (
            {"received": date(2026, 11, 25)},
            "received_at",
            "The date the contact was received must be today or in the past",
        ),
    ],
)
@pytest.mark.django_db
def test_bad_contacts_are_refused_with_a_specific_message_and_write_nothing(council, front_door, extra, field, message):
    extra = {"children": [council.own_child]} | extra
    with pytest.raises(ValidationError) as caught:
        record_contact(front_door, **extra)
    assert caught.value.message_dict[field] == [message]
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("child", "field", "message"),
    [
        (services.NewChild("", "Stone", "F", date(2012, 5, 1)), "new_first_name", "Enter the child's first name"),
        (services.NewChild("Mia", "", "F", date(2012, 5, 1)), "new_last_name", "Enter the child's last name"),
        (services.NewChild("Mia", "Stone", "", date(2012, 5, 1)), "new_sex", "Select the child's sex"),
        (services.NewChild("Mia", "Stone", "F"), "new_date_of_birth", "Enter the child's date of birth"),
        (
            services.NewChild("Mia", "Stone", "F", date(2027, 1, 1)),
            "new_date_of_birth",
            "The child's date of birth must be today or in the past",
        ),
    ],
)
@pytest.mark.django_db
def test_a_new_child_needs_a_name_sex_and_date_of_birth(council, front_door, child, field, message):
    before = Child.objects.count()
    with pytest.raises(ValidationError) as caught:
        record_contact(front_door, new_children=[child])
    assert caught.value.message_dict[field] == [message]
    assert Child.objects.count() == before


@pytest.mark.django_db
def test_only_front_door_staff_record_and_decide(council, front_door):
    with pytest.raises(PermissionDenied):
        record_contact(front_door, children=[council.own_child], by=council.worker)
    with pytest.raises(PermissionDenied):
        record_contact(front_door, children=[council.own_child], by=council.manager)  # not a front door team
    contact = record_contact(front_door, children=[council.own_child], by=front_door.manager)
    with pytest.raises(PermissionDenied):
        services.contact_decide(contact=contact, decided_by=council.head, decision="nfa", reasons="x")


@pytest.mark.django_db
def test_front_door_staff_may_link_any_child_but_not_a_restricted_one(council, front_door):
    contact = record_contact(front_door, children=[council.other_team_child])  # allocated elsewhere
    assert list(contact.children.all()) == [council.other_team_child]
    with pytest.raises(ValidationError) as caught:
        record_contact(front_door, children=[council.restricted_child])
    assert caught.value.message_dict["children"] == ["Select children whose records you can see"]


@pytest.mark.django_db
def test_who_sees_which_contacts(council, front_door):
    contact = record_contact(front_door, children=[council.own_child])
    other = record_contact(front_door, children=[council.other_team_child])
    for user in (front_door.practitioner, front_door.manager, council.head, council.performance):
        assert set(contacts_visible_to(user)) == {contact, other}, user
    assert list(contacts_visible_to(council.worker)) == [contact]  # through their own child
    assert not contacts_visible_to(council.other_worker).filter(pk=contact.pk).exists()
    assert not contacts_visible_to(council.nobody).exists()


# --- decisions ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_referral_opens_the_child_in_need_episode_and_a_screening(council, front_door):
    contact = record_contact(front_door, new_children=[NEW_CHILD])
    result = decide(contact, front_door)
    referral = result.referrals[0]
    assert (referral.received_on, referral.source, referral.primary_need) == (TODAY, "2A", "N1")
    assert referral.episode.kind == EpisodeKind.CHILD_IN_NEED and referral.episode.start_on == TODAY
    assert Screening.objects.filter(referral=referral, completed_at__isnull=True).exists()
    assert result.message == "The referral is recorded: complete the screening"
    assert not referral.is_re_referral


@pytest.mark.django_db
def test_a_referral_joins_a_child_in_need_episode_already_open(council, front_door):
    contact = record_contact(front_door, children=[council.own_child])
    referral = decide(contact, front_door).referrals[0]
    assert referral.episode is None
    assert council.own_child.episodes.filter(kind="cin").count() == 1


@pytest.mark.django_db
def test_a_strategy_discussion_records_a_referral_and_says_to_arrange_it(council, front_door):
    contact = record_contact(front_door, new_children=[NEW_CHILD])
    result = decide(contact, front_door, decision="strategy_discussion")
    assert result.referrals[0].needs_strategy_discussion
    assert result.message == "The referral is recorded: arrange the strategy discussion now"


@pytest.mark.parametrize(
    ("decision", "extra", "field", "message"),
    [
        ("", {}, "decision", "Select the decision"),
        ("nfa", {"reasons": " "}, "reasons", "Enter the reasons for the decision"),
        ("referral", {"primary_need": ""}, "primary_need", "Select the primary need"),
    ],
)
@pytest.mark.django_db
def test_bad_decisions_are_refused(council, front_door, decision, extra, field, message):
    contact = record_contact(front_door, children=[council.own_child])
    with pytest.raises(ValidationError) as caught:
        decide(contact, front_door, decision=decision, **extra)
    assert caught.value.message_dict[field] == [message]
    contact.refresh_from_db()
    assert contact.decision == "" and not Referral.objects.exists()


@pytest.mark.django_db
def test_a_contact_is_decided_once(council, front_door):
    contact = record_contact(front_door, children=[council.own_child])
    decide(contact, front_door, decision="advice")
    with pytest.raises(ValidationError, match="A decision was already recorded on this contact: Advice"):
        decide(contact, front_door, decision="nfa")


@pytest.mark.django_db
def test_early_help_when_not_paused_needs_no_risk_check(council, front_door):
    contact = record_contact(front_door, children=[council.own_child])
    result = decide(contact, front_door, decision="early_help")
    assert (result.contact.decision, result.contact.early_help_paused) == ("early_help", False)


@pytest.mark.django_db
def test_early_help_during_a_pause_needs_the_risk_check_and_the_advice_to_re_refer(council, front_door):
    install_covid_version()
    contact = record_contact(front_door, children=[council.own_child])
    with pytest.raises(ValidationError) as caught:
        decide(contact, front_door, decision="early_help")
    assert caught.value.message_dict == {
        "needs_urgent_social_work": [
            "Early Help referrals are paused: answer whether this request needs an urgent social work response"
        ],
        "risk_check_notes": ["Enter the notes of the risk check"],
    }
    with pytest.raises(ValidationError) as caught:
        decide(contact, front_door, decision="early_help", needs_urgent_social_work=False, risk_check_notes="No risk")
    assert caught.value.message_dict["referrer_advised_to_rerefer"] == [
        "Confirm that you advised the referrer to re-refer when the pause ends"
    ]
    result = decide(
        contact,
        front_door,
        decision="early_help",
        needs_urgent_social_work=False,
        risk_check_notes="School sees the child daily; no immediate risk.",
        referrer_advised_to_rerefer=True,
    )
    saved = result.contact
    assert (saved.decision, saved.early_help_paused, saved.referrer_advised_to_rerefer) == ("early_help", True, True)
    assert "three weeks" in saved.early_help_pause_reason
    assert not result.referrals
    assert "re-refer" in result.message


@pytest.mark.django_db
def test_early_help_during_a_pause_that_needs_social_work_goes_to_screening(council, front_door):
    install_covid_version()
    contact = record_contact(front_door, new_children=[NEW_CHILD])
    with pytest.raises(ValidationError) as caught:
        decide(
            contact,
            front_door,
            decision="early_help",
            primary_need="",
            needs_urgent_social_work=True,
            risk_check_notes="x",
        )
    assert caught.value.message_dict["primary_need"][0].startswith("This request needs an urgent social work response")
    result = decide(
        contact, front_door, decision="early_help", needs_urgent_social_work=True, risk_check_notes="Bruising seen"
    )
    assert (result.contact.decision, result.contact.routed_to_screening) == ("referral", True)
    assert len(result.referrals) == 1
    assert "not taken as Early Help" in result.message


# --- referrals ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "expected"),
    [
        pytest.param(date(2025, 11, 24), True, id="exactly 12 months before"),
        pytest.param(date(2025, 11, 23), False, id="a day more than 12 months"),
        pytest.param(date(2026, 6, 1), True, id="within the year"),
    ],
)
@pytest.mark.django_db
def test_re_referral_within_12_months(council, front_door, earlier, expected):
    child = council.closed_child
    Episode.objects.filter(child=child).delete()
    first = services.referral_create(
        child=child,
        recorded_by=front_door.practitioner,
        received_on=earlier,
        source="6",
        primary_need="N1",
        today=TODAY,
    )
    first.episode.end_on, first.episode.reason_for_closure = earlier, "RC8"
    first.episode.save()
    second = services.referral_create(
        child=child, recorded_by=front_door.practitioner, received_on=TODAY, source="6", primary_need="N1", today=TODAY
    )
    assert second.is_re_referral is expected


@pytest.mark.django_db
def test_referral_validation_and_who_sees_it(council, front_door):
    with pytest.raises(ValidationError) as caught:
        services.referral_create(
            child=council.own_child,
            recorded_by=front_door.practitioner,
            received_on=date(2026, 11, 25),
            source="",
            primary_need="",
            today=TODAY,
        )
    assert caught.value.message_dict == {
        "received_on": ["The referral date must be today or in the past"],
        "source": ["Select the referral source"],
        "primary_need": ["Select the primary need"],
    }
    referral = services.referral_create(
        child=council.own_child,
        recorded_by=front_door.practitioner,
        received_on=TODAY,
        source="2A",
        primary_need="N1",
        today=TODAY,
    )
    assert referral in referrals_visible_to(council.worker)
    assert referral not in referrals_visible_to(council.other_worker)
    assert referral in referrals_visible_to(front_door.practitioner)


# --- screening ---------------------------------------------------------------------------------------------------


def _referral(council, front_door, child=None):
    contact = record_contact(
        front_door, new_children=[NEW_CHILD] if child is None else [], children=[child] if child else []
    )
    return decide(contact, front_door).referrals[0]


@pytest.mark.django_db
def test_screening_lists_what_is_outstanding_and_completes_with_an_approved_remote_visit(council, front_door):
    referral = _referral(council, front_door)
    screening = referral.screening
    assert services.screening_outstanding(screening) == [
        "Record whether the agency checks are done",
        "Record whether the referrer was spoken to",
        "Record whether the parents or carers were spoken to, or why not",
        "Record whether the child was spoken to, or why not",  # 14 on the referral date
        "Record the manager's decision on whether an initial visit is needed",
        "Record the date the outcome was sent to the referrer",
        "Record the date the outcome was sent to the family",
    ]
    screening = services.screening_update(
        screening=screening,
        updated_by=front_door.practitioner,
        today=TODAY,
        agency_checks_done=True,
        referrer_spoken_to=True,
        parents_spoken_to=False,
        parents_not_spoken_reason="Speaking to the father would put the child at risk",
        child_spoken_to=True,
        initial_visit_needed=True,
        initial_visit_remote=True,
        manager=front_door.manager,
        manager_risk_assessment="Safe to see the child by video at school; the household is isolating.",
        outcome_sent_to_referrer_on=TODAY,
        outcome_sent_to_family_on=TODAY,
    )
    decision = screening.initial_visit_decision
    assert (decision.kind, decision.status, decision.starts_on) == ("initial_visit_remote", "proposed", TODAY)
    assert services.screening_outstanding(screening) == [
        f"{front_door.manager} has to confirm the manager's decision: it is waiting in their queue",
        "The key decision for a remote initial visit is awaiting a manager's approval",
    ]
    assert not screening.is_complete
    decision_services.decision_approve(decision=decision, approved_by=front_door.manager, today=TODAY)
    screening = services.screening_update(screening=screening, updated_by=front_door.practitioner, today=TODAY)
    assert not screening.is_complete  # the decision recorded in the manager's name waits for them
    screening = services.screening_decision_confirm(screening=screening, confirmed_by=front_door.manager)
    assert screening.is_complete and screening.initial_visit_decision == decision  # not proposed twice
    assert KeyDecision.objects.filter(kind="initial_visit_remote").count() == 1
    decision.refresh_from_db()
    assert decision.next_review_on == date(2026, 12, 15)  # 3 weeks (the operating model's review period)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"parents_spoken_to": False},
            "parents_not_spoken_reason",
            "Enter why the parents or carers were not spoken to, for example it would put the child at risk",
        ),
        ({"child_spoken_to": False}, "child_not_spoken_reason", "Enter why the child was not spoken to"),
        (
            {"initial_visit_remote": True},
            "initial_visit_remote",
            "A remote initial visit needs the answer 'yes' to 'Is an initial visit needed?'",
        ),
        (
            {"initial_visit_needed": True, "manager_risk_assessment": "x"},
            "manager",
            "Select the manager who made the decision",
        ),
        ({"initial_visit_needed": False, "manager": "worker"}, "manager", "Select a team manager or head of service"),
        (
            {"outcome_sent_to_referrer_on": date(2026, 11, 20)},
            "outcome_sent_to_referrer_on",
            "The date the outcome was sent to the referrer must be on or after the referral date, 24 November 2026",
        ),
        (
            {"outcome_sent_to_family_on": date(2026, 11, 25)},
            "outcome_sent_to_family_on",
            "The date the outcome was sent to the family must be today or in the past",
        ),
    ],
)
@pytest.mark.django_db
def test_screening_messages(council, front_door, fields, field, message):
    referral = _referral(council, front_door)
    if fields.get("manager") == "worker":
        fields["manager"] = council.worker
        fields["manager_risk_assessment"] = "x"
    with pytest.raises(ValidationError) as caught:
        services.screening_update(
            screening=referral.screening, updated_by=front_door.practitioner, today=TODAY, **fields
        )
    assert caught.value.message_dict[field] == [message]
    assert Screening.objects.get(pk=referral.screening.pk).version == 1


@pytest.mark.django_db
def test_a_young_child_is_not_asked_to_be_spoken_to(council, front_door):
    contact = record_contact(front_door, new_children=[services.NewChild("Leo", "Stone", "M", date(2021, 1, 1))])
    referral = decide(contact, front_door).referrals[0]
    assert not services.speaks_to_child(referral.screening)
    assert not any("child was spoken" in item for item in services.screening_outstanding(referral.screening))


@pytest.mark.django_db
def test_the_age_for_speaking_to_a_child_is_the_operating_models(council, front_door):
    from caseboard.policy.models import OperatingModelVersion

    version = OperatingModelVersion.objects.get(operating_model__is_council_model=True)
    version.speak_to_child_from_age_years = 3
    version.save()
    contact = record_contact(front_door, new_children=[services.NewChild("Leo", "Stone", "M", date(2021, 1, 1))])
    assert services.speaks_to_child(decide(contact, front_door).referrals[0].screening)


# --- assessments -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_assessment_dates_are_checked(council, front_door):
    contact = record_contact(front_door, new_children=[NEW_CHILD], received=date(2026, 10, 1))
    referral = decide(contact, front_door).referrals[0]
    start = services.assessment_start
    with pytest.raises(ValidationError) as caught:
        start(referral=referral, started_by=front_door.practitioner, started_on=date(2026, 9, 30), today=TODAY)
    assert caught.value.message_dict["started_on"] == [
        "The start date must be on or after the referral date, 1 October 2026"
    ]
    with pytest.raises(ValidationError) as caught:
        start(referral=referral, started_by=front_door.practitioner, started_on=date(2026, 11, 25), today=TODAY)
    assert caught.value.message_dict["started_on"] == ["The start date must be today or in the past"]
    assessment = start(referral=referral, started_by=front_door.practitioner, started_on=date(2026, 10, 2), today=TODAY)
    with pytest.raises(ValidationError, match="already has an assessment in progress"):
        start(referral=referral, started_by=front_door.practitioner, started_on=date(2026, 10, 2), today=TODAY)
    done_on = date(2026, 11, 20)

    def update(**fields):
        with pytest.raises(ValidationError) as caught:
            services.assessment_update(assessment=assessment, updated_by=front_door.practitioner, today=TODAY, **fields)
        return caught.value.message_dict

    assert update(completed_on=date(2026, 11, 25), factors=["3B"], outcome="nfa")["completed_on"] == [
        "The date completed must be today or in the past"
    ]
    assert update(started_on=date(2026, 10, 5), completed_on=date(2026, 10, 2), factors=["3B"], outcome="nfa")[
        "completed_on"
    ] == ["The date completed must be the same as or after the start date"]
    assert update(completed_on=done_on, factors=[], outcome="nfa")["factors"] == [
        "Select the factors identified at the end of the assessment, or '21: No factors identified'"
    ]
    assert update(completed_on=done_on, factors=["21", "3B"], outcome="nfa")["factors"] == [
        "'21: No factors identified' cannot be selected with other factors"
    ]
    assert update(completed_on=done_on, factors=["99Z"], outcome="nfa")["factors"] == ["Select factors from the list"]
    assert update(completed_on=done_on, factors=["3B"])["outcome"] == ["Select the outcome of the assessment"]
    assert update(outcome="nfa")["completed_on"] == ["Enter the date completed to record the outcome"]
    assert update(authorised_on=done_on)["authorised_on"] == ["Enter the date completed before the date authorised"]
    assert update(completed_on=done_on, authorised_on=date(2026, 11, 19), factors=["3B"], outcome="nfa")[
        "authorised_on"
    ] == ["The date authorised must be the same as or after the date completed"]
    assert Assessment.objects.get(pk=assessment.pk).version == 1  # nothing changed
    done = services.assessment_update(
        assessment=assessment,
        updated_by=front_door.practitioner,
        today=TODAY,
        completed_on=done_on,
        authorised_on=TODAY,
        factors=["3B", "4B"],
        outcome="nfa",
    )
    assert done.completed_on == done_on
    episode = referral.episode
    episode.refresh_from_db()
    assert (episode.end_on, episode.reason_for_closure) == (done_on, "RC8")  # no further action after assessment


@pytest.mark.django_db
def test_a_late_assessment_needs_the_reason(council, front_door):
    referral = _referral(council, front_door)
    referral.received_on = date(2026, 8, 3)
    referral.save()
    assessment = services.assessment_start(
        referral=referral, started_by=front_door.practitioner, started_on=date(2026, 8, 4), today=TODAY
    )
    with pytest.raises(ValidationError) as caught:
        services.assessment_update(
            assessment=assessment,
            updated_by=front_door.practitioner,
            today=TODAY,
            completed_on=date(2026, 10, 7),
            factors=["21"],
            outcome="cin_plan",
        )
    # Mon 3 Aug + 45 working days (31 Aug bank holiday) = Tue 6 Oct 2026
    assert caught.value.message_dict["reason_late"] == [
        "The assessment was due by 6 October 2026: enter why it took longer than 45 working days"
    ]


@pytest.mark.django_db
def test_an_assessment_is_paused_only_by_an_approved_decision_covering_the_child(council, front_door):
    referral = _referral(council, front_door)
    assessment = services.assessment_start(
        referral=referral, started_by=front_door.practitioner, started_on=TODAY, today=TODAY
    )
    later = date(2026, 12, 1)

    def pause(decision):
        with pytest.raises(ValidationError) as caught:
            services.assessment_pause(
                assessment=assessment,
                recorded_by=front_door.practitioner,
                decision=decision,
                starts_on=later,
                today=later,
            )
        return caught.value.message_dict["decision"][0]

    assert pause(None).startswith("Pausing an assessment needs an approved key decision")
    proposed = decision_services.decision_propose(
        children=[referral.child],
        proposed_by=front_door.practitioner,
        kind="parenting_assessment_paused",
        rationale="The family is self-isolating",
        starts_on=later,
        today=later,
    )
    assert pause(proposed) == "The key decision is awaiting approval: the assessment can be paused once it is approved"
    other = decision_services.decision_propose(
        children=[council.own_child],
        proposed_by=council.worker,
        kind="parenting_assessment_paused",
        rationale="x",
        starts_on=later,
        today=later,
    )
    assert pause(other) == "The key decision does not cover this child"
    virtual = decision_services.decision_propose(
        children=[referral.child],
        proposed_by=front_door.practitioner,
        kind="visit_virtual",
        rationale="x",
        starts_on=later,
        today=later,
    )
    assert pause(virtual) == "Select a key decision to pause the assessment ('Parenting assessment paused')"
    assert not assessment.pauses.exists()
    proposed = decision_services.decision_approve(decision=proposed, approved_by=front_door.head, today=later)
    made = services.assessment_pause(
        assessment=assessment, recorded_by=front_door.practitioner, decision=proposed, starts_on=later, today=later
    )
    assert made.ends_on is None
    with pytest.raises(ValidationError, match="already paused from 1 December 2026"):
        services.assessment_pause(
            assessment=assessment, recorded_by=front_door.practitioner, decision=proposed, starts_on=later, today=later
        )
    services.assessment_pause_end(
        pause=made, ended_by=front_door.practitioner, ends_on=date(2026, 12, 4), today=date(2026, 12, 7)
    )
    from caseboard.frontdoor.selectors import assessment_clock

    clock = assessment_clock(Assessment.objects.get(pk=assessment.pk), date(2026, 12, 7))
    assert clock.paused_days == 4  # Tue 1 to Fri 4 December
    assert clock.pause_words == ("Paused 1 to 4 December 2026 by key decision: due date moves by 4 working days",)


@pytest.mark.django_db
def test_assessment_facts_feed_the_statutory_clock(council, front_door, django_capture_on_commit_callbacks):
    from caseboard.compliance.models import DueItem

    referral = _referral(council, front_door)
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_start(referral=referral, started_by=front_door.practitioner, started_on=TODAY, today=TODAY)
    item = DueItem.objects.get(child=referral.child, kind="assessment")
    assert item.due_on == date(2027, 1, 29)  # 45 working days from Tue 24 Nov 2026 (Christmas, Boxing Day, New Year)


@pytest.mark.django_db
def test_the_assessment_clock_runs_from_the_referral_before_an_assessment_starts(council, front_door):
    from caseboard.compliance.models import DueItem
    from caseboard.compliance.services import due_items_recompute

    referral = _referral(council, front_door)
    due_items_recompute(child_ids=[referral.child_id], today=TODAY)
    item = DueItem.objects.get(child=referral.child, kind="assessment")
    assert item.due_on == date(2027, 1, 29) and item.status != "met"
    services.assessment_start(referral=referral, started_by=front_door.practitioner, started_on=TODAY, today=TODAY)
    due_items_recompute(child_ids=[referral.child_id], today=TODAY)
    assert DueItem.objects.filter(child=referral.child, kind="assessment").count() == 1


@pytest.mark.django_db
def test_the_manager_confirms_the_decision_recorded_in_their_name(
    council, front_door, django_capture_on_commit_callbacks
):
    from caseboard.accounts.models import Notification
    from caseboard.frontdoor.selectors import screenings_to_confirm

    referral = _referral(council, front_door)
    decision = {
        "initial_visit_needed": True,
        "initial_visit_remote": False,
        "manager": front_door.manager,
        "manager_risk_assessment": "Visit in person within 5 working days.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        screening = services.screening_update(
            screening=referral.screening, updated_by=front_door.practitioner, today=TODAY, **decision
        )
    assert screening.awaits_manager and screening.manager_confirmed_at is None
    assert list(screenings_to_confirm(user=front_door.manager)) == [screening]
    told = Notification.objects.get(recipient=front_door.manager)
    assert "waiting for you to confirm" in told.message and str(referral.pk) in told.link
    with pytest.raises(PermissionDenied):
        services.screening_decision_confirm(screening=screening, confirmed_by=front_door.practitioner)
    with pytest.raises(ValidationError):
        services.screening_decision_confirm(
            screening=screening, confirmed_by=front_door.manager, expected_version=screening.version - 1
        )
    confirmed = services.screening_decision_confirm(screening=screening, confirmed_by=front_door.manager)
    assert confirmed.manager_confirmed_by == front_door.manager and not confirmed.awaits_manager
    assert list(screenings_to_confirm(user=front_door.manager)) == []
    # Changing the decision afterwards asks for it again; saving other items does not.
    again = services.screening_update(
        screening=confirmed, updated_by=front_door.practitioner, today=TODAY, agency_checks_done=True
    )
    assert again.manager_confirmed_at is not None
    changed = services.screening_update(
        screening=again, updated_by=front_door.practitioner, today=TODAY, manager_risk_assessment="Visit tomorrow."
    )
    assert changed.awaits_manager
    # A decision the manager saves themselves stands at once.
    own = services.screening_update(
        screening=changed, updated_by=front_door.manager, today=TODAY, manager_risk_assessment="Visit today."
    )
    assert own.manager_confirmed_by == front_door.manager and not own.awaits_manager
