"""A small OpenID Connect provider for tests: run in this process, on 127.0.0.1 at a free port, in a thread.

It serves what a council's provider (Microsoft Entra ID, say) serves to Caseboard: discovery, authorize (consent is
given at once: it redirects back with a code), token (an RS256 ID token signed with a key made for the test, checked
against the PKCE verifier, the client's secret and the redirect URI), userinfo and the JWKS. Whoever signs in is
``provider.person`` (claims the test sets); ``provider.tamper`` changes the next ID token's claims (a wrong nonce, an
audience for someone else) and ``provider.sign_with_stranger_key`` signs it with a key the JWKS does not list.

    with running_provider() as provider, override_settings(**provider.settings()):
        provider.person = person(sub="u-1", groups=["caseworkers"])
        ...
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "caseboard-test-client"
CLIENT_SECRET = "caseboard-test-secret"
KEY_ID = "test-key-1"


def person(
    *,
    sub: str = "entra-0001",
    groups: list[str] | None = None,
    amr: list[str] | None = None,
    given_name: str = "Priya",
    family_name: str = "Shah",
    email: str = "priya.shah@northmoor.example",
    **claims: Any,
) -> dict[str, Any]:
    """The claims of someone at the council's provider."""
    return {
        "sub": sub,
        "oid": claims.pop("oid", f"oid-{sub}"),
        "given_name": given_name,
        "family_name": family_name,
        "name": f"{given_name} {family_name}",
        "email": email,
        "preferred_username": claims.pop("preferred_username", email),
        "groups": list(groups or []),
        "amr": list(amr or ["pwd"]),
        **claims,
    }


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    nonce: str | None
    code_challenge: str | None
    claims: dict[str, Any]


@dataclass
class LocalProvider:
    issuer: str = ""
    person: dict[str, Any] = field(default_factory=person)
    tamper: dict[str, Any] = field(default_factory=dict)
    sign_with_stranger_key: bool = False
    grants: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.stranger_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.lock = threading.Lock()

    def settings(self, **overrides: Any) -> dict[str, Any]:
        """The Django settings that point Caseboard at this provider (endpoints found by discovery)."""
        from caseboard.accounts.oidc import forget_discovery

        forget_discovery()
        values = {
            "OIDC_ISSUER": self.issuer,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": "",
            "OIDC_OP_TOKEN_ENDPOINT": "",
            "OIDC_OP_USER_ENDPOINT": "",
            "OIDC_OP_JWKS_ENDPOINT": "",
        }
        values.update(overrides)
        return values

    # --- what the endpoints answer ---------------------------------------------------------------------------
    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update(kid=KEY_ID, use="sig", alg="RS256")
        return {"keys": [jwk]}

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        if (
            query.get("client_id") != CLIENT_ID
            or query.get("response_type") != "code"
            or "openid" not in query.get("scope", "").split()
        ):
            return 400, {}, {"error": "invalid_request"}
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.grants[code] = Grant(
                client_id=query["client_id"],
                redirect_uri=query["redirect_uri"],
                nonce=query.get("nonce"),
                code_challenge=query.get("code_challenge"),
                claims=dict(self.person),
            )
        location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
        return 302, {"Location": location}, None

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, str], Any]:
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
        with self.lock:
            grant = self.grants.pop(form.get("code", ""), None)
        if client_id != CLIENT_ID or client_secret != CLIENT_SECRET:
            return 401, {}, {"error": "invalid_client"}
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or grant.redirect_uri != form.get("redirect_uri")
        ):
            return 400, {}, {"error": "invalid_grant"}
        if grant.code_challenge:
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if challenge != grant.code_challenge:
                return 400, {}, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        now = int(time.time())
        claims = {
            **grant.claims,
            "iss": self.issuer,
            "aud": client_id,
            "iat": now,
            "nbf": now,
            "exp": now + 600,
            "nonce": grant.nonce,
        }
        claims.update(self.tamper)
        claims = {k: v for k, v in claims.items() if v is not None}
        key = self.stranger_key if self.sign_with_stranger_key else self.key
        id_token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})
        access_token = secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[access_token] = grant.claims
        body = {"access_token": access_token, "token_type": "Bearer", "expires_in": 600, "id_token": id_token}
        return 200, {}, body

    def userinfo(self, authorization: str) -> tuple[int, dict[str, str], Any]:
        token = authorization.removeprefix("Bearer ").strip()
        with self.lock:
            claims = self.tokens.get(token)
        if claims is None:
            return 401, {}, {"error": "invalid_token"}
        # As Entra ID's: who they are, not their groups or how they signed in (those are in the ID token).
        keep = {"sub", "name", "given_name", "family_name", "email", "preferred_username"}
        return 200, {}, {k: v for k, v in claims.items() if k in keep}


def _handler(provider: LocalProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _answer(self, status: int, headers: dict[str, str], body: Any) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            data = b"" if body is None else json.dumps(body).encode()
            if body is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            provider.requests.append(f"GET {url.path}")
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._answer(200, {}, provider.discovery())
            elif url.path == "/jwks":
                self._answer(200, {}, provider.jwks())
            elif url.path == "/authorize":
                self._answer(*provider.authorize(query))
            elif url.path == "/userinfo":
                self._answer(*provider.userinfo(self.headers.get("Authorization", "")))
            else:
                self._answer(404, {}, {"error": "not_found"})

        def do_POST(self) -> None:
            url = urlparse(self.path)
            provider.requests.append(f"POST {url.path}")
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if url.path == "/token":
                self._answer(*provider.token(form, self.headers.get("Authorization", "")))
            else:
                self._answer(404, {}, {"error": "not_found"})

    return Handler


@contextmanager
def running_provider() -> Iterator[LocalProvider]:
    """A provider answering on 127.0.0.1 at a free port until the block ends."""
    provider = LocalProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    server.daemon_threads = True
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="test-openid-provider", daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
