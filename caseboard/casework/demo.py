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

from caseboard.accounts.models import Role, Service, Team, User
from caseboard.core.audit import audit_bypass
from caseboard.people.models import Child, FamilyMember, Relationship

from .models import Allocation, AllocationRole, Episode, EpisodeKind

DEMO_PASSWORD = "caseboard-demo"
# The demo council's 3-digit LA code, as the DfE returns know it (it borrows the City of London's).
DEMO_LA_CODE = "201"
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def valid_upn(body: str) -> str:
    """A unique pupil number for the 12 characters after its check letter (LA code, year, serial, digit): the check
    letter is the sum of each character times its position (2 to 13), modulo 23 (DfE UPN guidance)."""
    total = sum(int(character) * position for position, character in enumerate(body, start=2))
    return UPN_CHECK_LETTERS[total % 23] + body


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
LAC_PLACEMENT = (
    ("U6", 38, "PR1"),
    ("U4", 14, "PR1"),
    ("U3", 10, "PR1"),
    ("U1", 4, "PR1"),
    ("K2", 12, "PR4"),
    ("P1", 6, "PR0"),
    ("K3", 6, "PR4"),
    ("R1", 2, "PR4"),
    ("A4", 3, "PR1"),
    ("S1", 2, "PR4"),
    ("U5", 3, "PR1"),
)
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


@dataclass
class DemoSummary:
    children: int = 0
    staff: int = 0
    teams: int = 0
    episodes: int = 0
    allocations: int = 0
    family_members: int = 0
    by_cohort: dict[str, int] = field(default_factory=dict)


def _weighted(rng: random.Random, options: tuple) -> str:
    values = [option[0] for option in options]
    weights = [option[1] for option in options]
    return rng.choices(values, weights)[0]


def _weekday(day: date) -> date:
    """The day, or the Friday before it if it falls at a weekend: a plan starts at a conference, which is held on
    a weekday (CIN census rule 8875)."""
    return day - timedelta(days=max(0, day.weekday() - 4))


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
        self.today = today or timezone.localdate()
        self.progress = progress or (lambda done, total: None)
        self.password = make_password(DEMO_PASSWORD)
        self.summary = DemoSummary()
        self.teams: dict[str, list[Team]] = {}
        self.workers: dict[int, list[User]] = {}
        self.demo_worker: User | None = None

    # --- staff -----------------------------------------------------------------------------------------------
    def _user(self, username: str, first: str, last: str, role: str, **extra: object) -> User:
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

    def _child(self, index: int, cohort: str) -> Child:
        rng = self.rng
        unborn = cohort == "cp" and rng.random() < 0.01
        dob = None if unborn else self._dob(cohort)
        sex = "U" if unborn else rng.choice("MF")
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
            last_name=rng.choice(LAST_NAMES),
            date_of_birth=dob,
            expected_date_of_birth=(self.today + timedelta(days=rng.randint(10, 150))) if unborn else None,
            sex=sex,
            ethnicity=_weighted(rng, ETHNICITY_WEIGHTS),
            upn=upn,
            upn_unknown=upn_unknown,
            disabilities=[rng.choice(["LD", "AUT", "COMM", "MOB", "BEH"])] if disabled else ["NONE"],
            address=f"{rng.randint(1, 180)} {rng.choice(STREETS)}\nNorthmoor",
            postcode=f"NM{rng.randint(1, 19)} "
            f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
            has_video_device=rng.random() < 0.85,
            has_internet_access=rng.random() < 0.88,
            is_restricted=rng.random() < 0.002,
        )

    def _start(self, earliest: date, latest_days_ago: int = 7) -> date:
        latest = self.today - timedelta(days=latest_days_ago)
        if earliest >= latest:
            return latest
        return earliest + timedelta(days=self.rng.randint(0, (latest - earliest).days))

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

    def _family(self, child: Child) -> list[FamilyMember]:
        rng = self.rng
        members = [
            FamilyMember(
                child=child,
                name=f"{rng.choice(FIRST_NAMES)} {child.last_name}",
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
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
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

    def _allocate(self, child: Child, cohort: str, episodes: list[Episode], demo_quota: list[int]) -> list[Allocation]:
        rng = self.rng
        if cohort == "cin" and demo_quota[0] > 0 and not child.is_restricted:
            demo_quota[0] -= 1
            team = self.teams["children-in-need"][0]
            worker = self.demo_worker
        else:
            team = rng.choice(self.teams[COHORT_SERVICE[cohort]])
            worker = rng.choice(self.workers[team.pk])
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

    # --- the whole build ---------------------------------------------------------------------------------------
    def build(self) -> DemoSummary:
        with audit_bypass("loading fictional demo data"), transaction.atomic():
            self._build_staff()
            cohorts = [name for name, _ in COHORTS]
            weights = [weight for _, weight in COHORTS]
            demo_quota = [18]
            done = 0
            for start in range(0, self.total, BATCH):
                count = min(BATCH, self.total - start)
                batch_cohorts = [self.rng.choices(cohorts, weights)[0] for _ in range(count)]
                children = [self._child(start + i, cohort) for i, cohort in enumerate(batch_cohorts)]
                Child.objects.bulk_create(children)
                episodes: list[Episode] = []
                allocations: list[Allocation] = []
                family: list[FamilyMember] = []
                restricted: list[tuple[int, int]] = []
                for child, cohort in zip(children, batch_cohorts, strict=True):
                    own = self._episodes(child, cohort)
                    episodes += own
                    child_allocations = self._allocate(child, cohort, own, demo_quota)
                    allocations += child_allocations
                    family += self._family(child)
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
            self.summary.children = self.total
        return self.summary
