"""Every action through the API is attributed: a token call is logged with the same actor as a session call."""

import pytest
from auditlog.models import LogEntry
from rest_framework.test import APIClient

from caseboard.api.tests.tokens import token_client
from caseboard.casework.models import Episode
from caseboard.core.middleware import client_address


def _session_client(user):
    client = APIClient()
    client.force_login(user)
    return client


def _change_and_view(client, child, version):
    url = f"/api/v1/children/{child.pk}/"
    response = client.patch(url, {"preferred_name": f"V{version}", "version": version}, format="json")
    assert response.status_code == 200, response.content
    assert client.get(url).status_code == 200
    entries = LogEntry.objects.get_for_object(child).order_by("-pk")
    change = entries.filter(action=LogEntry.Action.UPDATE).first()
    view = entries.filter(action=LogEntry.Action.ACCESS).first()
    return change, view


@pytest.mark.django_db
def test_the_same_change_and_view_by_session_and_by_token_have_the_same_actor(council):
    child = council.own_child
    by_session = _change_and_view(_session_client(council.worker), child, version=1)
    by_token = _change_and_view(token_client(council.worker), child, version=2)
    for change, view in (by_session, by_token):
        assert change.actor == council.worker
        assert view.actor == council.worker
        assert view.additional_data["via"] == "API"
    assert by_session[0].pk != by_token[0].pk and by_session[1].pk != by_token[1].pk


@pytest.mark.django_db
def test_a_token_write_through_another_endpoint_is_attributed(council):
    client = token_client(council.worker)
    response = client.post(
        "/api/v1/episodes/",
        {"child": council.own_child.pk, "kind": "early_help", "start_on": "2026-01-05"},
        format="json",
    )
    assert response.status_code == 201, response.content
    episode = Episode.objects.get(pk=response.json()["id"])
    entry = LogEntry.objects.get_for_object(episode).get(action=LogEntry.Action.CREATE)
    assert entry.actor == council.worker


@pytest.mark.django_db
def test_the_audit_address_comes_only_from_trusted_proxies(council, settings):
    child = council.own_child
    client = token_client(council.worker)
    url = f"/api/v1/children/{child.pk}/"
    client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="198.51.100.7")
    entry = LogEntry.objects.get_for_object(child).filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.remote_addr == "198.51.100.7"  # no trusted proxy: the header is the client's own claim

    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    client.get(url, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", REMOTE_ADDR="10.1.1.1")
    entry = LogEntry.objects.get_for_object(child).filter(action=LogEntry.Action.ACCESS).latest("pk")
    assert entry.remote_addr == "203.0.113.9"  # the address our proxy saw, not what the client wrote before it


def test_client_address_reads_forwarded_for_from_the_right_skipping_trusted_hops():
    proxies = ("10.0.0.0/8", "192.168.1.5")
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.4:5000, 192.168.1.5"}
    assert client_address(meta, proxies) == "203.0.113.4"
    assert client_address({"REMOTE_ADDR": "8.8.8.8", "HTTP_X_FORWARDED_FOR": "1.1.1.1"}, proxies) == "8.8.8.8"
    assert client_address({"REMOTE_ADDR": "10.0.0.2"}, proxies) == "10.0.0.2"
    assert client_address({"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "[2001:db8::1]:443"}, proxies) == (
        "2001:db8::1"
    )
