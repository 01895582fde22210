"""Meeting pages: arranging, holding, postponing, cancelling (refused with a link to propose a decision), the child's
Meetings panel, my and team meetings, the IRO's reviews; need to know, audit, form errors kept, query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from caseboard.conftest import allocate, make_child, open_cin
from caseboard.meetings.models import Meeting, MeetingAction, MeetingStatus

from .conftest import arrange, hold, looked_after

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def date_parts(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_child_record_shows_the_meetings_panel(client, council):
    arrange(council.worker, "cin_review", council.own_child, on=date(2026, 12, 7))
    response = login(client, council.worker).get(reverse("casework:child", args=[council.own_child.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="meetings"' in body and "Child in need review" in body and "Arrange a meeting" in body


def test_arrange_a_meeting(client, council):
    login(client, council.worker)
    url = reverse("meetings:schedule", args=[council.own_child.pk])
    assert client.get(url + "?kind=cin_review").status_code == 200
    data = {
        "kind": "cin_review",
        **date_parts("scheduled_on", date(2026, 12, 7)),
        "scheduled_at": "10:30",
        "format": "split_calls",
        "invitees": "Jo Patel, school\nDr Singh, GP",
        "joining_details": "Call 01632 960000",
        **date_parts("joining_details_shared_on", date(2026, 11, 20)),
    }
    response = client.post(url, data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == reverse("meetings:meeting", args=[meeting.pk])
    assert meeting.format == "split_calls" and meeting.joining_details_shared_on == date(2026, 11, 20)
    assert set(meeting.invitees.values_list("name", flat=True)) == {"Worker Test", "Jo Patel", "Dr Singh"}
    page = client.get(response.url).content.decode()
    assert "Split into separate calls" in page and "Shared with the family on 20 November 2026" in page


def test_arrange_errors_keep_what_was_typed(client, council):
    login(client, council.worker)
    url = reverse("meetings:schedule", args=[council.own_child.pk])
    response = client.post(
        url,
        {
            "kind": "core_group",
            **date_parts("scheduled_on", date(2026, 12, 7)),
            "scheduled_at": "9:00",
            "format": "virtual",
            "venue": "Room 4",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "Ava Brown has no child protection plan: a core group is for a child on a plan" in body
    assert 'value="Room 4"' in body
    response = client.post(url, {"kind": "cin_review", "scheduled_at": "25:99"})
    body = response.content.decode()
    assert "Enter the date of the meeting" in body and "Enter the time of the meeting like 10:30" in body
    assert not Meeting.objects.exists()


def test_hold_form_records_attendance_and_outcome(client, council):
    user = council.cp_worker
    meeting = arrange(user, "strategy_discussion", council.cp_child, on=date(2026, 4, 20))
    login(client, user)
    url = reverse("meetings:hold", args=[meeting.pk])
    assert client.get(url).status_code == 200
    invitees = list(meeting.invitees.all())
    data = {
        **date_parts("held_on", date(2026, 4, 20)),
        "format": "virtual",
        "outcome": "s47_enquiry",
        "minutes": "Police, health and CSC agreed.",
        **{f"took_part_{i.pk}": "video" for i in invitees},
    }
    response = client.post(url, data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.outcome == "s47_enquiry"
    assert meeting.section_47_enquiries.count() == 1


def test_hold_without_attendance_is_refused(client, council):
    meeting = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 6, 1))
    login(client, council.worker)
    response = client.post(
        reverse("meetings:hold", args=[meeting.pk]), {**date_parts("held_on", date(2026, 6, 1)), "format": "virtual"}
    )
    assert "Select who took part" in response.content.decode()


def test_postpone_page_shows_the_due_date_kept(client, council, strategy_then_plan):
    user = council.cp_worker
    core_group = arrange(user, "core_group", council.cp_child, on=date(2026, 5, 27))
    login(client, user)
    response = client.post(
        reverse("meetings:postpone", args=[core_group.pk]),
        {**date_parts("new_on", date(2026, 6, 3)), "new_at": "14:00", "reason": "Parents' solicitor unavailable"},
    )
    assert response.status_code == 302
    page = client.get(reverse("meetings:meeting", args=[core_group.pk])).content.decode()
    assert "Postponed: due 27 May 2026, now 3 June 2026 (5 working days late)" in page


def test_cancel_refused_with_a_link_to_propose_a_decision(client, council):
    meeting = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 12, 7))
    login(client, council.worker)
    response = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Family on holiday"})
    body = response.content.decode()
    assert response.status_code == 200 and "cancelling it needs an approved key decision" in body
    propose = reverse("decisions:propose", args=[council.own_child.pk]) + "?kind=meeting_cancelled"
    assert propose in body
    assert "Family on holiday" in body
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_actions_added_and_done(client, council):
    meeting = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 6, 1))
    login(client, council.worker)
    url = reverse("meetings:meeting", args=[meeting.pk])
    response = client.post(url, {"text": "", "owner_name": "", "due_on_0": ""})
    assert "Enter the action" in response.content.decode()
    response = client.post(
        url, {"text": "Refer to CAMHS", "owner_name": "Sam", **date_parts("due_on", date(2026, 7, 1))}
    )
    assert response.status_code == 302
    action = MeetingAction.objects.get()
    client.post(reverse("meetings:action-done", args=[meeting.pk, action.pk]))
    action.refresh_from_db()
    assert action.done_on is not None


def test_need_to_know_and_audit(client, council):
    meeting = arrange(council.other_worker, "cin_review", council.other_team_child, on=date(2026, 6, 1))
    login(client, council.worker)
    for name in ("meeting", "edit", "hold", "postpone", "cancel"):
        assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:schedule", args=[council.other_team_child.pk])).status_code == 403
    login(client, council.other_worker)
    assert client.get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 200
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Meeting),
        object_pk=str(meeting.pk),
        action=LogEntry.Action.ACCESS,
    ).last()
    assert entry is not None and entry.actor == council.other_worker


def test_performance_officer_sees_but_cannot_record(client, council):
    meeting = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 6, 1))
    login(client, council.performance)
    assert client.get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("meetings:hold", args=[meeting.pk])).status_code == 403


def test_my_meetings_lists(client, council):
    soon = date.today() + timedelta(days=2)
    arrange(council.worker, "cin_review", council.own_child, on=soon)
    held = arrange(council.worker, "cin_review", council.own_child, on=date(2026, 6, 1))
    hold(held, council.worker, on=date(2026, 6, 1), minutes="")
    arrange(council.other_worker, "cin_review", council.other_team_child, on=soon)
    login(client, council.worker)
    for show, expected in (("upcoming", 1), ("minutes", 1), ("held", 1)):
        response = client.get(reverse("meetings:index") + f"?show={show}")
        assert response.status_code == 200
        assert response.context["page"].paginator.count == expected, show
    login(client, council.manager)
    response = client.get(reverse("meetings:index") + f"?show=upcoming&team={council.cin_team.pk}")
    assert response.context["page"].paginator.count == 1
    assert client.get(reverse("meetings:index") + f"?team={council.cp_team.pk}").status_code == 404


@pytest.mark.parametrize("how_many", [1, 12])
def test_list_queries_are_fixed(client, council, how_many, django_assert_max_num_queries):
    for number in range(how_many):
        child = make_child(f"X{number}", "Kid", f"N{number}")
        open_cin(child)
        allocate(child, council.worker, council.cin_team)
        arrange(council.worker, "cin_review", child, on=date.today() + timedelta(days=1 + number % 20))
    login(client, council.worker)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("meetings:index") + "?show=upcoming")
    assert response.context["page"].paginator.count == how_many


def test_iro_reviews_page(client, council):
    child = council.cp_child
    looked_after(child, date(2026, 4, 1))
    review = arrange(council.iro, "lac_review", child, on=date(2026, 5, 1))
    hold(review, council.iro, on=date(2026, 5, 1), fmt="split_calls")
    MeetingAction.objects.create(
        meeting=review,
        text="Health assessment",
        owner_name="Nurse",
        due_on=date(2026, 6, 1),
        recorded_by=council.iro,
        recorded_at=review.scheduled_at,
    )
    arrange(council.iro, "lac_review", child, on=date(2026, 12, 1))
    login(client, council.iro)
    response = client.get(reverse("meetings:iro-reviews"))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["held"].paginator.count == 1 and response.context["upcoming"].paginator.count == 1
    assert "Split into separate calls" in body and "Health assessment" in body
    # Only the children allocated to the user as IRO.
    login(client, council.cp_worker)
    assert client.get(reverse("meetings:iro-reviews")).context["held"].paginator.count == 0
