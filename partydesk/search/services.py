"""Writes to the search index. The owning app calls these inside its own service.

The index is derived data: the business event (a document registered, edited, deleted) is
audited by the owning service that calls us, so these do not write audit events of their own,
and they check no permission: who may change a document is the owner's rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction

from partydesk.search.terms import document_tokens, tsvector_literal

# The SQL is assembled from these constants only; values are bound parameters (hence S608).
_ENTRY_COLUMNS = (
    "kind, object_id, organization_path, year, type_code, status, secrecy, restricted, date"
)
_UPDATE_SET = ", ".join(
    f"{c} = EXCLUDED.{c}"
    for c in (
        "organization_path",
        "year",
        "type_code",
        "status",
        "secrecy",
        "restricted",
        "date",
    )
)


def _check(kind: str, organization_path: str, secrecy: int) -> None:
    if not kind or len(kind) > 32:
        raise ValueError("search kind must be 1 to 32 characters")
    if not organization_path or not organization_path.endswith("."):
        raise ValueError("organization_path must be a materialized path such as '000001.'")
    if not 0 <= secrecy <= 3:
        raise ValueError("secrecy must be 0 to 3")


@transaction.atomic
def search_index_upsert(
    *,
    kind: str,
    object_id: int,
    organization_path: str,
    title: str,
    body: str,
    year: int,
    type_code: str,
    status: str,
    secrecy: int,
    reader_user_ids: list[int] | None,
    date: dt.date,
) -> None:
    """Index an object, or replace what the index held for it.

    reader_user_ids None: anyone in scope whose clearance reaches `secrecy` may find it.
    A list (the people named on a confidential document): only they may, and only with the
    clearance. An empty list hides the entry from everyone.
    """
    _check(kind, organization_path, secrecy)
    words = document_tokens(title, body)
    restricted = reader_user_ids is not None
    values: list[Any] = [
        kind,
        object_id,
        organization_path,
        year,
        type_code,
        status,
        secrecy,
        restricted,
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = (
                f"INSERT INTO search_entry ({_ENTRY_COLUMNS}, vector) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector) "
                f"ON CONFLICT (kind, object_id) DO UPDATE SET {_UPDATE_SET}, "
                "vector = EXCLUDED.vector RETURNING id"
            )
            cursor.execute(sql, [*values, date, tsvector_literal(words)])
            entry_id = cursor.fetchone()[0]
        else:
            sql = (
                f"INSERT INTO search_entry ({_ENTRY_COLUMNS}) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
                f"ON CONFLICT (kind, object_id) DO UPDATE SET {_UPDATE_SET} RETURNING id"
            )
            cursor.execute(sql, [*values, date])
            entry_id = cursor.fetchone()[0]
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry_id])
            cursor.execute(
                "INSERT INTO search_fts (rowid, document) VALUES (%s, %s)",
                [entry_id, " ".join(words)],
            )
        cursor.execute("DELETE FROM search_reader WHERE entry_id = %s", [entry_id])
        readers = sorted(set(reader_user_ids or ()))
        if readers:
            cursor.executemany(
                "INSERT INTO search_reader (entry_id, user_id) VALUES (%s, %s)",
                [(entry_id, user_id) for user_id in readers],
            )


@transaction.atomic
def search_index_remove(*, kind: str, object_id: int) -> None:
    """Forget an object; nothing happens if it was never indexed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM search_entry WHERE kind = %s AND object_id = %s",
            [kind, object_id],
        )
        row = cursor.fetchone()
        if row is None:
            return
        entry_id = row[0]
        cursor.execute("DELETE FROM search_reader WHERE entry_id = %s", [entry_id])
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [entry_id])
        cursor.execute("DELETE FROM search_entry WHERE id = %s", [entry_id])
