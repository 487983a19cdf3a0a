"""Full-text search over 1,000,000 Party documents on PostgreSQL: p50/p99 per query class.

Every timed case compares `search_query` (parse, estimate, run its bounded steps) against
the very statements it sent, replayed on a bare driver cursor (ratio = Python overhead),
and each class checks its worst p99 against the 100 ms budget. The naive ranked query
(ts_rank over every match, exact count) is timed too, as the reference the design has to
beat. The data is described in bench/search/corpus.py.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from bench.harness import Context, Result, Statement, sql_of
from bench.search.corpus import BENCH_CLEARANCE, BENCH_USER, KIND, ensure
from partydesk.search import selectors
from partydesk.search.selectors import search_query
from partydesk.search.terms import parse, tsquery_literal

TITLE = "full-text search over Party documents"
P99_BUDGET_MS = 100.0
SELECTOR_TARGET = 2.0  # search_query may cost at most 2x the SQL it sends (as selectors do)

COMMON = [
    "thuc hien", "cong tac", "dang uy", "chi bo", "can bo", "dang vien", "nghi quyet",
    "kiem tra", "lanh dao", "to chuc", "nhiem vu", "thực hiện nghị quyết", "công tác kiểm tra",
]  # fmt: skip
MEDIUM = [
    "ket nap", "dang phi", "huy hieu dang", "chuyen sinh hoat", "nu cong", "doi ngoai",
    "bi mat nha nuoc", "bau cu", "luan chuyen can bo", "thanh nien", "nong thon moi",
    "xa phu loc", "xa an binh", "dong chi tran van",
]  # fmt: skip
PERIOD = ["covid", "tinh gon bo may", "sap nhap", "dai hoi xiii", "muc tieu kep"]


@dataclass(frozen=True)
class Variant:
    name: str
    scope: str
    filters: dict[str, Any]


def _searcher(variant: Variant, text: str) -> Callable[[], object]:
    """One page of `text` as the bench user sees it: what the documents list will call."""

    def page() -> object:
        return search_query(
            kind=KIND,
            scope_path=variant.scope,
            user_id=BENCH_USER,
            max_secrecy=BENCH_CLEARANCE,
            text=text,
            filters=variant.filters,
            limit=20,
            offset=0,
        )

    return page


def _document_frequency(texts: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        for text in texts:
            cursor.execute(
                "SELECT count(*) FROM search_entry WHERE vector @@ %s::tsquery",
                [tsquery_literal(parse(text))],
            )
            found[text] = cursor.fetchone()[0]
        cursor.execute("SET statement_timeout = '120s'")
    return found


def _cycle(fns: list[Callable[[], object]]) -> Callable[[], object]:
    it = itertools.cycle(fns)
    return lambda: next(it)()


def _raw(statements: list[Statement]) -> Callable[[], object]:
    """The statements search_query sent, on the bare driver cursor."""
    raw = connection.connection

    def run() -> object:
        rows: list[Any] = []
        with raw.transaction(), raw.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                if cursor.description is not None:
                    rows = cursor.fetchall()
        return rows

    return run


def _plan(statements: list[Statement]) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of every query the search sent, each folded into a line."""
    steps: list[str] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            if sql.startswith("SET"):
                cursor.execute(sql, params)
                continue
            if sql.startswith("EXPLAIN"):
                steps.append("the planner's row estimate")
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            steps.append(_plan_line(plan[0]))
        transaction.set_rollback(True)
    return " / ".join(f"({i}) {line}" for i, line in enumerate(steps, start=1))


def _plan_line(plan: dict[str, Any]) -> str:
    nodes: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        label = node["Node Type"]
        if node.get("Scan Direction") == "Backward":
            label += " backward"
        if node.get("Index Name"):
            label += f" on {node['Index Name']}"
        if node["Node Type"] not in ("Limit", "Result", "Aggregate", "Subquery Scan"):
            removed = node.get("Rows Removed by Filter", 0) + node.get(
                "Rows Removed by Index Recheck", 0
            )
            label += f" ({node.get('Actual Rows', 0):,} rows"
            label += f", {removed:,} filtered out)" if removed else ")"
            nodes.append(label)
        for child in node.get("Plans", []):
            if child.get("Parent Relationship") not in ("SubPlan", "InitPlan"):
                walk(child)

    walk(plan["Plan"])
    top = plan["Plan"]
    hit, read = top.get("Shared Hit Blocks", 0), top.get("Shared Read Blocks", 0)
    took = plan["Execution Time"]
    return f"{' > '.join(nodes)}; {took:.1f} ms, buffers {hit:,} hit {read:,} read"


def _naive(variant: Variant, text: str) -> Callable[[], object]:
    """Ranked full-text search as it is usually written: ts_rank over every match, exact count."""
    query = tsquery_literal(parse(text))
    where = (
        "kind = %s AND vector @@ %s::tsquery AND organization_path LIKE %s AND secrecy <= %s "
        "AND (NOT restricted OR id IN (SELECT entry_id FROM search_reader WHERE user_id = %s))"
    )
    params = [KIND, query, variant.scope + "%", BENCH_CLEARANCE, BENCH_USER]
    raw = connection.connection

    def run() -> object:
        with raw.cursor() as cursor:
            cursor.execute(
                f"SELECT object_id FROM search_entry WHERE {where} "
                "ORDER BY ts_rank(vector, %s::tsquery) DESC LIMIT 20",
                [*params, query],
            )
            rows = cursor.fetchall()
            cursor.execute(f"SELECT count(*) FROM search_entry WHERE {where}", params)
            return rows, cursor.fetchone()

    return run


def run(ctx: Context) -> list[Result]:
    data = ensure(ctx)
    n = data.documents
    how = "reused, generated" if data.reused else "generated"
    parts = ", ".join(f"{k} {v:.0f} s" for k, v in data.seconds.items())
    ctx.fact(
        "Data",
        f"{n:,} documents over {data.paths:,} organization paths, 2015-2026, "
        f"{data.confidential:,} confidential with {data.readers:,} named readers; "
        f"{how} {data.generated_at} in {sum(data.seconds.values()):.0f} s ({parts})",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_table_size('search_entry')), "
            "pg_size_pretty(pg_indexes_size('search_entry'))"
        )
        table_size, index_size = cursor.fetchone()
    ctx.fact("Size", f"search_entry {table_size}, its indexes {index_size}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    ctx.fact("Machine load", f"load average {load} when the queries started (2 cores)")

    rare_limit = max(1, n // 10_000)  # < 0.01% of documents
    rare_texts = [*data.codes[:60], *(" ".join(name) for name in data.names[:60])]
    frequency = _document_frequency([*COMMON, *MEDIUM, *PERIOD, *rare_texts])
    classes: dict[str, list[str]] = {
        "rare": [t for t in rare_texts if 0 < frequency[t] <= rare_limit][:50],
        "mixed": [],
        "very common": [t for t in COMMON if frequency[t] > 0.3 * n],
        "medium": [t for t in MEDIUM if 0.001 * n <= frequency[t] <= 0.05 * n],
        "period-bound": [t for t in PERIOD if frequency[t] > 0],
    }
    codes = [t for t in data.codes if 0 < frequency.get(t, 0) <= rare_limit]
    classes["mixed"] = [
        f"{common} {code}" for common, code in zip(itertools.cycle(classes["very common"]), codes)
    ][:50]
    for name, texts in classes.items():
        if not texts:
            raise RuntimeError(f"no query of class {name!r} in the generated data")
        counts = [frequency[t] for t in texts if t in frequency]
        spread = (
            f"{min(counts):,} to {max(counts):,} documents ({max(counts) / n:.4%} at most)"
            if counts
            else "a common word and a rare code"
        )
        ctx.fact(f"Class {name}", f"{len(texts)} queries, e.g. {texts[0]!r}; {spread}")

    variants = [
        Variant("country", data.country, {}),
        Variant("province", data.province, {}),
        Variant("district", data.district, {}),
        Variant("type+year filter", data.country, {"type_code": ["KH", "NQ"], "year": 2024}),
    ]
    results: list[Result] = []
    connection.ensure_connection()
    for class_name, texts in classes.items():
        worst: list[float] = []
        for variant in variants if class_name != "period-bound" else variants[:1]:
            subjects = [_searcher(variant, t) for t in texts]
            captured = [sql_of(fn) for fn in subjects]
            case = f"{class_name}, {variant.name}"
            ctx.fact(f"Plan {case}", _plan(captured[0]))
            result = ctx.compare(
                case,
                _cycle(subjects),
                _cycle([_raw(s) for s in captured]),
                baseline_name="its SQL, raw",
                target=SELECTOR_TARGET,
            )
            results.append(result)
            worst.append(result.p99_ms or 0.0)
        # The brief's classes carry the 100 ms target; the two extra ones are reported so
        # their gap stays visible (see docs/decisions/0006-search.md).
        known_weak = class_name in ("medium", "period-bound")
        results.append(
            ctx.counted(
                f"{class_name}: worst p99 ms of its cases",
                max(worst),
                P99_BUDGET_MS,
                baseline_name="p99 budget ms",
                target=None if known_weak else 1.0,
                note="reported, no target: known weak spot" if known_weak else "",
            )
        )
    for class_name, variant in (
        ("very common", variants[0]),
        ("very common", variants[1]),
        ("mixed", variants[0]),
    ):
        texts = classes[class_name][:5]
        subject = _cycle([_searcher(variant, t) for t in texts])
        results.append(
            ctx.compare(
                f"reference: {class_name}, {variant.name}",
                subject,
                _cycle([_naive(variant, t) for t in texts]),
                baseline_name="naive ts_rank + exact count",
            )
        )
    ctx.fact(
        "Totals",
        f"exact when the scope's newest {selectors.RECENT_ROWS:,} rows are all it holds or the "
        f"words match at most {selectors.BITMAP_ROWS:,} documents; otherwise an estimate "
        "(density among the newest rows x the planner's row count for scope and filters)",
    )
    return results
