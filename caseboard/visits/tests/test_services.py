from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from caseboard.compliance.models import DueItem
from caseboard.compliance.services import due_items_recompute
from caseboard.decisions import services as decisions
from caseboard.people.models import FamilyMember
from caseboard.policy import services as policy
from caseboard.policy.models import OperatingModel
from caseboard.policy.presets import COVID
from caseboard.visits import services
from caseboard.visits.models import CHECK_QUESTIONS, ChildSeen, PreVisitCheck, Visit
from caseboard.visits.selectors import counting_for

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 16)


def seen(child, **extra):
    return services.ChildSeenInput(child=child, was_seen=True, **extra)


def record(council, children=None, mode="in_person_home", on=MONDAY, **extra):
    return services.visit_record(
        children_seen=children or [seen(council.own_child)],
        worker=council.worker,
        recorded_by=council.worker,
        visited_on=on,
        mode=mode,
        purpose="statutory_cin",
        today=date(2026, 11, 24),
        **extra,
    )


def check(council, children, outcome="go_ahead", on=MONDAY, **answers):
    defaults = {
        "anyone_symptomatic": False,
        "anyone_isolating": False,
        "anyone_tested_positive": False,
        "anyone_clinically_vulnerable": False,
        "can_meet_outdoors": True,
    }
    return services.pre_visit_check_record(
        children=children,
        recorded_by=council.worker,
        asked_who="Mother",
        asked_how="phone",
        outcome=outcome,
        checked_at=datetime.combine(on, datetime.min.time(), LONDON),
        **(defaults | answers),
    )


def cin_visit_due(child, today=date(2026, 11, 24)):
    due_items_recompute(child_ids=[child.pk], today=today)
    return DueItem.objects.get(child=child, kind="cin_visit").due_on


@pytest.mark.django_db
def test_an_in_person_visit_moves_the_next_visit_due(council):
    before = cin_visit_due(council.own_child)
    record(council)
    after = cin_visit_due(council.own_child)
    assert before != after == date(2026, 12, 14)  # 20 working days after Monday 16 November 2026


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"on": date(2026, 11, 25)}, "visited_on"),
        ({"children": "alone-not-seen"}, "children_seen"),
        ({"purpose": "statutory_lac"}, "purpose"),
    ],
)
@pytest.mark.django_db
def test_bad_visits_are_refused_and_nothing_is_written(council, changes, field):
    kwargs = {}
    if changes.get("children") == "alone-not-seen":
        kwargs["children_seen"] = [services.ChildSeenInput(child=council.own_child, was_seen=False, seen_alone=True)]
    with pytest.raises(ValidationError) as error:
        services.visit_record(
            children_seen=kwargs.get("children_seen", [seen(council.own_child)]),
            worker=council.worker,
            recorded_by=council.worker,
            visited_on=changes.get("on", MONDAY),
            mode="in_person_home",
            purpose=changes.get("purpose", "statutory_cin"),
            today=date(2026, 11, 24),
        )
    assert field in error.value.message_dict
    assert not Visit.objects.exists() and not ChildSeen.objects.exists()


@pytest.mark.django_db
def test_a_child_not_in_the_household_is_refused_and_siblings_are_accepted(council):
    with pytest.raises(ValidationError, match="not in Ava Brown's household"):
        record(council, children=[seen(council.own_child), seen(council.team_child)])
    FamilyMember.objects.create(
        child=council.own_child, name="Ben Clarke", relationship="sibling", sibling=council.team_child
    )
    visit = record(council, children=[seen(council.own_child), seen(council.team_child)])
    assert visit.children_seen.count() == 2
    assert cin_visit_due(council.own_child) == cin_visit_due(council.team_child) == date(2026, 12, 14)


def rate(council, child, colour, on):
    from caseboard.prioritisation.services import rag_rating_record

    rationale = "" if colour == "green" else "Worried about the household"
    return rag_rating_record(
        child=child, rated_by=council.worker, rating=colour, factor_codes=[], rationale=rationale, today=on
    )


def switch_to_covid(council, on):
    covid = OperatingModel.objects.get(name=COVID).versions.get()
    draft = policy.version_draft(copy_from=covid, drafted_by=council.head, effective_from=on, today=on)
    return policy.version_approve(version=draft, approved_by=council.admin, today=on)


@pytest.mark.django_db
def test_counting_under_the_baseline_and_the_covid_preset_switched_mid_week(council):
    """Baseline: only in-person visits count. COVID-19 from Wednesday: a virtual visit counts only while an approved
    'virtual visit' decision covers it; an in-person visit needs a pre-visit check."""
    monday_video = record(council, mode="video")
    assert [c.counts for c in counting_for(monday_video)] == [False]
    assert "Only in-person visits count" in counting_for(monday_video)[0].reason
    wednesday = MONDAY + timedelta(days=2)
    switch_to_covid(council, wednesday)
    # Under the COVID-19 preset a green child's virtual visit counts with a decision (a child not rated is as red).
    rate(council, council.own_child, "green", wednesday)
    video = record(council, mode="video", on=wednesday)
    assert [c.counts for c in counting_for(video)] == [False]
    assert "No approved key decision" in counting_for(video)[0].reason
    decision = decisions.decision_propose(
        children=[council.own_child],
        proposed_by=council.worker,
        kind="visit_virtual",
        rationale="Isolating",
        starts_on=wednesday,
        ends_on=wednesday + timedelta(days=1),
        today=wednesday,
    )
    decisions.decision_approve(decision=decision, approved_by=council.manager, today=wednesday)
    assert [c.counts for c in counting_for(video)] == [True]
    # After the decision expires, a virtual visit does not count.
    friday = wednesday + timedelta(days=2)
    decisions.decisions_expire(today=friday)
    later = record(council, mode="video", on=friday)
    assert [c.counts for c in counting_for(later)] == [False]
    # Under the COVID-19 preset an in-person visit needs a pre-visit check, and never one that said not to visit.
    with pytest.raises(ValidationError, match="requires a pre-visit check"):
        record(council, on=friday)
    stop = check(council, [council.own_child], outcome="do_not_visit", on=friday, anyone_isolating=True)
    with pytest.raises(ValidationError, match="said not to visit in person"):
        record(council, on=friday, pre_visit_check=stop)
    ppe = check(
        council,
        [council.own_child],
        outcome="go_ahead_with_ppe",
        on=friday,
        anyone_symptomatic=True,
        ppe_needed=["mask", "gloves"],
    )
    with pytest.raises(ValidationError, match="record the PPE used"):
        record(council, on=friday, pre_visit_check=ppe)
    visit = record(council, on=friday, pre_visit_check=ppe, ppe_used=["mask", "gloves"])
    assert [c.counts for c in counting_for(visit)] == [True]
    # The clock follows: the virtual visit covered by the decision counted on Wednesday, the in-person on Friday.
    assert cin_visit_due(council.own_child, today=friday) == date(2026, 12, 18)


@pytest.mark.django_db
def test_the_check_refuses_go_ahead_when_someone_has_symptoms(council):
    with pytest.raises(ValidationError) as error:
        check(council, [council.own_child], outcome="go_ahead", anyone_symptomatic=True)
    assert "outcome" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        check(council, [council.own_child], outcome="go_ahead_with_ppe")
    assert "ppe_needed" in error.value.message_dict


@pytest.mark.django_db
def test_case_notes_and_stale_visit_edits(council):
    with pytest.raises(ValidationError):
        services.case_note_record(
            child=council.own_child,
            recorded_by=council.worker,
            kind="school",
            occurred_on=date(2026, 11, 20),
            text=" ",
            today=date(2026, 11, 24),
        )
    note = services.case_note_record(
        child=council.own_child,
        recorded_by=council.worker,
        kind="school",
        occurred_on=date(2026, 11, 20),
        text="School says attending daily",
        today=date(2026, 11, 24),
    )
    assert note.pk
    visit = record(council)
    services.visit_update_notes(visit=visit, updated_by=council.worker, expected_version=1, notes="Added")
    with pytest.raises(ValidationError, match="Someone else changed this visit"):
        services.visit_update_notes(visit=visit, updated_by=council.colleague, expected_version=1, notes="Mine")


def _questions_in_force(**changes):
    """Change the pre-visit questions of the council's version in force on MONDAY (as a draft's edit would)."""
    from caseboard.policy.models import PreVisitQuestion
    from caseboard.policy.selectors import version_in_force

    version = version_in_force(MONDAY)
    for text in changes.get("add", ()):
        PreVisitQuestion.objects.create(version=version, key=text[:20].lower().replace(" ", "_"), text=text, position=9)
    for key in changes.get("remove", ()):
        version.pre_visit_questions.filter(key=key).delete()
    for key, text in changes.get("reword", {}).items():
        question = version.pre_visit_questions.get(key=key)
        question.text = text
        question.save()
    for key, stops in changes.get("stops", {}).items():
        question = version.pre_visit_questions.get(key=key)
        question.yes_stops_go_ahead = stops
        question.save()
    return version


@pytest.mark.django_db
def test_the_operating_model_adds_its_own_pre_visit_questions(council):
    _questions_in_force(add=["Is there a dog in the house?", "Has anyone travelled abroad?"])
    with pytest.raises(ValidationError) as error:
        check(council, [council.own_child])
    assert "Is there a dog in the house?" in error.value.message_dict["is_there_a_dog_in_th"][0]
    done = check(
        council,
        [council.own_child],
        other_answers={"Is there a dog in the house?": True, "Has anyone travelled abroad?": False},
    )
    assert done.other_answers[0] == {"question": "Is there a dog in the house?", "answer": True}
    assert done.answers[-1] == {
        "key": "has_anyone_travelled",
        "question": "Has anyone travelled abroad?",
        "answer": False,
    }
    assert "Has anyone travelled abroad? No." in done.risk_summary


@pytest.mark.django_db
def test_the_standard_questions_by_default_and_each_check_keeps_the_wording_it_asked(council):
    done = check(council, [council.own_child])
    assert [item["question"] for item in done.answers] == list(CHECK_QUESTIONS.values())
    assert done.anyone_symptomatic is False and done.can_meet_outdoors is True
    _questions_in_force(reword={"anyone_symptomatic": "Does anyone have a cough or a fever?"})
    assert "Does anyone in the household have symptoms? No." in PreVisitCheck.objects.get(pk=done.pk).risk_summary
    later = check(council, [council.own_child])
    assert "Does anyone have a cough or a fever? No." in later.risk_summary


@pytest.mark.django_db
def test_a_removed_question_is_not_asked_and_a_check_from_before_the_change_still_reads(council):
    old = PreVisitCheck.objects.create(
        checked_at=datetime.combine(MONDAY, datetime.min.time(), LONDON),
        asked_who="Mother",
        asked_how="phone",
        anyone_symptomatic=False,
        anyone_isolating=False,
        anyone_tested_positive=False,
        anyone_clinically_vulnerable=True,
        can_meet_outdoors=False,
        other_answers=[{"question": "Is there a dog in the house?", "answer": True}],
        outcome="go_ahead",
        recorded_by=council.worker,
    )
    assert "Is anyone in the household clinically vulnerable or shielding? Yes." in old.risk_summary
    assert "Is there a dog in the house? Yes." in old.risk_summary
    _questions_in_force(remove=["can_meet_outdoors"])
    done = services.pre_visit_check_record(
        children=[council.own_child],
        recorded_by=council.worker,
        asked_who="Mother",
        asked_how="phone",
        outcome="go_ahead",
        checked_at=datetime.combine(MONDAY, datetime.min.time(), LONDON),
        answers={key: False for key in CHECK_QUESTIONS if key != "can_meet_outdoors"},
    )
    assert done.can_meet_outdoors is None
    assert "outdoors" not in done.risk_summary


@pytest.mark.django_db
def test_which_yes_answers_stop_a_plain_go_ahead_is_the_operating_models(council):
    with pytest.raises(ValidationError, match="symptoms"):
        check(council, [council.own_child], anyone_symptomatic=True)
    assert check(council, [council.own_child], anyone_clinically_vulnerable=True).outcome == "go_ahead"
    _questions_in_force(stops={"anyone_symptomatic": False, "anyone_clinically_vulnerable": True})
    assert check(council, [council.own_child], anyone_symptomatic=True).outcome == "go_ahead"
    with pytest.raises(ValidationError, match="clinically vulnerable"):
        check(council, [council.own_child], anyone_clinically_vulnerable=True)


@pytest.mark.django_db
def test_under_the_covid_preset_a_red_childs_video_visit_does_not_count_and_a_green_childs_does(council):
    """Seed 004: red and amber children are seen in person; green children's virtual visits count with an approved
    decision. The rating in force on the visit's date decides, and the due item names it."""
    switch_to_covid(council, date(2026, 1, 5))  # in force from the children's episodes' start
    red, green = council.own_child, council.team_child
    rate(council, red, "red", MONDAY)
    rate(council, green, "green", MONDAY)
    decision = decisions.decision_propose(
        children=[red, green],
        proposed_by=council.worker,
        kind="visit_virtual",
        rationale="Household isolating",
        starts_on=MONDAY,
        ends_on=MONDAY + timedelta(days=7),
        today=MONDAY,
    )
    decisions.decision_approve(decision=decision, approved_by=council.manager, today=MONDAY)
    tuesday = MONDAY + timedelta(days=1)
    counted = {
        row.child.pk: row
        for child in (red, green)
        for row in counting_for(record(council, children=[seen(child)], mode="video", on=tuesday))
    }
    assert not counted[red.pk].counts
    assert counted[red.pk].reason == (
        "Does not count: red children are seen in person under Council operating model, version 2"
    )
    assert counted[green.pk].counts and "approved key decision" in counted[green.pk].reason
    due_items_recompute(child_ids=[red.pk, green.pk], today=tuesday)
    red_item = DueItem.objects.get(child=red, kind="cin_visit")
    green_item = DueItem.objects.get(child=green, kind="cin_visit")
    assert red_item.due_on < green_item.due_on
    # The red child's first interval began before any rating (treated as red): in person only.
    assert "Not rated (treated as red): visits at the usual frequency, in person only" in red_item.basis
    assert f"Green since {MONDAY:%-d %B %Y}" in green_item.basis


@pytest.mark.django_db
def test_how_long_a_pre_visit_check_stays_valid_is_the_operating_models(council):
    from caseboard.policy.models import OperatingModelVersion

    done = check(council, [council.own_child], on=MONDAY)
    with pytest.raises(ValidationError, match="on the day of the visit or the day before"):
        record(council, on=MONDAY + timedelta(days=2), pre_visit_check=done)
    version = OperatingModelVersion.objects.get(operating_model__is_council_model=True)
    version.pre_visit_check_valid_days = 3
    version.save()
    assert record(council, on=MONDAY + timedelta(days=2), pre_visit_check=done).pk
    with pytest.raises(ValidationError, match="no more than 2 days before the visit"):
        record(council, on=MONDAY + timedelta(days=3), pre_visit_check=done)
