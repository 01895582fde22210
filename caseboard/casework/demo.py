"""A deterministic fictional council for demonstrations, tests at scale and benchmarks.

The same ``seed`` and ``children`` always build the same data (names, dates, codes, allocations), relative to
``today``. Rows are written in bulk inside an ``audit_bypass``: loading demo data is not casework, and writing
100,000 children one by one through the audit log would take an hour.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from caseboard.accounts.demo import DEMO_PASSWORD
from caseboard.accounts.models import Role, Service, Team, User
from caseboard.core.audit import audit_bypass
from caseboard.core.demo_postcodes import home_postcode
from caseboard.people.models import (
    Child,
    FamilyMember,
    Household,
    HouseholdMember,
    Relationship,
    SiblingKind,
    SiblingLink,
)

from .models import Allocation, AllocationRole, Episode, EpisodeKind

# The demo council's 3-digit LA code, as the DfE returns know it (it borrows the City of London's).
DEMO_LA_CODE = "201"
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def valid_upn(body: str) -> str:
    """A unique pupil number for the 12 characters after its check letter (LA code, year, serial, digit): the check
    letter is the sum of each character times its position (2 to 13), modulo 23 (DfE UPN guidance)."""
    total = sum(int(character) * position for position, character in enumerate(body, start=2))
    return UPN_CHECK_LETTERS[total % 23] + body


# Generated staff who are also sign-in accounts (``caseboard.accounts.demo.DEMO_ACCOUNTS``): a child protection
# social worker, team manager and head of service (the central journey of seed 002: a head of service approving no
# face-to-face visit on a child protection case), and a personal adviser for care leavers.
DEMO_ALIASES = {
    "sw.child-protection-team-1.1": ("cp.worker", "Jordan", "Blake"),
    "tm.child-protection-team-1": ("cp.manager", "Marcus", "Reid"),
    "hos.child-protection": ("cp.head", "Nadia", "Rahman"),
    "sw.leaving-care-team-1.1": ("pa", "Chris", "Lowe"),
}
BATCH = 2000

FIRST_NAMES = [
    "Aaliyah",
    "Aaron",
    "Abdul",
    "Adam",
    "Aisha",
    "Alex",
    "Alfie",
    "Amara",
    "Amelia",
    "Amir",
    "Archie",
    "Aria",
    "Arlo",
    "Ava",
    "Ayaan",
    "Bella",
    "Ben",
    "Bilal",
    "Bobby",
    "Caleb",
    "Callum",
    "Charlie",
    "Chloe",
    "Cody",
    "Connor",
    "Daisy",
    "Daniel",
    "Darcy",
    "Dexter",
    "Dylan",
    "Ebony",
    "Eden",
    "Elijah",
    "Ella",
    "Ellie",
    "Elsie",
    "Emily",
    "Esme",
    "Ethan",
    "Evie",
    "Ezra",
    "Faith",
    "Felix",
    "Finley",
    "Florence",
    "Frankie",
    "Freya",
    "George",
    "Grace",
    "Hamza",
    "Harley",
    "Harper",
    "Harry",
    "Harvey",
    "Hassan",
    "Hollie",
    "Hugo",
    "Ibrahim",
    "Imogen",
    "Isaac",
    "Isla",
    "Ivy",
    "Jack",
    "Jacob",
    "Jade",
    "Jake",
    "Jamal",
    "Jasmine",
    "Jayden",
    "Jessica",
    "Joel",
    "Jordan",
    "Joseph",
    "Josh",
    "Kai",
    "Kayla",
    "Keira",
    "Kian",
    "Kyle",
    "Layla",
    "Leo",
    "Lewis",
    "Liam",
    "Lily",
    "Logan",
    "Lola",
    "Louie",
    "Lucas",
    "Luna",
    "Maisie",
    "Malik",
    "Maryam",
    "Mason",
    "Matilda",
    "Max",
    "Maya",
    "Mia",
    "Millie",
    "Mohammed",
    "Molly",
    "Muhammad",
    "Nathan",
    "Niamh",
    "Noah",
    "Olivia",
    "Ollie",
    "Oscar",
    "Paige",
    "Phoebe",
    "Poppy",
    "Reggie",
    "Riley",
    "Rosie",
    "Ruby",
    "Ryan",
    "Sam",
    "Sara",
    "Scarlett",
    "Sienna",
    "Sofia",
    "Sophie",
    "Summer",
    "Tayo",
    "Teddy",
    "Theo",
    "Thomas",
    "Tia",
    "Toby",
    "Tommy",
    "Tyler",
    "Violet",
    "Willow",
    "Yusuf",
    "Zac",
    "Zara",
    "Zain",
]
LAST_NAMES = [
    "Adams",
    "Ahmed",
    "Ali",
    "Allen",
    "Anderson",
    "Atkinson",
    "Bailey",
    "Baker",
    "Barker",
    "Bell",
    "Bennett",
    "Booth",
    "Brown",
    "Butler",
    "Campbell",
    "Carter",
    "Chapman",
    "Clarke",
    "Collins",
    "Cook",
    "Cooper",
    "Cox",
    "Davies",
    "Davis",
    "Dawson",
    "Dixon",
    "Edwards",
    "Ellis",
    "Evans",
    "Fisher",
    "Fletcher",
    "Foster",
    "Fox",
    "Gibson",
    "Graham",
    "Gray",
    "Green",
    "Griffiths",
    "Hall",
    "Harris",
    "Harrison",
    "Hill",
    "Holmes",
    "Hughes",
    "Hunt",
    "Hussain",
    "Jackson",
    "James",
    "Jenkins",
    "Johnson",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "King",
    "Knight",
    "Lee",
    "Lewis",
    "Lloyd",
    "Marshall",
    "Martin",
    "Mason",
    "Matthews",
    "Miller",
    "Mills",
    "Mitchell",
    "Moore",
    "Morgan",
    "Morris",
    "Murphy",
    "Murray",
    "Nowak",
    "Owen",
    "Palmer",
    "Parker",
    "Patel",
    "Pearson",
    "Phillips",
    "Powell",
    "Price",
    "Richards",
    "Richardson",
    "Roberts",
    "Robinson",
    "Rogers",
    "Rose",
    "Russell",
    "Saunders",
    "Scott",
    "Shaw",
    "Simpson",
    "Singh",
    "Smith",
    "Stevens",
    "Stewart",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Wallace",
    "Ward",
    "Watson",
    "Webb",
    "Wells",
    "White",
    "Wilkinson",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
STREETS = [
    "Mill Lane",
    "Church Street",
    "Station Road",
    "Victoria Road",
    "Park Avenue",
    "Moor View",
    "Chapel Row",
    "Beck Side",
]

# (service, teams per 1,000 children, minimum teams, the episode kind the service holds)
SERVICES: tuple[tuple[str, str, float, int], ...] = (
    ("Front door (MASH)", "front-door", 0.3, 1),
    ("Assessment", "assessment", 1.0, 1),
    ("Children in need", "children-in-need", 4.0, 1),
    ("Child protection", "child-protection", 1.5, 1),
    ("Children in care", "children-in-care", 2.0, 1),
    ("Leaving care", "leaving-care", 1.0, 1),
    ("Early help", "early-help", 1.0, 1),
    ("Safeguarding and quality assurance", "quality-assurance", 0.7, 1),
)
# Share of children by their main involvement (DfE proportions, roughly).
COHORTS = (("cin", 0.50), ("cp", 0.14), ("lac", 0.18), ("care_leaver", 0.09), ("early_help", 0.09))
COHORT_SERVICE = {
    "cin": "children-in-need",
    "cp": "child-protection",
    "lac": "children-in-care",
    "care_leaver": "leaving-care",
    "early_help": "early-help",
}
ETHNICITY_WEIGHTS = (
    ("WBRI", 70),
    ("WOTH", 4),
    ("MWBC", 3),
    ("MWAS", 2),
    ("MOTH", 3),
    ("APKN", 5),
    ("AIND", 1),
    ("ABAN", 1),
    ("AOTH", 1),
    ("BAFR", 3),
    ("BCRB", 1),
    ("BOTH", 1),
    ("CHNE", 1),
    ("OOTH", 2),
    ("WROM", 1),
    ("NOBT", 1),
)
LAC_LEGAL = (("C2", 50), ("C1", 15), ("V2", 28), ("E1", 5), ("L2", 2))
# Placement types of looked-after children (weights): with the placements with parents made for children whose
# brothers and sisters live at home (``LAC_AT_HOME``), about 60% fostered (a sixth of them with family or friends),
# 13% in children's homes, 7% with parents; the rest placed for adoption, in supported accommodation or schools.
LAC_PLACEMENT = (
    ("U6", 27, "PR1"),
    ("U4", 13, "PR1"),
    ("U3", 12, "PR1"),
    ("U1", 5, "PR1"),
    ("K2", 6, "PR4"),
    ("P1", 1, "PR0"),
    ("K3", 5, "PR4"),
    ("R1", 2, "PR4"),
    ("A4", 10, "PR1"),
    ("A6", 6, "PR1"),
    ("S1", 4, "PR4"),
    ("U5", 3, "PR1"),
)
# Of children placed with family or friends short term (U3), this share came into care in the last 16 weeks: the
# placements a council makes with temporarily approved connected persons (reg 24), about 4% of those looked after.
LAC_RECENT_WITH_FAMILY = 0.26
CIN_SOURCES = (
    ("2A", 18),
    ("6", 28),
    ("3A", 6),
    ("3B", 6),
    ("3E", 4),
    ("1A", 6),
    ("5A", 6),
    ("5D", 8),
    ("4", 4),
    ("8", 6),
    ("9", 2),
    ("1C", 3),
    ("3F", 3),
)
NEEDS = (("N1", 55), ("N2", 8), ("N3", 5), ("N4", 8), ("N5", 12), ("N6", 3), ("N7", 2), ("N8", 3), ("N0", 4))
CATEGORIES = (("NEG", 48), ("EMO", 36), ("PHY", 7), ("SAB", 4), ("MUL", 5))

# Brothers and sisters: a child of these cohorts starts a sibling group with this chance, of these sizes, so about
# 40% of children have a brother or sister open to the service. A sibling usually has the same involvement as the
# eldest (a CP plan usually covers the sibling group); the others are in need, on a plan or looked after.
GROUP_COHORTS = frozenset({"cin", "cp", "lac", "early_help"})
FAMILY_START = 0.23
FAMILY_SIZES = ((2, 60), (3, 27), (4, 10), (5, 3))
SAME_COHORT = 0.75
SIBLING_KINDS = (("full", 65), ("half", 30), ("step", 5))
# Brothers and sisters with different involvement are allocated together to the team of the highest (LAC > CP >
# CIN > Early Help) this often; otherwise each to a team of their own service (so some are in different teams).
CO_ALLOCATED = 0.7
LEAD_ORDER = ("lac", "cp", "cin", "early_help")
# A looked-after child whose brothers and sisters live at home is placed with their parents this often.
LAC_AT_HOME = 0.5


@dataclass
class DemoSummary:
    children: int = 0
    staff: int = 0
    teams: int = 0
    episodes: int = 0
    allocations: int = 0
    family_members: int = 0
    households: int = 0
    sibling_links: int = 0
    by_cohort: dict[str, int] = field(default_factory=dict)


def _weighted(rng: random.Random, options: tuple) -> str:
    values = [option[0] for option in options]
    weights = [option[1] for option in options]
    return rng.choices(values, weights)[0]


def _weekday(day: date) -> date:
    """The day, or the Friday before it if it falls at a weekend: a plan starts at a conference, which is held on
    a weekday (CIN census rule 8875)."""
    return day - timedelta(days=max(0, day.weekday() - 4))


@dataclass(frozen=True)
class PlannedChild:
    cohort: str
    family: int
    position: int  # 0: the eldest planned (the one the others are related to)
    kind: str  # full, half or step, to the eldest


@dataclass
class Family:
    """What brothers and sisters share: a surname, an address, a mother's and father's name, a household."""

    last_name: str
    address: str
    postcode: str
    ethnicity: str
    mother: str
    father: str
    has_video_device: bool
    has_internet_access: bool
    cohorts: tuple[str, ...]
    co_allocated: bool
    dobs: list[date] = field(default_factory=list)
    members: list[tuple[int, str, date | None, bool]] = field(default_factory=list)  # (child pk, kind, from, home)
    allocation: dict[str, tuple[Team, User]] = field(default_factory=dict)

    @property
    def all_looked_after(self) -> bool:
        return all(cohort == "lac" for cohort in self.cohorts)

    @property
    def has_child_away(self) -> bool:
        return any(not at_home for *_, at_home in self.members)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class DemoBuilder:
    """Builds the demo council. Call ``build()``; ``progress(done, total)`` is called as children are written."""

    def __init__(
        self, *, children: int, seed: int, today: date | None = None, progress: Callable[[int, int], None] | None = None
    ) -> None:
        if children < 1:
            raise ValueError("Build at least one child")
        self.total = children
        self.rng = random.Random(seed)
        # Draws added after the council was first generated use their own stream, so the rest stays as it was.
        self.recent_rng = random.Random(seed * 7919 + 24)
        self.today = today or timezone.localdate()
        self.progress = progress or (lambda done, total: None)
        self.password = make_password(DEMO_PASSWORD)
        self.summary = DemoSummary()
        self.teams: dict[str, list[Team]] = {}
        self.workers: dict[int, list[User]] = {}
        self.demo_worker: User | None = None

    # --- staff -----------------------------------------------------------------------------------------------
    def _user(self, username: str, first: str, last: str, role: str, **extra: object) -> User:
        # Some generated staff are the demo's sign-in accounts for their service (same names drawn, so the rest of
        # the council is the same whatever the accounts are called).
        username, first, last = DEMO_ALIASES.get(username, (username, first, last))
        return User(
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            password=self.password,
            email=f"{username}@caseboard.invalid",
            **extra,
        )

    def _build_staff(self) -> None:
        rng = self.rng
        services = []
        for name, slug, _per_thousand, _minimum in SERVICES:
            services.append(Service(name=name, slug=slug))
        Service.objects.bulk_create(services)
        service_by_slug = {service.slug: service for service in Service.objects.all()}
        teams: list[Team] = []
        for name, slug, per_thousand, minimum in SERVICES:
            count = max(minimum, round(self.total / 1000 * per_thousand))
            label = {"front-door": "MASH", "quality-assurance": "Independent reviewing"}.get(slug, name)
            for number in range(1, count + 1):
                teams.append(Team(name=f"{label} team {number}", service=service_by_slug[slug]))
        Team.objects.bulk_create(teams)
        for team in Team.objects.select_related("service").order_by("pk"):
            self.teams.setdefault(team.service.slug, []).append(team)
        self.summary.teams = len(teams)

        users: list[User] = []
        memberships: list[tuple[int, str]] = []  # (index in users, team name)
        heads: list[User] = []
        role_for_service = {
            "leaving-care": Role.PERSONAL_ADVISER,
            "quality-assurance": Role.IRO,
            "front-door": Role.FRONT_DOOR,
        }
        for slug, service_teams in self.teams.items():
            head = self._user(
                f"hos.{slug}",
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                Role.HEAD_OF_SERVICE,
                job_title=f"Head of service, {service_teams[0].service.name}",
                service=service_teams[0].service,
            )
            heads.append(head)
            for team in service_teams:
                tag = team.name.lower().replace(" ", "-").replace("(", "").replace(")", "")
                users.append(
                    self._user(
                        f"tm.{tag}",
                        rng.choice(FIRST_NAMES),
                        rng.choice(LAST_NAMES),
                        Role.TEAM_MANAGER,
                        job_title=f"Team manager, {team.name}",
                    )
                )
                memberships.append((len(users) - 1, team.name))
                for number in range(1, 8):
                    role = role_for_service.get(slug, Role.SOCIAL_WORKER)
                    users.append(
                        self._user(
                            f"sw.{tag}.{number}",
                            rng.choice(FIRST_NAMES),
                            rng.choice(LAST_NAMES),
                            role,
                            job_title=f"{role.label}, {team.name}",
                        )
                    )
                    memberships.append((len(users) - 1, team.name))
        cin_team = self.teams["children-in-need"][0]
        iro_team = self.teams["quality-assurance"][0]
        mash_team = self.teams["front-door"][0]
        demo = [
            self._user("worker", "Sam", "Okafor", Role.SOCIAL_WORKER, job_title=f"Social worker, {cin_team.name}"),
            self._user("manager", "Priya", "Shah", Role.TEAM_MANAGER, job_title=f"Team manager, {cin_team.name}"),
            self._user("iro", "Helen", "Marsh", Role.IRO, job_title="Independent reviewing officer"),
            self._user("performance", "Tom", "Reed", Role.PERFORMANCE_OFFICER, job_title="Performance officer"),
            self._user(
                "admin",
                "Ada",
                "Quinn",
                Role.ADMINISTRATOR,
                job_title="Systems administrator",
                is_staff=True,
                is_superuser=True,
            ),
            self._user(
                "head",
                "Grace",
                "Adeyemi",
                Role.HEAD_OF_SERVICE,
                job_title="Head of service, Children in need",
                service=cin_team.service,
            ),
            self._user(
                "frontdoor", "Lena", "Kowalski", Role.FRONT_DOOR, job_title=f"Front door practitioner, {mash_team.name}"
            ),
        ]
        users.extend(demo)
        memberships += [
            (len(users) - 7, cin_team.name),
            (len(users) - 6, cin_team.name),
            (len(users) - 5, iro_team.name),
            (len(users) - 1, mash_team.name),
        ]
        # The demo head leads the CIN service; the generated head of that service is not created.
        heads = [head for head in heads if head.service_id != cin_team.service_id]
        User.objects.bulk_create(users + heads)
        by_name = {team.name: team for teams_ in self.teams.values() for team in teams_}
        by_username = {user.username: user for user in User.objects.all()}
        through = User.teams.through
        through.objects.bulk_create(
            [
                through(user_id=by_username[users[index].username].pk, team_id=by_name[name].pk)
                for index, name in memberships
            ]
        )
        for index, name in memberships:
            user = by_username[users[index].username]
            if user.role != Role.TEAM_MANAGER:
                self.workers.setdefault(by_name[name].pk, []).append(user)
        self.demo_worker = by_username["worker"]
        self.summary.staff = len(users) + len(heads)

    # --- children ----------------------------------------------------------------------------------------------
    def _dob(self, cohort: str) -> date:
        rng = self.rng
        if cohort == "care_leaver":
            years = rng.uniform(18.0, 21.9)
        elif cohort == "cp":
            years = rng.triangular(0.0, 16.0, 3.0)
        else:
            years = rng.triangular(0.0, 17.9, 10.0)
        return self.today - timedelta(days=int(years * 365.25))

    def _plan(self) -> list[PlannedChild]:
        """Each child's cohort and sibling group, in the order they are built."""
        rng = self.rng
        cohorts = [name for name, _ in COHORTS]
        weights = [weight for _, weight in COHORTS]
        plan: list[PlannedChild] = []
        family = 0
        while len(plan) < self.total:
            cohort = rng.choices(cohorts, weights)[0]
            size = 1
            if cohort in GROUP_COHORTS and rng.random() < FAMILY_START:
                size = int(_weighted(rng, FAMILY_SIZES))
            for position in range(min(size, self.total - len(plan))):
                own = cohort if position == 0 or rng.random() < SAME_COHORT else rng.choice(("cin", "cp", "lac"))
                kind = "full" if position == 0 else _weighted(rng, SIBLING_KINDS)
                plan.append(PlannedChild(own, family, position, kind))
            family += 1
        return plan

    def _family(self, cohorts: tuple[str, ...]) -> Family:
        rng = self.rng
        return Family(
            last_name=rng.choice(LAST_NAMES),
            address=f"{rng.randint(1, 180)} {rng.choice(STREETS)}\nNorthmoor",
            postcode=home_postcode(
                rng.randint(1, 19),
                rng.randint(1, 9),
                rng.choice("ABDEFGHJLNPQRSTUWXYZ"),
                rng.choice("ABDEFGHJLNPQRSTUWXYZ"),
            ),
            ethnicity=_weighted(rng, ETHNICITY_WEIGHTS),
            mother=rng.choice(FIRST_NAMES),
            father=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            has_video_device=rng.random() < 0.85,
            has_internet_access=rng.random() < 0.88,
            cohorts=cohorts,
            co_allocated=rng.random() < CO_ALLOCATED,
        )

    def _sibling_dob(self, family: Family) -> date:
        """A brother or sister 1 to 4½ years younger than the youngest (older than the eldest, if that would be in
        the future)."""
        rng = self.rng
        base = max(family.dobs) if family.dobs else self.today
        gap = timedelta(days=int(rng.uniform(1.1, 4.5) * 365.25))
        if base + gap <= self.today - timedelta(days=30):
            return base + gap
        oldest = min(family.dobs) if family.dobs else self.today
        return max(oldest - gap, self.today - timedelta(days=int(17.5 * 365.25)))

    def _child(self, index: int, cohort: str, family: Family, planned: PlannedChild) -> Child:
        rng = self.rng
        unborn = cohort == "cp" and planned.position == 0 and rng.random() < 0.01
        dob = None if unborn else (self._dob(cohort) if planned.position == 0 else self._sibling_dob(family))
        if dob is not None:
            family.dobs.append(dob)
        sex = "U" if unborn else rng.choice("MF")
        same_name = planned.kind == "full" or (planned.kind == "half" and rng.random() < 0.6)
        same_ethnicity = planned.kind == "full" or rng.random() < 0.7
        upn = ""
        upn_unknown = ""
        if dob and (self.today - dob).days > 5 * 365:
            rng.choice(UPN_CHECK_LETTERS)  # drawn and discarded, so the rest of the demo stays as it was
            upn = valid_upn(f"{DEMO_LA_CODE}{rng.randrange(10**10, 10**11) % 10**8:08d}{rng.randrange(10)}")
        elif dob:
            upn_unknown = "UN1"
        disabled = rng.random() < 0.08
        return Child(
            local_id=f"{100000 + index}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=family.last_name if same_name else rng.choice(LAST_NAMES),
            date_of_birth=dob,
            expected_date_of_birth=(self.today + timedelta(days=rng.randint(10, 150))) if unborn else None,
            sex=sex,
            ethnicity=family.ethnicity if same_ethnicity else _weighted(rng, ETHNICITY_WEIGHTS),
            upn=upn,
            upn_unknown=upn_unknown,
            disabilities=[rng.choice(["LD", "AUT", "COMM", "MOB", "BEH"])] if disabled else ["NONE"],
            address=family.address,
            postcode=family.postcode,
            is_restricted=rng.random() < 0.002,
        )

    def _start(self, earliest: date, latest_days_ago: int = 7) -> date:
        latest = self.today - timedelta(days=latest_days_ago)
        if earliest >= latest:
            return latest
        return earliest + timedelta(days=self.rng.randint(0, (latest - earliest).days))

    def _start_recent(self, earliest: date) -> date:
        """A start in the last 16 weeks (and not before ``earliest``), from the stream of later draws."""
        latest = self.today - timedelta(days=3)
        first = max(earliest, self.today - timedelta(days=105))
        if first >= latest:
            return min(first, self.today)
        return first + timedelta(days=self.recent_rng.randint(0, (latest - first).days))

    def _episodes(self, child: Child, cohort: str) -> list[Episode]:
        rng = self.rng
        born = child.date_of_birth or self.today
        two_years_ago = max(born, self.today - timedelta(days=730))
        episodes: list[Episode] = []
        if rng.random() < 0.2 and cohort in {"cin", "cp", "lac"} and (self.today - born).days > 1200:
            first = self._start(born + timedelta(days=200), 900)
            end = min(first + timedelta(days=rng.randint(60, 300)), self.today - timedelta(days=800))
            if end > first:
                episodes.append(
                    Episode(
                        child=child,
                        kind=EpisodeKind.CHILD_IN_NEED,
                        start_on=first,
                        end_on=end,
                        referral_source=_weighted(rng, CIN_SOURCES),
                        primary_need="N1",
                        reason_for_closure=rng.choice(["RC8", "RC9", "RC7"]),
                    )
                )
        if cohort == "early_help":
            episodes.append(Episode(child=child, kind=EpisodeKind.EARLY_HELP, start_on=self._start(two_years_ago)))
            return episodes
        if cohort == "care_leaver":
            left = born + relativedelta(years=18)
            lac_start = self._start(born + relativedelta(years=13), (self.today - left).days + 30)
            legal = rng.choice(["C2", "V2"])
            placement = rng.choice(["U6", "U4", "K2", "K3"])
            if placement == "K3" and (child.age_on(lac_start) or 0) < 16:
                placement = "K2"  # supported accommodation is from 16 (SSDA903 rule 371)
            episodes.append(
                Episode(
                    child=child,
                    kind=EpisodeKind.LOOKED_AFTER,
                    start_on=lac_start,
                    end_on=min(left, self.today),
                    legal_status=legal,
                    placement_type=placement,
                    placement_provider="PR1",
                    reason_episode_ceased=rng.choice(["E17", "E5", "E6", "E8"]),
                )
            )
            episodes.append(
                Episode(
                    child=child,
                    kind=EpisodeKind.CARE_LEAVER,
                    start_on=min(left, self.today),
                    care_leaver_status="former_relevant",
                )
            )
            return episodes
        referral = self._start(
            two_years_ago if cohort != "cp" or child.date_of_birth else self.today - timedelta(days=60), 14
        )
        cin = Episode(
            child=child,
            kind=EpisodeKind.CHILD_IN_NEED,
            start_on=referral,
            referral_source=_weighted(rng, CIN_SOURCES),
            primary_need=_weighted(rng, NEEDS),
        )
        episodes.append(cin)
        if cohort == "cp":
            category = _weighted(rng, CATEGORIES)
            episodes.append(
                Episode(
                    child=child,
                    kind=EpisodeKind.CHILD_PROTECTION,
                    start_on=_weekday(min(referral + timedelta(days=rng.randint(15, 60)), self.today)),
                    initial_category_of_abuse=category,
                    latest_category_of_abuse=category,
                )
            )
        elif cohort == "lac":
            placement, _, provider = rng.choices(LAC_PLACEMENT, [p[1] for p in LAC_PLACEMENT])[0]
            legal = _weighted(rng, LAC_LEGAL)
            if placement == "P1":
                legal = rng.choice(["C1", "C2"])
            if placement.startswith("A"):
                legal = "E1"
            start = min(referral + timedelta(days=rng.randint(10, 120)), self.today)
            # An emergency protection order lasts at most 21 days (15 with one 7-day extension); supported
            # accommodation is for young people of 16 or more (SSDA903 rules 362 and 371).
            if legal == "L2" and (self.today - start).days > 21:
                legal = "C1"
            if placement == "K3" and (child.age_on(start) or 0) < 16:
                placement = "K2"
            if placement == "U3" and self.recent_rng.random() < LAC_RECENT_WITH_FAMILY:
                start = max(start, self._start_recent(referral))
            episodes.append(
                Episode(
                    child=child,
                    kind=EpisodeKind.LOOKED_AFTER,
                    start_on=start,
                    legal_status=legal,
                    placement_type=placement,
                    placement_provider=provider,
                    placement_intended_until_18=placement in {"U1", "U4"},
                )
            )
        if cohort == "cin" and rng.random() < 0.05:
            episodes.append(Episode(child=child, kind=EpisodeKind.EARLY_HELP, start_on=self._start(referral)))
        return episodes

    def _family_members(self, child: Child, family: Family, kind: str) -> list[FamilyMember]:
        rng = self.rng
        mother = family.mother if kind != "step" else rng.choice(FIRST_NAMES)
        members = [
            FamilyMember(
                child=child,
                name=f"{mother} {family.last_name}",
                relationship=Relationship.MOTHER,
                has_parental_responsibility=True,
                lives_with_child=rng.random() < 0.7,
                phone=f"07700 900{rng.randint(100, 999)}",
            )
        ]
        if rng.random() < 0.6:
            members.append(
                FamilyMember(
                    child=child,
                    name=family.father if kind == "full" else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    relationship=Relationship.FATHER,
                    has_parental_responsibility=rng.random() < 0.7,
                    lives_with_child=rng.random() < 0.35,
                )
            )
        if rng.random() < 0.3:
            members.append(
                FamilyMember(
                    child=child,
                    name=f"{rng.choice(FIRST_NAMES)} {child.last_name}",
                    relationship=Relationship.GRANDPARENT,
                )
            )
        return members

    def _allocate(
        self, child: Child, cohort: str, episodes: list[Episode], demo_quota: list[int], family: Family
    ) -> list[Allocation]:
        """The child's worker: brothers and sisters with the same involvement share one, and a sibling group is
        often held together in the team of the highest involvement among them."""
        rng = self.rng
        lead = next((kind for kind in LEAD_ORDER if kind in family.cohorts), cohort)
        key = lead if family.co_allocated and cohort in LEAD_ORDER else cohort
        if key in family.allocation:
            team, worker = family.allocation[key]
            if worker is self.demo_worker:
                demo_quota[0] -= 1
        elif key == "cin" and demo_quota[0] > 0 and not child.is_restricted:
            demo_quota[0] -= 1
            team = self.teams["children-in-need"][0]
            worker = self.demo_worker
        else:
            team = rng.choice(self.teams[COHORT_SERVICE[key]])
            worker = rng.choice(self.workers[team.pk])
        family.allocation[key] = (team, worker)
        role = {"care_leaver": AllocationRole.PERSONAL_ADVISER, "early_help": AllocationRole.EARLY_HELP}.get(
            cohort, AllocationRole.SOCIAL_WORKER
        )
        started = max(episode.start_on for episode in episodes if episode.end_on is None)
        allocations = [Allocation(child=child, worker=worker, team=team, role=role, started_on=started)]
        if cohort in {"lac", "cp"}:
            iro_team = rng.choice(self.teams["quality-assurance"])
            allocations.append(
                Allocation(
                    child=child,
                    worker=rng.choice(self.workers[iro_team.pk]),
                    team=iro_team,
                    role=AllocationRole.IRO,
                    started_on=started,
                )
            )
        return allocations

    def _placed_at_home(self, episodes: list[Episode], family: Family) -> bool:
        """Whether the child lives in the family's household: yes unless looked after, when brothers and sisters
        looked after together live together (in their foster home), and a looked-after child whose brothers and
        sisters live at home is sometimes placed with their parents (placement P1)."""
        looked_after = next(
            (episode for episode in episodes if episode.kind == EpisodeKind.LOOKED_AFTER and episode.end_on is None),
            None,
        )
        if looked_after is None:
            return True
        if all(cohort == "lac" for cohort in family.cohorts):
            return True
        if self.rng.random() < LAC_AT_HOME:
            looked_after.placement_type = "P1"
            looked_after.placement_provider = "PR0"
            looked_after.placement_intended_until_18 = False
            if looked_after.legal_status not in ("C1", "C2"):
                looked_after.legal_status = "C2"
            return True
        return False

    def _households_and_siblings(self, families: list[Family]) -> None:
        """A household for each family (its address and video-call answers, the children who live there from
        birth or placement, the mother or foster carer), and the links between brothers and sisters with the
        family member entries that name them."""
        rng = self.rng
        households = []
        for family in families:
            households.append(
                Household(
                    address=family.address,
                    postcode=family.postcode,
                    has_video_device=family.has_video_device,
                    has_internet_access=family.has_internet_access,
                )
            )
            if family.has_child_away:  # a looked-after child placed away from home: their foster home
                households.append(
                    Household(
                        address=f"{rng.randint(1, 90)} {rng.choice(STREETS)}\nNorthmoor",
                        postcode=home_postcode(
                            rng.randint(1, 19),
                            rng.randint(1, 9),
                            rng.choice("ABDEFGHJLNPQRSTUWXYZ"),
                            rng.choice("ABDEFGHJLNPQRSTUWXYZ"),
                        ),
                        has_video_device=True,
                        has_internet_access=True,
                    )
                )
        Household.objects.bulk_create(households, batch_size=BATCH)
        members: list[HouseholdMember] = []
        links: list[SiblingLink] = []
        entries: list[FamilyMember] = []
        names = {
            pk: f"{first} {last}" for pk, first, last in Child.objects.values_list("pk", "first_name", "last_name")
        }
        now = timezone.now()
        queue = iter(households)
        for family in families:
            home = next(queue)
            away = next(queue) if family.has_child_away else None
            if family.all_looked_after:
                adult = (f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", "Foster carer", None)
            else:
                adult = (f"{family.mother} {family.last_name}", "Mother", min(family.dobs) if family.dobs else None)
            members.append(HouseholdMember(household=home, name=adult[0], description=adult[1], started_on=adult[2]))
            if away is not None:
                members.append(
                    HouseholdMember(
                        household=away,
                        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        description="Foster carer",
                    )
                )
            for child_pk, _kind, moved_in, at_home in family.members:
                members.append(
                    HouseholdMember(household=home if at_home else away, child_id=child_pk, started_on=moved_in)
                )
            for index, (first, first_kind, *_) in enumerate(family.members):
                for second, second_kind, *_ in family.members[index + 1 :]:
                    kinds = {first_kind, second_kind}
                    kind = SiblingKind.STEP if "step" in kinds else SiblingKind.HALF if "half" in kinds else "full"
                    links.append(
                        SiblingLink(
                            child_id=min(first, second), sibling_id=max(first, second), kind=kind, linked_at=now
                        )
                    )
                    for one, other in ((first, second), (second, first)):
                        entries.append(
                            FamilyMember(
                                child_id=one,
                                name=names[other],
                                relationship=Relationship.SIBLING,
                                lives_with_child=True,
                                sibling_id=other,
                            )
                        )
        HouseholdMember.objects.bulk_create(members, batch_size=BATCH)
        SiblingLink.objects.bulk_create(links, batch_size=BATCH)
        FamilyMember.objects.bulk_create(entries, batch_size=BATCH)
        self.summary.households = len(households)
        self.summary.sibling_links = len(links)
        self.summary.family_members += len(entries)

    # --- the whole build ---------------------------------------------------------------------------------------
    def build(self) -> DemoSummary:
        with audit_bypass("loading fictional demo data"), transaction.atomic():
            self._build_staff()
            plan = self._plan()
            cohorts_of: dict[int, list[str]] = {}
            for planned in plan:
                cohorts_of.setdefault(planned.family, []).append(planned.cohort)
            families: dict[int, Family] = {}
            demo_quota = [18]
            done = 0
            for start in range(0, self.total, BATCH):
                count = min(BATCH, self.total - start)
                batch = plan[start : start + count]
                children = []
                for i, planned in enumerate(batch):
                    if planned.family not in families:
                        families[planned.family] = self._family(tuple(cohorts_of[planned.family]))
                    children.append(self._child(start + i, planned.cohort, families[planned.family], planned))
                Child.objects.bulk_create(children)
                episodes: list[Episode] = []
                allocations: list[Allocation] = []
                family: list[FamilyMember] = []
                restricted: list[tuple[int, int]] = []
                for child, planned in zip(children, batch, strict=True):
                    cohort = planned.cohort
                    home = families[planned.family]
                    own = self._episodes(child, cohort)
                    lives_at_home = self._placed_at_home(own, home)
                    episodes += own
                    child_allocations = self._allocate(child, cohort, own, demo_quota, home)
                    allocations += child_allocations
                    family += self._family_members(child, home, planned.kind)
                    moved_in = child.date_of_birth or next(
                        (episode.start_on for episode in own if episode.end_on is None), None
                    )
                    if not lives_at_home:
                        moved_in = next(
                            (e.start_on for e in own if e.kind == EpisodeKind.LOOKED_AFTER and e.end_on is None), None
                        )
                    home.members.append((child.pk, planned.kind, moved_in, lives_at_home))
                    if child.is_restricted:
                        restricted.append((child.pk, child_allocations[0].worker.pk))
                    self.summary.by_cohort[cohort] = self.summary.by_cohort.get(cohort, 0) + 1
                Episode.objects.bulk_create(episodes)
                Allocation.objects.bulk_create(allocations)
                FamilyMember.objects.bulk_create(family)
                through = Child.restricted_to.through
                through.objects.bulk_create([through(child_id=c, user_id=u) for c, u in restricted])
                self.summary.episodes += len(episodes)
                self.summary.allocations += len(allocations)
                self.summary.family_members += len(family)
                done += count
                self.progress(done, self.total)
            self._households_and_siblings(list(families.values()))
            self.summary.children = self.total
        return self.summary
