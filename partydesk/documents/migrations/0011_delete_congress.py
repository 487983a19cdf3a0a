"""Congresses now live in the meetings app (ADR 0024): meetings 0011 copied every row with
its id, so documents' table goes. Documents keeps a congress's id (documents 0010) and reads
the congress through `documents.congresses`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0010_congress_id"),
        ("meetings", "0011_congress_rows"),
    ]

    operations = [migrations.DeleteModel(name="Congress")]
