"""Filtering by year must not walk the whole date index from today back to that year.

With only (kind, date), "year = 2024, newest first" makes the planner walk every newer
row first: it assumes year and date are independent, but they are not. (kind, year, date)
lets it start inside the year and stop after one page. Plain btree: the same on both engines.
"""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute(
        "CREATE INDEX search_entry_kind_year_date ON search_entry (kind, year, date, object_id)"
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute("DROP INDEX IF EXISTS search_entry_kind_year_date")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]
    operations = [migrations.RunPython(forwards, backwards)]
