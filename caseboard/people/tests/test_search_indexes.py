"""Searching children by the start of a name or by local ID is answered from an index on both databases (the
migration ``people.0006_search_indexes``), so an organisation-wide search does not read every child."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q

from caseboard.people.models import Child
from caseboard.testing.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is small: make the planner show its index
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


@pytest.mark.parametrize("column", ["first_name", "last_name", "preferred_name"])
def test_a_name_prefix_search_uses_its_index(column):
    ChildFactory.create_batch(5)
    plan = _plan(Child.objects.filter(**{f"{column}__istartswith": "smi"}).values("pk"))
    assert f"people_child_{column}_search" in plan, plan


def test_a_local_id_search_whatever_its_case_uses_its_index():
    ChildFactory.create_batch(5)
    plan = _plan(Child.objects.filter(Q(local_id__iexact="ab123")).values("pk"))
    assert "people_child_local_id_search" in plan, plan


def test_the_index_finds_what_a_full_read_finds():
    ChildFactory(first_name="Ángel", last_name="smith-Jones", local_id="ab1")
    ChildFactory(first_name="Sam", last_name="Smithers", local_id="AB2")
    ChildFactory(first_name="Tom", last_name="Brown", local_id="c3")
    names = sorted(Child.objects.filter(last_name__istartswith="SMITH").values_list("last_name", flat=True))
    assert names == ["Smithers", "smith-Jones"] or names == ["smith-Jones", "Smithers"]
    assert list(Child.objects.filter(local_id__iexact="AB1").values_list("local_id", flat=True)) == ["ab1"]
