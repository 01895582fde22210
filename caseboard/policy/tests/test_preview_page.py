"""The preview of a draft: what changes by kind of due item, the children affected 25 a page (audited, in a fixed
number of queries), and the edit page's sections, hints and errors."""

import re
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caseboard.conftest import make_child, open_cin
from caseboard.policy import services
from caseboard.policy.models import OperatingModel
from caseboard.policy.presets import BASELINE


def _draft(council):
    baseline = OperatingModel.objects.get(name=BASELINE).versions.get()
    draft = services.version_draft(
        copy_from=baseline, drafted_by=council.head, effective_from=date.today() + timedelta(days=1)
    )
    return services.version_update(
        version=draft,
        updated_by=council.head,
        expected_edit_version=1,
        settings={"applies_to_running_intervals": True},
        frequencies=[
            {"kind": "cin", "interval": 2, "interval_unit": "weeks", "first_within": 2, "first_within_unit": "weeks"}
        ],
    )


def _add_children(number: int, start: int) -> None:
    for n in range(start, start + number):
        open_cin(make_child(f"P{n}", "Pat", f"Child{n}"), start_on=date.today() - timedelta(days=3 + n % 20))


@pytest.mark.django_db
def test_the_changes_by_kind_add_up_to_the_totals(council):
    _add_children(30, 0)
    preview = services.version_preview(version=_draft(council))
    assert preview.children_with_new_due_dates > 0
    assert len(preview.affected) == preview.children_with_new_due_dates
    assert sum(kind.total for kind in preview.by_kind) == preview.items_with_new_due_dates
    assert sum(len(child.items) for child in preview.affected) == preview.items_with_new_due_dates
    cin = next(kind for kind in preview.by_kind if kind.kind == "cin_visit")
    assert cin.label == "Child in need visit" and cin.earlier > 0
    changes = {item.change for child in preview.affected for item in child.items}
    assert changes <= {"earlier", "later", "appears", "disappears"}


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.django_db
def test_the_preview_page_lists_the_children_25_a_page_in_a_fixed_number_of_queries(client, council):
    _add_children(30, 0)
    draft = _draft(council)
    url = reverse("policy:version-preview", args=[draft.pk])
    client.force_login(council.admin)
    _get(client, url)  # warm the caches every page shares (content types, sessions)
    response, small = _get(client, url)
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert 'data-testid="preview-by-kind"' in content and "Child in need visit" in content
    assert 'data-testid="preview-children"' in content and 'data-testid="preview-pages"' in content
    assert content.count('<tr class="govuk-table__row">\n      <td') == 25
    second, _ = _get(client, url + "?page=2")
    assert "Pat Child" in second.content.decode()
    _add_children(60, 100)
    response, larger = _get(client, url)
    assert larger == small
    preview = services.version_preview(version=draft)
    assert f"Children whose due dates change ({preview.children_with_new_due_dates})" in response.content.decode()


@pytest.mark.django_db
def test_reading_the_named_children_is_audited_and_only_those_the_user_may_see_are_named(client, council):
    _add_children(5, 0)
    draft = _draft(council)
    client.force_login(council.admin)
    content = client.get(reverse("policy:version-preview", args=[draft.pk])).content.decode()
    via = f"operating model preview, version {draft.number}"
    read = set(
        LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__via=via).values_list(
            "object_pk", flat=True
        )
    )
    affected = {str(child.child_id) for child in services.version_preview(version=draft).affected}
    assert read and read == affected  # fewer than 25: every one of them is named on the first page
    assert all(f"Pat Child{n}" in content for n in range(5))


@pytest.mark.django_db
def test_the_edit_page_explains_each_section_and_keeps_what_was_typed_on_error(client, council):
    draft = _draft(council)
    client.force_login(council.admin)
    url = reverse("policy:version-edit", args=[draft.pk])
    content = client.get(url).content.decode()
    for legend in ("Practice", "Visits", "Timescales", "RAG rating reviews", "Deviations from normal practice"):
        assert legend in content
    assert "How often children are visited, by kind of involvement." in content
    assert "An amber rating is due for review this many days after it was given." in content
    assert "From the last visit that counts." in content
    from caseboard.policy.forms import VersionForm

    data = {name: value for name, value in VersionForm.initial_for(draft).items() if value not in (None, False)}
    data = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}
    for name in ("effective_from", "ends_on"):
        data.pop(name, None)
    day = date.today() + timedelta(days=1)
    data.update({"effective_from_0": day.day, "effective_from_1": day.month, "effective_from_2": day.year})
    data.update({"rag_review_red_days": "0", "summary": "Shorter visits for the winter"})
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a number of 1 or more" in content
    assert "Shorter visits for the winter" in content
    field = re.search(r'<input[^>]*name="rag_review_red_days"[^>]*>', content).group(0)
    assert 'value="0"' in field and "govuk-input--error" in field, field
