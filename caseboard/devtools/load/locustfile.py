"""The load scenario ``./dev load`` runs (``manage.py load``): locust users working as the demo council's staff do.

- **Social workers** (most users) sign in with their own demo account and go between their home page, their caseload,
  their worklist and the records of children on their caseload (taken from the caseload page, so every record opened
  is one they may see).
- **Team managers** look at the dashboard, their approvals and their team's worklist.
- **API clients** read children, due items and visits with a token, as a council's other systems would.

The accounts and tokens come from the runner in ``LOAD_ACCOUNTS`` (JSON), so this file needs no database. Traffic
goes only to the ``--host`` the runner gives, on the loopback interface.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

ACCOUNTS = json.loads(os.environ.get("LOAD_ACCOUNTS", "{}"))
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
CHILD_LINK = re.compile(r'href="/children/(\d+)/"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_next = {kind: itertools.cycle(ACCOUNTS.get(kind) or [""]) for kind in ("workers", "managers", "tokens")}


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    kind = ""

    def on_start(self) -> None:
        username = next(_next[self.kind])
        page = self.client.get("/accounts/login/", name="sign in page")
        token = CSRF_FIELD.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure(f"sign-in refused for {username}")

    def page(self, path: str, name: str | None = None):
        return self.client.get(path, name=name or path)


class SocialWorker(SignedIn):
    weight = 6
    kind = "workers"
    children: list[str]

    def on_start(self) -> None:
        super().on_start()
        self.children = CHILD_LINK.findall(self.page("/caseload/").text)

    @task(3)
    def home(self) -> None:
        self.page("/", "home")

    @task(2)
    def caseload(self) -> None:
        self.children = CHILD_LINK.findall(self.page("/caseload/").text) or self.children

    @task(2)
    def worklist(self) -> None:
        self.page("/worklist/")

    @task(4)
    def child_record(self) -> None:
        if self.children:
            self.page(f"/children/{random.choice(self.children)}/", "/children/<id>/")


class TeamManager(SignedIn):
    weight = 2
    kind = "managers"

    @task(2)
    def home(self) -> None:
        self.page("/", "home")

    @task(2)
    def dashboard(self) -> None:
        self.page("/dashboard/")

    @task(1)
    def approvals(self) -> None:
        self.page("/approvals/")


class ApiClient(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {next(_next['tokens'])}"

    @task(2)
    def children(self) -> None:
        self.client.get("/api/v1/children/", name="api children")

    @task(2)
    def due_items(self) -> None:
        self.client.get("/api/v1/due-items/", name="api due items")

    @task(1)
    def visits(self) -> None:
        self.client.get("/api/v1/visits/", name="api visits")
