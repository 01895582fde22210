"""Need to know: the list query and the single-record check agree for every role and every child."""

import pytest

from caseboard.people.selectors import (
    ChildNotAvailable,
    child_access_for,
    child_is_visible,
    children_matching,
    children_visible_to,
)


def expected_visibility(c):
    return {
        c.worker: {c.own_child, c.team_child},
        c.colleague: {c.own_child, c.team_child},
        c.other_worker: {c.other_team_child},
        c.cp_worker: {c.cp_child},
        c.manager: {c.own_child, c.team_child, c.restricted_child},
        c.head: {c.own_child, c.team_child, c.other_team_child},
        c.cp_head: {c.cp_child},
        c.iro: {c.cp_child},
        c.performance: {c.own_child, c.team_child, c.other_team_child, c.cp_child, c.closed_child},
        c.admin: {c.own_child, c.team_child, c.other_team_child, c.cp_child, c.closed_child},
        c.nobody: set(),
    }


def test_each_role_sees_exactly_its_children(council):
    for user, expected in expected_visibility(council).items():
        assert set(children_visible_to(user)) == expected, user.username


def test_list_and_single_record_check_agree(council):
    for user in council.users:
        listed = set(children_visible_to(user))
        for child in council.children:
            assert child_is_visible(user, child) == (child in listed), (user.username, child.local_id)
            assert user.has_perm("people.view_child", child) == (child in listed) or user.is_superuser


def test_restricted_record_only_for_named_people_even_if_allocated(council):
    # The worker holds the allocation but is not named on the restricted record.
    assert not child_is_visible(council.worker, council.restricted_child)
    council.restricted_child.restricted_to.add(council.worker)
    assert child_is_visible(council.worker, council.restricted_child)


def test_inactive_user_sees_nothing(council):
    council.performance.is_active = False
    council.performance.save()
    assert not children_visible_to(council.performance).exists()


def test_access_reasons(council):
    with pytest.raises(ChildNotAvailable) as missing:
        child_access_for(user=council.worker, pk=999999)
    assert missing.value.reason == "missing"
    with pytest.raises(ChildNotAvailable) as restricted:
        child_access_for(user=council.worker, pk=council.restricted_child.pk)
    assert restricted.value.reason == "restricted"
    with pytest.raises(ChildNotAvailable) as outside:
        child_access_for(user=council.worker, pk=council.cp_child.pk)
    assert outside.value.reason == "need_to_know"


def test_search_is_scoped_and_matches_name_id_dob_and_upn(council):
    council.own_child.upn = "A123456789012"
    council.own_child.save()
    worker = council.worker
    assert list(children_matching(user=worker, query="ava brown")) == [council.own_child]
    assert list(children_matching(user=worker, query="C2")) == [council.team_child]
    assert set(children_matching(user=worker, query="27/03/2015")) == {council.own_child, council.team_child}
    assert list(children_matching(user=worker, query="a123456789012")) == [council.own_child]
    # Cara Dixon exists but is outside the worker's need to know.
    assert list(children_matching(user=worker, query="Dixon")) == []
    assert list(children_matching(user=council.head, query="Dixon")) == [council.other_team_child]
    assert list(children_matching(user=worker, query="   ")) == []
