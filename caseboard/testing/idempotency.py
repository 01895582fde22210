"""The checks every door that records something runs to prove a retry is safe (caseboard/core/idempotency.py)."""

from __future__ import annotations

import re
from typing import Any

from django.db import models

from caseboard.core.idempotency import HEADER, REPLAYED_HEADER, TOKEN_FIELD


def api_retry_is_safe(api: Any, path: str, body: dict, model: type[models.Model], changed: dict) -> None:
    """The same key and body answer with the first answer and write nothing more; the same key with another body
    is refused with 422 and a clear message; another key records again; a refused request keeps no key."""
    before = model.objects.count()
    first = api.post(path, body, format="json", headers={HEADER: "retry-1"})
    assert first.status_code == 201, first.json()
    assert model.objects.count() == before + 1
    again = api.post(path, body, format="json", headers={HEADER: "retry-1"})
    assert (again.status_code, again.json()) == (201, first.json())
    assert again[REPLAYED_HEADER] == "true"
    assert model.objects.count() == before + 1

    other = api.post(path, body | changed, format="json", headers={HEADER: "retry-1"})
    assert other.status_code == 422
    assert "was used for a different request" in other.json()["detail"]
    assert model.objects.count() == before + 1

    assert api.post(path, body, format="json", headers={HEADER: "retry-2"}).status_code == 201
    assert model.objects.count() == before + 2
    assert api.post(path, body, format="json").status_code == 201  # no key: recorded each time, as before
    assert model.objects.count() == before + 3


def page_resubmission_is_safe(client: Any, path: str, data: dict, model: type[models.Model]) -> None:
    """The page's form carries a one-time token; sending the form twice records once and the second goes to what
    was recorded, saying so."""
    page = client.get(path).content.decode()
    token = re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', page).group(1)
    assert token not in client.get(path).content.decode()  # a new token each time the page is opened
    before = model.objects.count()
    first = client.post(path, data | {TOKEN_FIELD: token})
    assert first.status_code == 302
    assert model.objects.count() == before + 1
    client.get(first.url)  # the success message is read
    again = client.post(path, data | {TOKEN_FIELD: token})
    assert (again.status_code, again.url) == (302, first.url)
    assert model.objects.count() == before + 1
    assert "This form had already been sent, so it was recorded once" in client.get(again.url).content.decode()
