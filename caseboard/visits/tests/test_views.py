"""Visit pages: the child's "Visits and contact" section, the pre-visit check (and "do not visit" leading to a key
decision), recording a visit, the visit page with counting and notes, case notes, need to know and audit."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from caseboard.people.models import FamilyMember
from caseboard.visits import services
from caseboard.visits.models import CaseNote, PreVisitCheck, Visit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ANSWERS = {
    "anyone_symptomatic": "no",
    "anyone_isolating": "no",
    "anyone_tested_positive": "no",
    "anyone_clinically_vulnerable": "no",
    "can_meet_outdoors": "yes",
}


def check_data(**overrides):
    return {"asked_who": "Mother", "asked_how": "phone", "outcome": "go_ahead", **ANSWERS} | overrides


def visit_data(day: date = TODAY, **overrides):
    data = {
        "visited_on_0": str(day.day),
        "visited_on_1": str(day.month),
        "visited_on_2": str(day.year),
        "mode": "in_person_home",
        "purpose": "statutory_cin",
        "pre_visit_check": "",
        "was_seen": "yes",
        "others_present": "",
        "child_views": "",
        "notes": "",
    }
    return data | overrides


def record(council, *children, mode="in_person_home", recorded_by=None, on=TODAY):
    return services.visit_record(
        children_seen=[services.ChildSeenInput(child=child, was_seen=True) for child in children],
        worker=council.worker,
        recorded_by=recorded_by or council.worker,
        visited_on=on,
        mode=mode,
        purpose="statutory_cin",
    )


def access_entries(visit):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Visit), object_pk=str(visit.pk), action=LogEntry.Action.ACCESS
    )


def page(client, url_name, *args, method="get", data=None):
    response = getattr(client, method)(reverse(url_name, args=args), data or {})
    return response, response.content.decode()


# --- the child's record ----------------------------------------------------------------------------------------
def test_the_child_record_has_visits_and_contact_with_buttons(client, council):
    child = council.own_child
    client.force_login(council.worker)
    _, content = page(client, "casework:child", child.pk)
    assert 'id="visits">Visits and contact</h2>' in content
    assert f'href="{reverse("visits:check-new", args=[child.pk])}">Pre-visit check</a>' in content
    assert f'href="{reverse("visits:visit-new", args=[child.pk])}">Record a visit</a>' in content
    assert f'href="{reverse("visits:case-note-new", args=[child.pk])}">Add a case note</a>' in content
    assert "No visits recorded." in content

    visit = record(council, child, mode="video")
    _, content = page(client, "casework:child", child.pk)
    assert f'href="{reverse("visits:visit", args=[visit.pk])}">{TODAY:%-d %b %Y}</a>' in content
    assert "Video call" in content

    client.force_login(council.performance)  # may read the record, not record on it
    _, content = page(client, "casework:child", child.pk)
    assert "Visits and contact" in content and "Record a visit" not in content
    assert client.get(reverse("visits:visit-new", args=[child.pk])).status_code == 403


# --- the pre-visit check ---------------------------------------------------------------------------------------
def test_the_pre_visit_check_form_shows_every_error(client, council):
    client.force_login(council.worker)
    response, content = page(client, "visits:check-new", council.own_child.pk)
    assert response.status_code == 200 and "<h1" in content and "Pre-visit check" in content
    response, content = page(client, "visits:check-new", council.own_child.pk, method="post", data={"asked_who": " "})
    assert response.status_code == 200
    assert "<title>Error: Pre-visit check" in content
    assert content.count("Select yes or no") >= 2 * len(ANSWERS)  # in the summary and by each question
    for message in ("Enter who was asked", "Select how they were asked", "Select the outcome of the check"):
        assert message in content
    # The service's rules come back on the form, with what was chosen kept.
    data = check_data(anyone_isolating="yes", outcome="go_ahead", notes="Dad has a cough")
    _, content = page(client, "visits:check-new", council.own_child.pk, method="post", data=data)
    assert "choose &#x27;Go ahead with PPE&#x27; or &#x27;Do not visit in person&#x27;" in content
    assert "Dad has a cough" in content
    _, content = page(
        client, "visits:check-new", council.own_child.pk, method="post", data=check_data(outcome="go_ahead_with_ppe")
    )
    assert "Select the PPE to use" in content
    assert not PreVisitCheck.objects.exists()


def test_a_check_to_go_ahead_leads_to_the_visit_form_with_it_chosen(client, council):
    client.force_login(council.worker)
    data = check_data(outcome="go_ahead_with_ppe", ppe_needed=["mask", "gloves"])
    response, _ = page(client, "visits:check-new", council.own_child.pk, method="post", data=data)
    check = PreVisitCheck.objects.get()
    assert response.url == reverse("visits:visit-new", args=[council.own_child.pk]) + f"?check={check.pk}"
    assert list(check.children.all()) == [council.own_child] and check.ppe_needed == ["mask", "gloves"]
    content = client.get(response.url).content.decode()
    assert f'<option value="{check.pk}" selected>' in content
    assert "No pre-visit check in the last two days" not in content


def test_do_not_visit_in_person_leads_to_proposing_a_virtual_visit(client, council):
    client.force_login(council.worker)
    data = check_data(anyone_isolating="yes", outcome="do_not_visit")
    response, _ = page(client, "visits:check-new", council.own_child.pk, method="post", data=data)
    check = PreVisitCheck.objects.get()
    target = urlsplit(response.url)
    assert target.path == reverse("decisions:propose", args=[council.own_child.pk])
    # The household's answers are health data: they travel on the server, never in the address.
    assert target.query == ""
    draft = client.session["caseboard_drafts"][f"decision-for-child-{council.own_child.pk}"]
    assert draft == {"kind": "visit_virtual", "risk_assessment_notes": check.risk_summary}
    assert "Is anyone in the household self-isolating? Yes." in check.risk_summary


def test_the_proposal_form_is_prefilled_from_a_do_not_visit_check(client, council):
    client.force_login(council.worker)
    data = check_data(anyone_symptomatic="yes", outcome="do_not_visit", notes="Mum has a fever")
    response = client.post(reverse("visits:check-new", args=[council.own_child.pk]), data, follow=True)
    content = response.content.decode()
    assert "Propose a key decision" in content
    assert "Do not visit in person: propose a key decision" in content
    assert re.search(r'value="visit_virtual"\s+checked', content)
    assert "Mum has a fever" in content and "Does anyone in the household have symptoms? Yes." in content


def test_the_checks_answers_prefill_only_that_childs_proposal_and_go_once_it_is_sent(client, council):
    from caseboard.decisions.models import KeyDecision
    from caseboard.decisions.tests.test_views import form_data

    client.force_login(council.worker)
    data = check_data(anyone_symptomatic="yes", outcome="do_not_visit", notes="Mum has a fever")
    client.post(reverse("visits:check-new", args=[council.own_child.pk]), data)
    other = client.get(reverse("decisions:propose", args=[council.team_child.pk])).content.decode()
    assert "Mum has a fever" not in other
    own = reverse("decisions:propose", args=[council.own_child.pk])
    assert "Mum has a fever" in client.get(own).content.decode()  # still there when the page is reloaded
    client.post(own, form_data(kind="visit_virtual", risk_assessment_notes="Mum has a fever"))
    assert KeyDecision.objects.get().risk_assessment_notes == "Mum has a fever"
    assert "Mum has a fever" not in client.get(own).content.decode()


def test_risk_answers_in_the_address_are_not_used(client, council):
    client.force_login(council.worker)
    url = reverse("decisions:propose", args=[council.own_child.pk])
    content = client.get(url, {"kind": "visit_virtual", "risk_assessment_notes": "Dad has a cough"}).content.decode()
    assert re.search(r'value="visit_virtual"\s+checked', content)
    assert "Dad has a cough" not in content


# --- recording a visit -----------------------------------------------------------------------------------------
def test_the_visit_form_shows_errors_and_keeps_what_was_typed(client, council):
    client.force_login(council.worker)
    url_args = ("visits:visit-new", council.own_child.pk)
    response, content = page(client, *url_args)
    assert response.status_code == 200 and "No pre-visit check in the last two days" in content
    _, content = page(client, *url_args, method="post", data={"notes": ""})  # as a browser sends: not empty
    assert "<title>Error: Record a visit" in content
    for message in ("Enter the date of the visit", "Select how the visit was held", "Select the purpose of the visit"):
        assert message in content

    typed = visit_data(
        TODAY + timedelta(days=1), others_present="Grandmother", child_views="Wants a dog", notes="Tidy home"
    )
    _, content = page(client, *url_args, method="post", data=typed)
    assert "The date of the visit must be today or in the past" in content
    for kept in ("Grandmother", "Wants a dog", "Tidy home", f'name="visited_on_2" value="{TODAY.year}"'):
        assert kept in content
    _, content = page(client, *url_args, method="post", data=visit_data(purpose="statutory_lac", notes="Tidy home"))
    assert "needs an open lac episode for Ava Brown" in content and "Tidy home" in content
    _, content = page(client, *url_args, method="post", data=visit_data(was_seen="no", seen_alone="on"))
    assert "Ava Brown cannot be seen alone without being seen" in content
    assert not Visit.objects.exists()


def test_a_visit_redirects_to_its_page_which_says_whether_it_counts(client, council):
    FamilyMember.objects.create(
        child=council.own_child, name="Ben Clarke", relationship="sibling", sibling=council.team_child
    )
    client.force_login(council.worker)
    data = visit_data(siblings=[council.team_child.pk], ppe_used=["mask"], child_views="Happy")
    response, _ = page(client, "visits:visit-new", council.own_child.pk, method="post", data=data)
    visit = Visit.objects.get()
    assert response.url == reverse("visits:visit", args=[visit.pk])
    assert {seen.child for seen in visit.children_seen.all()} == {council.own_child, council.team_child}
    response = client.get(response.url)
    content = response.content.decode()
    assert "The visit is recorded and the child&#x27;s due dates are updated" in content
    assert f"In person, at home visit on {TODAY:%-d %B %Y}" in content
    assert content.count('govuk-tag--green">Counts</strong>') == 2
    assert "An in-person visit in which the child was seen (Council operating model, version 1)" in content
    assert "Fluid-resistant surgical mask" in content and "Views: Happy" in content

    video = record(council, council.own_child, mode="video")
    content = client.get(reverse("visits:visit", args=[video.pk])).content.decode()
    assert 'govuk-tag--grey">Does not count</strong>' in content
    assert "Only in-person visits count under Council operating model, version 1" in content


# --- the visit page --------------------------------------------------------------------------------------------
def test_notes_saved_with_a_stale_version_are_refused(client, council):
    visit = record(council, council.own_child)
    url = reverse("visits:visit", args=[visit.pk])
    client.force_login(council.worker)
    response = client.post(url, {"notes": "First note", "version": "1"})
    assert response.status_code == 302 and response.url == url
    response = client.post(url, {"notes": "Written over", "version": "1"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this visit while you were editing it" in content
    assert "Written over" in content  # kept, to copy
    visit.refresh_from_db()
    assert (visit.notes, visit.version) == ("First note", 2)


def test_only_those_who_may_record_can_change_the_notes(client, council):
    visit = record(council, council.own_child)
    url = reverse("visits:visit", args=[visit.pk])
    client.force_login(council.performance)
    content = client.get(url).content.decode()
    assert "Save notes" not in content and "No notes recorded." in content
    assert client.post(url, {"notes": "Not mine to write", "version": "1"}).status_code == 403
    visit.refresh_from_db()
    assert visit.notes == "" and visit.version == 1


def test_every_view_of_a_visit_page_is_audited(client, council):
    visit = record(council, council.own_child)
    client.force_login(council.worker)
    for _ in range(2):
        assert client.get(reverse("visits:visit", args=[visit.pk])).status_code == 200
    entries = access_entries(visit)
    assert entries.count() == 2
    assert {(e.actor, e.additional_data["via"]) for e in entries} == {(council.worker, "visit page")}


# --- case notes ------------------------------------------------------------------------------------------------
def test_the_case_note_form(client, council):
    child = council.own_child
    client.force_login(council.worker)
    _, content = page(client, "visits:case-note-new", child.pk, method="post", data={"text": ""})
    assert "<title>Error: Add a case note" in content
    for message in ("Select the kind of contact", "Enter the date of the contact", "Enter what happened"):
        assert message in content
    data = {
        "kind": "school",
        "occurred_on_0": str(TODAY.day),
        "occurred_on_1": str(TODAY.month),
        "occurred_on_2": str(TODAY.year),
        "text": "School say attendance is better",
    }
    response, _ = page(client, "visits:case-note-new", child.pk, method="post", data=data)
    assert response.url == reverse("casework:child", args=[child.pk]) + "#visits"
    note = CaseNote.objects.get()
    assert (note.child, note.kind, note.recorded_by) == (child, "school", council.worker)
    content = client.get(response.url).content.decode()
    assert "The case note is saved" in content and "School say attendance is better" in content


# --- need to know ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url_name", ["visits:check-new", "visits:visit-new", "visits:case-note-new"])
def test_a_child_outside_the_users_teams_is_refused(client, council, url_name):
    client.force_login(council.worker)
    url = reverse(url_name, args=[council.other_team_child.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert "This child is not on your caseload" in response.content.decode()
    assert client.post(url, {}).status_code == 403
    assert client.get(reverse(url_name, args=[council.restricted_child.pk])).status_code == 403  # not named on it
    assert client.get(reverse(url_name, args=[999999])).status_code == 404


def test_a_visit_page_is_hidden_from_anyone_who_may_not_see_every_child_on_it(client, council):
    FamilyMember.objects.create(
        child=council.own_child, name="Cara Dixon", relationship="sibling", sibling=council.other_team_child
    )
    visit = record(council, council.own_child, council.other_team_child, recorded_by=council.head)
    url = reverse("visits:visit", args=[visit.pk])
    client.force_login(council.worker)  # sees Ava, not Cara
    assert client.get(url).status_code == 404
    assert client.post(url, {"notes": "x", "version": "1"}).status_code == 404
    assert not access_entries(visit).exists()
    client.force_login(council.head)
    assert client.get(url).status_code == 200
    assert access_entries(visit).count() == 1
    check = services.pre_visit_check_record(
        children=[council.own_child, council.other_team_child],
        recorded_by=council.head,
        asked_who="Mother",
        asked_how="phone",
        outcome="go_ahead",
        anyone_symptomatic=False,
        anyone_isolating=False,
        anyone_tested_positive=False,
        anyone_clinically_vulnerable=False,
        can_meet_outdoors=True,
    )
    assert client.get(reverse("visits:check", args=[check.pk])).status_code == 200
    client.force_login(council.worker)
    assert client.get(reverse("visits:check", args=[check.pk])).status_code == 404


def _summary(content: str) -> list[str]:
    summary = content[content.index("govuk-error-summary__list") :]
    summary = summary[: summary.index("</ul>")]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in summary.split("<li>")[1:]]


def test_the_check_lists_each_problem_once_in_the_order_of_the_page(client, council):
    client.force_login(council.worker)
    _, content = page(client, "visits:check-new", council.own_child.pk, method="post", data={"asked_who": " "})
    problems = _summary(content)
    assert len(problems) == len(set(problems)), problems
    assert problems[0] == "Enter who was asked"
    assert problems[-1] == "Select the outcome of the check"  # after the questions, as on the page
    assert "Select yes or no for ‘Does anyone in the household have symptoms?’" in problems


def test_whether_the_child_was_seen_is_asked_not_assumed(client, council):
    client.force_login(council.worker)
    url_args = ("visits:visit-new", council.own_child.pk)
    _, content = page(client, *url_args)
    assert "Was the child seen?" in content
    assert not re.search(r'name="was_seen"[^>]*checked', content)
    data = visit_data()
    del data["was_seen"]
    _, content = page(client, *url_args, method="post", data=data)
    assert "Select yes if the child was seen" in content
    assert not Visit.objects.exists()


def test_seen_alone_but_not_seen_is_shown_by_the_field(client, council):
    client.force_login(council.worker)
    _, content = page(
        client, "visits:visit-new", council.own_child.pk, method="post", data=visit_data(was_seen="no", seen_alone="on")
    )
    by_field = re.search(r'id="id_seen_alone\w*_error"', content)
    assert by_field, "no error message by the field"
    assert "cannot be seen alone without being seen" in content[by_field.end() : by_field.end() + 200]


def test_the_visit_form_is_filled_from_the_pre_visit_check(client, council):
    client.force_login(council.worker)
    data = check_data(outcome="go_ahead_with_ppe", ppe_needed=["mask", "gloves"])
    response, _ = page(client, "visits:check-new", council.own_child.pk, method="post", data=data)
    content = client.get(response.url).content.decode()
    today = timezone.localdate()
    assert f'name="visited_on_0" value="{today.day}"' in content
    for item in ("mask", "gloves"):
        assert re.search(rf'name="ppe_used"[^>]*value="{item}"\s*checked', content), item
