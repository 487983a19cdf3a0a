"""What the grassroots committees did with the documents the Bloc committee sent them: a few
refused with a reason, most assigned to one of their units, handled and completed by age,
the rest filed for information. Each move is also kept as the documents hooks describe it
(`IncomingMoved`, with its real time) in `ctx.extra["deliveries"]`, for the exchange step to
record the sender's delivery statuses from (partydesk.demo.exchange)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.assignments.services.keeper import handling_assignments_bulk_create
from partydesk.demo.documents.world import World, add_working, at
from partydesk.documents.hooks import IncomingMoved
from partydesk.documents.keeper import AssignmentRole, AssignmentStatus
from partydesk.documents.keeper import assignment_made as made_for
from partydesk.documents.models import Document, DocumentEvent, Status
from partydesk.organizations.models import Organization

REFUSALS = [
    "Văn bản gửi nhầm đơn vị, đề nghị gửi lại đúng nơi nhận.",
    "Tệp văn bản thiếu trang, đề nghị gửi lại bản đầy đủ.",
    "Nội dung không thuộc thẩm quyền giải quyết của Đảng ủy cơ sở.",
]
INSTRUCTION = "Giao chi bộ nghiên cứu, tổ chức thực hiện; báo cáo kết quả."
REPORT = "Chi bộ đã quán triệt, triển khai; báo cáo Đảng ủy."


@dataclass
class Plan:
    """The moves of one arrival after its registration: (action, from, to, at, note)."""

    unit: Organization | None = None
    moves: list[tuple[str, str, str, dt.datetime, str]] = field(default_factory=list)


def plan_handling(world: World, d: Document, units: dict[int, Organization]) -> Plan:
    """Decide, by age, what the recipient did with an arrival; sets its status."""
    rng, today = world.rng, world.today
    assert d.arrival_date is not None and d.registered_at is not None
    arrival: dt.date = d.arrival_date
    registered: dt.datetime = d.registered_at
    now = timezone.now()
    age = (today - arrival).days
    roll = rng.random()
    plan = Plan(unit=units.get(d.organization_id))

    def when(days: int) -> dt.datetime:
        return max(min(at(add_working(arrival, days), rng), now), registered)

    if roll < 0.04 and age >= 1:
        moment = min(d.registered_at + dt.timedelta(hours=rng.randint(1, 3)), now)
        plan.moves.append(
            ("refused", Status.REGISTERED, Status.FILED, moment, rng.choice(REFUSALS))
        )
        d.status, d.closed_at = Status.FILED, moment
        return plan
    if plan.unit is None or roll > 0.8 or age < 2:
        d.status = Status.FILED if age > 30 else Status.REGISTERED
        return plan
    plan.moves.append(("assigned", Status.REGISTERED, Status.ASSIGNED, when(1), INSTRUCTION))
    d.status = Status.ASSIGNED
    if age >= 5:
        plan.moves.append(("handling_started", Status.ASSIGNED, Status.IN_PROGRESS, when(2), ""))
        d.status = Status.IN_PROGRESS
    if age >= 15 and roll < 0.65:
        done = when(rng.randint(4, 9))
        plan.moves.append(("completed", Status.IN_PROGRESS, Status.COMPLETED, done, REPORT))
        d.status = Status.COMPLETED
        if age > 30:
            filed = min(done + dt.timedelta(days=rng.randint(1, 5)), now)
            plan.moves.append(("filed", Status.COMPLETED, Status.FILED, filed, ""))
            d.status, d.closed_at = Status.FILED, filed
    if d.status != Status.REGISTERED:
        d.dispatched_on = d.arrival_date
    return plan


def units_of(committees: list[Organization]) -> dict[int, Organization]:
    """The unit each grassroots committee assigns its arrivals to: its first cell."""
    units: dict[int, Organization] = {}
    for unit in Organization.objects.filter(parent__in=committees).order_by("sort_key", "pk"):
        units.setdefault(unit.parent_id, unit)  # type: ignore[arg-type]
    return units


def record_handling(
    world: World, arrivals: list[Document], plans: list[Plan], clerk: User | None
) -> None:
    """The history rows and assignments of the planned moves, and the moves themselves for
    the exchange step (`ctx.extra["deliveries"]`: source, recipient, sent at, moves)."""
    users = {
        world.ctx.organizations[code].pk: (world.users.get(secretary), world.users.get(office))
        for code, secretary, office in (("du-syt", "bithu_cs", "vanthu_cs"),)
        if code in world.ctx.organizations
    }
    events, assignments, deliveries = [], [], []
    for d, plan in zip(arrivals, plans, strict=True):
        secretary, office = users.get(d.organization_id, (None, None))
        moved = [
            IncomingMoved(
                document_id=d.pk,
                organization_id=d.organization_id,
                source_document_id=d.source_document_id,
                status=Status.REGISTERED,
                action="delivered",
                actor_id=clerk.pk if clerk else None,
                at=d.registered_at,  # type: ignore[arg-type]
            )
        ]
        for action, before, after, moment, note in plan.moves:
            actor = office if action in ("refused", "filed") else secretary
            events.append(
                DocumentEvent(
                    document=d,
                    action=action,
                    actor=actor,
                    from_status=before,
                    to_status=after,
                    note=note,
                )
            )
            moved.append(
                IncomingMoved(
                    document_id=d.pk,
                    organization_id=d.organization_id,
                    source_document_id=d.source_document_id,
                    status=after,
                    action=action,
                    actor_id=actor.pk if actor else None,
                    at=moment,
                    reason=note if action == "refused" else "",
                )
            )
        if plan.unit is not None and any(m[0] == "assigned" for m in plan.moves):
            done = d.status in (Status.COMPLETED, Status.FILED)
            assignments.append(
                made_for(
                    d,
                    role=AssignmentRole.LEAD,
                    unit_id=plan.unit.pk,
                    user_id=None,
                    assigner_id=secretary.pk if secretary else None,
                    instruction=INSTRUCTION,
                    working_days=10,
                    deadline=add_working(d.arrival_date, 10),  # type: ignore[arg-type]
                    state=AssignmentStatus.DONE
                    if done
                    else (
                        AssignmentStatus.IN_PROGRESS
                        if d.status == Status.IN_PROGRESS
                        else AssignmentStatus.OPEN
                    ),
                    report=REPORT if done else "",
                    completed_at=next((m[3] for m in plan.moves if m[0] == "completed"), None),
                )
            )
        deliveries.append((d.source_document_id, d.organization_id, d.registered_at, moved))
    DocumentEvent.objects.bulk_create(events, batch_size=1000)
    handling_assignments_bulk_create(assignments)
    world.ctx.extra.setdefault("deliveries", []).extend(deliveries)
