"""Assignments at national scale (issue 10): "my work", the dashboard's panels and figure,
and the year's record per unit, each against the raw SQL of the same query in the same
run (target ≤ 2×; the record counts every row in Python, so its target is wider), and
constant query counts of the pages.

- Data: 5,000,000 assignments (quick: 100,000) given by each organization of the national
  tree to its units over two years, a realistic mix of on-time, late and overdue work; in
  one district committee a secretary gives work, a specialist leads some of it, and a
  grassroots committee's head follows their unit's.
- Query counts: "my work" and the dashboard send as many queries with 1,000 assignments as
  with 10.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from bench import national
from bench.database import (
    copy_columns,
    copy_lines,
    indexes_dropped,
    meta_get,
    meta_set,
    set_sequences,
)
from bench.harness import Context, Result, counts_held, pages_counted, raw_replay, sql_of
from bench.organizations import plan_summary
from partydesk.accounts.actor import Actor
from partydesk.accounts.models import RoleGrant, User
from partydesk.assignments.models import Assignment, State
from partydesk.assignments.panels import work_panels
from partydesk.assignments.selectors.assignments import Filters, assignment_list_for
from partydesk.assignments.selectors.record import unit_records
from partydesk.organizations.models import Organization

TITLE = "my work, the dashboard and the year's record, against their SQL; query counts"
GENERATOR_VERSION = 1
SEED = 20_261_207
ASSIGNMENTS = 5_000_000
ASSIGNMENTS_QUICK = 100_000
MINE = 3_000  # the specialist's own work over two years (quick: a fifth)
ORM_TARGET = 2.0
PAGE = 25
TODAY = dt.date(2026, 11, 20)
TITLES = [
    "Báo cáo sơ kết công tác quý", "Rà soát, bổ sung quy hoạch cán bộ",
    "Kiểm điểm, đánh giá, xếp loại chất lượng", "Kế hoạch kiểm tra, giám sát",
    "Tổng hợp danh sách đảng viên", "Triển khai nghị quyết của Ban Thường vụ",
    "Đôn đốc thu, nộp đảng phí", "Chuẩn bị hội nghị sơ kết",
]  # fmt: skip


@dataclass(frozen=True)
class People:
    secretary: User
    specialist: User
    head: User  # of the grassroots committee


def run(ctx: Context) -> list[Result]:
    data = national.ensure(ctx)
    committee = Organization.objects.get(pk=data.committee_id)
    grassroots = Organization.objects.get(pk=data.grassroots_id)
    people = _people(committee, grassroots)
    count = _ensure_assignments(ctx, data.fingerprint, committee, people)
    ctx.fact(
        "Assignments",
        f"{count:,} across {data.organizations:,} organizations; in “{committee.name}”: "
        f"{Assignment.objects.filter(organization=committee).count():,} given, "
        f"{Assignment.objects.filter(lead_user=people.specialist).count():,} led by the "
        "specialist",
    )
    results = _selectors(ctx, committee, grassroots, people)
    try:
        results += _query_counts(ctx, committee)
    except Exception as exc:  # a broken page must show in the report, not stop the suite
        ctx.fact("Query counts", f"could not be measured: {exc.__class__.__name__}: {exc}")
        results.append(
            ctx.counted("queries, pages", math.inf, 1, baseline_name="10 assignments", target=1)
        )
    return results


def _people(committee: Organization, grassroots: Organization) -> People:
    from partydesk.accounts.tests.factories import make_user

    def user(name: str, org: Organization, role: str) -> User:
        found = User.objects.filter(username=name).first()
        return found or make_user(name, organization=org, role=role, two_factor=True)

    return People(
        secretary=user("bench-asg-secretary", committee, "secretary"),
        specialist=user("bench-asg-specialist", committee, "specialist"),
        head=user("bench-asg-head", grassroots, "department_head"),
    )


def _actor(user: User, scope: Organization) -> Actor:
    grants = list(RoleGrant.objects.filter(user=user).select_related("role", "organization"))
    return Actor(user=user, grants=grants, scope=scope)


# --- the data -------------------------------------------------------------------------------


def _ensure_assignments(ctx: Context, tree: str, committee: Organization, people: People) -> int:
    wanted = ASSIGNMENTS_QUICK if ctx.quick else ASSIGNMENTS
    ids = (people.secretary.pk, people.specialist.pk, people.head.pk)
    fingerprint = f"v{GENERATOR_VERSION}:seed{SEED}:{wanted}:{tree}:{committee.pk}:{ids}"
    if meta_get("assignments") == fingerprint and not ctx.regenerate:
        count = Assignment.objects.count()
        if count >= wanted:
            return count
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE assignments_assignment CASCADE")
    units = list(Organization.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
    under = list(Organization.objects.filter(parent=committee).values_list("pk", flat=True)) or [
        committee.pk
    ]
    given = [
        "id", "organization_id", "title", "assigner_id", "lead_unit_id", "lead_user_id",
        "start_date", "deadline", "state", "progress", "created_at", "updated_at",
        "completed_at", "quality",
    ]  # fmt: skip
    columns, suffix = copy_columns(Assignment, given)
    spec = _Spec(
        wanted, units, under, committee.pk, people, suffix, MINE // (5 if ctx.quick else 1)
    )
    # Five million rows take minutes: no statement timeout for the load (the run's is 120 s),
    # and the indexes built once at the end rather than maintained row by row.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        with indexes_dropped(["assignments_assignment"]):
            copy_lines(Assignment, columns, _lines(spec), freeze=False)
    set_sequences(["assignments_assignment"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE assignments_assignment")
    meta_set("assignments", fingerprint)
    ctx.fact("Generation", f"{wanted:,} rows by COPY in {time.monotonic() - started:.1f} s")
    return wanted


@dataclass(frozen=True)
class _Spec:
    n: int
    units: list[tuple[int, int]]  # (unit, the organization above it that gives it work)
    under: list[int]  # the committee's own units
    committee: int
    people: People
    suffix: str
    mine: int


def _timing(rng: random.Random, deadline: dt.date) -> tuple[str, str, str, str]:
    """state, progress, completed_at, quality: about three in four on time, one in seven
    late, the rest open (overdue once past the deadline)."""
    roll = rng.random()
    if deadline > TODAY and roll < 0.6:
        return State.IN_PROGRESS, str(rng.randint(0, 90)), r"\N", ""
    if roll < 0.75:
        done = deadline - dt.timedelta(days=rng.randint(0, 5))
    elif roll < 0.89:
        done = deadline + dt.timedelta(days=rng.randint(1, 20))
    else:
        return State.OPEN, "0", r"\N", ""
    if done > TODAY:
        return State.IN_PROGRESS, "50", r"\N", ""
    quality = rng.choice(["exceeded", "met", "met", "met", ""])
    return State.DONE, "100", f"{done.isoformat()}T16:00:00+07:00", quality


def _lines(spec: _Spec) -> Iterator[str]:
    rng = random.Random(SEED)
    first = TODAY - dt.timedelta(days=700)
    chunk: list[str] = []
    secretary, specialist = str(spec.people.secretary.pk), str(spec.people.specialist.pk)
    for i in range(spec.n):
        deadline = first + dt.timedelta(days=rng.randint(0, 790))
        if i < spec.mine:  # the specialist's own work, given by the secretary
            org, unit, user, assigner = str(spec.committee), r"\N", specialist, secretary
        elif i < spec.mine * 4:  # the committee's work for its units
            org, unit, user = str(spec.committee), str(rng.choice(spec.under)), r"\N"
            assigner = secretary
        else:
            unit_id, parent_id = rng.choice(spec.units)
            org, unit, user, assigner = str(parent_id), str(unit_id), r"\N", r"\N"
        state, progress, completed, quality = _timing(rng, deadline)
        stamp = f"{(deadline - dt.timedelta(days=30)).isoformat()}T08:00:00+07:00"
        fields = [
            str(i + 1), org, f"{rng.choice(TITLES)} {deadline.year}", assigner, unit, user,
            (deadline - dt.timedelta(days=30)).isoformat(), deadline.isoformat(), state,
            progress, stamp, stamp, completed, quality,
        ]  # fmt: skip
        chunk.append("\t".join(fields) + spec.suffix + "\n")
        if len(chunk) >= 5000:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


# --- the selectors, against the SQL they send -----------------------------------------------


def _selectors(
    ctx: Context, committee: Organization, grassroots: Organization, people: People
) -> list[Result]:
    specialist = _actor(people.specialist, committee)
    secretary = _actor(people.secretary, committee)
    head = _actor(people.head, grassroots)
    pages = {
        "my work, first page (specialist)": (specialist, Filters(view="mine")),
        "my work, still open (specialist)": (specialist, Filters(view="mine", state="active")),
        "my work, the unit's (grassroots head)": (head, Filters(view="mine")),
        "work I gave, overdue (secretary)": (secretary, Filters(view="by_me", state="overdue")),
        "the committee's work, search “quy hoạch”": (
            secretary,
            Filters(view="unit", query="quy hoạch"),
        ),
    }
    results: list[Result] = []
    for name, (actor, filters) in pages.items():

        def page(actor: Actor = actor, filters: Filters = filters) -> object:
            return list(assignment_list_for(actor, filters)[:PAGE])

        statements = sql_of(page)
        ctx.fact(f"Plan, {name}", plan_summary(statements[-1:]))
        results.append(
            ctx.compare(f"{name} ({PAGE} rows)", page, raw_replay(statements), target=ORM_TARGET)
        )

    def overdue_figure() -> object:
        return assignment_list_for(secretary, Filters(view="unit", state="overdue")).count()

    results.append(
        ctx.compare(
            "dashboard figure: the committee's overdue work (count)",
            overdue_figure,
            raw_replay(sql_of(overdue_figure)),
            target=ORM_TARGET,
        )
    )
    request = RequestFactory().get("/")
    for who, actor in (("specialist", specialist), ("secretary", secretary)):

        def panels(actor: Actor = actor) -> object:
            request.actor = actor  # type: ignore[attr-defined]
            return work_panels(request)

        results.append(
            ctx.compare(
                f"dashboard panels: due soon, overdue I gave ({who})",
                panels,
                raw_replay(sql_of(panels)),
                target=ORM_TARGET,
            )
        )

    def record() -> object:
        return unit_records(secretary, TODAY.year)

    units = len(unit_records(secretary, TODAY.year))
    results.append(
        ctx.compare(
            f"the year's record per unit ({units:,} units)",
            record,
            raw_replay(sql_of(record)),
            target=4.0,
            note="counts every row of the year in Python",
        )
    )
    return results


# --- constant query counts ------------------------------------------------------------------


def _grow(parent: Organization, rows: int, tag: str) -> tuple[User, Organization]:
    from partydesk.accounts.tests.factories import make_user
    from partydesk.core.http import SYSTEM
    from partydesk.organizations.services import organization_create

    org = organization_create(
        acting=SYSTEM,
        name=f"Đảng bộ thử giao việc {tag}",
        abbreviation="ĐU",
        kind="grassroots_committee",
        code=f"bench-asg-{tag}",
        parent=parent,
    )
    user = make_user(f"bench-asg-q{tag}", organization=org, role="secretary", two_factor=True)
    Assignment.objects.bulk_create(
        Assignment(
            organization=org,
            title=f"Việc thử {n}",
            assigner=user,
            lead_user=user if n % 2 else None,
            lead_unit=None if n % 2 else org,
            start_date=TODAY - dt.timedelta(days=30),
            deadline=TODAY + dt.timedelta(days=n % 40 - 20),
            state=State.DONE if n % 3 == 0 else State.IN_PROGRESS,
        )
        for n in range(rows)
    )
    return user, org


def _query_counts(ctx: Context, parent: Organization) -> list[Result]:
    from partydesk.accounts.tests.factories import verified_client

    counts: dict[str, dict[int, int]] = {}
    with transaction.atomic():
        for rows in (10, 1000):
            user, _org = _grow(parent, rows, str(rows))
            client: Client = verified_client(user)
            client.defaults["HTTP_HOST"] = "localhost"
            pages = {
                "my work": reverse("assignments:mine"),
                "work I gave": reverse("assignments:by_me"),
                "dashboard": reverse("core:dashboard"),
                "the year's record": reverse("assignments:records"),
            }
            pages_counted(ctx, client, pages, rows, counts)
        transaction.set_rollback(True)
    return counts_held(ctx, counts, small=10, large=1000, what="assignments")
