"""One household visit to brothers and sisters with different involvement, each child with the purpose that fits
them: the service's rules, whether each counts, the API, and the pre-visit check for the household."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from caseboard.compliance.models import DueItem
from caseboard.compliance.services import due_items_recompute
from caseboard.people import services as people
from caseboard.testing.factories import EpisodeFactory
from caseboard.visits import services
from caseboard.visits.models import ChildSeen, Visit, VisitPurpose
from caseboard.visits.selectors import counting_for

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 11, 16)
TODAY = date(2026, 11, 24)


def looked_after(child, start_on=date(2026, 2, 2)):
    """Placed with parents (P1): a looked-after child living at home with a sibling in need."""
    return EpisodeFactory(
        child=child, looked_after=True, start_on=start_on, placement_type="P1", placement_provider="PR0"
    )


@pytest.fixture
def siblings(council):
    """Ava (CIN, the worker's) and Ben (CIN, then looked after, placed at home; a colleague's in the same team),
    sister and brother in one household."""
    looked_after(council.team_child)
    people.sibling_link_create(
        child=council.own_child, sibling=council.team_child, kind="full", linked_by=council.worker
    )
    people.household_create(
        created_by=council.worker,
        children=[council.own_child, council.team_child],
        address="12 Mill Lane",
        postcode="NM4 2AB",
    )
    return council.own_child, council.team_child


def household_visit(council, ava_purpose, ben_purpose, **extra):
    ava, ben = council.own_child, council.team_child
    return services.visit_record(
        children_seen=[
            services.ChildSeenInput(child=ava, was_seen=True, purpose=ava_purpose),
            services.ChildSeenInput(child=ben, was_seen=True, purpose=ben_purpose),
        ],
        worker=council.worker,
        recorded_by=council.worker,
        visited_on=MONDAY,
        mode="in_person_home",
        today=TODAY,
        **extra,
    )


def test_each_child_on_a_household_visit_has_their_own_purpose_and_counts(council, siblings):
    visit = household_visit(council, VisitPurpose.STATUTORY_CIN, VisitPurpose.STATUTORY_LAC)
    assert visit.purpose == ""  # the children's purposes differ
    purposes = dict(visit.children_seen.values_list("child_id", "purpose"))
    assert purposes == {council.own_child.pk: "statutory_cin", council.team_child.pk: "statutory_lac"}
    counted = {row.child: (row.counts, row.purpose_label) for row in counting_for(visit)}
    assert counted == {
        council.own_child: (True, "Statutory visit: child in need"),
        council.team_child: (True, "Statutory visit: looked after (reg 28)"),
    }


def test_both_childrens_due_items_move_with_one_household_visit(council, siblings):
    def due():
        due_items_recompute(child_ids=[child.pk for child in siblings], today=TODAY)
        return (
            DueItem.objects.get(child=council.own_child, kind="cin_visit").due_on,
            DueItem.objects.get(child=council.team_child, kind="lac_visit").due_on,
        )

    before = due()
    household_visit(council, VisitPurpose.STATUTORY_CIN, VisitPurpose.STATUTORY_LAC)
    after = due()
    assert after[0] == date(2026, 12, 14)  # 20 working days after the visit
    assert after[0] != before[0] and after[1] != before[1] and after[1] > MONDAY


def test_a_purpose_that_does_not_fit_one_child_is_refused_for_that_child_and_nothing_is_written(council, siblings):
    with pytest.raises(ValidationError) as error:
        household_visit(council, VisitPurpose.STATUTORY_LAC, VisitPurpose.STATUTORY_LAC)
    assert "needs an open lac episode for Ava Brown" in error.value.message_dict["purpose"][0]
    with pytest.raises(ValidationError) as error:
        household_visit(council, VisitPurpose.STATUTORY_CIN, VisitPurpose.STATUTORY_CP)
    assert "needs an open cp episode for Ben Clarke" in error.value.message_dict[f"purpose_{council.team_child.pk}"][0]
    assert not Visit.objects.exists() and not ChildSeen.objects.exists()


def test_a_child_without_a_purpose_has_the_visits(council, siblings):
    visit = services.visit_record(
        children_seen=[
            services.ChildSeenInput(child=council.own_child, was_seen=True),
            services.ChildSeenInput(child=council.team_child, was_seen=True, purpose="other"),
        ],
        worker=council.worker,
        recorded_by=council.worker,
        visited_on=MONDAY,
        mode="in_person_home",
        purpose="statutory_cin",
        today=TODAY,
    )
    assert dict(visit.children_seen.values_list("child_id", "purpose")) == {
        council.own_child.pk: "statutory_cin",
        council.team_child.pk: "other",
    }
    reasons = {row.child: row.reason for row in counting_for(visit)}
    assert reasons[council.team_child] == "Not a statutory visit (purpose: other)"
    with pytest.raises(ValidationError, match="Select the purpose of the visit for Ava Brown"):
        services.visit_record(
            children_seen=[services.ChildSeenInput(child=council.own_child, was_seen=True)],
            worker=council.worker,
            recorded_by=council.worker,
            visited_on=MONDAY,
            mode="in_person_home",
            today=TODAY,
        )


def test_household_children_may_be_visited_together_without_a_sibling_link(council):
    people.household_create(created_by=council.worker, children=[council.own_child, council.team_child])
    visit = household_visit(council, "statutory_cin", "statutory_cin")
    assert visit.children_seen.count() == 2 and visit.purpose == "statutory_cin"


def test_one_pre_visit_check_for_the_household_names_it(council, siblings):
    check = services.pre_visit_check_record(
        children=list(siblings),
        recorded_by=council.worker,
        asked_who="Mother",
        asked_how="phone",
        outcome="go_ahead",
        anyone_symptomatic=False,
        anyone_isolating=False,
        anyone_tested_positive=False,
        anyone_clinically_vulnerable=False,
        can_meet_outdoors=True,
    )
    assert check.household == council.own_child.current_household
    assert set(check.children.all()) == set(siblings)


def test_the_api_takes_a_purpose_for_each_child_and_gives_field_errors(council, siblings):
    api = APIClient()
    api.force_authenticate(council.worker)
    body = {
        "visited_on": str(MONDAY),
        "mode": "in_person_home",
        "children_seen": [
            {"child": council.own_child.pk, "was_seen": True, "purpose": "statutory_cin"},
            {"child": council.team_child.pk, "was_seen": True, "purpose": "statutory_cp"},
        ],
    }
    response = api.post("/api/v1/visits/", body, format="json")
    assert response.status_code == 400
    assert "needs an open cp episode for Ben Clarke" in response.json()["children_seen"][0]
    body["children_seen"][1]["purpose"] = "statutory_lac"
    response = api.post("/api/v1/visits/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["purpose"] == ""
    assert [(entry["purpose"], entry["counts"]) for entry in data["children_seen"]] == [
        ("statutory_cin", True),
        ("statutory_lac", True),
    ]


def test_the_visit_form_offers_each_sibling_a_purpose_that_fits_them(client, council, siblings):
    from django.urls import reverse

    client.force_login(council.worker)
    url = reverse("visits:visit-new", args=[council.own_child.pk])
    content = client.get(url).content.decode()
    assert f'name="purpose_{council.team_child.pk}"' in content
    assert 'value="statutory_lac" selected' in content  # Ben's suggested purpose
    data = {
        "visited_on_0": MONDAY.day,
        "visited_on_1": MONDAY.month,
        "visited_on_2": MONDAY.year,
        "mode": "in_person_home",
        "purpose": "statutory_cin",
        "was_seen": "yes",
        "siblings": [council.team_child.pk],
        f"purpose_{council.team_child.pk}": "statutory_cp",
    }
    response = client.post(url, data)
    assert "needs an open cp episode for Ben Clarke" in response.content.decode()
    assert not Visit.objects.exists()
    data[f"purpose_{council.team_child.pk}"] = "statutory_lac"
    response = client.post(url, data)
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert dict(visit.children_seen.values_list("child_id", "purpose")) == {
        council.own_child.pk: "statutory_cin",
        council.team_child.pk: "statutory_lac",
    }
    page = client.get(response.url).content.decode()
    assert "Statutory visit: looked after (reg 28)" in page and "Each child's own (below)" in page


# --- the demo council ------------------------------------------------------------------------------------------
def test_the_demo_has_sibling_groups_in_realistic_proportions_and_household_visits():
    from django.db.models import Count

    from caseboard.casework.demo import DemoBuilder
    from caseboard.people.models import Child, HouseholdMember, SiblingLink
    from caseboard.visits.demo import add_demo_visits

    DemoBuilder(children=600, seed=3, today=TODAY).build()
    add_demo_visits(3, TODAY)
    linked = set()
    for first, second in SiblingLink.objects.values_list("child_id", "sibling_id"):
        linked |= {first, second}
    assert 0.3 < len(linked) / Child.objects.count() < 0.5
    for link in SiblingLink.objects.select_related("child", "sibling")[:200]:
        one, other = link.child, link.sibling
        if one.date_of_birth and other.date_of_birth:
            assert abs((one.date_of_birth - other.date_of_birth).days) > 300  # no impossible spacing
        if link.kind == "full":
            assert one.last_name == other.last_name
    together = HouseholdMember.objects.filter(child__isnull=False, ended_on__isnull=True).values("household_id")
    shared = together.annotate(children=Count("pk")).filter(children__gt=1)
    assert shared.exists()
    for household_id in shared.values_list("household_id", flat=True)[:50]:
        addresses = set(
            HouseholdMember.objects.filter(household_id=household_id, child__isnull=False).values_list(
                "child__address", "child__postcode"
            )
        )
        assert len(addresses) == 1  # brothers and sisters at home share an address
    household_visits = Visit.objects.annotate(children=Count("children_seen")).filter(children__gt=1)
    assert household_visits.exists()
    assert Visit.objects.filter(purpose="").count() == household_visits.filter(purpose="").count()
