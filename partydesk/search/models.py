"""The search index: one row per searchable object, plus the readers of restricted rows.

The full-text part is engine-specific and lives outside the model (see migration 0002):
on PostgreSQL a `vector tsvector` column with a GIN index; on SQLite an FTS5 table
`search_fts` whose rowid is SearchEntry.id. services.py keeps both in step.
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    """What search knows of one object of one kind (a document, ...): its place and its words."""

    kind = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    organization_path = models.CharField(max_length=255)
    year = models.SmallIntegerField()
    type_code = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=32, blank=True)
    secrecy = models.SmallIntegerField(default=0)
    # True when only the listed readers may find the row (SearchReader), whatever the clearance.
    restricted = models.BooleanField(default=False)
    date = models.DateField()

    class Meta:
        db_table = "search_entry"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_object"),
            models.CheckConstraint(
                condition=models.Q(secrecy__gte=0, secrecy__lte=3), name="search_entry_secrecy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SearchReader(models.Model):
    """A user allowed to find a restricted entry (the people named on a confidential document)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="readers")
    user_id = models.IntegerField()

    class Meta:
        db_table = "search_reader"
        constraints = [
            # user first: the query asks "which restricted entries may this user see".
            models.UniqueConstraint(fields=["user_id", "entry"], name="search_reader_user_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id}:{self.user_id}"
