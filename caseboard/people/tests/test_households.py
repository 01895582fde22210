"""Households and links between brothers and sisters: the services' rules, need to know across siblings in
different teams (a sibling the user may not see is never named to them), the pages, and the audit."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from caseboard.people import services
from caseboard.people.models import Household, HouseholdMember, SiblingKind, SiblingLink
from caseboard.people.selectors import (
    household_and_siblings_visible_to,
    household_for,
    household_view,
    household_views,
    households_visible_to,
    households_with_members,
    sibling_ids_of,
    sibling_link_for,
    sibling_links_visible_to,
    siblings_on_record,
)
from caseboard.testing.factories import FamilyMemberFactory

pytestmark = pytest.mark.django_db


def link(council, child, sibling, kind=SiblingKind.FULL, **extra):
    return services.sibling_link_create(child=child, sibling=sibling, kind=kind, linked_by=council.worker, **extra)


def household(council, *children, **fields):
    return services.household_create(
        created_by=council.worker,
        children=list(children),
        address=fields.pop("address", "12 Mill Lane\nNorthmoor"),
        postcode=fields.pop("postcode", "nm4 2ab"),
        started_on=fields.pop("started_on", date(2020, 1, 1)),
        **fields,
    )


# --- brothers and sisters --------------------------------------------------------------------------------------
def test_a_link_shows_on_both_records_and_is_stored_once(council):
    made = link(council, council.team_child, council.own_child, SiblingKind.HALF)
    assert (made.child, made.sibling) == (council.own_child, council.team_child)  # lower id first
    assert sibling_ids_of(council.own_child) == {council.team_child.pk}
    assert sibling_ids_of(council.team_child) == {council.own_child.pk}
    for child, other in ((council.own_child, council.team_child), (council.team_child, council.own_child)):
        shown = siblings_on_record(user=council.worker, child=child)
        assert [(entry.child, entry.kind_label) for entry in shown.visible] == [(other, "Half brother or sister")]
        assert shown.not_shown == 0


@pytest.mark.parametrize(
    ("sibling", "kind", "field", "message"),
    [
        ("own_child", "full", "sibling", "cannot be linked to their own record"),
        ("team_child", "cousin", "kind", "Select whether they are full, half or step"),
    ],
)
def test_a_link_is_refused_with_a_reason_and_nothing_is_written(council, sibling, kind, field, message):
    with pytest.raises(ValidationError) as error:
        link(council, council.own_child, getattr(council, sibling), kind)
    assert message in error.value.message_dict[field][0]
    assert not SiblingLink.objects.exists()


def test_the_same_two_children_are_linked_once_in_either_direction(council):
    link(council, council.own_child, council.team_child)
    with pytest.raises(ValidationError, match="already linked"):
        link(council, council.team_child, council.own_child)
    assert SiblingLink.objects.count() == 1


def test_a_link_made_from_a_family_member_entry_links_the_entry_to_the_record(council):
    entry = FamilyMemberFactory(child=council.own_child, name="Ben Clarke", relationship="sibling")
    made = link(council, council.own_child, council.team_child, family_member=entry)
    entry.refresh_from_db()
    assert entry.sibling == council.team_child and made.family_member == entry
    mother = FamilyMemberFactory(child=council.own_child, name="Jo Brown", relationship="mother")
    with pytest.raises(ValidationError, match="Brother or sister"):
        link(council, council.own_child, council.other_team_child, family_member=mother)


def test_removing_a_link_keeps_it_with_who_and_why_and_unlinks_the_entries(council):
    entry = FamilyMemberFactory(child=council.own_child, name="Ben Clarke", relationship="sibling")
    made = link(council, council.own_child, council.team_child, family_member=entry)
    with pytest.raises(ValidationError, match="Enter why the link is being removed"):
        services.sibling_link_remove(link=made, removed_by=council.worker, reason="  ")
    services.sibling_link_remove(link=made, removed_by=council.worker, reason="Linked to the wrong record")
    made.refresh_from_db()
    entry.refresh_from_db()
    assert made.removed_by == council.worker and made.removal_reason == "Linked to the wrong record"
    assert entry.sibling is None
    assert sibling_ids_of(council.own_child) == set() == sibling_ids_of(council.team_child)
    changes = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(SiblingLink), object_pk=made.pk)
    assert changes.filter(action=LogEntry.Action.CREATE).count() == 1
    assert changes.filter(action=LogEntry.Action.UPDATE).count() == 1
    # and it can be linked again afterwards
    assert link(council, council.own_child, council.team_child).pk != made.pk


def test_a_sibling_in_another_team_is_not_named_to_a_worker_who_may_not_see_them(council):
    """Ava (worker's) and Cara (another CIN team) are sisters: the worker is told one more sibling exists but not
    who; the head of the CIN service sees both; a restricted sibling is not even counted."""
    link(council, council.own_child, council.other_team_child)
    link(council, council.own_child, council.restricted_child)
    worker_view = siblings_on_record(user=council.worker, child=council.own_child)
    assert [entry.child for entry in worker_view.visible] == [council.restricted_child] or worker_view.visible == []
    assert council.other_team_child not in [entry.child for entry in worker_view.visible]
    assert worker_view.not_shown == 1  # Cara; Eve's record is restricted and the worker is not named on it
    head_view = siblings_on_record(user=council.head, child=council.own_child)
    assert {entry.child for entry in head_view.visible} == {council.other_team_child}
    assert head_view.not_shown == 0
    assert set(household_and_siblings_visible_to(user=council.worker, child=council.own_child)) == set()
    assert (
        sibling_link_for(user=council.worker, pk=SiblingLink.objects.get(sibling=council.other_team_child).pk) is None
    )
    assert not sibling_links_visible_to(council.worker).exists()
    assert sibling_links_visible_to(council.head).count() == 1


def test_list_and_single_link_checks_agree_for_every_user(council):
    links = [
        link(council, council.own_child, council.team_child),
        link(council, council.own_child, council.other_team_child),
        link(council, council.team_child, council.cp_child),
    ]
    for user in council.users:
        listed = set(sibling_links_visible_to(user).values_list("pk", flat=True))
        single = {made.pk for made in links if sibling_link_for(user=user, pk=made.pk) is not None}
        assert listed == single, user.username


# --- households ------------------------------------------------------------------------------------------------
def test_a_household_records_its_children_and_a_child_lives_in_one_at_a_time(council):
    home = household(council, council.own_child, council.team_child, has_video_device=True)
    assert home.postcode == "NM4 2AB"
    assert council.own_child.current_household == home and council.own_child.has_video_device is True
    assert sibling_ids_of(council.own_child) == set()  # sharing a household is not being linked as siblings
    assert set(household_and_siblings_visible_to(user=council.manager, child=council.own_child)) == {council.team_child}
    moved = household(
        council, council.team_child, address="3 Beck Side", postcode="NM1 1AA", started_on=date(2024, 5, 1)
    )
    old = HouseholdMember.objects.get(household=home, child=council.team_child)
    assert old.ended_on == date(2024, 4, 30)
    assert HouseholdMember.objects.get(household=moved, child=council.team_child).ended_on is None
    with pytest.raises(ValidationError, match="already lives in this household"):
        services.household_member_add(household=moved, added_by=council.worker, child=council.team_child)
    with pytest.raises(ValidationError, match="the date must be after that"):
        services.household_member_add(
            household=home, added_by=council.worker, child=council.team_child, started_on=date(2024, 1, 1)
        )


def test_adults_need_a_name_and_leaving_keeps_the_dates(council):
    home = household(council, council.own_child)
    with pytest.raises(ValidationError, match="Enter the adult's name"):
        services.household_member_add(household=home, added_by=council.worker, name=" ")
    mother = services.household_member_add(
        household=home, added_by=council.worker, name="Jo Brown", description="Mother"
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="today or in the past"):
        services.household_member_end(member=mother, ended_by=council.worker, ended_on=tomorrow)
    services.household_member_end(member=mother, ended_by=council.worker, ended_on=date(2025, 1, 31))
    mother.refresh_from_db()
    assert mother.ended_on == date(2025, 1, 31) and HouseholdMember.objects.filter(pk=mother.pk).exists()


def test_a_stale_household_edit_is_refused_and_changes_nothing(council):
    home = household(council, council.own_child)
    answers = {"address": "1 New Road", "postcode": "NM2 2BB", "has_video_device": False, "has_internet_access": True}
    services.household_update(household=home, updated_by=council.worker, expected_version=1, **answers)
    with pytest.raises(ValidationError, match="Someone else changed this household"):
        services.household_update(household=home, updated_by=council.worker, expected_version=1, **answers)
    home.refresh_from_db()
    assert (home.address, home.version, home.has_video_device) == ("1 New Road", 2, False)


def test_a_household_shows_only_the_children_the_user_may_see(council):
    home = household(council, council.own_child, council.other_team_child, council.restricted_child)
    services.household_member_add(household=home, added_by=council.worker, name="Jo Brown", description="Mother")
    view = household_view(user=council.worker, household=home)
    assert {member.child for member in view.children} == {council.own_child}
    assert [member.name for member in view.adults] == ["Jo Brown"]
    assert view.children_not_shown == 1  # Cara; the restricted record is not counted
    assert household_for(user=council.other_worker, pk=home.pk) == home
    assert household_for(user=council.cp_worker, pk=home.pk) is None
    for user in council.users:
        listed = set(households_visible_to(user).values_list("pk", flat=True))
        single = {home.pk} if household_for(user=user, pk=home.pk) else set()
        assert listed == single, user.username


@pytest.mark.parametrize("how_many", [1, 8])
def test_household_views_take_a_fixed_number_of_queries(council, how_many, django_assert_num_queries):
    for number in range(how_many):
        child = council.own_child if number == 0 else council.team_child
        household(council, child, address=f"{number} Mill Lane", started_on=date(2020, 1, 1) + timedelta(days=number))
    households = households_with_members(Household.objects.order_by("pk"))
    with django_assert_num_queries(3):
        views = household_views(user=council.worker, households=list(households))
    assert len(views) == how_many


# --- pages -----------------------------------------------------------------------------------------------------
def test_a_worker_links_a_brother_by_search_and_both_records_show_it(client, council):
    client.force_login(council.worker)
    url = reverse("people:sibling-add", args=[council.own_child.pk])
    page = client.get(url, {"q": "Ben"})
    content = page.content.decode()
    assert page.status_code == 200 and "Ben Clarke (C2)" in content
    hidden = client.get(url, {"q": "Cara"}).content.decode()
    assert "Cara Dixon" not in hidden and 'data-testid="no-match"' in hidden
    response = client.post(url, {"q": "Ben", "sibling": council.team_child.pk, "kind": "full"})
    assert response.status_code == 302
    assert SiblingLink.objects.filter(child=council.own_child, sibling=council.team_child, kind="full").exists()
    for child, other in ((council.own_child, "Ben Clarke"), (council.team_child, "Ava Brown")):
        content = client.get(reverse("casework:child", args=[child.pk])).content.decode()
        section = content.split('id="siblings">Brothers and sisters</h2>')[1].split('id="household"')[0]
        assert other in section
    missing = client.post(url, {"q": "Ben"})
    assert "Select the brother or sister" in missing.content.decode()


def test_a_child_outside_need_to_know_cannot_be_linked_by_id(client, council):
    client.force_login(council.worker)
    url = reverse("people:sibling-add", args=[council.own_child.pk])
    response = client.post(url, {"q": "Cara", "sibling": council.other_team_child.pk, "kind": "full"})
    assert response.status_code == 200 and "Select the brother or sister" in response.content.decode()
    assert not SiblingLink.objects.exists()


def test_a_family_member_entry_offers_to_link_their_record(client, council):
    entry = FamilyMemberFactory(child=council.own_child, name="Ben Clarke", relationship="sibling")
    client.force_login(council.worker)
    content = client.get(reverse("casework:child", args=[council.own_child.pk])).content.decode()
    link_url = reverse("people:sibling-add", args=[council.own_child.pk]) + f"?member={entry.pk}"
    assert link_url.replace("?", "?") in content.replace("&amp;", "&")
    page = client.get(link_url)
    assert "Ben Clarke (C2)" in page.content.decode()  # searched by the entry's name
    client.post(
        reverse("people:sibling-add", args=[council.own_child.pk]),
        {"member": entry.pk, "q": "Ben Clarke", "sibling": council.team_child.pk, "kind": "half"},
    )
    entry.refresh_from_db()
    assert entry.sibling == council.team_child


def test_removing_a_link_needs_a_reason_and_someone_outside_need_to_know_gets_404(client, council):
    made = link(council, council.own_child, council.team_child)
    url = reverse("people:sibling-remove", args=[council.own_child.pk, made.pk])
    client.force_login(council.worker)
    response = client.post(url, {"reason": ""})
    assert "Enter why the link is being removed" in response.content.decode()
    assert client.post(url, {"reason": "Wrong child"}).status_code == 302
    made.refresh_from_db()
    assert made.removed_at is not None
    other = link(council, council.own_child, council.team_child)
    client.force_login(council.other_worker)
    assert client.get(reverse("people:sibling-remove", args=[council.own_child.pk, other.pk])).status_code == 403


def test_household_page_is_audited_names_only_visible_children_and_hides_from_others(client, council):
    home = household(council, council.own_child, council.other_team_child)
    url = reverse("people:household", args=[home.pk])
    client.force_login(council.worker)
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ava Brown" in content and "Cara Dixon" not in content
    assert "1 other child in this household is known to the service" in content
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Household), object_pk=home.pk, action=LogEntry.Action.ACCESS
    ).exists()
    client.force_login(council.cp_worker)
    assert client.get(url).status_code == 404
    client.force_login(council.performance)
    assert client.get(url).status_code == 200
    assert client.get(reverse("people:household-edit", args=[home.pk])).status_code == 403


def test_household_forms_keep_what_was_typed_and_save(client, council):
    client.force_login(council.worker)
    response = client.post(
        reverse("people:household-add", args=[council.own_child.pk]),
        {"address": "12 Mill Lane", "postcode": "NM4 2AB", "has_video_device": "yes", "has_internet_access": "no"},
    )
    home = Household.objects.get()
    assert response.url == reverse("people:household", args=[home.pk])
    assert council.own_child.has_video_device is True and council.own_child.has_internet_access is False
    adult_url = reverse("people:household-adult-add", args=[home.pk])
    response = client.post(adult_url, {"name": "", "description": "Mother", "started_on_2": "20x"})
    content = response.content.decode()
    assert "Enter the adult&#x27;s name" in content and 'value="Mother"' in content
    client.post(adult_url, {"name": "Jo Brown", "description": "Mother"})
    assert home.members.filter(name="Jo Brown").exists()
    link(council, council.own_child, council.team_child)
    child_url = reverse("people:household-child-add", args=[home.pk])
    assert "Ben Clarke (C2)" in client.get(child_url).content.decode()
    client.post(child_url, {"child": council.team_child.pk})
    assert council.team_child.current_household == home
    stale = client.post(
        reverse("people:household-edit", args=[home.pk]), {"address": "Elsewhere", "postcode": "", "version": "0"}
    )
    assert "Someone else changed this household" in stale.content.decode()
