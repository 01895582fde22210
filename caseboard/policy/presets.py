"""The operating models that ship with Caseboard, as plain data (DOMAIN.md sections 3, 4, 6.4 and 10).

"Statutory baseline (England)" is the regulations and Working Together, with common local defaults where the law
sets no frequency (child protection 10 working days, children in need 20 working days). "COVID-19 response
(spring 2020)" is modelled on Staffordshire's arrangements (seed 002), Rotherham's briefing (seed 004) and
SI 2020/445: virtual visits count only with an approved key decision, a pre-visit check before every home visit,
Early Help referrals paused, deviations reviewed after three weeks.
"""

from __future__ import annotations

from typing import Any

BASELINE = "Statutory baseline (England)"
COVID = "COVID-19 response (spring 2020)"

TEAM_MANAGER = "team_manager"
HEAD_OF_SERVICE = "head_of_service"

_FREQUENCIES_BASELINE: list[dict[str, Any]] = [
    {
        "kind": "cin",
        "is_required": True,
        "first_within": 20,
        "first_within_unit": "working_days",
        "interval": 20,
        "interval_unit": "working_days",
        "is_statutory": False,
        "source": "Local policy: CIN plan visits (20 working days)",
    },
    {
        "kind": "cp",
        "is_required": True,
        "first_within": 10,
        "first_within_unit": "working_days",
        "interval": 10,
        "interval_unit": "working_days",
        "is_statutory": False,
        "source": "Local policy: child protection visits (10 working days); Working Together sets no frequency",
    },
    {
        "kind": "early_help",
        "is_required": True,
        "first_within": 20,
        "first_within_unit": "working_days",
        "interval": 20,
        "interval_unit": "working_days",
        "is_statutory": False,
        "source": "Local policy: Early Help",
    },
    {
        "kind": "care_leaver",
        "is_required": True,
        "first_within": 7,
        "first_within_unit": "calendar_days",
        "interval": 2,
        "interval_unit": "months",
        "is_statutory": True,
        "source": "Care Leavers Regs reg 8(2)",
    },
]

_DEVIATIONS_BASELINE: list[dict[str, Any]] = [
    {
        "kind": "visit_deferred",
        "name": "Visit deferred",
        "clock_effect": "visits",
        "approver_role": TEAM_MANAGER,
        "review_after_days": 21,
    },
    {
        "kind": "visit_virtual",
        "name": "Visit held virtually",
        "clock_effect": "visits",
        # Where a version counts virtual visits only with a key decision, this is the decision that makes one count.
        "counts_virtual_visit": True,
        "approver_role": TEAM_MANAGER,
        "review_after_days": 21,
    },
    {
        "kind": "no_face_to_face_cp",
        "name": "No face-to-face visit on a child protection case",
        "clock_effect": "visits",
        "approver_role": HEAD_OF_SERVICE,
        "review_after_days": 21,
    },
    {
        "kind": "parenting_assessment_paused",
        "name": "Parenting assessment paused",
        "clock_effect": "assessment",
        "approver_role": HEAD_OF_SERVICE,
        "review_after_days": 21,
    },
    {
        "kind": "family_time_changed",
        "name": "Family time changed",
        "clock_effect": "none",
        "approver_role": TEAM_MANAGER,
        "review_after_days": 21,
    },
    {
        "kind": "court_ordered_contact_changed",
        "name": "Court-ordered contact changed",
        "clock_effect": "none",
        "approver_role": HEAD_OF_SERVICE,
        "review_after_days": 21,
    },
    {
        "kind": "initial_visit_remote",
        "name": "Initial visit done remotely",
        "clock_effect": "visits",
        "approver_role": TEAM_MANAGER,
        "review_after_days": 21,
    },
    # Statutory meetings go ahead online or split into calls, "should not however be cancelled" (seed 002): a
    # cancellation is the head of service's decision, proposed and approved by different people.
    {
        "kind": "meeting_cancelled",
        "name": "Statutory meeting cancelled",
        "clock_effect": "meetings",
        "approver_role": HEAD_OF_SERVICE,
        "review_after_days": 21,
    },
    # A child placed with carers who have no vacancy, or outside their approval range (number of children, ages,
    # brothers and sisters), with the exception recorded: a manager's decision, reviewed after four weeks.
    {
        "kind": "placement_outside_approval",
        "name": "Placement outside approval",
        "clock_effect": "none",
        "approver_role": TEAM_MANAGER,
        "review_after_days": 28,
    },
]

# The standard pre-visit check questions for an infectious-disease period (seeds 002 and 004), asked of the
# household; a yes to any of the first three means the visit goes ahead only with PPE, or not in person.
PRE_VISIT_QUESTIONS: list[dict[str, Any]] = [
    {"key": "anyone_symptomatic", "text": "Does anyone in the household have symptoms?", "yes_stops_go_ahead": True},
    {"key": "anyone_isolating", "text": "Is anyone in the household self-isolating?", "yes_stops_go_ahead": True},
    {"key": "anyone_tested_positive", "text": "Has anyone tested positive recently?", "yes_stops_go_ahead": True},
    {
        "key": "anyone_clinically_vulnerable",
        "text": "Is anyone in the household clinically vulnerable or shielding?",
        "yes_stops_go_ahead": False,
    },
    {"key": "can_meet_outdoors", "text": "Can the visit be held outdoors?", "yes_stops_go_ahead": False},
]

PRESETS: dict[str, dict[str, Any]] = {
    BASELINE: {
        "description": "The regulations and Working Together to Safeguard Children, with common local frequencies "
        "where the law sets none. Only in-person visits count.",
        "summary": "Statutory baseline for England.",
        "settings": {
            "visit_counting": "in_person_only",
            "pre_visit_check_required": False,
            "early_help_referrals_open": True,
            "early_help_pause_reason": "",
        },
        "frequencies": _FREQUENCIES_BASELINE,
        "deviations": _DEVIATIONS_BASELINE,
    },
    COVID: {
        "description": "Modelled on what councils did from 23 March 2020 (Staffordshire, Rotherham) and SI 2020/445: "
        "every home visit preceded by a symptom check; a virtual visit counts only while an approved key decision "
        "covers it; no face-to-face visit on a child protection case needs the head of service; Early Help "
        "referrals paused for three weeks; every deviation reviewed after three weeks.",
        "summary": "COVID-19 arrangements from the first national lockdown.",
        "settings": {
            "visit_counting": "virtual_with_decision",
            "pre_visit_check_required": True,
            "early_help_referrals_open": False,
            # Weekly phone or remote contact with every open Early Help and CIN family (seed 002).
            "remote_contact_weekly": True,
            "early_help_pause_reason": "New Early Help referrals are paused for at least three weeks during the "
            "COVID-19 response. Please re-refer after the pause. Every request is still checked for an urgent "
            "social work need.",
        },
        "frequencies": [
            *[f for f in _FREQUENCIES_BASELINE if f["kind"] != "early_help"],
            # Early Help home visits only where the Team Coordinator judges them essential (seed 002).
            {
                **_FREQUENCIES_BASELINE[2],
                "is_required": False,
                "source": "COVID-19: Early Help home visits only where essential (weekly remote contact instead)",
            },
        ],
        "deviations": [
            {
                **rule,
                "allow_record_and_approve": rule["approver_role"] == TEAM_MANAGER,
                # Seed 002: no face-to-face visit on a child protection case "must be reviewed for each scheduled
                # visit".
                **({"review_cadence": "each_visit"} if rule["kind"] == "no_face_to_face_cp" else {}),
            }
            for rule in _DEVIATIONS_BASELINE
        ],
    },
}

COUNCIL_MODEL = "Council operating model"
# The council's first version is the baseline from a date before any record, so every date has rules in force.
COUNCIL_BASELINE_FROM = "2000-01-01"


def install(
    operating_model: Any, version: Any, visit_frequency: Any, deviation_rule: Any, question: Any = None
) -> None:
    """Create the presets and the council's model (version 1: the statutory baseline), if missing. Takes the model
    classes so a data migration can pass its historical models (the pre-visit questions' model, when not given, is
    the one the version's model relates to, where it has one yet)."""
    from datetime import date

    if question is None:
        related = {f.name: f for f in version._meta.get_fields()}.get("pre_visit_questions")
        question = related.related_model if related is not None else None

    def add_version(model: Any, preset: dict[str, Any], effective_from: date) -> Any:
        # A migration's historical model may predate a setting: the migration that adds the field sets it.
        known = {field.name for field in version._meta.get_fields()}
        row = version.objects.create(
            operating_model=model,
            number=1,
            status="approved",
            effective_from=effective_from,
            summary=preset["summary"],
            **{name: value for name, value in preset["settings"].items() if name in known},
        )
        for frequency in preset["frequencies"]:
            visit_frequency.objects.create(version=row, **frequency)
        rule_fields = {field.name for field in deviation_rule._meta.get_fields()}
        for rule in preset["deviations"]:
            deviation_rule.objects.create(
                version=row, **{name: value for name, value in rule.items() if name in rule_fields}
            )
        if question is not None:
            add_questions(question, row)
        return row

    for name, preset in PRESETS.items():
        if not operating_model.objects.filter(name=name).exists():
            model = operating_model.objects.create(name=name, description=preset["description"], is_preset=True)
            add_version(model, preset, date(2020, 3, 23) if name == COVID else date(2000, 1, 1))
    if not operating_model.objects.filter(is_council_model=True).exists():
        council = operating_model.objects.create(
            name=COUNCIL_MODEL,
            is_council_model=True,
            description="The council's rules of practice. Copy a preset or a version to draft a change.",
        )
        add_version(council, PRESETS[BASELINE], date.fromisoformat(COUNCIL_BASELINE_FROM))


def add_questions(question: Any, version: Any) -> None:
    """Give a version the standard pre-visit check questions (every preset asks them)."""
    for position, values in enumerate(PRE_VISIT_QUESTIONS):
        question.objects.create(version=version, position=position, **values)
