"""The election's Belenios record is stored uncompressed on PostgreSQL (STORAGE EXTERNAL:
out of line, never compressed). Every cast rewrites the whole record, and PostgreSQL's
default pglz compression of a 500-ballot record (15 MB) took about a second of each cast;
it saved a third of the space (docs/performance.md, meetings_ballots). Values stored before
keep their compression until the next cast rewrites them. Nothing to do on SQLite."""

from django.db import migrations


def _storage(mode: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(apps.get_model("meetings", "Election")._meta.db_table)
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN record SET STORAGE {mode}")

    return run


class Migration(migrations.Migration):
    dependencies = [("meetings", "0012_site_order_trustee_jobs")]

    operations = [migrations.RunPython(_storage("EXTERNAL"), _storage("EXTENDED"))]
