"""Backup and restore: a backup taken while the service runs restores the database as it was, all or nothing, on
SQLite (the backup API) and on PostgreSQL (pg_dump / pg_restore, when the tests run there and they are installed)."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from caseboard.accounts.models import Service


def _can_back_up() -> bool:
    return connection.vendor == "sqlite" or (
        connection.vendor == "postgresql" and shutil.which("pg_dump") and shutil.which("pg_restore")
    )


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not _can_back_up(), reason="pg_dump and pg_restore are not installed"),
]


def names() -> list[str]:
    return sorted(Service.objects.values_list("name", flat=True))


def test_a_backup_restores_the_database_as_it_was(tmp_path, capsys):
    Service.objects.create(name="Children in need", slug="cin")
    Service.objects.create(name="Child protection", slug="cp")
    backup = tmp_path / "caseboard.backup"
    call_command("backup", str(backup))
    assert backup.stat().st_size > 0 and "Backed up the" in capsys.readouterr().out
    assert not list(tmp_path.glob("*.partial"))

    Service.objects.filter(slug="cp").delete()
    Service.objects.create(name="After the backup", slug="later")
    call_command("restore", str(backup), yes=True)
    connection.close()
    assert names() == ["Child protection", "Children in need"]


def test_a_backup_never_overwrites_and_a_restore_refuses_what_is_not_a_backup(tmp_path):
    Service.objects.create(name="Children in need", slug="cin")
    existing = tmp_path / "there.backup"
    existing.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_text() == "keep me"
    with pytest.raises(CommandError):
        call_command("restore", str(existing), yes=True)
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", str(tmp_path / "missing"), yes=True)
    connection.close()
    assert names() == ["Children in need"]  # unchanged


def test_a_restore_asks_first(tmp_path, monkeypatch):
    backup = tmp_path / "caseboard.backup"
    call_command("backup", str(backup))
    Service.objects.create(name="Children in need", slug="cin")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing restored"):
        call_command("restore", str(backup))
    assert names() == ["Children in need"]
