"""National-scale data: the Party organization tree, its members and their memberships.

Any suite that needs a realistically sized installation calls `ensure(ctx)`; the data is
generated once per scale (seeded, so every machine gets the same rows) and reused by later
runs until the generator or the scale changes, or `--regenerate` is given.

Shape (63 provinces, as before the 2025 mergers):
  depth 0  the Central Committee (the whole country)
  depth 1  provincial committees (TU/ThU)
  depth 2  their departments, district committees (HU/QU/TXU/ThU) and bloc committees (ĐUK)
  depth 3  district departments, grassroots committees (ĐU) and grassroots cells (CB)
  depth 4  subordinate cells and partial committees (ĐUBP) of grassroots committees
  depth 5  subordinate cells of partial committees
Members sit in cells, with a skewed (log-normal) cell size, as in life.
"""

from __future__ import annotations

import array
import bisect
import itertools
import random
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

from django.db import connection, transaction

from bench.database import (
    copy_columns,
    copy_lines,
    indexes_dropped,
    meta_get,
    meta_set,
    set_sequences,
)
from bench.harness import Context, Scale
from bench.names import (
    CELL_KINDS,
    DISTRICT_DEPARTMENTS,
    DISTRICT_KINDS,
    GRASSROOTS_KINDS,
    PLACE_SYLLABLES,
    PROVINCE_DEPARTMENTS,
    PROVINCES,
)
from bench.national_people import STAMP, membership_lines, person_lines
from partydesk.core.text import fold
from partydesk.organizations.models import (
    PATH_STEP,
    Organization,
    OrganizationKind,
    OrganizationRevision,
    PartyMembership,
    Person,
)

GENERATOR_VERSION = 1
SEED = 20_250_701
_BLOCS = ("Đảng bộ Khối các cơ quan tỉnh", "Đảng bộ Khối Doanh nghiệp tỉnh")


@dataclass
class Org:
    id: int
    parent: Org | None
    kind: str
    name: str
    abbreviation: str
    short_name: str = ""
    place: str = ""
    province: int = -1  # index into PROVINCES, -1 for the root
    ended: bool = False
    path: str = ""
    depth: int = 0
    members: int = 0


@dataclass
class Dataset:
    """What was generated, and the organizations suites use as scopes."""

    fingerprint: str
    organizations: int
    people: int
    country_id: int
    province_id: int
    committee_id: int
    grassroots_id: int
    cell_id: int
    province_people: int
    committee_people: int
    cell_people: int
    generated_at: str
    seconds: dict[str, float] = field(default_factory=dict)
    reused: bool = False


def fingerprint(scale: Scale) -> str:
    return f"v{GENERATOR_VERSION}:seed{SEED}:{scale.organizations}:{scale.people}"


def ensure(ctx: Context) -> Dataset:
    """The national data set at ctx.scale, generated unless an identical one is in place."""
    if "national" in ctx.shared:
        return ctx.shared["national"]  # type: ignore[no-any-return]
    wanted = fingerprint(ctx.scale)
    saved = meta_get("national")
    dataset: Dataset | None = None
    if saved and saved.get("fingerprint") == wanted and not ctx.regenerate:
        candidate = Dataset(**{**saved, "reused": True})
        if (
            Organization.objects.count() == candidate.organizations
            and Person.objects.count() == candidate.people
        ):
            dataset = candidate
    if dataset is None:
        ctx.log(f"  generating {ctx.scale.organizations:,} organizations, "
                f"{ctx.scale.people:,} people ...")  # fmt: skip
        dataset = generate(ctx.scale, log=ctx.log)
        meta_set("national", {k: v for k, v in asdict(dataset).items() if k != "reused"})
    total = sum(dataset.seconds.values())
    parts = ", ".join(f"{k} {v:.1f} s" for k, v in dataset.seconds.items())
    how = "reused, generated" if dataset.reused else "generated"
    ctx.fact("Data", f"{how} {dataset.generated_at} in {total:.0f} s ({parts})")
    ctx.shared["national"] = dataset
    return dataset


# --- the organization tree ------------------------------------------------------------------


def _place(rng: random.Random) -> str:
    first, second = rng.sample(PLACE_SYLLABLES, 2)
    return f"{first} {second}"


def build_tree(scale: Scale, rng: random.Random) -> list[Org]:
    """Organizations in id order, exactly scale.organizations of them."""
    orgs: list[Org] = []

    def add(parent: Org | None, kind: str, name: str, abbreviation: str, **kw: object) -> Org:
        org = Org(len(orgs) + 1, parent, kind, name, abbreviation, **kw)  # type: ignore[arg-type]
        org.path = (parent.path if parent else "") + f"{org.id:0{PATH_STEP}d}."
        org.depth = parent.depth + 1 if parent else 0
        if parent is not None:
            org.province = parent.province if parent.province >= 0 else org.province
            org.place = org.place or parent.place
        orgs.append(org)
        return org

    upper = OrganizationKind.UPPER_COMMITTEE
    root = add(None, upper, "Ban Chấp hành Trung ương Đảng", "TW", short_name="Trung ương",
               place="Hà Nội")  # fmt: skip
    factor = scale.organizations / 52_000
    weights = [9.0 if city and name in ("Hà Nội", "Hồ Chí Minh") else rng.uniform(0.6, 3.0)
               for _code, name, city in PROVINCES]  # fmt: skip
    districts_total = max(len(PROVINCES), round(700 * factor))
    uppers: list[tuple[Org, float]] = []
    for index, (_code, name, city) in enumerate(PROVINCES):
        label, abbr = ("thành phố", "ThU") if city else ("tỉnh", "TU")
        short = f"{'Thành ủy' if city else 'Tỉnh ủy'} {name}"
        province = add(root, upper, f"Đảng bộ {label} {name}", abbr, province=index,
                       short_name=short, place=name)  # fmt: skip
        for dept, dept_abbr in PROVINCE_DEPARTMENTS:
            add(province, OrganizationKind.DEPARTMENT, f"{dept} {province.short_name}", dept_abbr)
        for bloc in _BLOCS:
            uppers.append((add(province, upper, f"{bloc} {name}", "ĐUK"), weights[index]))
        share = max(1, round(districts_total * weights[index] / sum(weights)))
        for _ in range(share):
            label, abbr, _w = rng.choices(DISTRICT_KINDS, [w for *_x, w in DISTRICT_KINDS])[0]
            place = _place(rng)
            district = add(province, upper, f"Đảng bộ {label} {place}", abbr,
                           short_name=f"{abbr} {place}")  # fmt: skip
            for dept, dept_abbr in DISTRICT_DEPARTMENTS:
                add(district, OrganizationKind.DEPARTMENT, f"{dept} {district.short_name}",
                    dept_abbr)  # fmt: skip
            uppers.append((district, 3.0))
    if len(orgs) >= scale.organizations:
        raise ValueError(f"scale too small: the fixed levels alone need {len(orgs)} organizations")

    parents = [u for u, _w in uppers]
    cumulative = list(itertools.accumulate(w for _u, w in uppers))

    def cells_under(parent: Org, count: int) -> None:
        for n in range(count):
            if len(orgs) >= scale.organizations:
                return
            kind = rng.choice(CELL_KINDS)
            label = (
                f"{kind} {n + 1}" if kind in ("khu phố", "tổ dân phố") else f"{kind} {_place(rng)}"
            )
            add(parent, OrganizationKind.SUBORDINATE_CELL, f"Chi bộ {label}", "CB",
                ended=rng.random() < 0.02)  # fmt: skip

    while len(orgs) < scale.organizations:
        parent = parents[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
        kind = rng.choice(GRASSROOTS_KINDS)
        if rng.random() < 0.3:
            add(parent, OrganizationKind.GRASSROOTS_CELL, f"Chi bộ {kind} {_place(rng)}", "CB",
                ended=rng.random() < 0.02)  # fmt: skip
            continue
        committee = add(parent, OrganizationKind.GRASSROOTS_COMMITTEE,
                        f"Đảng bộ {kind} {_place(rng)}", "ĐU")  # fmt: skip
        cells_under(committee, rng.randint(2, 8))
        if rng.random() < 0.15:
            for n in range(rng.randint(1, 3)):
                if len(orgs) >= scale.organizations:
                    break
                partial = add(committee, OrganizationKind.PARTIAL_COMMITTEE,
                              f"Đảng bộ bộ phận số {n + 1}", "ĐUBP")  # fmt: skip
                cells_under(partial, rng.randint(2, 5))
    return orgs


def _org_lines(orgs: list[Org], suffix: str) -> Iterator[str]:
    fold_names = getattr(Organization, "fold_names", lambda name, short: fold(f"{name} {short}"))
    lines = []
    for o in orgs:
        row = {
            "id": o.id,
            "created_at": STAMP,
            "updated_at": STAMP,
            "code": f"vn-{o.id:06d}",
            "name": o.name,
            "search_name": fold_names(o.name, o.short_name),
            "short_name": o.short_name,
            "abbreviation": o.abbreviation,
            "kind": o.kind,
            "path": o.path,
            "depth": o.depth,
            "place_name": o.place,
            "valid_from": "2020-01-01",
            "valid_to": "2024-12-31" if o.ended else "\\N",
            "parent_id": o.parent.id if o.parent else "\\N",
        }
        lines.append("\t".join(str(row[c]) for c in _ORG_COLUMNS) + suffix + "\n")
    yield "".join(lines)


def _revision_lines(orgs: list[Org], suffix: str) -> Iterator[str]:
    lines = []
    for o in orgs:
        valid_to = "2024-12-31" if o.ended else "\\N"
        parent = o.parent.id if o.parent else "\\N"
        lines.append(
            f"{o.id}\t{o.name}\t{o.short_name}\t{o.abbreviation}\t2020-01-01\t{valid_to}"
            f"\t{o.id}\t{parent}{suffix}\n"
        )
    yield "".join(lines)


# --- the whole load -------------------------------------------------------------------------

_ORG_COLUMNS = ["id", "created_at", "updated_at", "code", "name", "short_name",
                "abbreviation", "kind", "path", "depth", "place_name", "valid_from", "valid_to",
                "parent_id"]  # fmt: skip
if any(f.column == "search_name" for f in Organization._meta.concrete_fields):
    _ORG_COLUMNS.insert(5, "search_name")
_REVISION_COLUMNS = ["id", "name", "short_name", "abbreviation", "valid_from", "valid_to",
                     "organization_id", "parent_id"]  # fmt: skip
_PERSON_COLUMNS = ["id", "created_at", "updated_at", "full_name", "search_name",
                   "birth_date", "gender", "citizen_id", "phone", "email", "workplace",
                   "organization_id"]  # fmt: skip
_MEMBERSHIP_COLUMNS = ["id", "created_at", "updated_at", "status", "admission_decision_date",
                       "ceremony_date", "official_recognition_date", "card_number",
                       "dues_category", "ended_on", "person_id"]  # fmt: skip


def generate(scale: Scale, *, log: Callable[[str], None] = print) -> Dataset:
    """Truncate the organization tables and load them with COPY in one transaction."""
    rng = random.Random(SEED)
    seconds: dict[str, float] = {}
    tables = [m._meta.db_table for m in (Organization, OrganizationRevision, Person,
                                          PartyMembership)]  # fmt: skip
    started = time.perf_counter()
    orgs = build_tree(scale, rng)
    cells = [o for o in orgs if not o.ended and o.kind in (
        OrganizationKind.GRASSROOTS_CELL, OrganizationKind.SUBORDINATE_CELL)]  # fmt: skip
    births = array.array("H", bytes(2 * (scale.people + 1)))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        with indexes_dropped(tables[1:]):
            columns, suffix = copy_columns(Organization, _ORG_COLUMNS)
            copy_lines(Organization, columns, _org_lines(orgs, suffix), freeze=True)
            columns, suffix = copy_columns(OrganizationRevision, _REVISION_COLUMNS)
            copy_lines(OrganizationRevision, columns, _revision_lines(orgs, suffix), freeze=True)
            seconds["organizations"] = time.perf_counter() - started
            log(f"  organizations loaded in {seconds['organizations']:.1f} s")
            mark = time.perf_counter()
            columns, suffix = copy_columns(Person, _PERSON_COLUMNS)
            people = person_lines(scale, cells, rng, suffix, births)
            copy_lines(Person, columns, people, freeze=True)
            seconds["people"] = time.perf_counter() - mark
            log(f"  people loaded in {seconds['people']:.1f} s")
            mark = time.perf_counter()
            columns, suffix = copy_columns(PartyMembership, _MEMBERSHIP_COLUMNS)
            memberships = membership_lines(scale, rng, suffix, births)
            copy_lines(PartyMembership, columns, memberships, freeze=True)
            seconds["memberships"] = time.perf_counter() - mark
            log(f"  memberships loaded in {seconds['memberships']:.1f} s; building indexes")
            mark = time.perf_counter()
        seconds["indexes and constraints"] = time.perf_counter() - mark
        set_sequences(tables)
    mark = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")
    seconds["analyze"] = time.perf_counter() - mark
    return _dataset(scale, orgs, {k: round(v, 1) for k, v in seconds.items()})


def _members_below(orgs: list[Org]) -> dict[int, int]:
    totals = {o.id: 0 for o in orgs}
    for o in orgs:
        if o.members:
            node: Org | None = o
            while node is not None:
                totals[node.id] += o.members
                node = node.parent
    return totals


def _median(candidates: list[Org], totals: dict[int, int]) -> Org:
    ranked = sorted(candidates, key=lambda o: (totals[o.id], o.id))
    wanted = statistics.median_low([totals[o.id] for o in ranked])
    return next(o for o in ranked if totals[o.id] == wanted)


def _dataset(scale: Scale, orgs: list[Org], seconds: dict[str, float]) -> Dataset:
    """Pick typical scopes: the median province, its median committee, and so on down."""
    totals = _members_below(orgs)
    root = orgs[0]
    province = _median([o for o in orgs if o.depth == 1], totals)
    grassroots_all = [
        o
        for o in orgs
        if o.kind == OrganizationKind.GRASSROOTS_COMMITTEE
        and totals[o.id]
        and o.path.startswith(province.path)
    ]
    with_grassroots = {o.parent.id for o in grassroots_all if o.parent is not None}
    committee = _median([o for o in orgs if o.id in with_grassroots], totals)
    grassroots = _median([o for o in grassroots_all if o.parent is committee], totals)
    cell_kinds = (OrganizationKind.GRASSROOTS_CELL, OrganizationKind.SUBORDINATE_CELL)
    cells = [
        o for o in orgs if o.kind in cell_kinds and o.members and o.path.startswith(grassroots.path)
    ]
    cell = _median(cells, totals)
    return Dataset(
        fingerprint=fingerprint(scale),
        organizations=len(orgs),
        people=scale.people,
        country_id=root.id,
        province_id=province.id,
        committee_id=committee.id,
        grassroots_id=grassroots.id,
        cell_id=cell.id,
        province_people=totals[province.id],
        committee_people=totals[committee.id],
        cell_people=totals[cell.id],
        generated_at=time.strftime("%Y-%m-%d %H:%M"),
        seconds=seconds,
    )
