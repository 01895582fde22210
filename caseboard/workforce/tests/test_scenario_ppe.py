"""The covid-2020 scenario's PPE on a small hand-built set of visits: deliveries, issues and use that follow the
visits from the lockdown, a shortage early on (reorder alerts, visits the store could not supply), the regional hub's
deliveries building the stock up from May, and a ledger that never goes below zero for a store or a worker."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from caseboard.accounts.models import Notification
from caseboard.compliance.calendar import is_working_day
from caseboard.core.audit import audit_bypass
from caseboard.visits.models import Visit
from caseboard.workforce import selectors
from caseboard.workforce.demo import add_scenario_ppe
from caseboard.workforce.models import LedgerKind, Office, PpeLedgerEntry, PpeStock

pytestmark = pytest.mark.django_db

LOCKDOWN = date(2020, 3, 23)
TODAY = date(2020, 6, 4)


@pytest.fixture
def visits(wf):
    council = wf.council
    Office.objects.create(name="Riverside House", ppe_lead=council.manager)
    Office.objects.create(name="Civic Centre", ppe_lead=council.manager)
    rows = []
    day = date(2020, 3, 16)  # a week before the lockdown: no PPE drawn for those
    while day <= TODAY:
        if is_working_day(day):
            for worker, count in ((council.worker, 2), (council.colleague, 1), (council.cp_worker, 1)):
                for n in range(count):
                    rows.append(
                        Visit(
                            visited_on=day,
                            visited_at_time=time(10 + n, 0),
                            worker=worker,
                            mode="in_person_home",
                            purpose="statutory_cin",
                            ppe_used=["mask", "gloves", "sanitiser"],
                            recorded_by=worker,
                            recorded_at=timezone.now(),
                        )
                    )
        day += timedelta(days=1)
    with audit_bypass("test visits"):
        Visit.objects.bulk_create(rows)
    return wf


def _levels():
    """Each store's and each worker's level after every day, in date order."""
    store: dict[int, int] = defaultdict(int)
    worker: dict[tuple[int, int], int] = defaultdict(int)
    lowest_store, lowest_worker = 0, 0
    entries = PpeLedgerEntry.objects.order_by("on", "kind", "pk").values_list(
        "on", "kind", "quantity", "stock_id", "worker_id"
    )
    by_day: dict[date, list] = defaultdict(list)
    for row in entries:
        by_day[row[0]].append(row)
    for day in sorted(by_day):
        # Within a day deliveries come first, then issues, then use on visits.
        order = {LedgerKind.DELIVERY: 0, LedgerKind.ISSUE: 1, LedgerKind.RETURN: 2, LedgerKind.USE: 3}
        for _, kind, quantity, stock_id, worker_id in sorted(by_day[day], key=lambda r: order.get(r[1], 4)):
            if kind == LedgerKind.DELIVERY:
                store[stock_id] += quantity
            elif kind == LedgerKind.ISSUE:
                store[stock_id] -= quantity
                worker[(worker_id, stock_id)] += quantity
            elif kind == LedgerKind.USE:
                worker[(worker_id, stock_id)] -= quantity
            lowest_store = min(lowest_store, *store.values())
            lowest_worker = min(lowest_worker, *worker.values()) if worker else 0
    return lowest_store, lowest_worker


def test_scenario_ppe_follows_the_visits_with_an_early_shortage(visits):
    counts = add_scenario_ppe(1, today=TODAY)
    lowest_store, lowest_worker = _levels()
    assert lowest_store >= 0 and lowest_worker >= 0
    uses = PpeLedgerEntry.objects.filter(kind=LedgerKind.USE)
    assert not uses.filter(visit__isnull=True).exists()
    assert not uses.filter(on__lt=LOCKDOWN).exists()
    visit_items = 3 * Visit.objects.filter(visited_on__gte=LOCKDOWN).count()
    assert uses.count() + counts["visit items the store could not supply"] == visit_items
    assert counts["visit items the store could not supply"] > 0  # nothing in store before 27 March
    assert counts["reorder alerts"] > 0
    assert Notification.objects.filter(recipient=visits.council.manager, message__startswith="Reorder").exists()
    deliveries = PpeLedgerEntry.objects.filter(kind=LedgerKind.DELIVERY)
    assert deliveries.order_by("on").first().on == date(2020, 3, 27)
    assert deliveries.filter(note="Regional PPE hub", on__gte=date(2020, 5, 4)).exists()
    # Short in April, built up by June: the masks at Riverside House.
    masks = PpeStock.objects.get(office__name="Riverside House", item="mask_iir")
    april = sum(
        q if k == LedgerKind.DELIVERY else -q
        for k, q in masks.entries.filter(on__lte=date(2020, 4, 30), kind__in=["delivery", "issue"]).values_list(
            "kind", "quantity"
        )
    )
    assert april <= masks.reorder_level
    assert selectors.stock_level(masks) > masks.reorder_level
    row = next(r for r in selectors.stock_rows(today=TODAY, window_days=28) if r.stock.pk == masks.pk)
    assert row.days_left is not None and row.days_left > 7
    assert counts["fewest days of masks left"] == min(
        r.days_left
        for r in selectors.stock_rows(today=TODAY, window_days=28)
        if r.stock.item == "mask_iir" and r.days_left is not None
    )


def test_scenario_ppe_is_deterministic_and_replaces_the_ledger(visits):
    first = add_scenario_ppe(1, today=TODAY)
    rows = list(
        PpeLedgerEntry.objects.order_by("on", "stock_id", "kind", "worker_id", "quantity").values_list(
            "on", "stock__item", "kind", "worker_id", "quantity"
        )
    )
    again = add_scenario_ppe(1, today=TODAY)
    assert again == first
    assert rows == list(
        PpeLedgerEntry.objects.order_by("on", "stock_id", "kind", "worker_id", "quantity").values_list(
            "on", "stock__item", "kind", "worker_id", "quantity"
        )
    )
