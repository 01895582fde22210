"""The demo council's sign-in accounts: the sign-in page lists them in demo mode, the demo builder
(``caseboard.casework.demo``) makes them, and README.md's "First ten minutes as each role" follows them. A test
builds the demo and checks each account exists with the role and team said here."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "caseboard-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str  # the Role value
    where: str  # the team or service, as the sign-in page shows it ("" for council-wide roles)
    try_first: str  # the journey to try first, in a few words

    @property
    def description(self) -> str:
        from .models import Role

        label = Role(self.role).label
        return f"{label}, {self.where}" if self.where else label


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("worker", "social_worker", "Children in need team 1", "My caseload, a pre-visit check and a visit"),
    DemoAccount("manager", "team_manager", "Children in need team 1", "Approvals, the team's RAG ratings, allocation"),
    DemoAccount("head", "head_of_service", "Children in need", "The operating model, approvals, the access report"),
    DemoAccount("cp.worker", "social_worker", "Child protection team 1", "Propose no face-to-face visit on a CP case"),
    DemoAccount("cp.manager", "team_manager", "Child protection team 1", "Core groups, conferences, the team worklist"),
    DemoAccount("cp.head", "head_of_service", "Child protection", "Approve no face-to-face visit on a CP case"),
    DemoAccount("iro", "iro", "Independent reviewing team 1", "My looked-after reviews, chairing a conference"),
    DemoAccount("pa", "personal_adviser", "Leaving care team 1", "Care leavers' contact by RAG rating"),
    DemoAccount("frontdoor", "front_door", "MASH team 1", "Record a contact and decide on it, screening"),
    DemoAccount("tm.mash-team-1", "team_manager", "MASH team 1", "Front door decisions, a remote initial visit"),
    DemoAccount("performance", "performance_officer", "", "Reports, the weekly visits return, stored returns"),
    DemoAccount("admin", "administrator", "", "Django admin, recompute due items, the operating model"),
)
