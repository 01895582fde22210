"""Backups and restores of Caseboard's database, for ``./dev backup`` and ``./dev restore`` (manage.py backup /
restore).

- **SQLite** (the embedded default): SQLite's online backup API copies the database page by page while Caseboard
  keeps running, into a file that is itself a SQLite database (open it with ``sqlite3``). A restore copies a backup
  back the same way, in one step: the database is the backup's, whole, or unchanged.
- **PostgreSQL** (``DATABASE_URL``): ``pg_dump --format=custom``, a consistent snapshot taken while Caseboard keeps
  running; a restore is ``pg_restore --clean --single-transaction``, so it is all or nothing. ``pg_dump`` and
  ``pg_restore`` must be installed (Debian: ``postgresql-client``) at the server's major version or newer.

A backup holds every child's record: keep it as securely as the database (encrypted storage, access limited to the
people who run the service), and for no longer than the council's backup policy says.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.db import connections

BACKUP_SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}


class BackupError(Exception):
    """A backup or restore could not be made (the tool is missing, the file is not a backup, the tool failed)."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    size: int


def _connection(alias: str = "default"):
    connection = connections[alias]
    if connection.vendor not in BACKUP_SUFFIX:
        raise BackupError(f"Backups are made for SQLite and PostgreSQL, not {connection.vendor}")
    return connection


def default_path(directory: Path, *, stamp: str, alias: str = "default") -> Path:
    """Where a backup goes when no file is named: ``caseboard-<stamp>`` with the database's suffix."""
    return directory / f"caseboard-{stamp}{BACKUP_SUFFIX[_connection(alias).vendor]}"


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    """libpq's variables for the database in ``settings_dict`` (the password never on the command line)."""
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def _run(arguments: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(arguments, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(arguments[0]).name} failed: {result.stderr.strip()}")


def database_backup(*, to: Path, alias: str = "default") -> BackupResult:
    """Back the database up to ``to`` (a new file) while the service runs."""
    connection = _connection(alias)
    to = Path(to)
    if to.exists():
        raise BackupError(f"{to} already exists: name a new file")
    to.parent.mkdir(parents=True, exist_ok=True)
    partial = to.with_name(to.name + ".partial")
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
                if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError("The backup failed SQLite's integrity check")
            finally:
                target.close()
        else:
            env = _pg_environment(connection.settings_dict)
            _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"], env)
        partial.rename(to)  # only a whole backup ever has the name asked for
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(to, connection.vendor, to.stat().st_size)


def database_restore(*, source: Path, alias: str = "default") -> BackupResult:
    """Replace the database with the backup in ``source``, all or nothing. Stop the web servers and workers first:
    what they write during a restore is lost."""
    connection = _connection(alias)
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    if connection.vendor == "sqlite":
        try:
            backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                if backup.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError(f"{source} failed SQLite's integrity check")
                if not backup.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone():
                    raise BackupError(f"{source} is not a backup of Caseboard")
                connection.ensure_connection()
                backup.backup(connection.connection)
            finally:
                backup.close()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source} is not a SQLite backup: {error}") from None
    else:
        env = _pg_environment(connection.settings_dict)
        connection.close()  # pg_restore drops and makes the tables again
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(source),
            ],
            env,
        )
    return BackupResult(source, connection.vendor, source.stat().st_size)
