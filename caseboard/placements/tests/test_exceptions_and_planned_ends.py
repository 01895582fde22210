"""A placement outside the carers' approval or vacancies needs the operating model's key decision "Placement outside
approval" for the child; a placement's planned end date (not before its start) is what the sufficiency page counts
as "planned to end", apart from the risk of breakdown. Through the services, the pages and the API."""

from __future__ import annotations

import importlib
import re
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from caseboard.casework.models import Episode
from caseboard.decisions import services as decisions
from caseboard.placements import selectors, services
from caseboard.placements.models import Placement
from caseboard.policy.models import DeviationRule, OperatingModelVersion
from caseboard.policy.presets import BASELINE, COVID
from caseboard.policy.selectors import deviation_rule_in_force

from .conftest import START

pytestmark = pytest.mark.django_db

KIND = "placement_outside_approval"
MIGRATION = importlib.import_module("caseboard.policy.migrations.0014_placement_outside_approval")


def _fill(council, fostering):
    """The mainstream carers' two places taken, so a third child is outside their approval."""
    for child, by in ((council.team_child, council.manager), (council.other_team_child, council.admin)):
        services.placement_start(
            child=child,
            setting=fostering.mainstream,
            placed_by=by,
            start_on=START,
            placement_type="U6",
            legal_status="V2",
            today=START,
        )


def _decision(council, *, kind=KIND, child=None, approve=True):
    decision = decisions.decision_propose(
        children=[child or council.own_child],
        proposed_by=council.worker,
        kind=kind,
        rationale="Only carers able to take her tonight",
        starts_on=START,
        today=START,
        notify_approvers=False,
    )
    if approve:
        decision = decisions.decision_approve(decision=decision, approved_by=council.manager, today=START)
    return decision


def _place(council, fostering, **extra):
    values = {
        "child": council.own_child,
        "setting": fostering.mainstream,
        "placed_by": council.worker,
        "start_on": START,
        "placement_type": "U6",
        "legal_status": "V2",
        "today": START,
    }
    return services.placement_start(**{**values, **extra})


def _counts():
    return Placement.objects.count(), Episode.objects.count()


# --- the kind of key decision -------------------------------------------------------------------------------------


def test_every_version_has_the_kind_with_a_managers_approval_and_a_review_period(council):
    version, rule = deviation_rule_in_force(KIND, START)
    assert version.operating_model.is_council_model
    assert (rule.name, rule.approver_role, rule.review_after_days) == ("Placement outside approval", "team_manager", 28)
    assert rule.clock_effect == "none" and rule.is_built_in
    versions = OperatingModelVersion.objects.count()
    assert DeviationRule.objects.filter(kind=KIND).count() == versions


def test_the_data_migration_gives_the_kind_to_versions_made_before_it(council):
    DeviationRule.objects.filter(kind=KIND).delete()
    MIGRATION.add_placement_outside_approval_rule(apps, None)
    rules = DeviationRule.objects.filter(kind=KIND)
    assert rules.count() == OperatingModelVersion.objects.count()
    # The COVID-19 preset lets a team manager record and approve in one step, as it does its other kinds.
    one_step = {rule.version.operating_model.name: rule.allow_record_and_approve for rule in rules}
    assert one_step[COVID] is True and one_step[BASELINE] is False
    MIGRATION.add_placement_outside_approval_rule(apps, None)  # run again: nothing added
    assert DeviationRule.objects.filter(kind=KIND).count() == OperatingModelVersion.objects.count()


def test_with_no_vacancy_the_placement_needs_a_decision_of_the_kind_and_says_so(council, fostering):
    _fill(council, fostering)
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _place(council, fostering, exception_reason="The only carers with a bed tonight")
    assert error.value.message_dict["setting"] == [
        "Sarah and Tom Hughes has no vacancy on 2 June 2025 (2 of 2 places). A placement outside the carers' "
        "approval or vacancies needs a manager's approved key decision “Placement outside approval” for Ava Brown"
    ]
    assert _counts() == before
    with pytest.raises(ValidationError) as error:
        _place(council, fostering, exception_decision=_decision(council))
    assert error.value.message_dict["setting"][0].endswith("needs the exception recorded")
    assert _counts() == before


def test_a_decision_awaiting_approval_or_for_another_child_is_refused(council, fostering):
    _fill(council, fostering)
    before = _counts()
    proposed = _decision(council, approve=False)
    with pytest.raises(ValidationError) as error:
        _place(council, fostering, exception_reason="Tonight only", exception_decision=proposed)
    assert error.value.message_dict["exception_decision"] == [
        "Choose a key decision “Placement outside approval” for Ava Brown that is approved and in force on 2 June 2025"
    ]
    others = decisions.decision_propose(
        children=[council.team_child],
        proposed_by=council.colleague,
        kind=KIND,
        rationale="For Ben",
        starts_on=START,
        today=START,
        notify_approvers=False,
    )
    others = decisions.decision_approve(decision=others, approved_by=council.manager, today=START)
    with pytest.raises(ValidationError) as error:
        _place(council, fostering, exception_reason="Tonight only", exception_decision=others)
    assert "for Ava Brown that is approved" in error.value.message_dict["exception_decision"][0]
    assert _counts() == before
    placement = _place(council, fostering, exception_reason="Tonight only", exception_decision=_decision(council))
    assert placement.exception_decision.kind == KIND and placement.exception_reason == "Tonight only"


def test_the_kind_keeps_the_name_the_council_gives_it(council, fostering):
    _fill(council, fostering)
    for rule in DeviationRule.objects.filter(kind=KIND):
        rule.name = "Placement over the carers' approval"
        rule.save()
    with pytest.raises(ValidationError) as error:
        _place(council, fostering, exception_reason="Tonight only")
    assert "key decision “Placement over the carers' approval” for Ava Brown" in error.value.message_dict["setting"][0]


# --- the planned end date -----------------------------------------------------------------------------------------


def test_a_planned_end_before_the_start_is_refused_and_nothing_written(council, fostering):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _place(council, fostering, planned_end_on=START - timedelta(days=1))
    assert error.value.message_dict["planned_end_on"] == [
        "The planned end date must be the same as or after the date the placement starts, 2 June 2025"
    ]
    assert _counts() == before
    placement = _place(council, fostering, planned_end_on=START + timedelta(weeks=6))
    assert placement.planned_end_on == date(2025, 7, 14)


def test_the_planned_end_is_changed_kept_or_cleared_on_the_placement(council, fostering):
    placement = _place(council, fostering)
    with pytest.raises(ValidationError) as error:
        services.placement_update(
            placement=placement,
            updated_by=council.worker,
            expected_version=placement.version,
            risk_of_breakdown=False,
            planned_end_on=START - timedelta(days=3),
            today=START,
        )
    assert "must be the same as or after the date the placement started, 2 June 2025" in str(error.value)
    placement.refresh_from_db()
    assert placement.planned_end_on is None and placement.version == 1
    placement = services.placement_update(
        placement=placement,
        updated_by=council.worker,
        expected_version=1,
        risk_of_breakdown=False,
        planned_end_on=START + timedelta(days=30),
        today=START,
    )
    assert placement.planned_end_on == START + timedelta(days=30)
    placement = services.placement_update(
        placement=placement, updated_by=council.worker, expected_version=2, risk_of_breakdown=False, today=START
    )
    assert placement.planned_end_on == START + timedelta(days=30)  # not given: kept
    placement = services.placement_update(
        placement=placement,
        updated_by=council.worker,
        expected_version=3,
        risk_of_breakdown=False,
        planned_end_on=None,
        today=START,
    )
    assert placement.planned_end_on is None


def test_sufficiency_counts_placements_planned_to_end_apart_from_those_at_risk(council, fostering):
    day = START + timedelta(days=10)
    soon = _place(council, fostering, planned_end_on=day + timedelta(days=28))  # the last day of the window
    later = _place(council, fostering, child=council.team_child, placed_by=council.manager)
    services.placement_update(
        placement=later,
        updated_by=council.manager,
        expected_version=1,
        risk_of_breakdown=True,
        breakdown_noted_on=START + timedelta(days=2),
        planned_end_on=day + timedelta(days=29),  # past the window
        today=day,
    )
    report = selectors.sufficiency(user=council.admin, day=day, lapse_within_days=28)
    assert (report.ending_soon, report.at_risk) == (1, 1)
    # Past its planned end and still open: the child still needs somewhere to go.
    services.placement_update(
        placement=soon,
        updated_by=council.worker,
        expected_version=1,
        risk_of_breakdown=False,
        planned_end_on=START + timedelta(days=5),
        today=day,
    )
    assert selectors.sufficiency(user=council.admin, day=day, lapse_within_days=28).ending_soon == 1
    assert selectors.sufficiency(user=council.admin, day=day, lapse_within_days=30).ending_soon == 2


# --- the pages ----------------------------------------------------------------------------------------------------


def test_the_placement_form_offers_the_childs_decisions_of_the_kind_or_says_how_to_propose_one(client, council):
    url = f"/placements/children/{council.own_child.pk}/new/"
    client.force_login(council.worker)
    page = client.get(url).content.decode()
    assert "There is no approved key decision “Placement outside approval” for this child." in page
    assert f"/children/{council.own_child.pk}/decisions/new/?kind=placement_outside_approval" in page
    _decision(council, kind="visit_deferred")
    right = _decision(council)
    page = client.get(url).content.decode()
    assert "The child's approved key decisions “Placement outside approval”." in page
    assert f'<option value="{right.pk}">Placement outside approval from 2 June 2025</option>' in page
    assert "Visit deferred from" not in page  # another kind is not offered
    proposal = client.get(f"/children/{council.own_child.pk}/decisions/new/?kind=placement_outside_approval")
    assert re.search(r'value="placement_outside_approval"\s+checked', proposal.content.decode())


def test_the_placement_pages_record_and_show_the_planned_end_and_the_exception(client, council, fostering):
    _fill(council, fostering)
    decision = _decision(council)
    client.force_login(council.worker)
    form = {
        "setting": fostering.mainstream.pk,
        "start_on_0": "2",
        "start_on_1": "6",
        "start_on_2": "2025",
        "placement_type": "U6",
        "legal_status": "V2",
        "planned_end_on_0": "1",
        "planned_end_on_1": "6",
        "planned_end_on_2": "2025",
        "exception_reason": "Tonight only",
        "exception_decision": decision.pk,
    }
    page = client.post(f"/placements/children/{council.own_child.pk}/new/", form).content.decode()
    assert "The planned end date must be the same as or after the date the placement starts" in page
    form["planned_end_on_1"] = "8"
    response = client.post(f"/placements/children/{council.own_child.pk}/new/", form)
    assert response.status_code == 302
    placement = Placement.objects.get(child=council.own_child)
    assert placement.planned_end_on == date(2025, 8, 1) and placement.exception_decision == decision
    page = client.get(f"/placements/children/{council.own_child.pk}/").content.decode()
    assert "1 August 2025" in page and "Past its planned end" in page
    assert f"/decisions/{decision.pk}/" in page and "Key decision: Placement outside approval from 2 June 2025" in page
    stability = f"/placements/placements/{placement.pk}/stability/"
    assert 'name="planned_end_on_0" value="1"' in client.get(stability).content.decode()
    response = client.post(stability, {"version": placement.version, "planned_end_on_0": ""})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.planned_end_on is None


def test_the_sufficiency_page_reads_planned_ends_not_the_risk_of_breakdown(client, council, fostering):
    today = date.today()
    _place(council, fostering, planned_end_on=today + timedelta(days=3), today=today)
    client.force_login(council.worker)
    page = client.get("/placements/sufficiency/").content.decode()
    assert "Children in a placement planned to end within 28 days (or past its planned end)" in page
    assert 'data-testid="planned-to-end">1<' in page and 'data-testid="at-risk">0<' in page


# --- the API ------------------------------------------------------------------------------------------------------


def test_the_api_applies_the_same_rules_and_records_the_planned_end(council, fostering):
    _fill(council, fostering)
    api = APIClient()
    api.force_authenticate(council.worker)
    body = {
        "child": council.own_child.pk,
        "setting": fostering.mainstream.pk,
        "start_on": "2025-06-02",
        "placement_type": "U6",
        "legal_status": "V2",
        "exception_reason": "Tonight only",
        "exception_decision": _decision(council, kind="visit_deferred").pk,
        "planned_end_on": "2025-07-31",
    }
    before = _counts()
    response = api.post("/api/v1/placements/", body, format="json")
    assert response.status_code == 400
    assert response.json()["exception_decision"] == [
        "Choose a key decision “Placement outside approval”: “Visit deferred” does not allow a placement outside "
        "the carers' approval or vacancies"
    ]
    body["exception_decision"] = _decision(council).pk
    body["planned_end_on"] = "2025-05-31"
    response = api.post("/api/v1/placements/", body, format="json")
    assert response.status_code == 400 and "planned_end_on" in response.json()
    assert _counts() == before
    body["planned_end_on"] = "2025-07-31"
    response = api.post("/api/v1/placements/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["planned_end_on"] == "2025-07-31"
    pk = response.json()["id"]
    kept = api.post(f"/api/v1/placements/{pk}/stability/", {"version": 1, "risk_of_breakdown": False}, format="json")
    assert kept.status_code == 200 and kept.json()["planned_end_on"] == "2025-07-31"
    bad = {"version": 2, "risk_of_breakdown": False, "planned_end_on": "2025-01-01"}
    assert api.post(f"/api/v1/placements/{pk}/stability/", bad, format="json").status_code == 400
    cleared = {"version": 2, "risk_of_breakdown": False, "planned_end_on": None}
    response = api.post(f"/api/v1/placements/{pk}/stability/", cleared, format="json")
    assert response.status_code == 200 and response.json()["planned_end_on"] is None
