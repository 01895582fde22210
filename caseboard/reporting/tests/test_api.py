import pytest

from caseboard.reporting.returns.services import stored_return_generate

from .conftest import WEEK

pytestmark = pytest.mark.django_db


def test_weekly_visits_scoped_to_the_caller(week, client):
    client.force_login(week.council.performance)
    data = client.get("/api/v1/reports/weekly-visits/", {"week": "2026-03-25"}).json()
    assert data["week_start"] == "2026-03-23"
    assert data["rows"][3] == {
        "group": "All",
        "total": 10,
        "physical": 5,
        "physical_pct": "50.00",
        "virtual": 5,
        "virtual_pct": "50.00",
    }
    assert "restricted" in data["counted_over"]


def test_survey(week, client):
    client.force_login(week.council.manager)
    data = client.get("/api/v1/reports/survey/", {"date": "2026-03-29"}).json()
    assert data["cohorts"][-1]["group"] == "All"
    assert data["staff_unavailable"] == "Not recorded"
    assert len(data["referrals"]) == 4


@pytest.mark.parametrize(
    ("url", "field"), [("/api/v1/reports/weekly-visits/", "week"), ("/api/v1/reports/survey/", "date")]
)
def test_a_bad_date_is_a_400_with_the_fields_error(week, client, url, field):
    client.force_login(week.council.performance)
    response = client.get(url, {field: "2026-02-31"})
    assert response.status_code == 400
    assert field in response.json()


def test_reports_refused_to_a_social_worker(week, client):
    client.force_login(week.council.worker)
    assert client.get("/api/v1/reports/weekly-visits/").status_code == 403


def test_stored_returns_list_and_retrieve(week, client):
    stored = stored_return_generate(kind="weekly_visits", start=WEEK, generated_by=None)
    client.force_login(week.council.performance)
    listed = client.get("/api/v1/reports/stored-returns/").json()
    assert [item["id"] for item in listed["results"]] == [stored.pk]
    one = client.get(f"/api/v1/reports/stored-returns/{stored.pk}/").json()
    assert (one["generated_by"], one["content_hash"]) == ("scheduled", stored.content_hash)
    assert one["figures"]["rows"][3]["total"] == 11
    client.force_login(week.council.manager)
    assert client.get(f"/api/v1/reports/stored-returns/{stored.pk}/").status_code == 404
    assert client.get("/api/v1/reports/stored-returns/").json()["results"] == []
