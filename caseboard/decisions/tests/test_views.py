"""Key decision pages: propose, the decision page, approvals, review, withdraw, the PDF, notifications, audit."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from caseboard.accounts.models import Notification
from caseboard.decisions import services
from caseboard.decisions.models import DecisionAction, DecisionStatus, KeyDecision

pytestmark = pytest.mark.django_db

TODAY = date.today()
NAV_COUNT = '<span class="app-count">'


def propose(council, kind="visit_virtual", child=None, by=None, **extra):
    fields = {"rationale": "Household isolating; video call with the child seen alone", "starts_on": TODAY} | extra
    return services.decision_propose(
        children=[child or council.own_child], proposed_by=by or council.worker, kind=kind, **fields
    )


def approved(council, kind="visit_virtual"):
    return services.decision_approve(decision=propose(council, kind=kind), approved_by=council.head)


def form_data(**overrides):
    data = {
        "kind": "visit_virtual",
        "rationale": "Household isolating for ten days",
        "risks_considered": "The child is not seen in person",
        "mitigations": "Video call with the child seen alone",
        "risk_assessment_notes": "",
        "conditions": "Weekly video call",
        "starts_on_0": str(TODAY.day),
        "starts_on_1": str(TODAY.month),
        "starts_on_2": str(TODAY.year),
        "ends_on_0": "",
        "ends_on_1": "",
        "ends_on_2": "",
    }
    return data | overrides


def decide(client, decision, outcome, reason="", next_url=None):
    data = {"outcome": outcome, "reason": reason}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("decisions:decide", args=[decision.pk]), data)


def access_entries(decision):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(KeyDecision),
        object_pk=str(decision.pk),
        action=LogEntry.Action.ACCESS,
    )


# --- the child's record ----------------------------------------------------------------------------------------
def test_the_child_record_has_a_key_decisions_section(client, council):
    client.force_login(council.worker)
    content = client.get(reverse("casework:child", args=[council.own_child.pk])).content.decode()
    assert 'id="decisions">Key decisions</h2>' in content
    assert "No key decisions recorded." in content
    assert f'href="{reverse("decisions:propose", args=[council.own_child.pk])}">Propose a key decision</a>' in content

    decision = approved(council)
    content = client.get(reverse("casework:child", args=[council.own_child.pk])).content.decode()
    assert f'href="{reverse("decisions:decision", args=[decision.pk])}">Visit held virtually</a>' in content
    assert "Approved" in content and f"{decision.next_review_on:%-d %b %Y}" in content


# --- propose ---------------------------------------------------------------------------------------------------
def test_propose_page_shows_the_form(client, council):
    client.force_login(council.worker)
    response = client.get(reverse("decisions:propose", args=[council.own_child.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1" in content and "Propose a key decision" in content
    assert "No face-to-face visit on a child protection case" in content
    for name in ("starts_on_0", "starts_on_1", "starts_on_2", "rationale"):
        assert f'name="{name}"' in content
    assert 'name="record_and_approve"' not in content  # a worker cannot record and approve


def test_propose_keeps_what_was_typed_and_shows_errors(client, council):
    client.force_login(council.worker)
    url = reverse("decisions:propose", args=[council.own_child.pk])
    response = client.post(url, form_data(kind="", rationale="  ", mitigations="Daily phone call"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: Propose a key decision" in content
    assert "Select the kind of decision" in content
    assert "Enter the reasons for the decision" in content
    assert "Daily phone call" in content  # kept
    assert f'name="starts_on_2" value="{TODAY.year}"' in content  # the date is kept too
    assert not KeyDecision.objects.exists()

    response = client.post(url, form_data(starts_on_0="", starts_on_1="", starts_on_2=""))
    assert "Enter the date the decision applies from" in response.content.decode()
    response = client.post(url, form_data(ends_on_0="1", ends_on_1="1", ends_on_2=str(TODAY.year - 1)))
    assert "must be the same as or after the date it applies from" in response.content.decode()
    assert not KeyDecision.objects.exists()


def test_propose_sends_it_for_approval_and_redirects_to_the_decision(client, council):
    client.force_login(council.worker)
    response = client.post(
        reverse("decisions:propose", args=[council.own_child.pk]), form_data(kind="no_face_to_face_cp")
    )
    decision = KeyDecision.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("decisions:decision", args=[decision.pk])
    assert (decision.status, decision.proposed_by, decision.approver_role) == (
        DecisionStatus.PROPOSED,
        council.worker,
        "head_of_service",
    )
    assert list(decision.children.all()) == [council.own_child]
    assert decision.starts_on == TODAY and decision.ends_on is None
    content = client.get(response.url).content.decode()
    assert "The decision has been sent for approval" in content
    assert "Awaiting approval" in content


def test_propose_for_a_child_outside_need_to_know_is_refused(client, council):
    client.force_login(council.worker)
    url = reverse("decisions:propose", args=[council.cp_child.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, form_data()).status_code == 403
    assert not KeyDecision.objects.exists()


def test_propose_is_refused_to_a_read_only_role(client, council):
    client.force_login(council.performance)
    response = client.get(reverse("decisions:propose", args=[council.own_child.pk]))
    assert response.status_code in (403, 404)


# --- the decision page -----------------------------------------------------------------------------------------
def test_decision_page_is_not_found_for_a_user_who_may_not_see_the_child(client, council):
    decision = propose(council)
    url = reverse("decisions:decision", args=[decision.pk])
    for user in (council.cp_worker, council.other_worker, council.cp_head):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        assert client.get(reverse("decisions:pdf", args=[decision.pk])).status_code == 404
        assert decide(client, decision, "approve").status_code == 404
    assert client.get(reverse("decisions:decision", args=[99999])).status_code == 404
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED


def test_decision_page_offers_each_user_what_they_may_do(client, council):
    decision = propose(council, kind="no_face_to_face_cp")
    url = reverse("decisions:decision", args=[decision.pk])
    decide_action = f'action="{reverse("decisions:decide", args=[decision.pk])}"'
    withdraw_action = f'action="{reverse("decisions:withdraw", args=[decision.pk])}"'

    client.force_login(council.worker)  # the proposer
    content = client.get(url).content.decode()
    assert withdraw_action in content and decide_action not in content
    client.force_login(council.manager)  # a team manager: this kind needs a head of service
    content = client.get(url).content.decode()
    assert withdraw_action not in content and decide_action not in content
    client.force_login(council.head)
    content = client.get(url).content.decode()
    assert decide_action in content and "Approve or reject" in content


def test_every_decision_page_view_is_audited(client, council):
    from caseboard.decisions import services

    decision = services.decision_approve(decision=propose(council), approved_by=council.head)
    client.force_login(council.manager)
    for name in ("decisions:decision", "decisions:review", "decisions:pdf"):
        before = access_entries(decision).count()
        assert client.get(reverse(name, args=[decision.pk])).status_code == 200
        entries = access_entries(decision)
        assert entries.count() == before + 1, name
        assert entries.latest("pk").actor == council.manager


# --- approvals -------------------------------------------------------------------------------------------------
def test_approvals_lists_what_the_manager_may_approve(client, council):
    mine = propose(council, kind="visit_virtual")
    for_head = propose(council, kind="no_face_to_face_cp")
    own = propose(council, kind="visit_deferred", by=council.manager)
    client.force_login(council.manager)
    response = client.get(reverse("decisions:approvals"))
    assert response.status_code == 200
    assert [d.pk for d in response.context["pending"]] == [mine.pk]
    content = response.content.decode()
    assert reverse("decisions:decide", args=[mine.pk]) in content
    assert reverse("decisions:decide", args=[for_head.pk]) not in content  # reserved to a head of service
    assert reverse("decisions:decide", args=[own.pk]) not in content  # nobody approves their own proposal
    assert "Waiting for your approval (1)" in content
    assert "decision on Visit held virtually for Ava Brown</span>" in content  # each Save button is told apart

    client.force_login(council.head)
    pending = client.get(reverse("decisions:approvals")).context["pending"]
    assert {d.pk for d in pending} == {mine.pk, for_head.pk, own.pk}
    client.force_login(council.cp_head)  # another service's head
    assert client.get(reverse("decisions:approvals")).context["pending"] == []


@pytest.mark.parametrize("who", ["worker", "colleague", "performance", "iro"])
def test_approvals_is_forbidden_to_other_roles(client, council, who):
    client.force_login(getattr(council, who))
    assert client.get(reverse("decisions:approvals")).status_code == 403


def test_approve_from_the_approvals_list(client, council):
    decision = propose(council)
    client.force_login(council.manager)
    approvals = reverse("decisions:approvals")
    response = decide(client, decision, "approve", next_url=approvals)
    assert (response.status_code, response.url) == (302, approvals)
    decision.refresh_from_db()
    assert (decision.status, decision.decided_by) == (DecisionStatus.APPROVED, council.manager)
    assert decision.next_review_on == services.review_date(TODAY, 21)
    content = client.get(approvals).content.decode()
    assert "The decision is approved" in content
    assert "Nothing is waiting for your approval." in content
    assert Notification.objects.filter(recipient=council.worker, message__contains="approved").exists()


def test_reject_from_the_approvals_list(client, council):
    decision = propose(council)
    client.force_login(council.manager)
    approvals = reverse("decisions:approvals")
    response = decide(client, decision, "reject", reason="See the child in person", next_url=approvals)
    assert (response.status_code, response.url) == (302, approvals)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REJECTED
    assert decision.events.get(action=DecisionAction.REJECTED).reason == "See the child in person"
    assert Notification.objects.filter(recipient=council.worker, message__contains="See the child in person").exists()


def test_rejecting_without_a_reason_changes_nothing(client, council):
    decision = propose(council)
    client.force_login(council.manager)
    response = decide(client, decision, "reject", reason="  ", next_url=reverse("decisions:approvals"))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Enter the reason for rejecting the decision" in content
    assert '<a href="#id_reason">' in content  # the summary links to the field
    decision.refresh_from_db()
    assert (decision.status, decision.version) == (DecisionStatus.PROPOSED, 1)
    assert list(decision.events.values_list("action", flat=True)) == [DecisionAction.PROPOSED]


def test_deciding_without_an_outcome_changes_nothing(client, council):
    decision = propose(council)
    client.force_login(council.manager)
    response = decide(client, decision, "")
    assert response.status_code == 400
    assert "Select approve or reject" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED


def test_a_team_manager_forcing_an_approval_reserved_to_a_head_is_refused(client, council):
    decision = propose(council, kind="no_face_to_face_cp")
    client.force_login(council.manager)
    response = decide(client, decision, "approve")
    assert response.status_code == 400
    assert "This decision needs a head of service" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED


def test_the_proposer_cannot_approve_their_own_decision(client, council):
    decision = propose(council, by=council.manager)
    client.force_login(council.manager)
    response = decide(client, decision, "approve")
    assert response.status_code == 400
    assert "someone else must approve it" in response.content.decode()


def test_decide_does_not_redirect_to_another_site(client, council):
    decision = propose(council)
    client.force_login(council.manager)
    response = decide(client, decision, "approve", next_url="https://evil.example/phish")
    assert response.status_code == 302
    assert not response.url.startswith("https://evil.example"), "open redirect through `next`"


# --- review ----------------------------------------------------------------------------------------------------
def test_review_page_continues_the_decision(client, council):
    decision = approved(council)
    client.force_login(council.manager)
    url = reverse("decisions:review", args=[decision.pk])
    content = client.get(url).content.decode()
    assert "Review the key decision" in content and f"Review due {decision.next_review_on:%-d %B %Y}" in content

    response = client.post(url, {"outcome": "continue", "rationale": ""})
    assert response.status_code == 200
    assert "Enter the reasons for the review outcome" in response.content.decode()

    response = client.post(url, {"outcome": "continue", "rationale": "Still isolating; calls are going well"})
    assert (response.status_code, response.url) == (302, reverse("decisions:decision", args=[decision.pk]))
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    assert decision.next_review_on == services.review_date(TODAY, 21)
    event = decision.events.get(action=DecisionAction.REVIEWED_CONTINUE)
    assert (event.by, event.reason) == (council.manager, "Still isolating; calls are going well")
    assert "The review is recorded" in client.get(response.url).content.decode()


def test_review_page_of_a_decision_awaiting_approval_gives_no_empty_date(client, council):
    decision = propose(council)
    client.force_login(council.manager)
    content = client.get(reverse("decisions:review", args=[decision.pk])).content.decode()
    assert "Review due ." not in content


def test_the_proposer_cannot_review(client, council):
    decision = approved(council)
    client.force_login(council.worker)
    response = client.post(
        reverse("decisions:review", args=[decision.pk]), {"outcome": "continue", "rationale": "Fine"}
    )
    assert response.status_code == 403  # the review page is refused before anything is recorded
    assert not decision.events.filter(action=DecisionAction.REVIEWED_CONTINUE).exists()


# --- withdraw --------------------------------------------------------------------------------------------------
def test_the_proposer_withdraws(client, council):
    decision = propose(council)
    url = reverse("decisions:withdraw", args=[decision.pk])
    client.force_login(council.colleague)
    refused = client.post(url, follow=True)  # only the proposer: told why on the decision page
    assert "Only the person who proposed a decision can withdraw it" in refused.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.PROPOSED
    client.force_login(council.worker)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert (response.status_code, response.url) == (302, reverse("decisions:decision", args=[decision.pk]))
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.WITHDRAWN
    content = client.get(response.url).content.decode()
    assert "The decision has been withdrawn" in content and "Withdrawn" in content
    again = client.post(url, follow=True)
    assert "it cannot be withdrawn" in again.content.decode()


# --- PDF -------------------------------------------------------------------------------------------------------
def test_pdf_download(client, council):
    decision = approved(council)
    client.force_login(council.worker)
    response = client.get(reverse("decisions:pdf", args=[decision.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="key-decision-{decision.pk}.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_pdf_copes_with_characters_outside_latin_1(client, council):
    decision = propose(council, rationale="Mum\u2019s view \u2014 \u201cno visits\u201d \u2705 \u0141\u00f3d\u017a")
    client.force_login(council.worker)
    response = client.get(reverse("decisions:pdf", args=[decision.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# --- notifications ---------------------------------------------------------------------------------------------
def test_the_approver_is_notified_and_marks_notifications_read_with_a_button(client, council):
    decision = propose(council, kind="no_face_to_face_cp")
    client.force_login(council.head)
    home = client.get(reverse("decisions:approvals")).content.decode()
    assert NAV_COUNT in home  # approvals and notifications both count
    response = client.get(reverse("accounts:notifications"))
    content = response.content.decode()
    assert "asks you to approve: No face-to-face visit on a child protection case for Ava Brown" in content
    assert f'href="{reverse("decisions:decision", args=[decision.pk])}"' in content
    assert "New</strong>" in content
    # Opening the page changes nothing; the button (a POST) marks them read.
    assert Notification.objects.filter(recipient=council.head, read_at__isnull=True).exists()
    assert 'data-testid="mark-read"' in content
    response = client.post(reverse("accounts:notifications"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:notifications")
    assert not Notification.objects.filter(recipient=council.head, read_at__isnull=True).exists()

    # Once the decision is approved, nothing is counted any more.
    services.decision_approve(decision=decision, approved_by=council.head)
    content = client.get(reverse("accounts:notifications")).content.decode()
    assert NAV_COUNT not in content
    assert "New</strong>" not in content


def test_the_review_page_is_only_for_approved_decisions_and_their_approvers(client, council):
    decision = propose(council)
    client.force_login(council.manager)
    assert client.get(reverse("decisions:review", args=[decision.pk])).status_code == 403
    client.force_login(council.worker)
    assert client.get(reverse("decisions:review", args=[decision.pk])).status_code == 403


def test_the_approvals_card_shows_the_whole_decision_and_warns_when_approving_changes_nothing(client, council):
    from caseboard.policy.models import VisitCounting
    from caseboard.policy.selectors import version_in_force

    decision = propose(
        council,
        risks_considered="The child is not seen in person.\nThe school has not seen him either.",
        conditions="A video call every week with the child seen alone",
        risk_assessment_notes="Pre-visit check: the household is isolating",
        ends_on=TODAY.replace(year=TODAY.year + 1),
    )
    version = version_in_force(TODAY)
    client.force_login(council.manager)
    for counting, words in (
        (VisitCounting.IN_PERSON_ONLY, "only in-person visits count"),
        (VisitCounting.VIRTUAL_WITH_DECISION, "a virtual visit it covers counts as a statutory visit"),
    ):
        version.visit_counting = counting
        version.save()
        page = client.get(reverse("decisions:approvals")).content.decode()
        assert words in page
        assert ("govuk-warning-text" in page) == (counting == VisitCounting.IN_PERSON_ONLY)
    assert "The school has not seen him either." in page  # the risks in full
    assert "A video call every week with the child seen alone" in page
    assert "Pre-visit check: the household is isolating" in page
    assert f"until {decision.ends_on:%-d %B %Y}" in page
    assert council.own_child.local_id in page
