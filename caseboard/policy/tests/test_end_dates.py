"""An operating-model version may end: on the day after, the version it replaced (or one chosen when approving) is in
force again, for the clock and for every page that asks which version is in force."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from caseboard.policy import services
from caseboard.policy.models import OperatingModel
from caseboard.policy.presets import COVID
from caseboard.policy.selectors import council_versions_with_status, version_in_force

TODAY = date(2026, 11, 24)
START = date(2026, 12, 1)
END = date(2026, 12, 21)


def draft_ending(council, ends_on=END, start=START):
    draft = services.version_draft(
        copy_from=OperatingModel.objects.get(name=COVID).versions.get(),
        drafted_by=council.head,
        effective_from=start,
        today=TODAY,
    )
    return services.version_update(
        version=draft,
        updated_by=council.head,
        expected_edit_version=draft.edit_version,
        settings={"ends_on": ends_on},
        today=TODAY,
    )


@pytest.mark.django_db
def test_the_version_it_replaced_is_in_force_again_the_day_after_the_end(council):
    draft = draft_ending(council)
    services.version_approve(version=draft, approved_by=council.admin, today=TODAY)
    assert version_in_force(START - timedelta(days=1)).number == 1
    assert version_in_force(START).number == 2
    assert version_in_force(END).number == 2
    assert version_in_force(END + timedelta(days=1)).number == 1
    statuses = {v.number: s for v, s in council_versions_with_status(END + timedelta(days=1))}
    assert statuses == {1: "In force", 2: "Ended"}


@pytest.mark.django_db
def test_the_version_in_force_again_may_be_chosen_when_approving(council):
    second = draft_ending(council, ends_on=None, start=date(2026, 11, 30))
    services.version_approve(version=second, approved_by=council.admin, today=TODAY)
    third = draft_ending(council)
    first = version_in_force(TODAY)
    services.version_approve(version=third, approved_by=council.admin, reverts_to=first, today=TODAY)
    assert version_in_force(END).number == 3
    assert version_in_force(END + timedelta(days=1)).number == 1


@pytest.mark.django_db
def test_an_end_before_the_start_is_refused(council):
    with pytest.raises(ValidationError) as error:
        draft_ending(council, ends_on=START - timedelta(days=1))
    assert "ends_on" in error.value.message_dict


@pytest.mark.django_db
def test_a_version_without_an_end_returns_to_nothing(council):
    draft = draft_ending(council, ends_on=None)
    with pytest.raises(ValidationError) as error:
        services.version_approve(version=draft, approved_by=council.admin, reverts_to=version_in_force(TODAY))
    assert "reverts_to" in error.value.message_dict


@pytest.mark.django_db
def test_the_preview_counts_the_day_after_the_end(council):
    draft = draft_ending(council)
    preview = services.version_preview(version=draft)
    assert preview.back_on == END + timedelta(days=1) and preview.after_end is not None


@pytest.mark.django_db
def test_the_pages_show_the_end(client, council):
    draft = draft_ending(council, ends_on=date.today() + timedelta(days=30), start=date.today() + timedelta(days=7))
    client.force_login(council.head)
    detail = client.get(f"/operating-model/versions/{draft.pk}/").content.decode()
    assert "In force until" in detail and 'name="reverts_to"' in detail
    assert "When it ends" in client.get(f"/operating-model/versions/{draft.pk}/preview/").content.decode()
    assert 'name="ends_on_0"' in client.get(f"/operating-model/versions/{draft.pk}/edit/").content.decode()
