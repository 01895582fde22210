"""Plans and delays: the rules (an action due before its plan started, a delay with no cause, a cause the operating
model does not list: refused, nothing written), the pages (need to know, audit, errors kept), the delays report by
cause, team and month with the pandemic-attributed delays by child (assessments' flag included), its CSV and API."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from caseboard.frontdoor.models import Assessment, Referral
from caseboard.plans import services
from caseboard.plans.models import PANDEMIC, Action, ActionStatus, Delay, Plan, parse_reasons
from caseboard.plans.selectors import delay_report

pytestmark = pytest.mark.django_db
START = date(2026, 1, 12)


def date_parts(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def cin_plan(council, child=None) -> Plan:
    return services.plan_start(
        child=child or council.own_child,
        kind="cin",
        started_on=START,
        summary="Support at home",
        recorded_by=council.worker,
    )


def action(council, plan: Plan, due: date = date(2026, 3, 2)) -> Action:
    return services.action_add(
        plan=plan, text="Refer to CAMHS", owner_name="Social worker", due_on=due, recorded_by=council.worker
    )


def delayed(council, item: Action, reason: str = PANDEMIC) -> Action:
    return services.action_update(
        action=item,
        status=ActionStatus.DELAYED,
        delay_reason=reason,
        delay_details="The service suspended sessions",
        now_due_on=date(2026, 5, 4),
        recorded_by=council.worker,
    )


def assessment(council, child, *, pandemic: bool) -> Assessment:
    referral = Referral.objects.create(
        child=child,
        received_on=date(2026, 2, 2),
        source="1A",
        primary_need="N1",
        recorded_by=council.worker,
        recorded_at=timezone.now(),
    )
    return Assessment.objects.create(
        child=child,
        referral=referral,
        started_on=date(2026, 2, 3),
        completed_on=date(2026, 5, 20),
        reason_late="Home visits stopped in lockdown",
        delayed_by_pandemic=pandemic,
        recorded_by=council.worker,
        recorded_at=timezone.now(),
    )


# --- rules ----------------------------------------------------------------------------------------------------
def test_the_code_list_keeps_the_pandemic_and_its_codes_well_formed():
    reasons, problems = parse_reasons("pandemic: Impact of the pandemic\ncourt_time: Lack of court time\n")
    assert reasons == [("pandemic", "Impact of the pandemic"), ("court_time", "Lack of court time")] and not problems
    assert "Keep the reason pandemic" in parse_reasons("court_time: Lack of court time")[1][0]
    assert "listed twice" in parse_reasons("pandemic: A\npandemic: B")[1][0]
    assert "code: label" in parse_reasons("no colon here")[1][0]


def test_a_cin_plan_links_to_the_childs_cin_episode(council):
    plan = cin_plan(council)
    assert plan.episode is not None and plan.episode.kind == "cin"
    with pytest.raises(ValidationError) as refused:
        cin_plan(council)
    assert "already has an open child in need plan" in refused.value.message_dict["kind"][0]


def test_an_action_due_before_the_plan_started_is_refused_and_nothing_written(council):
    plan = cin_plan(council)
    with pytest.raises(ValidationError) as refused:
        action(council, plan, due=date(2026, 1, 5))
    assert refused.value.message_dict["due_on"] == [
        "The action cannot be due before the plan started on 12 January 2026"
    ]
    assert not Action.objects.exists()


def test_a_delay_needs_a_cause_from_the_operating_models_list(council):
    item = action(council, cin_plan(council))
    for reason, message in (("", "Select the cause of the delay"), ("snow", "Select a cause of delay from the list")):
        with pytest.raises(ValidationError) as refused:
            delayed(council, item, reason=reason)
        assert refused.value.message_dict["delay_reason"] == [message]
    assert not Delay.objects.exists()
    item.refresh_from_db()
    assert item.status == ActionStatus.NOT_STARTED


def test_marking_an_action_delayed_records_the_delay_with_its_cause_and_team(council):
    item = delayed(council, action(council, cin_plan(council)))
    delay = Delay.objects.get()
    assert item.status == ActionStatus.DELAYED and item.due_on == date(2026, 5, 4)
    assert delay.work == item and delay.reason == PANDEMIC and delay.reason_label == "Impact of the pandemic"
    assert delay.was_due_on == date(2026, 3, 2) and delay.team == council.cin_team and delay.child == council.own_child


# --- the report -------------------------------------------------------------------------------------------------
def test_the_report_counts_by_cause_team_and_month_and_lists_pandemic_delays_by_child(council):
    delayed(council, action(council, cin_plan(council)))
    other = cin_plan(council, council.team_child)
    delayed(council, action(council, other), reason="partner_agency")
    assessment(council, council.team_child, pandemic=True)
    assessment(council, council.other_team_child, pandemic=True)  # not visible to the worker's team
    assessment(council, council.team_child, pandemic=False)
    report = delay_report(user=council.worker, first=date(2026, 1, 1), last=date(2026, 12, 31))
    month = timezone.localdate().replace(day=1)
    assert dict(report.by_cause) == {"Impact of the pandemic": 2, "Waiting for a partner agency": 1}
    assert ("Impact of the pandemic", "CIN team 1", month, 1) in report.counts
    assert ("Impact of the pandemic", "CIN team 1", date(2026, 5, 1), 1) in report.counts
    assert [child for child, _rows in report.pandemic] == [council.own_child, council.team_child]
    assert "marked delayed by the pandemic" in report.pandemic[1][1][0].work


def test_the_report_page_is_audited_and_its_csv_lists_every_delay(client, council):
    delayed(council, action(council, cin_plan(council)))
    client.force_login(council.manager)
    url = reverse("plans:delays-report")
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200 and "Ava Brown" in body and "Impact of the pandemic" in body
    assert LogEntry.objects.filter(object_pk=str(council.own_child.pk), action=LogEntry.Action.ACCESS).exists()
    csv = client.get(url, {"from": "2026-01-01", "to": "2026-12-31", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "Refer to CAMHS" in csv.content.decode() and "Ava Brown" in csv.content.decode()
    assert client.get(url, {"from": "nonsense"}).status_code == 200


def test_the_report_reads_a_fixed_number_of_queries(client, council):
    client.force_login(council.manager)
    delayed(council, action(council, cin_plan(council)))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("plans:delays-report"))
    for child in (council.team_child, council.closed_child):
        delayed(council, action(council, cin_plan(council, child)))
        assessment(council, child, pandemic=True)
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("plans:delays-report"))
    # The audit writes one batch; reads do not grow with the number of delays.
    assert len(more) <= len(one) + 1


def test_the_front_door_does_not_get_the_report(client, council):
    from caseboard.accounts.models import Role
    from caseboard.conftest import make_user

    client.force_login(make_user("fd", Role.FRONT_DOOR, council.cin_team))
    assert client.get(reverse("plans:delays-report")).status_code == 403


# --- pages ------------------------------------------------------------------------------------------------------
def test_a_worker_starts_a_plan_adds_an_action_and_marks_it_delayed(client, council):
    client.force_login(council.worker)
    child_page = client.get(reverse("casework:child", args=[council.own_child.pk])).content.decode()
    assert 'id="plans"' in child_page and "Start a plan" in child_page
    response = client.post(
        reverse("plans:plan-new", args=[council.own_child.pk]),
        {"kind": "cin", **date_parts("started_on", START), "summary": "Support"},
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan", args=[plan.pk])
    url = reverse("plans:action-new", args=[plan.pk])
    bad = client.post(url, {"text": "Refer to CAMHS", "owner_name": "Me", **date_parts("due_on", date(2026, 1, 1))})
    assert "cannot be due before the plan started" in bad.content.decode() and "Refer to CAMHS" in bad.content.decode()
    client.post(url, {"text": "Refer to CAMHS", "owner_name": "Me", **date_parts("due_on", date(2026, 3, 2))})
    item = Action.objects.get()
    edit = reverse("plans:action", args=[item.pk])
    missing = client.post(edit, {"status": "delayed", "delay_reason": "", "version": item.version})
    assert "Select the cause of the delay" in missing.content.decode()
    client.post(edit, {"status": "delayed", "delay_reason": PANDEMIC, "version": item.version})
    page = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "Impact of the pandemic" in page and "Delayed" in page
    assert LogEntry.objects.filter(object_pk=str(plan.pk), action=LogEntry.Action.ACCESS).exists()


def test_a_delay_is_recorded_against_an_assessment_from_the_childs_record(client, council):
    record = assessment(council, council.own_child, pandemic=False)
    client.force_login(council.worker)
    url = reverse("plans:delay-new", args=[council.own_child.pk])
    response = client.post(url, {"work": f"assessment-{record.pk}", "delay_reason": "staffing"})
    assert response.status_code == 302
    assert Delay.objects.get().work == record


def test_plans_outside_need_to_know_are_404_and_readers_cannot_change_them(client, council):
    plan = cin_plan(council)
    client.force_login(council.other_worker)
    assert client.get(reverse("plans:plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plans:plan-new", args=[council.own_child.pk])).status_code == 403
    client.force_login(council.performance)
    if client.get(reverse("plans:plan", args=[plan.pk])).status_code == 200:
        assert client.get(reverse("plans:action-new", args=[plan.pk])).status_code == 403


def test_a_review_at_the_childs_meeting_and_a_service(client, council):
    plan = cin_plan(council)
    client.force_login(council.worker)
    url = reverse("plans:plan", args=[plan.pk])
    client.post(
        url,
        {"add_service": "1", "service-name": "Daily phone call", **date_parts("service-starts_on", date(2026, 2, 1))},
    )
    client.post(
        reverse("plans:review-new", args=[plan.pk]), {**date_parts("reviewed_on", date(2026, 4, 1)), "progress": "some"}
    )
    page = client.get(url).content.decode()
    assert "Daily phone call" in page and "Some progress" in page


# --- API --------------------------------------------------------------------------------------------------------
def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_shares_the_rules_and_is_scoped(council):
    client = api(council.worker)
    created = client.post("/api/v1/plans/", {"child": council.own_child.pk, "kind": "cin", "started_on": "2026-01-12"})
    assert created.status_code == 201, created.json()
    plan_id = created.json()["id"]
    early = client.post(f"/api/v1/plans/{plan_id}/actions/", {"text": "X", "owner_name": "Y", "due_on": "2026-01-01"})
    assert early.status_code == 400 and "cannot be due before the plan started" in early.json()["due_on"][0]
    added = client.post(f"/api/v1/plans/{plan_id}/actions/", {"text": "X", "owner_name": "Y", "due_on": "2026-03-02"})
    action_id = added.json()["id"]
    no_cause = client.post(f"/api/v1/plan-actions/{action_id}/update/", {"status": "delayed"})
    assert no_cause.status_code == 400 and no_cause.json()["delay_reason"] == ["Select the cause of the delay"]
    ok = client.post(f"/api/v1/plan-actions/{action_id}/update/", {"status": "delayed", "delay_reason": PANDEMIC})
    assert ok.status_code == 200 and ok.json()["status"] == "delayed"
    delays = client.get("/api/v1/delays/").json()["results"]
    assert [d["reason"] for d in delays] == [PANDEMIC] and delays[0]["work"] == {"type": "plan_action", "id": action_id}
    report = client.get("/api/v1/reports/delays/", {"from": "2026-01-01", "to": "2026-12-31"}).json()
    assert report["pandemic"][0]["child"] == council.own_child.pk
    outsider = api(council.other_worker)
    assert outsider.get(f"/api/v1/plans/{plan_id}/").status_code == 404
    assert outsider.get("/api/v1/delays/").json()["results"] == []
    assert outsider.post("/api/v1/plans/", {"child": council.own_child.pk, "kind": "cp"}).status_code == 400
    assert client.get(f"/api/v1/plans/{plan_id}/").status_code == 200
    assert LogEntry.objects.filter(object_pk=str(plan_id), additional_data__via="API").exists()


def test_the_causes_of_delay_are_an_operating_model_section_a_draft_can_change(council):
    from caseboard.policy.hooks import section_for, sections_update
    from caseboard.policy.models import OperatingModelVersion
    from caseboard.policy.services import version_draft

    preset = OperatingModelVersion.objects.filter(operating_model__is_preset=True).order_by("pk").first()
    draft = version_draft(copy_from=preset, drafted_by=council.admin, effective_from=timezone.localdate())
    assert section_for(draft, "delays").choices[0] == ("pandemic", "Impact of the pandemic")
    with pytest.raises(ValidationError) as refused:
        sections_update(version=draft, values={"delays": {"reasons": "court_time: Lack of court time"}})
    assert "Keep the reason pandemic" in refused.value.message_dict["sec_delays_reasons"][0]
    sections_update(version=draft, values={"delays": {"reasons": "pandemic: Covid-19\nsnow: Snow"}})
    assert section_for(draft, "delays").choices == [("pandemic", "Covid-19"), ("snow", "Snow")]
