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
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from partydesk.search.terms import fts5_query, parse, tsquery_literal

EXACT_TOTAL_LIMIT = 1000
MAX_LIMIT = 100
FILTER_KEYS = frozenset(
    {"type_code", "year", "status", "organization_path", "date_from", "date_to"}
)


# SQL below is assembled from these constants and _conditions()'s fixed fragments only; every value
# is a bound parameter (hence the S608 exemptions).
_PAGE = "SELECT e.object_id FROM search_entry e"
_ORDER = "ORDER BY e.date DESC, e.object_id DESC"
_ORDER_R = "ORDER BY r.date DESC, r.object_id DESC"
_ORDER_S = "ORDER BY s.date DESC, s.object_id DESC"
# Step sizes of the PostgreSQL search (see _search_postgresql).
RECENT_ROWS = 10_000
BITMAP_ROWS = 2000
BITMAP_FIRST_ROWS = 10_000  # estimates of rare words run high: try the bitmap first below this
COMMON_ROWS = 100_000
SORT_SCOPE_ROWS = 5000  # scopes up to this many rows are sorted whole; broader ones walked
WALK_ROWS = 30_000  # index entries a walk of a broad scope may read, about


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


def _conditions(
    *,
    kind: str,
    scope_path: str,
    user_id: int,
    max_secrecy: int,
    filters: Mapping[str, Any],
) -> tuple[str, list[Any]]:
    """Everything but the words: kind, scope, filters and confidentiality."""
    if not scope_path:
        raise ValueError("scope_path is required: search always runs inside an organization")
    unknown = set(filters) - FILTER_KEYS
    if unknown:
        raise ValueError(f"unknown search filters: {sorted(unknown)}")
    where = ["e.kind = %s"]
    params: list[Any] = [kind]
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


def _match(text: str) -> tuple[str, list[Any]] | None:
    """The words condition for this engine, or None when the text has no words."""
    terms = parse(text)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        return "e.vector @@ %s::tsquery", [tsquery_literal(terms)]
    return "e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)", [fts5_query(terms)]


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
    where, params = _conditions(
        kind=kind, scope_path=scope_path, user_id=user_id, max_secrecy=max_secrecy, filters=filters
    )
    match = _match(text)
    if match is not None and connection.vendor == "postgresql":
        return _search_postgresql(kind, where, params, match, limit=limit, offset=offset)
    if match is not None:
        where, params = f"{where} AND {match[0]}", [*params, *match[1]]
    return _search_planned(where, params, limit=limit, offset=offset)


def _search_planned(where: str, params: list[Any], *, limit: int, offset: int) -> SearchPage:
    """One query as the planner sees fit, then a count capped at EXACT_TOTAL_LIMIT.

    Used where estimates are sound: listings without words (plain btree statistics), and
    SQLite, whose installations are small enough for any plan.
    """
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


@dataclass
class _Words:
    """A search with words on PostgreSQL, and what the planner expects of it."""

    where: str  # scope, filters, confidentiality
    params: list[Any]
    match: str  # the words
    match_params: list[Any]
    limit: int
    offset: int
    matches: int  # the planner's estimate of matching rows
    kind: str = ""
    _scope_rows: int | None = None
    _kind_rows: int | None = None

    @property
    def need(self) -> int:
        return self.offset + self.limit

    @property
    def kind_rows(self) -> int:
        """The planner's count of rows of this kind (whatever the scope)."""
        if self._kind_rows is None:
            self._kind_rows = max(1, _estimate("e.kind = %s", [self.kind]))
        return self._kind_rows

    @property
    def scope_rows(self) -> int:
        """The planner's estimate of the rows passing scope and filters (sound: btree stats)."""
        if self._scope_rows is None:
            self._scope_rows = max(1, _estimate(self.where, self.params))
        return self._scope_rows


def _search_postgresql(
    kind: str,
    where: str,
    params: list[Any],
    match: tuple[str, list[Any]],
    *,
    limit: int,
    offset: int,
) -> SearchPage:
    """Words on PostgreSQL, in steps whose cost is bounded whatever the statistics say.

    The planner estimates a word's frequency from a sample, and a wrong guess is ruinous
    both ways: walking the date index for a rare word reads the whole table, and a GIN
    bitmap for a word in most documents builds a million-entry bitmap. So each step below
    does a bounded amount of work and either answers exactly or hands over:
    - recent: the newest rows that pass scope, filters and confidentiality (planned from
      ordinary btree statistics) are tested for the words, as many as should hold a page
      at the expected density (at most RECENT_ROWS); if they hold the page, it is exact,
      and the total is exact when they were all the rows there are;
    - bitmap: a GIN bitmap capped at BITMAP_ROWS matches gives the page and an exact total
      when the words are rare where we look;
    - planner: what is left (many matches, few recent ones: words of a past period).
    The planner's estimate only decides the order of the first two (the bitmap first when
    it expects at most BITMAP_FIRST_ROWS matches), and skips the bitmap
    for words it knows to be in more than COMMON_ROWS documents.
    """
    full_where, full_params = f"{where} AND {match[0]}", [*params, *match[1]]
    words = _Words(
        where,
        params,
        match[0],
        match[1],
        limit,
        offset,
        matches=_estimate(full_where, full_params),
        kind=kind,
    )
    # The cap limits the heap work of a bitmap, not the GIN work of building it, which
    # grows with the words' frequency in the whole table whatever the scope: for words the
    # statistics know to be everywhere (and there their estimate is sound), no bitmap.
    everywhere = _estimate(match[0], match[1]) > COMMON_ROWS
    if everywhere:
        steps: tuple[Callable[[_Words], SearchPage | None], ...] = (_recent,)
    elif words.matches <= BITMAP_FIRST_ROWS:
        steps = (_bitmap, _recent)
    else:
        steps = (_recent, _bitmap)
    for step in steps:
        page = step(words)
        if page is not None:
            return page
    return _search_planned(full_where, full_params, limit=limit, offset=offset)


def _recent(words: _Words) -> SearchPage | None:
    # Three times the rows that should hold the page at the expected density: enough when
    # the estimate is roughly right, and a short step when it is not.
    density = min(1.0, max(words.matches, 1) / words.scope_rows)
    window = min(
        RECENT_ROWS * math.ceil(words.need / 20),  # deeper pages look further back
        max(words.need, math.ceil(3 * words.need / density)),
    )
    walk = words.scope_rows > SORT_SCOPE_ROWS
    if walk:
        # Walking the date index reads other scopes' rows too: about table / scope of them
        # for each row of ours. Keep the whole walk near WALK_ROWS index entries.
        share = words.scope_rows / max(words.kind_rows, words.scope_rows)
        window = min(window, max(words.need, math.ceil(WALK_ROWS * share)))
    recent = (
        "SELECT count(*), count(*) FILTER (WHERE r.hit), "  # noqa: S608
        f"(array_agg(r.object_id {_ORDER_R}) FILTER (WHERE r.hit))[%s:%s] FROM "
        f"(SELECT e.object_id, e.date, {words.match} AS hit FROM search_entry e "
        f"WHERE {words.where} {_ORDER} LIMIT %s) r"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        if walk:
            # A broad scope: walk a date index and stop early. Left to itself the planner
            # may prefer sorting the whole scope (15,000 rows for a province) to reading
            # past the rows of other scopes, and it cannot know the walk stays in cache.
            cursor.execute(
                "SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off; "
                "SET LOCAL enable_seqscan = off"
            )
        cursor.execute(
            recent,
            [words.offset + 1, words.need, *words.match_params, *words.params, window],
        )
        examined, matched, ids = cursor.fetchone()
    if examined < window:
        return SearchPage(ids=list(ids or []), total=matched, total_is_estimate=False)
    if matched < words.need:
        return None
    # Common words: the page is exact; the total is their density among the newest rows
    # times the rows that scope and filters hold, as the planner counts them.
    total = round(matched / examined * words.scope_rows)
    return SearchPage(ids=list(ids), total=max(total, matched), total_is_estimate=True)


def _bitmap(words: _Words) -> SearchPage | None:
    capped = (
        f"SELECT count(*), (array_agg(s.object_id {_ORDER_S}))[%s:%s] FROM "  # noqa: S608
        "(SELECT e.object_id, e.date FROM search_entry e "
        f"WHERE {words.where} AND {words.match} LIMIT {BITMAP_ROWS + 1}) s"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # Only bitmap scans: the GIN index, ANDed with btrees where the planner likes.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        cursor.execute(capped, [words.offset + 1, words.need, *words.params, *words.match_params])
        total, ids = cursor.fetchone()
    if total > BITMAP_ROWS:
        return None
    return SearchPage(ids=list(ids or []), total=total, total_is_estimate=False)
