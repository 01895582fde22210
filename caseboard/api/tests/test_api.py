import pytest
from auditlog.models import LogEntry
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from caseboard.people.models import Child
from caseboard.security.models import ApiToken


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
def test_list_is_scoped_like_the_pages(api, council):
    api.force_authenticate(council.worker)
    ids = {row["local_id"] for row in api.get("/api/v1/children/").json()["results"]}
    assert ids == {"C1", "C2"}
    api.force_authenticate(council.nobody)
    assert api.get("/api/v1/children/").json()["results"] == []


@pytest.mark.django_db
def test_detail_is_404_outside_need_to_know_and_audited_inside(api, council):
    api.force_authenticate(council.worker)
    assert api.get(f"/api/v1/children/{council.cp_child.pk}/").status_code == 404
    assert api.get(f"/api/v1/children/{council.restricted_child.pk}/").status_code == 404
    response = api.get(f"/api/v1/children/{council.own_child.pk}/")
    assert response.status_code == 200 and response.json()["first_name"] == "Ava"
    entry = LogEntry.objects.get_for_object(council.own_child).get(action=LogEntry.Action.ACCESS)
    assert entry.additional_data["via"] == "API"


@pytest.mark.django_db
def test_token_auth_for_service_accounts(council):
    _token, secret = ApiToken.objects.create(user=council.performance, name="Returns")
    client = APIClient()
    assert client.get("/api/v1/children/").status_code in {401, 403}
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert client.get("/api/v1/children/").json()["count"] == 5


@pytest.mark.django_db
def test_create_with_bad_input_answers_400_with_field_errors_and_writes_nothing(api, council):
    api.force_authenticate(council.worker)
    before = Child.objects.count()
    response = api.post(
        "/api/v1/children/",
        {
            "local_id": "N9",
            "first_name": "Lu",
            "last_name": "Li",
            "date_of_birth": "2090-01-01",
            "sex": "Q",
            "ethnicity": "WBRI",
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"sex"}
    response = api.post(
        "/api/v1/children/",
        {
            "local_id": "N9",
            "first_name": "Lu",
            "last_name": "Li",
            "date_of_birth": "2090-01-01",
            "sex": "F",
            "ethnicity": "WBRI",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "date_of_birth" in response.json()
    assert Child.objects.count() == before
    response = api.post(
        "/api/v1/children/",
        {
            "local_id": "N9",
            "first_name": "Lu",
            "last_name": "Li",
            "date_of_birth": "2019-01-01",
            "sex": "F",
            "ethnicity": "WBRI",
        },
        format="json",
    )
    assert response.status_code == 201


@pytest.mark.django_db
def test_update_needs_the_version(api, council):
    api.force_authenticate(council.worker)
    url = f"/api/v1/children/{council.own_child.pk}/"
    assert api.patch(url, {"first_name": "Ada"}, format="json").status_code == 400
    assert api.patch(url, {"first_name": "Ada", "version": 1}, format="json").status_code == 200
    response = api.patch(url, {"first_name": "Zoe", "version": 1}, format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()


@pytest.mark.django_db
def test_episodes_and_allocations_are_scoped(api, council):
    api.force_authenticate(council.worker)
    episodes = api.get("/api/v1/episodes/").json()["results"]
    assert {row["child"] for row in episodes} == {council.own_child.pk, council.team_child.pk}
    allocations = api.get("/api/v1/allocations/", {"child": council.cp_child.pk}).json()["results"]
    assert allocations == []
    response = api.post(
        "/api/v1/episodes/",
        {"child": council.cp_child.pk, "kind": "early_help", "start_on": "2026-02-01"},
        format="json",
    )
    assert response.status_code == 400 and "child" in response.json()
    response = api.post(
        "/api/v1/episodes/",
        {
            "child": council.own_child.pk,
            "kind": "cin",
            "start_on": "2026-02-01",
            "referral_source": "6",
            "primary_need": "N1",
        },
        format="json",
    )
    assert response.status_code == 400 and "overlaps" in response.json()["start_on"][0]


@pytest.mark.django_db
def test_schema_is_valid_openapi():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert "/api/v1/children/" in schema["paths"]
