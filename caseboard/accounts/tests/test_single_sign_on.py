"""Single sign-on with the council's account (OpenID Connect), against a provider run in the test
(``caseboard.testing.oidc_provider``): off by default; the mapping of provider groups to roles and teams; a first
sign-in makes the member of staff, later ones follow the provider; who is refused and why; wrong state, nonce,
issuer, audience or key refused; the provider's second factor standing for Caseboard's; and the audit."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.urls import reverse

from caseboard.accounts import oidc, services
from caseboard.accounts.models import ProviderGroup, Role, SignInIdentity, StaffChange, StaffChangeKind, User
from caseboard.conftest import make_user
from caseboard.testing.oidc_provider import CLIENT_ID, LocalProvider, person, running_provider

pytestmark = pytest.mark.django_db

SECOND_FACTOR = override_settings(
    SECOND_FACTOR_REQUIRED=True,
    SECOND_FACTOR_ROLES=["administrator", "head_of_service"],
    SECOND_FACTOR_EXEMPT_DEMO_ACCOUNTS=False,
)


@pytest.fixture
def provider(settings) -> Iterator[LocalProvider]:
    with running_provider() as provider:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        yield provider
    oidc.forget_discovery()


@pytest.fixture
def groups(council):
    """The council's groups as an administrator mapped them."""
    workers = ProviderGroup.objects.create(
        group="g-cp-workers", description="CP social workers", role=Role.SOCIAL_WORKER
    )
    workers.teams.set([council.cp_team])
    managers = ProviderGroup.objects.create(
        group="g-cp-managers", description="CP team managers", role=Role.TEAM_MANAGER, precedence=10
    )
    managers.teams.set([council.cp_team])
    cin = ProviderGroup.objects.create(group="g-cin-team", description="CIN team (teams only)")
    cin.teams.set([council.cin_team])
    heads = ProviderGroup.objects.create(
        group="g-heads", description="Heads of service", role=Role.HEAD_OF_SERVICE, service=council.cp, precedence=1
    )
    return {"workers": workers, "managers": managers, "cin": cin, "heads": heads}


def sign_in(client, provider: LocalProvider, *, next_url: str = "") -> requests.Response:
    """Press "Sign in with your council account", let the provider answer, and follow it back to Caseboard."""
    start = client.get(reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302 and start["Location"].startswith(provider.issuer + "/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlparse(at_provider.headers["Location"])
    assert back.path == reverse("oidc_authentication_callback")
    return client.get(f"{back.path}?{back.query}")


def signed_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def refused(client, response) -> str:
    assert response.status_code == 302 and response["Location"] == reverse("accounts:council-sign-in-refused")
    assert signed_in_user(client) is None
    page = client.get(response["Location"])
    assert page.status_code == 403 and page["Cache-Control"] == "no-store"
    return page.content.decode()


# --- off by default ----------------------------------------------------------------------------------------------
def test_without_settings_there_is_no_button_and_no_council_sign_in(client, settings):
    settings.OIDC_ISSUER = ""
    settings.OIDC_RP_CLIENT_ID = ""
    page = client.get(reverse("accounts:login"))
    assert b"Sign in with your council account" not in page.content
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback") + "?code=x&state=y").status_code == 404


def test_passwords_still_sign_in_when_single_sign_on_is_on(client, provider, council):
    response = client.post(reverse("accounts:login"), {"username": "worker", "password": "a-long-test-password-1"})
    assert response.status_code == 302 and signed_in_user(client).username == "worker"
    assert provider.requests == []  # a password sign-in never asks the provider


def test_the_button_shows_when_configured_and_keeps_where_to_go_next(client, provider):
    page = client.get(reverse("accounts:login") + "?next=/children/")
    assert b"Sign in with your council account" in page.content
    assert b'href="/oidc/authenticate/?next=/children/"' in page.content


def test_the_request_to_the_provider_carries_state_nonce_and_a_pkce_challenge(client, provider):
    start = client.get(reverse("oidc_authentication_init"))
    query = parse_qs(urlparse(start["Location"]).query)
    assert query["client_id"] == [CLIENT_ID] and query["response_type"] == ["code"]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["state"] and query["nonce"] and query["code_challenge_method"] == ["S256"]
    assert provider.requests == ["GET /.well-known/openid-configuration"]


# --- the mapping ---------------------------------------------------------------------------------------------------
def test_the_mapping_gives_every_mapped_groups_teams_and_the_role_of_the_first_by_precedence(groups, council):
    access = oidc.access_from_groups(["g-cp-workers", "g-cp-managers", "g-cin-team", "unknown-group"])
    assert access.role == Role.TEAM_MANAGER  # precedence 10 before 100
    assert {team.name for team in access.teams} == {council.cp_team.name, council.cin_team.name}
    assert access.service is None
    head = oidc.access_from_groups(["g-heads", "g-cin-team"])
    assert head.role == Role.HEAD_OF_SERVICE and head.service == council.cp


def test_groups_that_give_no_role_or_nothing_are_refused(groups):
    with pytest.raises(oidc.SignInRefused) as refusal:
        oidc.access_from_groups(["g-cin-team"])
    assert refusal.value.reason == "no_role"
    with pytest.raises(oidc.SignInRefused) as refusal:
        oidc.access_from_groups(["somebody-elses-group"])
    assert refusal.value.reason == "no_group"


def test_changes_to_the_mapping_are_audited(groups, council):
    mapping = groups["workers"]
    mapping.role = Role.FRONT_DOOR
    mapping.save()
    mapping.teams.add(council.cin_team)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ProviderGroup), object_pk=str(mapping.pk)
    )
    assert entries.filter(action=LogEntry.Action.CREATE).exists()
    assert any("role" in (entry.changes_dict or {}) for entry in entries)
    assert any("teams" in (entry.changes_dict or {}) for entry in entries)


# --- signing in ----------------------------------------------------------------------------------------------------
def test_a_first_sign_in_makes_the_member_of_staff_with_the_mapped_role_and_teams(client, provider, groups, council):
    provider.person = person(sub="entra-42", groups=["g-cp-workers", "g-cin-team"])
    response = sign_in(client, provider)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    member = signed_in_user(client)
    assert member.username == "priya.shah@northmoor.example"
    assert (member.first_name, member.last_name, member.email) == ("Priya", "Shah", "priya.shah@northmoor.example")
    assert member.role == Role.SOCIAL_WORKER and not member.has_usable_password()
    assert {team.name for team in member.teams.all()} == {council.cp_team.name, council.cin_team.name}
    identity = SignInIdentity.objects.get(user=member)
    assert (identity.issuer, identity.subject) == (provider.issuer, "entra-42")
    added = StaffChange.objects.get(member=member, kind=StaffChangeKind.ADDED)
    assert added.note == oidc.HISTORY_NOTE and added.changed_by is None
    home = client.get(reverse("home"))
    assert home.status_code == 200


def test_where_to_go_next_is_kept_through_the_provider(client, provider, groups):
    provider.person = person(groups=["g-cp-workers"])
    response = sign_in(client, provider, next_url="/accounts/notifications/")
    assert response["Location"] == "/accounts/notifications/"


def test_later_sign_ins_follow_the_provider_and_find_them_by_their_stable_id(client, provider, groups, council):
    provider.person = person(sub="entra-7", groups=["g-cp-workers"])
    sign_in(client, provider)
    member = signed_in_user(client)
    client.logout()

    # Promoted at the council: now a team manager, and they changed their name and address.
    provider.person = person(
        sub="entra-7", groups=["g-cp-managers"], family_name="Shah-Patel", email="priya.patel@northmoor.example"
    )
    sign_in(client, provider)
    again = signed_in_user(client)
    assert again.pk == member.pk
    assert again.role == Role.TEAM_MANAGER and again.last_name == "Shah-Patel"
    assert again.email == "priya.patel@northmoor.example" and again.username == member.username
    role_change = StaffChange.objects.get(member=member, kind=StaffChangeKind.ROLE)
    assert (role_change.from_value, role_change.to_value) == ("Social worker", "Team manager")
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(member.pk),
        changes__icontains="team_manager",
    ).exists()
    client.logout()

    # Moved back to a worker's role in the children in need team only: teams follow too.
    provider.person = person(sub="entra-7", groups=["g-cin-team", "g-cp-workers"])
    groups["workers"].teams.set([council.cin_team])
    sign_in(client, provider)
    again = signed_in_user(client)
    assert again.role == Role.SOCIAL_WORKER
    assert [team.name for team in again.teams.all()] == [council.cin_team.name]
    assert StaffChange.objects.filter(member=member, kind=StaffChangeKind.TEAMS).exists()


def test_a_sign_in_that_changes_nothing_adds_no_history(client, provider, groups):
    provider.person = person(sub="entra-8", groups=["g-cp-workers"])
    sign_in(client, provider)
    member = signed_in_user(client)
    client.logout()
    before = StaffChange.objects.filter(member=member).count()
    sign_in(client, provider)
    assert signed_in_user(client).pk == member.pk
    assert StaffChange.objects.filter(member=member).count() == before


def test_an_existing_member_of_staff_is_found_by_email_once_only_when_configured(client, provider, groups, settings):
    existing = make_user("pshah", Role.SOCIAL_WORKER, email="priya.shah@northmoor.example")
    provider.person = person(sub="entra-9", groups=["g-cp-workers"])
    body = refused(client, sign_in(client, provider))  # not linked by email: the address is someone else's
    assert "already used by another member of staff" in body

    settings.OIDC_LINK_BY_EMAIL = True
    sign_in(client, provider)
    assert signed_in_user(client).pk == existing.pk
    assert SignInIdentity.objects.get(subject="entra-9").user == existing
    client.logout()

    # From then on the stable id decides, whatever the email says.
    provider.person = person(sub="entra-9", groups=["g-cp-workers"], email="p.shah@northmoor.example")
    sign_in(client, provider)
    assert signed_in_user(client).pk == existing.pk


def test_the_stable_id_can_be_entra_ids_oid(client, provider, groups, settings):
    settings.OIDC_USER_ID_CLAIM = "oid"
    provider.person = person(sub="pairwise-1", oid="object-1", groups=["g-cp-workers"])
    sign_in(client, provider)
    assert SignInIdentity.objects.get(user=signed_in_user(client)).subject == "object-1"


def test_no_new_accounts_when_creating_is_off(client, provider, groups, settings):
    settings.OIDC_CREATE_USERS = False
    provider.person = person(groups=["g-cp-workers"])
    assert "You do not have a Caseboard account" in refused(client, sign_in(client, provider))
    assert not User.objects.filter(email="priya.shah@northmoor.example").exists()


# --- refused -------------------------------------------------------------------------------------------------------
def test_someone_in_no_mapped_group_is_refused_with_a_clear_page_and_nothing_made(client, provider, groups):
    provider.person = person(groups=["g-finance", "g-everyone"])
    body = refused(client, sign_in(client, provider))
    assert "Your council account does not give you access to Caseboard" in body
    assert not User.objects.filter(email="priya.shah@northmoor.example").exists()
    assert not SignInIdentity.objects.exists()


def test_a_deactivated_member_of_staff_is_refused_whatever_their_groups(client, provider, groups, council):
    provider.person = person(sub="entra-10", groups=["g-cp-workers"])
    sign_in(client, provider)
    member = signed_in_user(client)
    client.logout()
    services.staff_deactivate(member=member, deactivated_by=council.admin)
    body = refused(client, sign_in(client, provider))
    assert "Your Caseboard account has been deactivated" in body
    member.refresh_from_db()
    assert not member.is_active


def test_too_many_groups_for_the_token_is_refused_with_advice(client, provider, groups):
    claims = person(groups=[])
    del claims["groups"]
    claims["_claim_names"] = {"groups": "src1"}
    provider.person = claims
    assert "too many groups" in refused(client, sign_in(client, provider))


def test_an_unknown_state_is_refused(client, provider, groups):
    provider.person = person(groups=["g-cp-workers"])
    client.get(reverse("oidc_authentication_init"))  # a flow started in this browser, with its own state
    response = client.get(reverse("oidc_authentication_callback") + "?code=made-up&state=not-ours")
    assert "Your sign-in could not be checked" in refused(client, response)
    assert "POST /token" not in provider.requests


def test_a_replayed_answer_is_refused(client, provider, groups):
    provider.person = person(groups=["g-cp-workers"])
    start = client.get(reverse("oidc_authentication_init"))
    back = requests.get(start["Location"], allow_redirects=False, timeout=10).headers["Location"]
    callback = urlparse(back)
    assert client.get(f"{callback.path}?{callback.query}")["Location"] == reverse("home")
    client.logout()
    refused(client, client.get(f"{callback.path}?{callback.query}"))


@pytest.mark.parametrize(
    "tampering",
    [
        {"nonce": "a-nonce-this-browser-never-sent"},
        {"aud": "another-client"},
        {"iss": "https://login.example.com/someone-else/v2.0"},
        {"exp": 1_000_000_000},
    ],
    ids=["wrong nonce", "wrong audience", "wrong issuer", "expired"],
)
def test_an_id_token_that_does_not_check_out_is_refused(client, provider, groups, tampering):
    provider.person = person(groups=["g-cp-workers"])
    provider.tamper = tampering
    assert "Your sign-in could not be checked" in refused(client, sign_in(client, provider))
    assert not User.objects.filter(email="priya.shah@northmoor.example").exists()


def test_an_id_token_signed_with_another_key_is_refused(client, provider, groups):
    provider.person = person(groups=["g-cp-workers"])
    provider.sign_with_stranger_key = True
    refused(client, sign_in(client, provider))


def test_the_provider_saying_no_is_shown_as_such(client, provider):
    client.get(reverse("oidc_authentication_init"))
    state = next(iter(client.session["oidc_states"]))
    response = client.get(reverse("oidc_authentication_callback") + f"?error=access_denied&state={state}")
    assert "You did not sign in" in refused(client, response)


def test_a_provider_that_does_not_answer_is_said_so(client, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    oidc.forget_discovery()
    response = client.get(reverse("oidc_authentication_init"))
    assert "The council&#x27;s sign-in service is not answering" in refused(client, response)


def test_refused_answers_count_per_address_and_never_lock_out_other_addresses(client, provider, groups, settings):
    from django.test import Client

    settings.AXES_FAILURE_LIMIT = 2
    provider.person = person(groups=["g-nothing"])
    refused(client, sign_in(client, provider))
    attempt = AccessAttempt.objects.get()
    assert attempt.username is None and attempt.ip_address == "127.0.0.1"
    for _ in range(2):  # the second failure reaches the limit: this address has had its tries
        locked = sign_in(client, provider)
        assert locked.status_code == 429 and signed_in_user(client) is None

    # Another address signs in with the council's account, and with a password, as before.
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    provider.person = person(groups=["g-cp-workers"])
    assert sign_in(elsewhere, provider)["Location"] == reverse("home")
    other = Client(REMOTE_ADDR="10.1.2.4")
    response = other.post(reverse("accounts:login"), {"username": "worker", "password": "a-long-test-password-1"})
    assert response.status_code == 302 and signed_in_user(other).username == "worker"


# --- the second factor ---------------------------------------------------------------------------------------------
@SECOND_FACTOR
def test_a_provider_that_asserts_mfa_stands_for_caseboards_second_factor(client, provider, groups):
    provider.person = person(sub="entra-head", groups=["g-heads"], amr=["pwd", "mfa"])
    sign_in(client, provider)
    assert signed_in_user(client).role == Role.HEAD_OF_SERVICE
    assert client.get(reverse("casework:my-caseload")).status_code == 200


@SECOND_FACTOR
def test_without_the_providers_mfa_the_usual_rule_applies(client, provider, groups):
    provider.person = person(sub="entra-head-2", groups=["g-heads"], amr=["pwd"])
    sign_in(client, provider)
    response = client.get(reverse("casework:my-caseload"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:second-factor-enrol"))


@SECOND_FACTOR
def test_which_claim_and_values_mean_mfa_is_configurable(client, provider, groups, settings):
    settings.OIDC_MFA_CLAIM = "acr"
    settings.OIDC_MFA_VALUES = ["urn:council:loa:2"]
    provider.person = person(sub="entra-head-3", groups=["g-heads"], amr=["mfa"], acr="urn:council:loa:2")
    sign_in(client, provider)
    assert client.get(reverse("casework:my-caseload")).status_code == 200
    assert oidc.provider_asserts_mfa({"acr": "urn:council:loa:1", "amr": ["mfa"]}) is False


@SECOND_FACTOR
def test_a_role_not_asked_for_a_second_factor_goes_straight_in(client, provider, groups):
    provider.person = person(sub="entra-w", groups=["g-cp-workers"], amr=["pwd"])
    sign_in(client, provider)
    assert client.get(reverse("casework:my-caseload")).status_code == 200


# --- the audit -----------------------------------------------------------------------------------------------------
def test_a_council_sign_in_is_in_the_access_log_as_a_password_sign_in_is(client, provider, groups):
    provider.person = person(groups=["g-cp-workers"])
    sign_in(client, provider)
    member = signed_in_user(client)
    entry = AccessLog.objects.get(username=member.username)
    assert entry.path_info == reverse("oidc_authentication_callback") and entry.ip_address == "127.0.0.1"


def test_the_identity_link_is_audited(client, provider, groups):
    provider.person = person(groups=["g-cp-workers"])
    sign_in(client, provider)
    identity = SignInIdentity.objects.get()
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(SignInIdentity),
        object_pk=str(identity.pk),
        action=LogEntry.Action.CREATE,
    ).exists()


def test_a_repeat_sign_in_costs_the_same_few_queries_however_many_groups(provider, groups, django_assert_num_queries):
    mapped = ["g-cp-workers", "g-cin-team"]
    claims = person(sub="entra-q", groups=mapped)
    oidc.council_sign_in(issuer=provider.issuer, claims=claims)
    with django_assert_num_queries(14):
        oidc.council_sign_in(issuer=provider.issuer, claims=claims)
    many = [f"unmapped-{n}" for n in range(150)] + mapped
    with django_assert_num_queries(14):
        oidc.council_sign_in(issuer=provider.issuer, claims={**claims, "groups": many})


# --- the administrator's page ----------------------------------------------------------------------------------------
def test_an_administrator_maps_a_group_in_django_admin_and_it_is_audited_with_who(client, council):
    client.force_login(council.admin)
    assert client.get(reverse("admin:accounts_providergroup_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_providergroup_add")).status_code == 200
    response = client.post(
        reverse("admin:accounts_providergroup_add"),
        {
            "group": "0b7d1c2e-cp-managers",
            "description": "CP team managers",
            "role": Role.TEAM_MANAGER,
            "teams": [council.cp_team.pk],
            "service": "",
            "precedence": "10",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mapping = ProviderGroup.objects.get(group="0b7d1c2e-cp-managers")
    assert list(mapping.teams.all()) == [council.cp_team]
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(ProviderGroup), object_pk=str(mapping.pk), action=0
    )
    assert entry.actor == council.admin
    assert client.get(reverse("admin:accounts_providergroup_changelist")).content.count(b"CP team 1") == 1


def test_only_administrators_open_the_mapping(client, council):
    client.force_login(council.manager)
    response = client.get(reverse("admin:accounts_providergroup_changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
