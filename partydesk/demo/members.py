"""Demo step: people, their Party membership and its history, and the positions they hold."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from partydesk.core.text import fold, vn_sort_key
from partydesk.demo import catalog, names
from partydesk.demo.committee import FOUNDED_ON
from partydesk.demo.context import DemoContext
from partydesk.organizations.models import (
    DuesCategory,
    Gender,
    MembershipEvent,
    MembershipStatus,
    Organization,
    OrganizationKind,
    PartyMembership,
    Person,
    Position,
    PositionTitle,
)

# Members of the grassroots organizations at full scale (the Bloc staff come on top).
MEMBERS_AT_FULL_SCALE = 5_420
CANDIDATE_SHARE = 0.075
STUDENT_CANDIDATE_SHARE = 0.35
# Of the candidates: probation just over (review due) and review already late.
PROBATION_OVER_SHARE = 0.08
REVIEW_LATE_SHARE = 0.02
BATCH = 1000

T = PositionTitle
# The Bloc committee's own staff, by department, and its leaders (who sit at the root).
BLOC_STAFF: dict[str, list[PositionTitle]] = {
    "duk-vp": [T.OFFICE_CHIEF, T.DEPUTY_HEAD, *[T.SPECIALIST] * 5, T.CLERK, T.CLERK],
    "duk-btc": [T.DEPARTMENT_HEAD, T.DEPUTY_HEAD, *[T.SPECIALIST] * 4],
    "duk-ubkt": [T.DEPARTMENT_HEAD, T.DEPUTY_HEAD, *[T.SPECIALIST] * 3],
    "duk-btgdv": [T.DEPARTMENT_HEAD, T.DEPUTY_HEAD, *[T.SPECIALIST] * 3],
}
BLOC_LEADERS: list[PositionTitle] = [T.SECRETARY, T.DEPUTY_SECRETARY, T.DEPUTY_SECRETARY]


@dataclass
class _Member:
    """Everything drawn for one person before the rows are written."""

    person: Person
    status: str
    decided_on: dt.date
    ceremony_on: dt.date
    recognized_on: dt.date | None
    dues: str
    card: str


class _Drawer:
    """Draws people with unique citizen IDs and party-card numbers."""

    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today
        self.citizen_ids: set[str] = set()
        self.cards: set[str] = set()

    def _unique(self, seen: set[str], make: object) -> str:
        while True:
            value = make()  # type: ignore[operator]
            if value not in seen:
                seen.add(value)
                return str(value)

    def citizen_id(self, birth: dt.date, female: bool) -> str:
        # CCCD: province (3) + century/gender (1) + year (2) + 6 random digits.
        century = 0 if birth.year < 2000 else 2
        prefix = f"{catalog.PROVINCE_CODE}{century + int(female)}{birth.year % 100:02d}"
        return self._unique(self.citizen_ids, lambda: f"{prefix}{self.rng.randint(0, 999_999):06d}")

    def card_number(self) -> str:
        return self._unique(self.cards, lambda: f"{self.rng.randint(10_000_000, 99_999_999)}")

    def phone(self) -> str:
        return self.rng.choice(["09", "08", "03", "07"]) + f"{self.rng.randint(0, 99_999_999):08d}"

    def days_ago(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, high))

    def member(
        self,
        unit: Organization,
        workplace: str,
        *,
        female_share: float = 0.48,
        student: bool = False,
        pensioners: bool = False,
        official: bool = False,
    ) -> _Member:
        rng = self.rng
        female = rng.random() < female_share
        if student:
            age = rng.randint(20, 23)
        elif pensioners and rng.random() < 0.6:
            age = rng.randint(61, 80)
        else:
            age = round(rng.triangular(24, 60, 38))
        birth = self.today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        full_name = names.full_name(rng, female=female)
        person = Person(
            full_name=full_name,
            search_name=fold(full_name),
            sort_key=vn_sort_key(full_name),
            birth_date=birth,
            gender=Gender.FEMALE if female else Gender.MALE,
            citizen_id=self.citizen_id(birth, female),
            phone=self.phone(),
            workplace=workplace,
            organization=unit,
        )
        # Most new members are admitted young, so candidates are drawn among the under-45s
        # (about 70 % of the members) at a rate that makes ~7 % of all members candidates.
        candidate_share = STUDENT_CANDIDATE_SHARE if student else CANDIDATE_SHARE / 0.7
        admitted_age = min(age - 1, round(rng.triangular(20, 40, 27)))
        decided = birth + dt.timedelta(days=admitted_age * 365 + rng.randint(0, 364))
        latest = self.today - dt.timedelta(days=430)
        if decided > latest:
            decided = latest - dt.timedelta(days=rng.randint(0, 400))
        too_young = decided < birth + dt.timedelta(days=18 * 366)
        drawn_candidate = (student or age < 45) and rng.random() < candidate_share
        if not official and (drawn_candidate or too_young):
            # Probationary: most had the ceremony within the last twelve months; some have
            # just finished the twelve months, so the cell must review them within 30 working
            # days (a few are already late). The ceremony follows the admission decision.
            draw = rng.random()
            if draw < PROBATION_OVER_SHARE:
                ceremony = self.days_ago(366, 400)
            elif draw < PROBATION_OVER_SHARE + REVIEW_LATE_SHARE:
                ceremony = self.days_ago(420, 450)
            else:
                ceremony = self.days_ago(20, 364)
            decided = ceremony - dt.timedelta(days=rng.randint(7, 40))
            dues = DuesCategory.STUDENT if student else DuesCategory.SALARIED
            return _Member(person, MembershipStatus.CANDIDATE, decided, ceremony, None, dues, "")
        ceremony = decided + dt.timedelta(days=rng.randint(7, 40))
        recognized = ceremony + dt.timedelta(days=365 + rng.randint(0, 40))
        if age >= 61:
            dues = DuesCategory.PENSIONER
        elif rng.random() < 0.01:
            dues = DuesCategory.OTHER
        else:
            dues = DuesCategory.SALARIED
        return _Member(
            person,
            MembershipStatus.OFFICIAL,
            decided,
            ceremony,
            recognized,
            dues,
            self.card_number(),
        )


def _unit_sizes(ctx: DemoContext, units: list[tuple[Organization, float]]) -> list[int]:
    """Share the scaled member total among the units by weight; a cell keeps at least 3."""
    target = round(MEMBERS_AT_FULL_SCALE * ctx.scale)
    total_weight = sum(weight for _, weight in units)
    return [max(3, round(target * weight / total_weight)) for _, weight in units]


def _grassroots_units(ctx: DemoContext) -> list[tuple[Organization, float, str, bool, bool]]:
    """(cell, weight, workplace, has students, has pensioners) for every member-holding cell."""
    rng = ctx.rng
    orgs = ctx.organizations
    units = []
    for code, agency, kind, size in catalog.GRASSROOTS_COMMITTEES:
        committee = orgs.get(f"du-{code}")
        if committee is None:
            continue
        for cell in sorted(
            (o for o in orgs.values() if o.parent_id == committee.pk), key=lambda o: o.code
        ):
            students = kind in catalog.STUDENT_KINDS and cell.name.endswith("Sinh viên")
            weight = size * rng.uniform(0.6, 1.4) * (1.6 if students else 1.0)
            units.append((cell, weight, agency, students, False))
    for code, agency, size in catalog.GRASSROOTS_CELLS:
        grassroots_cell = orgs.get(f"cb-{code}")
        if grassroots_cell is None:
            continue
        weight = size * rng.uniform(0.75, 1.25)
        units.append((grassroots_cell, weight, agency, False, code in catalog.PENSIONER_CELLS))
    return units


def _write(ctx: DemoContext, drawn: list[_Member]) -> None:
    """Insert people, memberships and their events in bulk."""
    people = Person.objects.bulk_create([m.person for m in drawn], batch_size=BATCH)
    memberships = PartyMembership.objects.bulk_create(
        [
            PartyMembership(
                person=person,
                status=m.status,
                admission_decision_date=m.decided_on,
                ceremony_date=m.ceremony_on,
                official_recognition_date=m.recognized_on,
                card_number=m.card,
                dues_category=m.dues,
            )
            for person, m in zip(people, drawn, strict=True)
        ],
        batch_size=BATCH,
    )
    events: list[MembershipEvent] = []
    for membership, m in zip(memberships, drawn, strict=True):
        unit = m.person.organization
        events.append(
            MembershipEvent(
                membership=membership,
                kind=MembershipEvent.Kind.ADMITTED,
                occurred_on=m.decided_on,
                to_organization=unit,
            )
        )
        events.append(
            MembershipEvent(
                membership=membership, kind=MembershipEvent.Kind.CEREMONY, occurred_on=m.ceremony_on
            )
        )
        if m.recognized_on is not None:
            events.append(
                MembershipEvent(
                    membership=membership,
                    kind=MembershipEvent.Kind.RECOGNIZED,
                    occurred_on=m.recognized_on,
                )
            )
    MembershipEvent.objects.bulk_create(events, batch_size=BATCH)
    for person in people:
        ctx.people_by_unit.setdefault(person.organization_id, []).append(person)
    ctx.count("people", len(people))
    ctx.count("candidates", sum(1 for m in drawn if m.status == MembershipStatus.CANDIDATE))
    ctx.count("membership_events", len(events))


def _officials(ctx: DemoContext, status: dict[int, str], unit: Organization) -> list[Person]:
    return [
        p for p in ctx.people_by_unit.get(unit.pk, []) if status[p.pk] == MembershipStatus.OFFICIAL
    ]


def seed(ctx: DemoContext) -> None:
    """About 5,400 members across the cells, the Bloc staff and leaders, and positions."""
    assert ctx.root is not None, "the committee step runs first"
    drawer = _Drawer(ctx.rng, ctx.today)
    drawn: list[_Member] = []
    staff_titles: list[tuple[_Member, Organization, str]] = []

    for leader_title in BLOC_LEADERS:
        member = drawer.member(ctx.root, ctx.root.name, official=True)
        drawn.append(member)
        staff_titles.append((member, ctx.root, leader_title))
    for code, titles in BLOC_STAFF.items():
        department = ctx.organizations[code]
        for staff_title in titles:
            member = drawer.member(department, department.name, official=True)
            drawn.append(member)
            staff_titles.append((member, department, staff_title))

    units = _grassroots_units(ctx)
    sizes = _unit_sizes(ctx, [(unit, weight) for unit, weight, *_ in units])
    for (unit, _weight, agency, students, pensioners), size in zip(units, sizes, strict=True):
        female_share = 0.62 if "Bệnh viện" in agency or "Trường" in agency else 0.47
        for index in range(size):
            drawn.append(
                drawer.member(
                    unit,
                    agency,
                    female_share=female_share,
                    student=students and index >= 3,
                    pensioners=pensioners,
                    # The first three of every cell are official: a cell needs three.
                    official=index < 3,
                )
            )
    _write(ctx, drawn)

    status = {m.person.pk: m.status for m in drawn}
    positions: list[Position] = []
    holders: dict[tuple[str, str], list[Person]] = {}

    def hold(person: Person, org: Organization, title: str, starts: dt.date) -> None:
        term = ctx.terms.get(org.pk) if title in _TERM_TITLES else None
        positions.append(
            Position(
                person=person,
                organization=org,
                term=term,
                title=title,
                starts_on=term.starts_on if term is not None else starts,
            )
        )
        holders.setdefault((org.code, title), []).append(person)

    for member, org, title in staff_titles:
        hold(member.person, org, title, FOUNDED_ON)
        if title in (T.OFFICE_CHIEF, T.DEPARTMENT_HEAD):
            hold(member.person, ctx.root, T.STANDING_MEMBER, FOUNDED_ON)

    cells = [org for org in ctx.organizations.values() if org.kind in _CELL_KINDS]
    for cell in sorted(cells, key=lambda o: o.path):
        secretary, deputy = ctx.rng.sample(_officials(ctx, status, cell), 2)
        hold(secretary, cell, T.SECRETARY, FOUNDED_ON)
        hold(deputy, cell, T.DEPUTY_SECRETARY, FOUNDED_ON)
    committees = [
        org
        for org in ctx.organizations.values()
        if org.kind == OrganizationKind.GRASSROOTS_COMMITTEE
    ]
    for committee in sorted(committees, key=lambda o: o.path):
        pool = [
            person
            for cell in cells
            if cell.parent_id == committee.pk
            for person in _officials(ctx, status, cell)
        ]
        secretary, deputy = ctx.rng.sample(pool, 2)
        hold(secretary, committee, T.SECRETARY, FOUNDED_ON)
        hold(deputy, committee, T.DEPUTY_SECRETARY, FOUNDED_ON)
    Position.objects.bulk_create(positions, batch_size=BATCH)
    ctx.extra["position_holders"] = holders
    ctx.count("positions", len(positions))


_CELL_KINDS = {OrganizationKind.GRASSROOTS_CELL, OrganizationKind.SUBORDINATE_CELL}
_TERM_TITLES = {T.SECRETARY, T.DEPUTY_SECRETARY, T.STANDING_MEMBER, T.COMMITTEE_MEMBER}
