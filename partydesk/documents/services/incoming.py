"""Incoming documents (ND30 Điều 20-24): register with an arrival number, assign (phân
công, bút phê) to a lead, co-handlers and readers with working-day deadlines, sub-assign
inside a unit, add notes, report completion, file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.calendar import add_working_days
from partydesk.core.errors import DomainError, InvalidInput, NotAllowed
from partydesk.core.text import fold
from partydesk.documents.models import (
    AssignmentRole,
    AssignmentStatus,
    Direction,
    Document,
    DocumentSettings,
    DocumentSystem,
    DocumentType,
    DocumentVersion,
    IncomingAssignment,
    NotificationKind,
    ReaderReason,
    Status,
    StoredFile,
    VersionKind,
)
from partydesk.documents.models.documents import duplicate_candidates
from partydesk.documents.permissions import (
    can_assign_documents,
    can_clear,
    can_register_documents,
    can_subassign,
    is_assignee,
)
from partydesk.documents.services import records
from partydesk.documents.services.files import PreparedFile, file_store
from partydesk.documents.services.numbering import incoming_key, number_allocate
from partydesk.documents.services.signing import validation_report
from partydesk.documents.symbols import parse_symbol, symbol_key
from partydesk.organizations.models import Organization

MAX_WORKING_DAYS = 120


class DuplicateSuspected(DomainError):
    """The same sender and number/symbol is already in the register; confirm to go on."""

    def __init__(self, candidates: list[Document]) -> None:
        self.candidates = candidates
        super().__init__(
            _(
                "This register already holds a document from the same sender with the same "
                "number and symbol. Check it; if this really is another document, confirm."
            ),
            field="symbol",
        )


def dedup_key(sender: str, symbol: str) -> str:
    return f"{fold(sender)}|{symbol_key(symbol)}"[:300]


@dataclass(frozen=True)
class IncomingFields:
    """What the clerk types from the received document (the incoming-register columns)."""

    document_type: DocumentType
    sender: str
    symbol: str
    subject: str
    issued_date: dt.date | None = None
    arrival_date: dt.date | None = None
    urgency: int = 0
    secrecy: int = 0
    page_amount: int | None = None
    intended_recipient: str = ""
    due_date: dt.date | None = None
    description: str = ""
    signer_name: str = ""
    signer_position: str = ""
    sender_organization: Organization | None = None
    readers: list[User] = field(default_factory=list)


def _settings(organization: Organization) -> DocumentSettings:
    found = DocumentSettings.objects.filter(organization=organization).first()
    return found or DocumentSettings(organization=organization)


@transaction.atomic
def incoming_register(
    *,
    actor: User,
    organization: Organization,
    fields: IncomingFields,
    file: PreparedFile | None = None,
    confirm_duplicate: bool = False,
    source_document: Document | None = None,
    known_types: list[str] | None = None,
) -> Document:
    """Enter a received document in the incoming register with the next arrival number."""
    grants = records.grants_of(actor)
    if source_document is None and not can_register_documents(grants, organization):
        raise NotAllowed(_("Only the clerk (văn thư) registers incoming documents."))
    subject = " ".join(fields.subject.split())
    sender = " ".join(fields.sender.split())
    if not subject:
        raise InvalidInput(_("Enter the subject (trích yếu)."), field="subject")
    if not sender:
        raise InvalidInput(_("Enter who sent the document."), field="sender")
    if fields.secrecy and not can_clear(actor, fields.secrecy):
        raise NotAllowed(
            _(
                "Your clearance does not reach this secrecy level; hand the document to a clerk "
                "cleared for it."
            ),
        )
    today = timezone.localdate()
    arrival = fields.arrival_date or today
    if arrival > today:
        raise InvalidInput(_("The arrival date cannot be in the future."), field="arrival_date")
    if fields.issued_date and fields.issued_date > arrival:
        raise InvalidInput(
            _("The document date cannot be after the arrival date."), field="issued_date"
        )
    key = dedup_key(sender, fields.symbol) if fields.symbol.strip() else ""
    if key and not confirm_duplicate:
        found = list(
            duplicate_candidates(
                organization=organization,
                key=key,
                year=fields.issued_date.year if fields.issued_date else None,
                user=actor,
            )[:5]
        )
        if found:
            raise DuplicateSuspected(found)
    metadata_only = bool(fields.secrecy) and _settings(organization).confidential_metadata_only
    if metadata_only and file is not None:
        raise InvalidInput(
            _(
                "Classified documents are registered as metadata only here: keep the paper in the "
                "safe and do not upload a scan."
            ),
            field="upload",
        )
    parsed = parse_symbol(fields.symbol, known_types or [])
    allocation = number_allocate(incoming_key(organization=organization, arrival=arrival))
    document = Document.objects.create(
        organization=organization,
        direction=Direction.INCOMING,
        status=Status.REGISTERED,
        system=parsed.system if parsed else DocumentSystem.PARTY,
        document_type=fields.document_type,
        subject=subject[:500],
        code_number=parsed.number if parsed else "",
        code_notation=(parsed.notation if parsed else fields.symbol.strip())[:30],
        issued_date=fields.issued_date,
        organ_name=sender[:200],
        sender_organization=fields.sender_organization,
        register_sequence=allocation.sequence,
        register_number=allocation.number,
        arrival_date=arrival,
        registered_at=timezone.now(),
        signer_name=fields.signer_name[:50],
        signer_position=fields.signer_position[:100],
        secrecy=fields.secrecy,
        urgency=fields.urgency,
        page_amount=fields.page_amount or (file.page_count if file else None),
        intended_recipient=fields.intended_recipient[:1000],
        due_date=fields.due_date,
        description=fields.description[:500],
        metadata_only=metadata_only,
        source_document=source_document,
        dedup_key=key,
        created_by=actor,
    )
    records.add_reader(document, actor, reason=ReaderReason.CREATOR, added_by=actor)
    for reader in fields.readers:
        records.add_reader(document, reader, reason=ReaderReason.NAMED, added_by=actor)
    if file is not None:
        _attach(document, file, actor=actor, kind=VersionKind.RECEIVED)
    records.record_event(
        document,
        action="registered",
        actor=actor,
        to_status=Status.REGISTERED,
        details={"arrival_number": allocation.number, "confirmed_duplicate": confirm_duplicate},
    )
    records.audit(actor, "registered", document, arrival_number=allocation.number)
    if document.urgency:
        # ND30 Điều 23-24: urgent documents go to the leader at once.
        records.notify(
            records.users_with("documents.assign", organization), document, NotificationKind.URGENT
        )
    records.index(document)
    return document


def _attach(
    document: Document,
    prepared: PreparedFile,
    *,
    actor: User,
    kind: str,
    note: str = "",
    body_text: str = "",
    report: dict[str, Any] | None = None,
) -> DocumentVersion:
    stored = file_store(prepared)
    number = (
        DocumentVersion.objects.filter(document=document)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    if (
        report is None
        and prepared.content_type == "application/pdf"
        and kind == VersionKind.RECEIVED
    ):
        report = validation_report(prepared.data)
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        kind=kind,
        file=stored,
        original_name=prepared.name[:255],
        body_text=body_text,
        note=note[:500],
        signature_report=report,
        created_by=actor,
    )
    updates = ["has_file", "updated_at"]
    document.has_file = True
    if kind == VersionKind.RECEIVED and report and report.get("all_valid"):
        document.digitally_signed = True
        updates.append("digitally_signed")
    if document.page_amount is None and stored.page_count:
        document.page_amount = stored.page_count
        updates.append("page_amount")
    document.save(update_fields=updates)
    return version


@transaction.atomic
def incoming_file_add(
    *, actor: User, document: Document, file: PreparedFile, note: str = ""
) -> DocumentVersion:
    """Attach a scan or the electronic copy to a registered document (a new version)."""
    document = records.lock(document)
    if not can_register_documents(records.grants_of(actor), document.organization):
        raise NotAllowed(_("Only the clerk adds files to a registered document."))
    if document.metadata_only:
        raise InvalidInput(_("This classified document is kept as metadata only."), field="upload")
    version = _attach(document, file, actor=actor, kind=VersionKind.RECEIVED, note=note)
    records.record_event(document, action="file_added", actor=actor, note=version.original_name)
    records.audit(actor, "file_added", document, version=version.number)
    records.index(document)
    return version


@dataclass(frozen=True)
class Assignee:
    """A unit or a person, as the leader picked them."""

    user: User | None = None
    organization: Organization | None = None

    def __post_init__(self) -> None:
        if (self.user is None) == (self.organization is None):
            raise ValueError("an assignee is a user or a unit")

    @property
    def label(self) -> str:
        return str(self.user or self.organization)


def _check_assignee(document: Document, assignee: Assignee) -> None:
    home = document.organization
    if assignee.organization is not None:
        if document.secrecy:
            raise InvalidInput(
                _("A classified document is assigned to named people, not to units."),
                field="lead",
            )
        if not assignee.organization.is_within(home):
            raise InvalidInput(
                _("%(unit)s is not a unit of %(org)s.")
                % {"unit": assignee.organization, "org": home},
                field="lead",
            )
        return
    assert assignee.user is not None
    grants = records.grants_of(assignee.user)
    if not any(g.organization.is_within(home) or home.is_within(g.organization) for g in grants):
        raise InvalidInput(
            _("%(name)s does not work in %(org)s.") % {"name": assignee.user, "org": home},
            field="lead",
        )


def _deadline(working_days: int | None, start: dt.date) -> dt.date | None:
    if working_days is None:
        return None
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise InvalidInput(
            _("The deadline must be between 1 and %(max)s working days.")
            % {"max": MAX_WORKING_DAYS},
            field="working_days",
        )
    return add_working_days(start, working_days)


def _create_assignment(
    document: Document,
    assignee: Assignee,
    *,
    role: str,
    actor: User,
    instruction: str,
    working_days: int | None,
    deadline: dt.date | None,
    parent: IncomingAssignment | None = None,
) -> IncomingAssignment:
    assignment = IncomingAssignment.objects.create(
        document=document,
        parent=parent,
        role=role,
        organization=assignee.organization,
        user=assignee.user,
        assigned_by=actor,
        instruction=instruction,
        working_days=working_days if role != AssignmentRole.INFO else None,
        deadline=deadline if role != AssignmentRole.INFO else None,
    )
    if assignee.user is not None:
        records.add_reader(document, assignee.user, reason=ReaderReason.ASSIGNEE, added_by=actor)
        records.notify([assignee.user], document, NotificationKind.ASSIGNED)
    else:
        assert assignee.organization is not None
        heads = records.users_with("documents.assign", assignee.organization)
        records.notify([u for u in heads if u.pk != actor.pk], document, NotificationKind.ASSIGNED)
    return assignment


@transaction.atomic
def incoming_assign(
    *,
    actor: User,
    document: Document,
    lead: Assignee,
    co_handlers: list[Assignee] | None = None,
    for_information: list[Assignee] | None = None,
    instruction: str = "",
    working_days: int = 10,
) -> list[IncomingAssignment]:
    """The leader's assignment: a lead (chủ trì), co-handlers (phối hợp) and readers (để
    biết), each handler with a deadline counted in working days from today."""
    document = records.lock(document)
    if not can_assign_documents(records.grants_of(actor), document.organization):
        raise NotAllowed(
            _("Only a leader of %(org)s assigns its documents.") % {"org": document.organization}
        )
    everyone = [lead, *(co_handlers or []), *(for_information or [])]
    seen: set[tuple[str, int]] = set()
    for assignee in everyone:
        _check_assignee(document, assignee)
        ident = ("u", assignee.user.pk) if assignee.user else ("o", assignee.organization.pk)  # type: ignore[union-attr]
        if ident in seen:
            raise InvalidInput(
                _("%(name)s is chosen twice; pick each unit or person once.")
                % {"name": assignee.label},
                field="co_handlers",
            )
        seen.add(ident)
    deadline = _deadline(working_days, timezone.localdate())
    created = [
        _create_assignment(
            document,
            lead,
            role=AssignmentRole.LEAD,
            actor=actor,
            instruction=instruction,
            working_days=working_days,
            deadline=deadline,
        )
    ]
    for role, group in ((AssignmentRole.CO, co_handlers), (AssignmentRole.INFO, for_information)):
        for assignee in group or []:
            created.append(
                _create_assignment(
                    document,
                    assignee,
                    role=role,
                    actor=actor,
                    instruction=instruction,
                    working_days=working_days,
                    deadline=deadline,
                )
            )
    document.dispatched_on = timezone.localdate()
    document.save(update_fields=["dispatched_on", "updated_at"])
    records.move(
        document,
        Status.ASSIGNED,
        actor=actor,
        action="assigned",
        note=instruction,
        details={
            "lead": lead.label,
            "co": [a.label for a in co_handlers or []],
            "info": [a.label for a in for_information or []],
            "deadline": deadline.isoformat() if deadline else None,
        },
    )
    records.index(document)
    return created


def _lock_assignment(assignment: IncomingAssignment) -> IncomingAssignment:
    return (
        IncomingAssignment.objects.select_for_update(of=("self",))
        .select_related("document", "document__organization", "organization", "user", "parent")
        .get(pk=assignment.pk)
    )


def _start_handling(document: Document, actor: User, note: str) -> None:
    if document.status == Status.ASSIGNED:
        records.move(
            document, Status.IN_PROGRESS, actor=actor, action="handling_started", note=note
        )


@transaction.atomic
def assignment_subassign(
    *,
    actor: User,
    assignment: IncomingAssignment,
    user: User,
    instruction: str = "",
    working_days: int | None = None,
) -> IncomingAssignment:
    """A unit passes its assignment to one of its people, within the unit's deadline."""
    assignment = _lock_assignment(assignment)
    document = records.lock(assignment.document)
    if not can_subassign(actor, records.grants_of(actor), assignment):
        raise NotAllowed(_("Only the head of the assigned unit passes it on."))
    if assignment.status == AssignmentStatus.DONE:
        raise InvalidInput(_("This assignment is already done."))
    if assignment.role == AssignmentRole.INFO:
        raise InvalidInput(_("A document sent for information is not handled further."))
    assignee = Assignee(user=user)
    _check_assignee(document, assignee)
    days = working_days if working_days is not None else assignment.working_days
    deadline = _deadline(days, timezone.localdate()) if days else assignment.deadline
    if assignment.deadline and deadline and deadline > assignment.deadline:
        raise InvalidInput(
            _("The internal deadline cannot be later than the unit's deadline (%(day)s).")
            % {"day": assignment.deadline.strftime("%d/%m/%Y")},
            field="working_days",
        )
    child = _create_assignment(
        document,
        assignee,
        role=assignment.role,
        actor=actor,
        instruction=instruction,
        working_days=days,
        deadline=deadline,
        parent=assignment,
    )
    if assignment.status == AssignmentStatus.OPEN:
        assignment.status = AssignmentStatus.IN_PROGRESS
        assignment.save(update_fields=["status"])
    records.record_event(
        document,
        action="subassigned",
        actor=actor,
        note=instruction,
        details={"to": str(user), "deadline": deadline.isoformat() if deadline else None},
    )
    records.audit(actor, "subassigned", document, to=user.pk)
    _start_handling(document, actor, instruction)
    return child


def _my_assignment(actor: User, document: Document) -> IncomingAssignment | None:
    grants = records.grants_of(actor)
    for assignment in (
        IncomingAssignment.objects.filter(document=document)
        .exclude(status=AssignmentStatus.DONE)
        .select_related("organization", "document__organization")
        .order_by("-parent_id", "id")
    ):
        if is_assignee(actor, grants, assignment):
            return assignment
    return None


@transaction.atomic
def document_note_add(*, actor: User, document: Document, text: str) -> None:
    """A handler's working note (ý kiến đề xuất); the first one starts the handling."""
    document = records.lock(document)
    text = text.strip()
    if not text:
        raise InvalidInput(_("Write the note first."), field="text")
    grants = records.grants_of(actor)
    mine = _my_assignment(actor, document)
    if mine is None and not can_assign_documents(grants, document.organization):
        raise NotAllowed(_("Only the people handling this document add notes to it."))
    if mine is not None and mine.status == AssignmentStatus.OPEN:
        mine.status = AssignmentStatus.IN_PROGRESS
        mine.save(update_fields=["status"])
    records.record_event(document, action="note", actor=actor, note=text)
    records.audit(actor, "noted", document)
    _start_handling(document, actor, "")


@transaction.atomic
def assignment_complete(
    *, actor: User, assignment: IncomingAssignment, report: str
) -> IncomingAssignment:
    """Report an assignment done; the lead's report completes the document's handling."""
    assignment = _lock_assignment(assignment)
    document = records.lock(assignment.document)
    if not is_assignee(actor, records.grants_of(actor), assignment):
        raise NotAllowed(_("Only the person or unit assigned reports it done."))
    if assignment.status == AssignmentStatus.DONE:
        raise InvalidInput(_("This assignment is already reported done."))
    if assignment.role == AssignmentRole.INFO:
        raise InvalidInput(_("A document sent for information needs no report."))
    report = report.strip()
    if not report:
        raise InvalidInput(_("Write the completion report (what was done)."), field="report")
    assignment.status = AssignmentStatus.DONE
    assignment.report = report
    assignment.completed_at = timezone.now()
    assignment.save(update_fields=["status", "report", "completed_at"])
    details = {"assignment": assignment.pk, "role": assignment.role}
    if assignment.parent_id is None and assignment.role == AssignmentRole.LEAD:
        records.move(
            document,
            Status.COMPLETED,
            actor=actor,
            action="completed",
            note=report,
            details=details,
        )
        records.index(document)
    else:
        records.record_event(
            document, action="assignment_done", actor=actor, note=report, details=details
        )
        records.audit(actor, "assignment_done", document, **details)
        _start_handling(document, actor, "")
    return assignment


@transaction.atomic
def incoming_reopen(*, actor: User, document: Document, reason: str) -> None:
    """The leader sends a handled document back for more work."""
    document = records.lock(document)
    if not can_assign_documents(records.grants_of(actor), document.organization):
        raise NotAllowed(_("Only a leader sends handling back."))
    if not reason.strip():
        raise InvalidInput(_("Say what still needs to be done."), field="reason")
    lead = IncomingAssignment.objects.filter(
        document=document, parent__isnull=True, role=AssignmentRole.LEAD
    ).first()
    if lead is not None:
        lead.status = AssignmentStatus.IN_PROGRESS
        lead.completed_at = None
        lead.save(update_fields=["status", "completed_at"])
    records.move(document, Status.IN_PROGRESS, actor=actor, action="reopened", note=reason)
    records.index(document)


@transaction.atomic
def incoming_file(*, actor: User, document: Document, note: str = "") -> None:
    """File the document (lưu hồ sơ): after handling, or straight away if it is for
    information only."""
    document = records.lock(document)
    grants = records.grants_of(actor)
    lead = (
        IncomingAssignment.objects.filter(
            document=document, parent__isnull=True, role=AssignmentRole.LEAD
        )
        .select_related("organization", "document__organization")
        .first()
    )
    allowed = can_register_documents(grants, document.organization) or (
        lead is not None and is_assignee(actor, grants, lead)
    )
    if not allowed:
        raise NotAllowed(_("The clerk or the lead handler files the document."))
    records.move(document, Status.FILED, actor=actor, action="filed", note=note)
    document.closed_at = timezone.now()
    document.save(update_fields=["closed_at"])
    records.index(document)


def incoming_deliver(
    *, actor: User, source: Document, recipient: Organization, stored: StoredFile | None
) -> Document:
    """Register a released outgoing document on arrival in a recipient organization of this
    installation: next arrival number of its register, the same stored file (no copy).
    A classified one arrives as metadata only, named to the recipient's cleared clerks."""
    today = timezone.localdate()
    allocation = number_allocate(incoming_key(organization=recipient, arrival=today))
    document = Document.objects.create(
        organization=recipient,
        direction=Direction.INCOMING,
        status=Status.REGISTERED,
        system=source.system,
        document_type=source.document_type,
        subject=source.subject,
        code_number=source.code_number,
        code_notation=source.code_notation,
        issued_date=source.issued_date,
        organ_name=source.organ_name or source.organization.name,
        sender_organization=source.organization,
        register_sequence=allocation.sequence,
        register_number=allocation.number,
        arrival_date=today,
        registered_at=timezone.now(),
        signer_name=source.signer_name,
        signer_position=source.signer_position,
        secrecy=source.secrecy,
        urgency=source.urgency,
        page_amount=source.page_amount,
        due_date=source.due_date,
        metadata_only=bool(source.secrecy) or stored is None,
        digitally_signed=source.digitally_signed and not source.secrecy,
        source_document=source,
        dedup_key=dedup_key(source.organization.name, source.symbol),
        created_by=actor,
    )
    clerks = records.users_with("documents.register", recipient)
    if source.secrecy:
        for clerk in clerks:
            if can_clear(clerk, source.secrecy):
                records.add_reader(document, clerk, reason=ReaderReason.RECIPIENT, added_by=actor)
    elif stored is not None:
        DocumentVersion.objects.create(
            document=document,
            number=1,
            kind=VersionKind.RECEIVED,
            file=stored,
            original_name=f"{source.symbol or 'van-ban'}.pdf".replace("/", "-"),
            note=_("Received through partydesk from %(org)s") % {"org": source.organization},
            signature_report={
                "all_valid": source.digitally_signed,
                "signed": True,
                "summary": _("Signed and issued in this installation."),
                "signatures": [],
            },
            created_by=actor,
        )
        document.has_file = True
        document.save(update_fields=["has_file"])
    records.record_event(
        document,
        action="registered",
        actor=actor,
        to_status=Status.REGISTERED,
        details={"arrival_number": allocation.number, "released_from": source.pk},
    )
    records.audit(actor, "delivered", document, source=source.pk)
    records.notify(clerks, document, NotificationKind.ARRIVED)
    if document.urgency:
        records.notify(
            records.users_with("documents.assign", recipient), document, NotificationKind.URGENT
        )
    records.index(document)
    return document
