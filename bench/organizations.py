"""The foundation at national scale: subtree listings, member search, and query counts.

Every timing compares the organizations selector (ORM: build the queryset, compile, run,
make model instances) with the very SQL it sent, replayed on a bare driver cursor. The
target is the ORM costing at most twice the raw SQL; absolute figures show whether the
plans themselves hold at 52,000 organizations and 5.3 million members.
"""

from __future__ import annotations

import importlib
import json
import math
import pkgutil
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from bench import national
from bench.harness import Context, Result, Statement, raw_replay, sql_of
from partydesk.organizations.models import (
    Organization,
    OrganizationKind,
    PartyMembership,
    Person,
)

TITLE = "organization tree and member registry at national scale"
ORM_TARGET = 2.0
PAGE = 50
SEARCHES = [
    ("common name", "nguyen van"),
    ("rarer name", "hoang thi thu"),
    ("full name", "Lê Văn Hùng"),
]


def selector(name: str) -> Any:
    """A selector of the organizations app, wherever inside its selectors package it lives."""
    package = importlib.import_module("partydesk.organizations.selectors")
    if hasattr(package, name):
        return getattr(package, name)
    for module in pkgutil.iter_modules(getattr(package, "__path__", [])):
        found = importlib.import_module(f"{package.__name__}.{module.name}")
        if hasattr(found, name):
            return getattr(found, name)
    raise LookupError(f"no selector {name} in partydesk.organizations.selectors")


def run(ctx: Context) -> list[Result]:
    data = national.ensure(ctx)
    scopes = {o.pk: o for o in Organization.objects.filter(pk__in=[
        data.country_id, data.province_id, data.committee_id, data.cell_id])}  # fmt: skip
    country, province = scopes[data.country_id], scopes[data.province_id]
    committee, cell = scopes[data.committee_id], scopes[data.cell_id]
    ctx.fact(
        "Scopes",
        f"province “{province.name}” ({data.province_people:,} members), committee "
        f"“{committee.name}” ({data.committee_people:,}), cell “{cell.name}” "
        f"({data.cell_people:,}), the whole country ({data.people:,})",
    )
    results: list[Result] = []
    for label, scope in (
        ("country", country),
        ("province", province),
        ("committee", committee),
        ("cell", cell),
    ):
        results += _subtree(ctx, label, scope)
    for label, query in SEARCHES:
        for where, scope in (("province", province), ("country", country)):
            results += _search(ctx, f"{label} “{query}” in the {where}", scope, query)
    try:
        results += _query_counts(ctx, province)
    except Exception as exc:  # a broken page must show in the report, not stop the suite
        ctx.fact("Query counts", f"could not be measured: {exc.__class__.__name__}: {exc}")
        results.append(
            ctx.counted("queries, pages", math.inf, 1, baseline_name="10 rows", target=1.0)
        )
    return results


def _pair(ctx: Context, name: str, orm: Callable[[], object], *, plan: bool = False) -> Result:
    statements = sql_of(orm)
    if plan:
        ctx.fact(f"Plan, {name}", plan_summary(statements))
    return ctx.compare(name, orm, raw_replay(statements), target=ORM_TARGET)


def _subtree(ctx: Context, label: str, scope: Organization) -> list[Result]:
    organization_list_for = selector("organization_list_for")

    def page() -> object:
        return list(organization_list_for(scope).order_by("path")[:PAGE])

    def count() -> object:
        return organization_list_for(scope).count()

    size = count()
    return [
        _pair(ctx, f"subtree page of {PAGE}, {label} ({size:,} organizations)", page),
        _pair(ctx, f"subtree count, {label}", count),
    ]


def _search(ctx: Context, name: str, scope: Organization, query: str) -> list[Result]:
    person_list_for = selector("person_list_for")

    def page() -> object:
        return list(person_list_for(scope, query=query)[:PAGE])

    def count() -> object:
        return person_list_for(scope, query=query).count()

    return [
        _pair(ctx, f"search page, {name}", page, plan=True),
        _pair(ctx, f"search count, {name}", count),
    ]


def plan_summary(statements: list[Statement]) -> str:
    """The plan's nodes, outermost first, e.g. 'Limit > Index Scan (person_search_trgm)'."""
    sql, params = statements[-1]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    nodes: list[str] = []

    def walk(node: dict[str, object]) -> None:
        label = str(node["Node Type"])
        if "Index Name" in node:
            label += f" ({node['Index Name']})"
        elif "Relation Name" in node:
            label += f" ({node['Relation Name']})"
        nodes.append(label)
        for child in node.get("Plans", []):  # type: ignore[attr-defined]
            walk(child)

    walk(plan)
    return " > ".join(nodes) + f"; est. cost {plan['Total Cost']:,.0f}"


# --- constant query counts ------------------------------------------------------------------


def _grow(parent: Organization, rows: int, tag: str) -> Organization:
    """A committee under `parent` with `rows` cells and `rows` members (bulk, for speed)."""
    committee = Organization.objects.create(
        code=f"bench-{tag}",
        name=f"Đảng bộ thử {tag}",
        abbreviation="ĐU",
        kind=OrganizationKind.GRASSROOTS_COMMITTEE,
        parent=parent,
        depth=parent.depth + 1,
    )
    Organization.objects.filter(pk=committee.pk).update(path=_path_of(parent))
    committee.refresh_from_db()
    Organization.objects.bulk_create(
        Organization(
            code=f"bench-{tag}-{n}",
            name=f"Chi bộ thử {n}",
            abbreviation="CB",
            kind=OrganizationKind.SUBORDINATE_CELL,
            parent=committee,
            depth=committee.depth + 1,
        )
        for n in range(rows)
    )
    Organization.objects.filter(parent=committee).update(path=_path_of(committee))
    cells = list(Organization.objects.filter(parent=committee))
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Nguyễn Văn Thử {n}",
            search_name=f"nguyen van thu {n}",
            organization=cells[n % len(cells)],
        )
        for n in range(rows)
    )
    PartyMembership.objects.bulk_create(
        PartyMembership(
            person=p,
            status="official",
            admission_decision_date="2010-01-01",
            ceremony_date="2010-01-15",
            official_recognition_date="2011-01-15",
        )
        for p in people
    )
    return committee


def _path_of(parent: Organization) -> Concat:
    return Concat(
        Value(parent.path),
        LPad(Cast("id", CharField()), 6, Value("0")),
        Value("."),
        output_field=CharField(),
    )


def _queries(client: Client, url: str) -> tuple[int, int]:
    client.get(url)  # warm: session, first-use caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return len(captured), response.status_code


def _query_counts(ctx: Context, parent: Organization) -> list[Result]:
    """The people list and organization pages send as many queries at 1000 rows as at 10."""
    from partydesk.accounts.tests.factories import make_user

    results: list[Result] = []
    with transaction.atomic():
        counts: dict[str, dict[int, int]] = {}
        for rows in (10, 1000):
            committee = _grow(parent, rows, f"q{rows}")
            client = Client(HTTP_HOST="localhost")
            user = make_user(f"bench-q{rows}", organization=committee, role="member_officer")
            client.force_login(user)
            pages = {
                "people list": ("organizations:people", [], ""),
                "people search": ("organizations:people", [], "?q=nguyen+van"),
                "organization page": ("organizations:detail", [committee.pk], ""),
                "organization tree": ("organizations:tree", [], ""),
            }
            for page, (url_name, args, query) in pages.items():
                try:
                    url = reverse(url_name, args=args) + query
                except NoReverseMatch:
                    ctx.fact(f"Query count, {page}", f"no URL named {url_name}")
                    continue
                n, status = _queries(client, url)
                if status != 200:
                    ctx.fact(f"Query count, {page}", f"{url} answered {status}")
                    continue
                counts.setdefault(page, {})[rows] = n
        transaction.set_rollback(True)
    for page, by_rows in counts.items():
        if len(by_rows) == 2:
            results.append(
                ctx.counted(
                    f"queries, {page} at 1000 rows",
                    by_rows[1000],
                    by_rows[10],
                    baseline_name="same page at 10 rows",
                    target=1.0,
                )
            )
    return results
