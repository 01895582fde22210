from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from caseboard.people import services
from caseboard.people.models import BreakGlassAccess, Child

VALID = {
    "local_id": "N100",
    "first_name": "Mia",
    "last_name": "Hall",
    "date_of_birth": date(2016, 5, 1),
    "sex": "F",
    "ethnicity": "WBRI",
}


@pytest.mark.django_db
def test_child_create_valid(council):
    child = services.child_create(created_by=council.worker, **VALID, nhs_number="943 476 5919")
    assert child.pk and child.nhs_number == "9434765919"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date_of_birth": date.today() + timedelta(days=1)}, "date_of_birth", "today or in the past"),
        ({"date_of_birth": None}, "date_of_birth", "expected date of birth"),
        ({"sex": "X"}, "sex", ""),
        ({"ethnicity": "ZZZZ"}, "ethnicity", ""),
        ({"upn": "12345"}, "upn", "13 characters"),
        ({"nhs_number": "9434765918"}, "nhs_number", "check digit"),
        ({"disabilities": ["NONE", "MOB"]}, "disabilities", "on its own"),
        ({"disabilities": ["XYZ"]}, "disabilities", "CIN census list"),
        ({"local_id": "has space"}, "local_id", "letters or numbers"),
    ],
)
@pytest.mark.django_db
def test_child_create_rejects_bad_input_and_writes_nothing(council, changes, field, message):
    before = Child.objects.count()
    with pytest.raises(ValidationError) as error:
        services.child_create(created_by=council.worker, **(VALID | changes))
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert Child.objects.count() == before


@pytest.mark.django_db
def test_duplicate_local_id_is_refused(council):
    with pytest.raises(ValidationError) as error:
        services.child_create(created_by=council.worker, **(VALID | {"local_id": "C1"}))
    assert "local_id" in error.value.message_dict


@pytest.mark.django_db
def test_child_update_refuses_a_stale_version(council):
    child = council.own_child
    services.child_update(child=child, updated_by=council.worker, expected_version=1, first_name="Ada")
    with pytest.raises(ValidationError) as error:
        services.child_update(child=child, updated_by=council.colleague, expected_version=1, first_name="Zoe")
    assert "Someone else changed this record" in str(error.value)
    child.refresh_from_db()
    assert (child.first_name, child.version) == ("Ada", 2)


@pytest.mark.django_db
def test_break_glass_needs_a_reason_and_never_opens_restricted(council):
    with pytest.raises(ValidationError):
        services.break_glass_open(user=council.worker, child=council.cp_child, reason="short")
    with pytest.raises(ValidationError):
        services.break_glass_open(
            user=council.worker, child=council.restricted_child, reason="Police called about this child"
        )
    assert not BreakGlassAccess.objects.exists()
    access = services.break_glass_open(
        user=council.worker, child=council.cp_child, reason="Police called about this child out of hours"
    )
    assert access.expires_at > access.opened_at


@pytest.mark.django_db
def test_restricting_needs_a_named_person(council):
    with pytest.raises(ValidationError):
        services.child_restrict(child=council.own_child, by=council.manager, is_restricted=True, named_users=[])
    services.child_restrict(
        child=council.own_child, by=council.manager, is_restricted=True, named_users=[council.manager]
    )
    assert council.own_child.is_restricted
