"""Reads of the search index on behalf of one user: ids in result order, and a total.

Results are newest first (date, then object id), never ranked by relevance: ranking means
scoring every match, which is what makes common words slow (see docs/decisions/0006-search.md).
Ordering by date with LIMIT lets PostgreSQL walk a date index and stop after one page when a
word is common, and use the GIN index when it is rare; the planner picks from statistics.

Totals are exact up to EXACT_TOTAL_LIMIT; past it, PostgreSQL's own estimate of the
match count is returned with total_is_estimate=True ("about 312,000 results").
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from partydesk.search.terms import fts5_query, parse, tsquery_literal

EXACT_TOTAL_LIMIT = 1000
MAX_LIMIT = 100
FILTER_KEYS = frozenset(
    {"type_code", "year", "status", "organization_path", "date_from", "date_to"}
)


# SQL below is assembled from these constants and _where()'s fixed fragments only; every value
# is a bound parameter (hence the S608 exemptions).
_PAGE = "SELECT e.object_id FROM search_entry e"
_ORDER = "ORDER BY e.date DESC, e.object_id DESC"


@dataclass(frozen=True)
class SearchPage:
    """One page of results: object ids in result order, and how many there are in all."""

    ids: list[int]
    total: int
    total_is_estimate: bool


def _path_condition(path: str, where: list[str], params: list[Any]) -> None:
    """Rows whose organization_path starts with `path`, in the form each engine indexes."""
    if connection.vendor == "postgresql":
        escaped = path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("e.organization_path LIKE %s")
        params.append(escaped + "%")
    else:
        # [path, path with its last character + 1): exactly the strings that start with path.
        where.append("e.organization_path >= %s AND e.organization_path < %s")
        params += [path, path[:-1] + chr(ord(path[-1]) + 1)]


def _in_condition(column: str, value: Any, where: list[str], params: list[Any]) -> None:
    values = [value] if isinstance(value, str) else list(value)
    if not values:
        return
    if len(values) == 1:
        where.append(f"e.{column} = %s")
    else:
        where.append(f"e.{column} IN ({', '.join(['%s'] * len(values))})")
    params += [str(v) for v in values]


def _where(
    *,
    kind: str,
    scope_path: str,
    user_id: int,
    max_secrecy: int,
    text: str,
    filters: Mapping[str, Any],
) -> tuple[str, list[Any]]:
    if not scope_path:
        raise ValueError("scope_path is required: search always runs inside an organization")
    unknown = set(filters) - FILTER_KEYS
    if unknown:
        raise ValueError(f"unknown search filters: {sorted(unknown)}")
    where = ["e.kind = %s"]
    params: list[Any] = [kind]
    terms = parse(text)
    if terms and connection.vendor == "postgresql":
        where.append("e.vector @@ %s::tsquery")
        params.append(tsquery_literal(terms))
    elif terms:
        where.append("e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)")
        params.append(fts5_query(terms))
    _path_condition(scope_path, where, params)
    if filters.get("organization_path"):
        _path_condition(str(filters["organization_path"]), where, params)
    if filters.get("type_code"):
        _in_condition("type_code", filters["type_code"], where, params)
    if filters.get("status"):
        _in_condition("status", filters["status"], where, params)
    if filters.get("year") is not None:
        where.append("e.year = %s")
        params.append(int(filters["year"]))
    for key, operator in (("date_from", ">="), ("date_to", "<=")):
        value = filters.get(key)
        if value is not None:
            if not isinstance(value, dt.date):
                raise ValueError(f"{key} must be a date")
            where.append(f"e.date {operator} %s")
            params.append(value)
    # Confidentiality: clearance always; restricted rows only for the people named on them.
    where.append("e.secrecy <= %s")
    where.append(
        "(NOT e.restricted OR e.id IN "
        "(SELECT r.entry_id FROM search_reader r WHERE r.user_id = %s))"
    )
    params += [max_secrecy, user_id]
    return " AND ".join(where), params


def _estimate(where: str, params: Sequence[Any]) -> int:
    """The planner's row estimate for the whole match set (PostgreSQL only)."""
    with connection.cursor() as cursor:
        sql = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_entry e WHERE {where}"  # noqa: S608
        cursor.execute(sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def search_query(
    *,
    kind: str,
    scope_path: str,
    user_id: int,
    max_secrecy: int,
    text: str,
    filters: Mapping[str, Any],
    limit: int,
    offset: int,
) -> SearchPage:
    """One page of `kind` objects under `scope_path` that match `text` and `filters`.

    All words must match (diacritics, case and Unicode form ignored, đ = d); quoted words
    must match as a phrase; the last word also matches as a prefix. Empty text lists
    everything that passes the filters. Restricted rows appear only for their readers,
    and only up to `max_secrecy`.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be 1 to {MAX_LIMIT}")
    if offset < 0:
        raise ValueError("offset must not be negative")
    where, params = _where(
        kind=kind,
        scope_path=scope_path,
        user_id=user_id,
        max_secrecy=max_secrecy,
        text=text,
        filters=filters,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"{_PAGE} WHERE {where} {_ORDER} LIMIT %s OFFSET %s", [*params, limit, offset]
        )
        ids = [row[0] for row in cursor.fetchall()]
        if (ids and len(ids) < limit) or (not ids and offset == 0):
            # The last page: the total is known without counting.
            return SearchPage(ids=ids, total=offset + len(ids), total_is_estimate=False)
        cap = EXACT_TOTAL_LIMIT + 1
        sql = f"SELECT count(*) FROM (SELECT 1 FROM search_entry e WHERE {where} LIMIT {cap}) s"  # noqa: S608
        cursor.execute(sql, params)
        total = cursor.fetchone()[0]
        if total <= EXACT_TOTAL_LIMIT:
            return SearchPage(ids=ids, total=total, total_is_estimate=False)
        if connection.vendor != "postgresql":
            # An embedded installation holds few enough rows to count them all.
            cursor.execute(f"SELECT count(*) FROM search_entry e WHERE {where}", params)  # noqa: S608
            return SearchPage(ids=ids, total=cursor.fetchone()[0], total_is_estimate=False)
    estimate = max(_estimate(where, params), EXACT_TOTAL_LIMIT + 1, offset + len(ids))
    return SearchPage(ids=ids, total=estimate, total_is_estimate=True)
