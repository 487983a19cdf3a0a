"""Many rows that differ in a few columns, inserted in one statement (the bulk arrival of a
release at thousands of organizations, ADR 0020).

`bulk_create` builds a model instance per row and prepares every field of every row in
Python; for rows alike but for two or three columns that is most of the time of a bulk
delivery (docs/performance.md, exchange). Here the common values are taken from one
template instance and sent once, and only the columns that vary travel per row:

    INSERT INTO t (a, b, c, …) SELECT %s, v.column1, v.column2, … FROM (VALUES (%s, %s), …) v

On PostgreSQL the varying columns travel as one array each (`values_from`).

The template is built like any instance (defaults, `auto_now_add`), so the rows are the
ones `bulk_create` would write; no signal is sent (neither does `bulk_create`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models, transaction

# Rows per statement: the varying columns' parameters stay well under SQLite's limit.
CHUNK = 1000


def values_from(
    connection: Any, types: Sequence[str], rows: Sequence[Sequence[Any]]
) -> tuple[str, list[Any]]:
    """A row source `v` of `rows` with columns column1, column2, … for a statement's FROM,
    and its parameters. On PostgreSQL one array a column, unnested (`types` are the columns'
    database types): a handful of parameters whatever the number of rows, so the driver
    does not parse and bind a placeholder per value (most of a bulk insert's client time
    for thousands of rows). Elsewhere, a VALUES list."""
    if connection.vendor == "postgresql":
        columns = [[row[i] for row in rows] for i in range(len(types))]
        arrays = ", ".join(f"%s::{t}[]" for t in types)
        names = ", ".join(f"column{i + 1}" for i in range(len(types)))
        return f"unnest({arrays}) AS v({names})", columns
    marks = "(" + ", ".join(["%s"] * len(types)) + ")"
    return f"(VALUES {', '.join([marks] * len(rows))}) AS v", [x for row in rows for x in row]


def rows_insert(
    template: models.Model,
    *,
    varying: Sequence[str],
    rows: Sequence[Sequence[Any]],
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """Insert one row per entry of `rows`: the template's values, but for the `varying`
    fields (attnames, in the order of each row's values). Returns the `returning`
    columns of the rows written (match them by a varying column: the order is the
    database's)."""
    if not rows:
        return []
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    cast = connection.vendor == "postgresql"  # SQLite takes the values as they come
    opts = template._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key and not f.generated]
    by_name = {f.attname: f for f in fields}
    varying_fields = [by_name[name] for name in varying]
    select: list[str] = []
    same: list[Any] = []
    for field in fields:
        if field.attname in varying:
            select.append(f"v.column{varying.index(field.attname) + 1}")
        else:
            select.append(f"CAST(%s AS {field.db_type(connection)})" if cast else "%s")
            value = field.pre_save(template, add=True)
            same.append(field.get_db_prep_save(value, connection))
    head = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608 (the model's names)
        f"SELECT {', '.join(select)} FROM "
    )
    tail = ""
    if returning:
        tail = f" RETURNING {', '.join(quote(by_name_or_pk(opts, n)) for n in returning)}"
    types = [str(f.db_type(connection)) for f in varying_fields]
    written: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            prepared = [
                [
                    f.get_db_prep_save(value, connection)
                    for f, value in zip(varying_fields, row, strict=True)
                ]
                for row in rows[start : start + CHUNK]
            ]
            source, params = values_from(connection, types, prepared)
            cursor.execute(head + source + tail, same + params)
            if returning:
                written += [tuple(found) for found in cursor.fetchall()]
    return written


def by_name_or_pk(opts: Any, attname: str) -> str:
    """The column of a field given by attname (or "pk")."""
    if attname == "pk":
        return str(opts.pk.column)
    return str(next(f.column for f in opts.concrete_fields if f.attname == attname))
