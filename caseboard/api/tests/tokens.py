"""A client that authenticates with an API token, as a service account would."""

from rest_framework.test import APIClient

from caseboard.security.models import ApiToken


def token_client(user) -> APIClient:
    _token, secret = ApiToken.objects.create(user=user, name="Test client")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client
