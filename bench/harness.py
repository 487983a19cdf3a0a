"""What every suite uses: the run context, paired timings against a baseline, and results.

A figure on a shared, noisy machine means little on its own, so every timing is taken as a
pair: the thing under test and a baseline doing the same work by a more direct route (for
example the ORM selector and the raw SQL it generates), interleaved iteration by iteration
so that noise hits both sides alike. Results carry the ratio of the two.
"""

from __future__ import annotations

import gc
import math
import os
import platform
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection


@dataclass(frozen=True)
class Scale:
    """How much data a run generates. `label` names it in reports."""

    label: str
    organizations: int
    people: int


NATIONAL = Scale("national", organizations=52_000, people=5_300_000)
QUICK = Scale("quick", organizations=5_200, people=200_000)


@dataclass(frozen=True)
class Result:
    """One measured case against its baseline.

    For timings, `ratio` is p50 / baseline p50. For counts (queries, rows), the `p50_ms`
    fields stay None and `value` / `baseline_value` hold the counts.
    """

    name: str
    baseline: str
    ratio: float
    target: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    baseline_p50_ms: float | None = None
    baseline_p99_ms: float | None = None
    value: float | None = None
    baseline_value: float | None = None
    iterations: int = 0
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.target is None or self.ratio <= self.target


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of a non-empty list."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Context:
    """Handed to each suite's run(ctx): the scale, the timing budget and shared helpers."""

    scale: Scale
    quick: bool
    budget_seconds: float
    max_iterations: int = 1000
    min_iterations: int = 5
    warmup: int = 3
    regenerate: bool = False
    deadline: float = math.inf  # time.monotonic() after which cases are skipped
    facts: list[tuple[str, str]] = field(default_factory=list)
    shared: dict[str, Any] = field(default_factory=dict)
    log: Callable[[str], None] = print

    def fact(self, label: str, value: str) -> None:
        """A line printed above the suite's table (data size, generation time, findings)."""
        self.facts.append((label, value))
        self.log(f"  {label}: {value}")

    def compare(
        self,
        name: str,
        subject: Callable[[], object],
        baseline: Callable[[], object],
        *,
        baseline_name: str = "raw SQL",
        target: float | None = None,
        note: str = "",
    ) -> Result:
        """Time `subject` and `baseline` interleaved; iterations fit the time budget.

        A case slower than a second gets fewer iterations (down to one), and once the run's
        deadline has passed cases are skipped and reported as missed, so a run always ends.
        """
        if time.monotonic() > self.deadline:
            self.log(f"  {name}: skipped, the run is past its time limit")
            return Result(name, baseline_name, math.inf, target, note="skipped: time limit")
        subject_ms: list[float] = []
        baseline_ms: list[float] = []

        def timed(fn: Callable[[], object], samples: list[float]) -> None:
            t0 = time.perf_counter_ns()
            fn()
            samples.append((time.perf_counter_ns() - t0) / 1e6)

        pair_seconds = 0.0
        for _ in range(self.warmup):
            warm_subject: list[float] = []
            warm_baseline: list[float] = []
            timed(subject, warm_subject)
            timed(baseline, warm_baseline)
            pair_seconds = (warm_subject[0] + warm_baseline[0]) / 1000
            if pair_seconds > self.budget_seconds:
                # Seconds per call: nothing left to warm, and repeating would blow the
                # budget; this first pair is the measurement.
                subject_ms, baseline_ms = warm_subject, warm_baseline
                break
            if pair_seconds > 0.5:  # slow cases: one warm-up is enough, save the budget
                break
        iterations = len(subject_ms)
        if not subject_ms:
            iterations = int(self.budget_seconds / max(pair_seconds, 1e-6))
            floor = 1 if pair_seconds > 1 else self.min_iterations
            iterations = max(floor, min(self.max_iterations, iterations))
            gc.collect()
            for i in range(iterations):
                # Alternate which side goes first, so neither always gets the warmer cache.
                if i % 2 == 0:
                    timed(subject, subject_ms)
                    timed(baseline, baseline_ms)
                else:
                    timed(baseline, baseline_ms)
                    timed(subject, subject_ms)
        result = Result(
            name=name,
            baseline=baseline_name,
            ratio=percentile(subject_ms, 0.5) / max(percentile(baseline_ms, 0.5), 1e-9),
            target=target,
            p50_ms=percentile(subject_ms, 0.5),
            p99_ms=percentile(subject_ms, 0.99),
            baseline_p50_ms=percentile(baseline_ms, 0.5),
            baseline_p99_ms=percentile(baseline_ms, 0.99),
            iterations=iterations,
            note=note,
        )
        self.log(
            f"  {name}: p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms; "
            f"{baseline_name} p50 {result.baseline_p50_ms:.2f} ms -> x{result.ratio:.2f}"
            f" (n={iterations}){'' if result.ok else '  MISSED TARGET'}"
        )
        return result

    def counted(
        self,
        name: str,
        value: float,
        baseline_value: float,
        *,
        baseline_name: str,
        target: float | None = None,
        note: str = "",
    ) -> Result:
        """A count (queries, rows) compared with the same count at the baseline."""
        result = Result(
            name=name,
            baseline=baseline_name,
            ratio=value / baseline_value if baseline_value else math.inf,
            target=target,
            value=value,
            baseline_value=baseline_value,
            note=note,
        )
        self.log(
            f"  {name}: {value:g} vs {baseline_value:g} at {baseline_name} -> "
            f"x{result.ratio:.2f}{'' if result.ok else '  MISSED TARGET'}"
        )
        return result


Statement = tuple[str, Any]


@contextmanager
def captured_sql() -> Iterator[list[Statement]]:
    """Collect (sql, params) of every statement the ORM sends inside the block."""
    statements: list[Statement] = []

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield statements


def sql_of(fn: Callable[[], object]) -> list[Statement]:
    """The statements `fn` sends, to replay them with raw_replay()."""
    with captured_sql() as statements:
        fn()
    if not statements:
        raise RuntimeError("the ORM call sent no SQL; nothing to compare against")
    return statements


def raw_replay(statements: list[Statement]) -> Callable[[], object]:
    """A baseline that sends the same SQL through a bare driver cursor and fetches all rows."""
    connection.ensure_connection()
    raw = connection.connection

    def run() -> object:
        rows: list[Any] = []
        with raw.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                if cursor.description is not None:
                    rows = cursor.fetchall()
        return rows

    return run


def machine() -> str:
    """nproc, CPU model, memory and database server, for the report header."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError):
        pass
    server = ""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = f", PostgreSQL {cursor.fetchone()[0].split()[0]}"
            cursor.execute("SHOW shared_buffers")
            server += f" (shared_buffers {cursor.fetchone()[0]})"
    return f"{os.cpu_count()} CPU ({cpu}){memory}{server}, Python {platform.python_version()}"


def pages_counted(
    ctx: Context, client: Any, pages: dict[str, str], rows: int, counts: dict[str, dict[int, int]]
) -> None:
    """The queries of each page (name → URL) for `client`, after one warm-up request, kept in
    `counts[page][rows]`; a page that does not answer 200 is reported as a fact instead."""
    from django.test.utils import CaptureQueriesContext

    for page, url in pages.items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            ctx.fact(f"Query count, {page}", f"{url} answered {response.status_code}")
            continue
        counts.setdefault(page, {})[rows] = len(captured)


def counts_held(
    ctx: Context, counts: dict[str, dict[int, int]], *, small: int, large: int, what: str
) -> list[Result]:
    """One case per page: its queries at `large` rows against `small`, target equal."""
    return [
        ctx.counted(
            f"queries, {page} at {large} {what}",
            by_rows[large],
            by_rows[small],
            baseline_name=f"same page at {small} {what}",
            target=1.0,
        )
        for page, by_rows in counts.items()
        if len(by_rows) == 2
    ]
