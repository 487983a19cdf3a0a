"""The benchmark database: created on demand, migrated, and loaded fast with COPY.

The bench never touches the application's own database: it runs against a dedicated
PostgreSQL database (partydesk_bench, or partydesk_bench_quick for --quick) that it may
truncate and refill at will. PARTYDESK_BENCH_DATABASE_URL points it elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.db import connection, models
from psycopg import sql
from psycopg.copy import QueuedLibpqWriter

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/partydesk_bench"
META_TABLE = "bench_meta"


def database_url(*, quick: bool) -> str:
    url = os.environ.get("PARTYDESK_BENCH_DATABASE_URL", DEFAULT_URL)
    return f"{url}_quick" if quick else url


def ensure_database(url: str) -> None:
    """Create the database named in `url` if it does not exist yet."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"the bench needs PostgreSQL, not {parts.scheme!r} ({url})")
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        raise SystemExit(f"cannot reach PostgreSQL for the bench at {admin_url}: {exc}") from exc


def meta_get(key: str) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key text PRIMARY KEY, value text)"
        )
        cursor.execute(f"SELECT value FROM {META_TABLE} WHERE key = %s", [key])
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def meta_set(key: str, value: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key text PRIMARY KEY, value text)"
        )
        cursor.execute(
            f"INSERT INTO {META_TABLE} (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [key, json.dumps(value)],
        )


def _copy_text(value: Any) -> str:
    """One value in COPY text format (no tabs, newlines or backslashes in our defaults)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def copy_columns(model: type[models.Model], given: list[str]) -> tuple[list[str], str]:
    """Columns for COPY: the ones the generator fills, then every other column of the model
    with its default, so a field added by a later migration does not break the generator.

    Returns the column list and the constant text to append to each generated line.
    """
    fields = {f.column: f for f in model._meta.concrete_fields}
    unknown = [c for c in given if c not in fields]
    if unknown:
        raise RuntimeError(f"{model.__name__} has no column(s) {unknown}; update bench/national.py")
    extra_columns: list[str] = []
    suffix = ""
    for column, f in fields.items():
        if column in given:
            continue
        if f.has_default() or f.null:
            default = f.get_default() if f.has_default() else None
        elif isinstance(f, models.CharField | models.TextField) and f.blank:
            default = ""
        else:
            raise RuntimeError(
                f"{model.__name__}.{f.name} is required and has no default: "
                "teach bench/national.py to fill it"
            )
        extra_columns.append(column)
        suffix += "\t" + _copy_text(default)
    return given + extra_columns, suffix


def copy_lines(
    model: type[models.Model], columns: list[str], lines: Iterable[str], *, freeze: bool
) -> None:
    """COPY already formatted lines (tab separated, newline terminated) into the model's table.

    A queued writer sends from a thread, so Python builds the next chunk while the server
    ingests the previous one.
    """
    statement = sql.SQL("COPY {} ({}) FROM STDIN{}").format(
        sql.Identifier(model._meta.db_table),
        sql.SQL(", ").join(sql.Identifier(c) for c in columns),
        sql.SQL(" WITH (FREEZE)" if freeze else ""),
    )
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    with cursor, cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:
        for chunk in lines:
            copy.write(chunk)


@contextmanager
def indexes_dropped(tables: list[str]) -> Iterator[None]:
    """Drop secondary indexes, unique and foreign-key constraints of `tables` for a bulk load,
    and build them again afterwards (much faster than maintaining them row by row)."""
    saved: list[str] = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                saved.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {name}")
                saved.insert(0, definition)
    yield
    with connection.cursor() as cursor:
        # Unique/primary first so foreign keys can find them; plain indexes any time.
        for statement in sorted(saved, key=lambda s: "FOREIGN KEY" in s):
            cursor.execute(statement)


def set_sequences(tables: list[str]) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
