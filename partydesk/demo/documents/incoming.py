"""A year of incoming letters: registered, assigned, handled and filed by age."""

from __future__ import annotations

import datetime as dt

from partydesk.accounts.models import User
from partydesk.assignments.services.keeper import handling_assignments_bulk_create
from partydesk.core.models import StoredFile
from partydesk.core.text import fold
from partydesk.demo.documents.sealing import Reports
from partydesk.demo.documents.texts import BODY, INCOMING_SUBJECTS, SENDERS
from partydesk.demo.documents.world import (
    World,
    add_working,
    at,
    number_in_bulk,
    own_pdf,
    subject_for,
    weighted,
    working_days,
)
from partydesk.documents.keeper import AssignmentMade, AssignmentRole, AssignmentStatus
from partydesk.documents.keeper import assignment_made as made_for
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentEvent,
    DocumentReader,
    DocumentVersion,
    NotificationKind,
    ReaderReason,
    Status,
    VersionKind,
)
from partydesk.documents.services import records
from partydesk.documents.services.numbering import incoming_key
from partydesk.documents.symbols import pad


def seed_incoming(world: World, pool: list[StoredFile]) -> list[Document]:
    rng, root, today = world.rng, world.root, world.today
    clerk, secretary = world.users.get("vanthu"), world.users.get("bithu")
    specialist = world.users.get("chuyenvien")
    days = list(working_days(world.start, today))
    per_day = max(1, world.ctx.scaled(7))
    docs: list[Document] = []
    counters: dict[tuple[str, str], int] = {}
    for day in days:
        for _ in range(rng.randint(per_day - 3 if per_day > 3 else 1, per_day + 3)):
            sender, abbr, system, _w = rng.choices(SENDERS, weights=[s[3] for s in SENDERS])[0]
            code, template = weighted(rng, INCOMING_SUBJECTS)
            doc_type = world.types[code]
            counters[(abbr, code)] = counters.get((abbr, code), rng.randint(5, 300)) + 1
            number = pad(counters[(abbr, code)])
            if system == "party":
                notation = f"{doc_type.abbreviation}/{abbr}"
            elif doc_type.is_letter:
                notation = f"{abbr}-VP"
            else:
                notation = f"{doc_type.abbreviation}-{abbr}"
            subject = subject_for(template, day, rng)
            issued = day - dt.timedelta(days=rng.randint(0, 4))
            docs.append(
                Document(
                    organization=root,
                    direction=Direction.INCOMING,
                    status=Status.REGISTERED,
                    system=system,
                    document_type=doc_type,
                    subject=subject,
                    code_number=number,
                    code_notation=notation,
                    issued_date=issued,
                    organ_name=sender,
                    arrival_date=day,
                    registered_at=at(day, rng),
                    secrecy=1 if rng.random() < 0.03 else 0,
                    urgency=rng.choices([0, 1, 2, 3], weights=[90, 6, 3, 1])[0],
                    page_amount=rng.randint(1, 8),
                    intended_recipient="Ban Thường vụ Đảng ủy",
                    created_by=clerk,
                    dedup_key=f"{fold(sender)}|{fold(number + notation)}",
                )
            )
    number_in_bulk(docs, lambda d: incoming_key(organization=root, arrival=d.arrival_date or today))
    progress_incoming(world, docs, clerk, secretary, specialist)
    for d in docs:
        d.search_text = fold(f"{d.subject} {d.code_number}-{d.code_notation} {d.organ_name}")
        # Letters from outside the installation are scans of paper ones: the demo holds no
        # sender's key to sign them with, so none claims a digital signature.
        d.has_file = not d.secrecy and rng.random() < 0.93
        d.digitally_signed = False
    created = Document.objects.bulk_create(docs, batch_size=500)
    versions = []
    reports = Reports()
    newest = sorted((d for d in created if d.has_file), key=lambda d: d.arrival_date or today)[-8:]
    own = {d.pk for d in newest}
    for d in created:
        if not d.has_file:
            continue
        stored = own_pdf(d, BODY) if d.pk in own else rng.choice(pool)
        versions.append(
            DocumentVersion(
                document=d,
                number=1,
                kind=VersionKind.RECEIVED,
                file=stored,
                original_name=f"{d.code_number}-{d.code_notation.replace('/', '-')}.pdf",
                signature_report=reports.of(stored),
                created_by=clerk,
            )
        )
    DocumentVersion.objects.bulk_create(versions, batch_size=500)
    incoming_history(world, created, clerk, secretary, specialist)
    return created


def progress_incoming(world: World, docs: list[Document], *users: User | None) -> None:
    """Status by age: old ones filed, recent ones still in hand; urgent ones move faster."""
    rng, today = world.rng, world.today
    for d in docs:
        assert d.arrival_date is not None
        age = (today - d.arrival_date).days
        roll = rng.random()
        if age > 45:
            d.status = (
                Status.FILED
                if roll < 0.9
                else (Status.COMPLETED if roll < 0.95 else Status.IN_PROGRESS)
            )
        elif age > 10:
            d.status = [Status.FILED, Status.COMPLETED, Status.IN_PROGRESS, Status.ASSIGNED][
                0 if roll < 0.45 else 1 if roll < 0.6 else 2 if roll < 0.85 else 3
            ]
        elif age > 1:
            d.status = (
                Status.IN_PROGRESS
                if roll < 0.4
                else Status.ASSIGNED
                if roll < 0.8
                else Status.REGISTERED
            )
        else:
            d.status = Status.REGISTERED if roll < 0.7 else Status.ASSIGNED
        if d.status != Status.REGISTERED:
            d.dispatched_on = d.arrival_date
        if d.status == Status.FILED:
            d.closed_at = at(
                min(today, d.arrival_date + dt.timedelta(days=rng.randint(3, 25))), rng
            )


def incoming_history(world: World, docs: list[Document], clerk, secretary, specialist) -> None:  # type: ignore[no-untyped-def]
    rng, today = world.rng, world.today
    assignments: list[AssignmentMade] = []
    events: list[DocumentEvent] = []
    readers: list[DocumentReader] = []
    notifications: list[tuple[User, Document, str]] = []
    for d in docs:
        assert d.arrival_date is not None
        events.append(
            DocumentEvent(
                document=d,
                action="registered",
                actor=clerk,
                to_status=Status.REGISTERED,
                details={"arrival_number": d.register_number},
            )
        )
        if d.secrecy:
            for user in (clerk, secretary):
                if user is not None:
                    readers.append(DocumentReader(document=d, user=user, reason=ReaderReason.NAMED))
        if d.status == Status.REGISTERED:
            if d.urgency and secretary is not None:
                notifications.append((secretary, d, NotificationKind.URGENT))
            continue
        lead_unit = None if d.secrecy or not world.departments else rng.choice(world.departments)
        person = specialist if (d.secrecy or rng.random() < 0.35) else None
        deadline = add_working(d.arrival_date, 10 if not d.urgency else 3)
        done = d.status in (Status.COMPLETED, Status.FILED)
        lead_unit = None if person else lead_unit
        lead_user = person if person else (None if lead_unit else specialist)
        lead = made_for(
            d,
            role=AssignmentRole.LEAD,
            unit_id=lead_unit.pk if lead_unit is not None else None,
            user_id=lead_user.pk if lead_user is not None else None,
            assigner_id=secretary.pk if secretary is not None else None,
            instruction=rng.choice(
                [
                    "Giao Ban Tổ chức chủ trì, tham mưu trả lời.",
                    "Văn phòng tham mưu triển khai; báo cáo kết quả đúng hạn.",
                    "Đồng chí chuyên viên nghiên cứu, đề xuất.",
                    "Chuyển các ban tham mưu theo chức năng.",
                ]
            ),
            working_days=10 if not d.urgency else 3,
            deadline=deadline,
            state=AssignmentStatus.DONE
            if done
            else (
                AssignmentStatus.IN_PROGRESS
                if d.status == Status.IN_PROGRESS
                else AssignmentStatus.OPEN
            ),
            report="Đã tham mưu văn bản trả lời, báo cáo Thường trực." if done else "",
            completed_at=at(min(today, deadline), rng) if done else None,
        )
        if lead.unit_id is None and lead.user_id is None:
            continue
        assignments.append(lead)
        if specialist is not None and lead.user_id == specialist.pk and not done:
            notifications.append((specialist, d, NotificationKind.ASSIGNED))
        events.append(
            DocumentEvent(
                document=d,
                action="assigned",
                actor=secretary,
                from_status=Status.REGISTERED,
                to_status=Status.ASSIGNED,
                note=lead.instruction,
            )
        )
        if d.status in (Status.IN_PROGRESS, Status.COMPLETED, Status.FILED):
            events.append(
                DocumentEvent(
                    document=d,
                    action="handling_started",
                    actor=specialist,
                    from_status=Status.ASSIGNED,
                    to_status=Status.IN_PROGRESS,
                )
            )
        if done:
            events.append(
                DocumentEvent(
                    document=d,
                    action="completed",
                    actor=specialist,
                    from_status=Status.IN_PROGRESS,
                    to_status=Status.COMPLETED,
                    note=lead.report,
                )
            )
        if d.status == Status.FILED:
            events.append(
                DocumentEvent(
                    document=d,
                    action="filed",
                    actor=clerk,
                    from_status=Status.COMPLETED,
                    to_status=Status.FILED,
                )
            )
    handling_assignments_bulk_create(assignments)
    DocumentEvent.objects.bulk_create(events, batch_size=1000)
    DocumentReader.objects.bulk_create(readers, batch_size=500)
    for user, document, kind in notifications[-40:]:
        records.notify([user], document, kind)
