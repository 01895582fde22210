from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from caseboard.frontdoor import services
from caseboard.frontdoor.models import Contact

from .conftest import record_contact
from .test_services import NEW_CHILD, decide


def login(client, user):
    client.force_login(user)


CONTACT_FORM = {
    "received_on_0": "24",
    "received_on_1": "11",
    "received_on_2": "2026",
    "received_time": "09:15",
    "referrer_name": "PC Ahmed",
    "referrer_agency": "6",
    "method": "phone",
    "concerns": "Domestic incident overnight; the children were present.",
    "new_first_name": "Ruby",
    "new_last_name": "Hill",
    "new_date_of_birth_0": "3",
    "new_date_of_birth_1": "4",
    "new_date_of_birth_2": "2014",
    "new_sex": "F",
    "action": "Save the contact",
}


@pytest.mark.django_db
def test_queue_lists_contacts_with_a_fixed_number_of_queries(
    client, council, front_door, django_assert_max_num_queries
):
    login(client, front_door.practitioner)
    record_contact(front_door, children=[council.own_child])
    with django_assert_max_num_queries(20) as one:
        assert client.get("/front-door/").status_code == 200
    for _ in range(30):
        record_contact(front_door, children=[council.own_child, council.team_child])
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/front-door/")
    assert response.context["counts"]["awaiting"] == 31
    assert "Due today" in response.content.decode()


@pytest.mark.django_db
def test_queue_is_for_front_door_staff_and_heads_of_service(client, council, front_door):
    for user, status in ((council.worker, 403), (council.manager, 403), (front_door.manager, 200), (council.head, 200)):
        login(client, user)
        assert client.get("/front-door/").status_code == status, user


@pytest.mark.django_db
def test_record_a_contact_for_a_new_child(client, council, front_door):
    login(client, front_door.practitioner)
    response = client.post("/front-door/contacts/new/", CONTACT_FORM)
    contact = Contact.objects.get()
    assert response.status_code == 302 and response.url == f"/front-door/contacts/{contact.pk}/"
    assert contact.children.get().first_name == "Ruby"
    assert contact.received_at.hour == 9


@pytest.mark.django_db
def test_the_contact_form_keeps_what_was_typed_on_error_and_on_a_search(client, council, front_door):
    login(client, front_door.practitioner)
    response = client.post("/front-door/contacts/new/", CONTACT_FORM | {"concerns": "", "new_sex": ""})
    page = response.content.decode()
    assert response.status_code == 200 and not Contact.objects.exists()
    assert "Enter the concerns" in page and "Select the child&#x27;s sex" in page
    assert 'value="PC Ahmed"' in page and 'value="Ruby"' in page
    response = client.post("/front-door/contacts/new/", CONTACT_FORM | {"find": "Cara", "action": "find"})
    page = response.content.decode()
    assert "There is a problem" not in page and 'value="PC Ahmed"' in page
    assert "Cara Dixon" in page  # a child allocated elsewhere: the front door finds every record
    assert "Eve Fisher" not in page


@pytest.mark.django_db
def test_decide_shows_the_pause_and_keeps_input_on_error(client, council, front_door):
    from caseboard.devtools.scenarios import install_covid_version

    install_covid_version()
    contact = record_contact(front_door, children=[council.own_child])
    login(client, front_door.practitioner)
    page = client.get(f"/front-door/contacts/{contact.pk}/decide/").content.decode()
    assert "New Early Help referrals are paused" in page and "three weeks" in page
    response = client.post(
        f"/front-door/contacts/{contact.pk}/decide/",
        {"decision": "early_help", "reasons": "Family support needed", "risk_check_notes": "Checked with school"},
    )
    page = response.content.decode()
    assert "answer whether this request needs an urgent social work response" in page
    assert "Checked with school" in page
    response = client.post(
        f"/front-door/contacts/{contact.pk}/decide/",
        {
            "decision": "early_help",
            "reasons": "Family support needed",
            "primary_need": "N4",
            "needs_urgent_social_work": "yes",
            "risk_check_notes": "Bruising reported",
        },
    )
    contact.refresh_from_db()
    referral = contact.referrals.get()
    assert response.url == f"/front-door/referrals/{referral.pk}/screening/"
    assert contact.routed_to_screening


@pytest.mark.django_db
def test_referral_pages_follow_need_to_know_and_are_audited(client, council, front_door):
    contact = record_contact(front_door, children=[council.own_child])
    referral = decide(contact, front_door).referrals[0]
    login(client, council.worker)  # the child's own worker
    assert client.get(f"/front-door/referrals/{referral.pk}/").status_code == 200
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(referral.pk)).exists()
    child_page = client.get(f"/children/{council.own_child.pk}/").content.decode()
    assert "Referrals and assessments" in child_page
    login(client, council.other_worker)
    assert client.get(f"/front-door/referrals/{referral.pk}/").status_code == 404
    assert client.get(f"/front-door/contacts/{contact.pk}/").status_code == 404
    assert client.get(f"/front-door/referrals/{referral.pk}/screening/").status_code == 404


@pytest.mark.django_db
def test_screening_page_lists_what_is_left_and_keeps_input_on_error(client, council, front_door):
    contact = record_contact(front_door, new_children=[NEW_CHILD])
    referral = decide(contact, front_door).referrals[0]
    login(client, front_door.practitioner)
    page = client.get(f"/front-door/referrals/{referral.pk}/screening/").content.decode()
    assert "Record whether the agency checks are done" in page
    response = client.post(
        f"/front-door/referrals/{referral.pk}/screening/",
        {
            "agency_checks_done": "yes",
            "parents_spoken_to": "no",
            "agency_checks_notes": "Police check clear",
            "version": "1",
        },
    )
    page = response.content.decode()
    assert "Enter why the parents or carers were not spoken to" in page and "Police check clear" in page


@pytest.mark.django_db
def test_assessment_pages(client, council, front_door):
    contact = record_contact(front_door, new_children=[NEW_CHILD], received=date(2026, 10, 1))
    referral = decide(contact, front_door).referrals[0]
    login(client, front_door.practitioner)
    response = client.post(
        f"/front-door/referrals/{referral.pk}/assessments/new/",
        {"started_on_0": "2", "started_on_1": "10", "started_on_2": "2026"},
    )
    assessment = referral.assessments.get()
    assert response.url == f"/front-door/assessments/{assessment.pk}/"
    page = client.get(response.url).content.decode()
    assert "3 December 2026" in page  # Thu 1 Oct + 45 working days
    page = client.post(
        f"/front-door/assessments/{assessment.pk}/pause/",
        {"starts_on_0": "2", "starts_on_1": "11", "starts_on_2": "2026"},
    ).content.decode()
    assert "Pausing an assessment needs an approved key decision" in page
    login(client, council.other_worker)
    assert client.get(f"/front-door/assessments/{assessment.pk}/").status_code == 404
    assert services  # the services are exercised through the pages above


@pytest.mark.django_db
def test_the_manager_confirms_the_screening_decision_from_their_queue(client, council, front_door):
    from rest_framework.test import APIClient

    from caseboard.frontdoor.models import Screening

    contact = record_contact(front_door, new_children=[NEW_CHILD])
    referral = decide(contact, front_door).referrals[0]
    services.screening_update(
        screening=referral.screening,
        updated_by=front_door.practitioner,
        initial_visit_needed=True,
        initial_visit_remote=False,
        manager=front_door.manager,
        manager_risk_assessment="Visit in person within 5 working days.",
    )
    page = reverse("frontdoor:screening", args=[referral.pk])
    confirm = reverse("frontdoor:screening-confirm", args=[referral.pk])
    login(client, front_door.practitioner)
    shown = client.get(page).content.decode()
    assert "Waiting for the manager to confirm" in shown and "Confirm the decision" not in shown
    assert client.post(confirm).status_code == 403
    login(client, front_door.manager)
    home = client.get(reverse("home")).content.decode()
    assert "Screening decisions to confirm" in home and page in home
    assert "Confirm the decision" in client.get(page).content.decode()
    response = client.post(confirm, {"version": Screening.objects.get(pk=referral.screening.pk).version})
    assert response.status_code == 302
    screening = Screening.objects.get(pk=referral.screening.pk)
    assert screening.manager_confirmed_by == front_door.manager
    assert LogEntry.objects.filter(content_type__model="screening", object_pk=str(screening.pk)).count() >= 2
    assert "Screening decisions to confirm" not in client.get(reverse("home")).content.decode()

    # The API: the same rule, the manager named only.
    screening.manager_confirmed_at = None
    screening.save()
    api = APIClient()
    api.force_authenticate(front_door.practitioner)
    assert api.post(f"/api/v1/screenings/{screening.pk}/confirm/", {}, format="json").status_code == 403
    api.force_authenticate(front_door.manager)
    answer = api.post(f"/api/v1/screenings/{screening.pk}/confirm/", {}, format="json")
    assert answer.status_code == 200 and answer.json()["manager_confirmed_by"] == front_door.manager.pk


@pytest.mark.django_db
def test_screening_records_each_agency_asked_and_its_answer(client, council, front_door):
    from django.utils import timezone
    from rest_framework.test import APIClient

    from caseboard.frontdoor.models import AgencyCheck
    from caseboard.partners.models import Agency

    police = Agency.objects.create(
        name="Northmoor Police", kind="police", recorded_by=front_door.practitioner, recorded_at=timezone.now()
    )
    school = Agency.objects.create(
        name="Hill Primary", kind="school", recorded_by=front_door.practitioner, recorded_at=timezone.now()
    )
    contact = record_contact(front_door, new_children=[NEW_CHILD])
    referral = decide(contact, front_door).referrals[0]
    today = timezone.localdate()
    login(client, front_door.practitioner)
    new = reverse("frontdoor:agency-check-new", args=[referral.pk])
    assert client.get(new).status_code == 200

    def dated(name, day):
        return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year} if day else {}

    # Bad input: answered before asked, and shared without an answer date; nothing written, what was typed kept.
    bad = client.post(
        new,
        {
            "agency": police.pk,
            **dated("asked_on", today),
            **dated("answered_on", referral.received_on.replace(year=referral.received_on.year - 1)),
        },
    )
    assert (
        bad.status_code == 200
        and "The date answered must be the same as or after the date asked" in bad.content.decode()
    )
    bad = client.post(new, {"agency": police.pk, **dated("asked_on", today), "shared": "Two call-outs"})
    assert "Enter the date the agency answered with what it shared" in bad.content.decode()
    assert "Two call-outs" in bad.content.decode()
    assert not AgencyCheck.objects.exists()

    assert client.post(new, {"agency": police.pk, **dated("asked_on", today)}).status_code == 302
    again = client.post(new, {"agency": police.pk, **dated("asked_on", today)})
    assert "already on this screening" in again.content.decode()
    check = AgencyCheck.objects.get()
    answer = reverse("frontdoor:agency-check", args=[referral.pk, check.pk])
    assert (
        client.post(
            answer,
            {
                "agency": police.pk,
                **dated("asked_on", today),
                **dated("answered_on", today),
                "shared": "Two call-outs in 2020",
            },
        ).status_code
        == 302
    )
    page = client.get(reverse("frontdoor:screening", args=[referral.pk])).content.decode()
    assert "Northmoor Police" in page and "Two call-outs in 2020" in page
    assert LogEntry.objects.filter(content_type__model="agencycheck", object_pk=str(check.pk)).count() == 2

    api = APIClient()
    api.force_authenticate(front_door.practitioner)
    made = api.post(
        "/api/v1/agency-checks/",
        {"screening": referral.screening.pk, "agency": school.pk, "asked_on": str(today)},
        format="json",
    )
    assert made.status_code == 201, made.content
    listed = api.get("/api/v1/agency-checks/")
    assert listed.status_code == 200
    assert sorted(c["id"] for c in listed.json()["results"]) == sorted([check.pk, made.json()["id"]])
    refused = api.patch(
        f"/api/v1/agency-checks/{made.json()['id']}/",
        {"answered_on": str(today.replace(year=today.year - 5))},
        format="json",
    )
    assert refused.status_code == 400 and "answered_on" in refused.json()
    api.force_authenticate(council.worker)  # cannot see the front door's referral
    assert api.get(f"/api/v1/agency-checks/{made.json()['id']}/").status_code == 404
