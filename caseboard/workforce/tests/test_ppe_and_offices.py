"""The PPE ledger (stock is the sum of its rows, never negative, safe under concurrent issues), a visit's PPE drawn
from the worker's issued stock, reorder alerts and days of stock left; office bookings within capacity, the last
desk going to one of two people booking at once."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.utils import timezone

from caseboard.accounts.models import Notification
from caseboard.visits import services as visit_services
from caseboard.visits.services import ChildSeenInput
from caseboard.workforce import selectors, services
from caseboard.workforce.models import DeskCapacity, LedgerKind, Office, OfficeBooking, PpeLedgerEntry, PpeStock


def _run_at_once(target, people) -> None:
    """Run ``target(person)`` in two threads released together. On PostgreSQL the two transactions really race (the
    row lock decides); SQLite's in-memory test database (shared cache) refuses a second writer with "table is
    locked" instead of waiting as a file database in WAL mode does, so there the loser retries until the winner has
    committed, and the service's own check must then refuse it."""
    barrier = threading.Barrier(len(people))

    def run(person) -> None:
        try:
            barrier.wait()
            for _attempt in range(200):
                try:
                    target(person)
                    return
                except OperationalError as error:
                    if connection.vendor != "sqlite" or "locked" not in str(error):
                        raise
                    time.sleep(0.01)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _stock(wf, quantity=10, reorder=0):
    office = Office.objects.create(name="Riverside House", ppe_lead=wf.council.manager)
    stock = PpeStock.objects.create(office=office, item="mask_iir", reorder_level=reorder)
    if quantity:
        services.ppe_delivery_record(
            stock=stock, quantity=quantity, recorded_by=wf.council.manager, on=timezone.localdate()
        )
    return stock


@pytest.mark.django_db
def test_stock_is_the_sum_of_the_ledger(wf):
    stock = _stock(wf, 100)
    manager, worker = wf.council.manager, wf.council.worker
    today = timezone.localdate()
    services.ppe_issue(stock=stock, worker=worker, quantity=30, recorded_by=manager, on=today)
    services.ppe_return(stock=stock, worker=worker, quantity=5, recorded_by=manager, on=today)
    services.ppe_write_off(stock=stock, quantity=10, recorded_by=manager, on=today, note="Damaged in the store")
    assert selectors.stock_level(stock) == 65
    assert selectors.held_by(stock, worker) == 25
    [row] = selectors.stock_rows(today=today, window_days=28)
    assert row.level == 65
    assert row.used_in_window == 35  # 30 issued - 5 returned + 10 written off
    assert row.days_left == int(65 / (35 / 28))


@pytest.mark.django_db
def test_an_issue_larger_than_the_stock_is_refused_and_nothing_written(wf):
    stock = _stock(wf, 10)
    with pytest.raises(ValidationError) as error:
        services.ppe_issue(
            stock=stock, worker=wf.council.worker, quantity=11, recorded_by=wf.council.manager, on=timezone.localdate()
        )
    assert error.value.message_dict["quantity"] == [
        "There are only 10 type iir masks in stock at Riverside House: issue 10 or fewer"
    ]
    assert PpeLedgerEntry.objects.filter(kind=LedgerKind.ISSUE).count() == 0
    with pytest.raises(ValidationError):
        services.ppe_return(
            stock=stock, worker=wf.council.worker, quantity=1, recorded_by=wf.council.manager, on=timezone.localdate()
        )


@pytest.mark.django_db
def test_the_stock_level_cannot_be_edited_directly(wf, client):
    stock = _stock(wf, 10)
    assert not hasattr(stock, "level")
    client.force_login(wf.council.manager)
    response = client.post(
        f"/workforce/ppe/{stock.pk}/",
        {"form": "movement", "movement": "set", "quantity": "500", "on_0": "1", "on_1": "6", "on_2": "2026"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode() or "Select what happened" in response.content.decode()
    assert selectors.stock_level(stock) == 10


@pytest.mark.django_db
def test_reorder_alert_goes_to_the_ppe_lead_once(wf):
    stock = _stock(wf, 10, reorder=5)
    today = timezone.localdate()
    services.ppe_issue(stock=stock, worker=wf.council.worker, quantity=4, recorded_by=wf.council.worker, on=today)
    assert not Notification.objects.exists()
    services.ppe_issue(stock=stock, worker=wf.council.worker, quantity=2, recorded_by=wf.council.worker, on=today)
    services.ppe_issue(stock=stock, worker=wf.council.worker, quantity=1, recorded_by=wf.council.worker, on=today)
    [note] = Notification.objects.filter(recipient=wf.council.manager)
    assert "Reorder type iir masks for Riverside House: 4 left" in note.message


@pytest.mark.django_db
def test_a_visit_draws_ppe_from_the_workers_issued_stock(wf):
    stock = _stock(wf, 10)
    today = timezone.localdate()
    services.ppe_issue(stock=stock, worker=wf.council.worker, quantity=3, recorded_by=wf.council.manager, on=today)
    visit = visit_services.visit_record(
        children_seen=[ChildSeenInput(child=wf.council.own_child, was_seen=True)],
        worker=wf.council.worker,
        recorded_by=wf.council.worker,
        visited_on=today,
        mode="phone",
        purpose="other",
        ppe_used=["mask", "gloves"],
    )
    assert selectors.held_by(stock, wf.council.worker) == 2
    use = PpeLedgerEntry.objects.get(kind=LedgerKind.USE)
    assert use.visit_id == visit.pk
    assert selectors.stock_level(stock) == 7  # use comes out of the worker's stock, not the store's


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_never_take_the_stock_below_zero(wf):
    stock = _stock(wf, 10)
    results: list[str] = []

    def issue(worker) -> None:
        try:
            services.ppe_issue(stock=stock, worker=worker, quantity=6, recorded_by=worker, on=timezone.localdate())
            results.append("issued")
        except ValidationError:
            results.append("refused")

    _run_at_once(issue, [wf.council.worker, wf.council.colleague])
    assert sorted(results) == ["issued", "refused"]
    assert selectors.stock_level(stock) == 4


# --- offices -------------------------------------------------------------------------------------------------------
def _office(wf, desks):
    office = Office.objects.create(name="Riverside House")
    DeskCapacity.objects.create(
        office=office,
        effective_from=date(2020, 8, 3),
        desks=desks,
        risk_assessment="COVID-secure layout",
        recorded_by=wf.council.manager,
    )
    return office


def _next_weekday() -> date:
    day = timezone.localdate() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@pytest.mark.django_db
def test_a_booking_over_capacity_is_refused(wf):
    office = _office(wf, 1)
    day = _next_weekday()
    services.office_book(office=office, person=wf.council.worker, booked_on=day)
    with pytest.raises(ValidationError) as error:
        services.office_book(office=office, person=wf.council.colleague, booked_on=day)
    assert "is full on" in error.value.message_dict["booked_on"][0]
    assert OfficeBooking.objects.count() == 1


@pytest.mark.django_db
def test_capacity_is_effective_dated(wf):
    office = _office(wf, 1)
    day = _next_weekday()
    services.office_capacity_set(
        office=office, effective_from=day, desks=2, risk_assessment="Screens fitted", recorded_by=wf.council.manager
    )
    assert selectors.capacity_on(office, day).desks == 2
    assert selectors.capacity_on(office, day - timedelta(days=1)).desks == 1
    with pytest.raises(ValidationError):
        services.office_capacity_set(
            office=office, effective_from=day, desks=3, risk_assessment="", recorded_by=wf.council.manager
        )


@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_last_desk_at_once_one_gets_it(wf):
    office = _office(wf, 1)
    day = _next_weekday()
    results: list[str] = []

    def book(person) -> None:
        try:
            services.office_book(office=office, person=person, booked_on=day)
            results.append("booked")
        except ValidationError:
            results.append("full")

    _run_at_once(book, [wf.council.worker, wf.council.colleague])
    assert sorted(results) == ["booked", "full"]
    assert OfficeBooking.objects.filter(office=office, booked_on=day).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_person_at_one_desk(wf):
    from django.db import IntegrityError, transaction

    office = _office(wf, 1)
    day = _next_weekday()
    OfficeBooking.objects.create(
        office=office, person=wf.council.worker, booked_on=day, desk=1, created_at=timezone.now()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficeBooking.objects.create(
            office=office, person=wf.council.colleague, booked_on=day, desk=1, created_at=timezone.now()
        )
