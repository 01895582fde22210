"""Indexes for searching children by the start of a name or by local ID whatever the case, as
``people.selectors.children_matching`` does (Django's ``istartswith`` and ``iexact``): without them an
organisation-wide search reads every child.

The two databases compare case differently, so each gets the index its own query can use:
- SQLite: Django writes ``"last_name" LIKE 'smi%' ESCAPE '\\'``, which SQLite answers from an index on the column
  with NOCASE collation (its LIKE is case-insensitive for ASCII);
- PostgreSQL: Django writes ``UPPER("last_name"::text) LIKE UPPER('smi%')``, which an index on that expression with
  ``text_pattern_ops`` answers (prefix LIKE, and the equality of ``iexact``), whatever the database's collation.
"""

from django.db import migrations

COLUMNS = ("first_name", "last_name", "preferred_name", "local_id")


def _name(column: str) -> str:
    return f"people_child_{column}_search"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for column in COLUMNS:
        if vendor == "sqlite":
            schema_editor.execute(f'CREATE INDEX "{_name(column)}" ON "people_child" ("{column}" COLLATE NOCASE)')
        elif vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX "{_name(column)}" ON "people_child" ((UPPER("{column}"::text)) text_pattern_ops)'
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        for column in COLUMNS:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(column)}"')


class Migration(migrations.Migration):
    dependencies = [("people", "0005_child_date_of_death")]

    operations = [migrations.RunPython(create, drop)]
