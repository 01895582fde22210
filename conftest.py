"""Shared by every test: a transactional test (a browser test, a live server, ``transaction=True``) ends by flushing
the test database, which removes what the data migrations installed. It is put back at once, outside any test's
transaction, so whichever test a process runs next (in any order, on any worker) finds the database as migrated."""

from __future__ import annotations

import pytest

TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    result = yield
    # After the last test the test database is gone (and the settings name the real one again): nothing to do.
    if nextitem is not None and _is_transactional(item):
        from pytest_django.plugin import blocking_manager_key

        from caseboard.testing.database import reinstall_migration_data

        with item.config.stash[blocking_manager_key].unblock():
            reinstall_migration_data()
    return result
