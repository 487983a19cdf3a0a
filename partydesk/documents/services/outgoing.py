"""Outgoing documents (ND30 Điều 14-19, 36-HD): draft with versions, review along the
configured chain, approval, the signer's signature, numbering and the organization's
signature in one transaction, release to recipients in the installation, archive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.permissions import has_capability
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.documents.models import (
    Congress,
    Decision,
    Direction,
    Document,
    DocumentRecipient,
    DocumentSettings,
    DocumentSystem,
    DocumentType,
    DocumentVersion,
    Mark,
    MarkKind,
    NotificationKind,
    ReaderReason,
    ReviewChainStep,
    ReviewStep,
    ReviewStepKind,
    SigningForm,
    Status,
    VersionKind,
)
from partydesk.documents.permissions import (
    can_clear,
    can_decide_review_step,
    can_draft_documents,
    can_issue_documents,
    can_sign_document,
    holds_role,
)
from partydesk.documents.services import records
from partydesk.documents.services.files import PreparedFile, file_read, file_store, pdf_read
from partydesk.documents.services.incoming import incoming_deliver
from partydesk.documents.services.numbering import (
    number_allocate,
    outgoing_key,
    outgoing_notation,
)
from partydesk.documents.services.render import Layout, clean_body, place_date_line, render_pdf
from partydesk.documents.services.signing import sign_organization, sign_personal
from partydesk.documents.symbols import pad, render_party, render_state
from partydesk.documents.transitions import check_transition
from partydesk.organizations.models import Organization

ARCHIVE_LINE = "Lưu Văn phòng."


@dataclass(frozen=True)
class DraftFields:
    """What the drafter fills in besides the text."""

    document_type: DocumentType
    subject: str
    signer: User
    secrecy: int = 0
    urgency: int = 0
    signing_form: SigningForm | None = None
    signing_collective: str = ""
    signer_position: str = ""
    recipients_text: str = ""
    release_to: list[Organization] = field(default_factory=list)
    due_date: dt.date | None = None
    place_name: str = ""
    joint_with: str = ""
    drafting_unit_code: str = ""
    congress: Congress | None = None
    description: str = ""
    readers: list[User] = field(default_factory=list)


def _settings(organization: Organization) -> DocumentSettings:
    found = DocumentSettings.objects.filter(organization=organization).first()
    return found or DocumentSettings(organization=organization)


def _person_name(user: User) -> str:
    if user.person_id:
        return user.person.full_name  # type: ignore[union-attr]
    return user.get_full_name() or user.username


def _mark(kind: str, level: int) -> str:
    if not level:
        return ""
    found = Mark.objects.filter(kind=kind, level=level).first()
    return found.label if found else ""


def _number_line(document: Document) -> str:
    """The number as printed; before numbering, blanks for the clerk."""
    if document.code_number:
        return document.number_symbol
    notation = outgoing_notation(
        system=document.system,
        document_type=document.document_type,
        issuer=document.organization,
        drafting_unit=document.drafting_unit_code,
    )
    if document.system == DocumentSystem.STATE:
        return f"Số:      /{notation}"
    return f"Số      -{notation}"


def layout_for(document: Document, body: str, *, day: dt.date | None, draft: bool) -> Layout:
    """What the PDF of this document prints."""
    org = document.organization
    settings = _settings(org)
    superior = settings.header_superior or (org.parent.name if org.parent_id else "")  # type: ignore[union-attr]
    recipients = [
        line.strip().lstrip("-").strip()
        for line in document.recipients_text.splitlines()
        if line.strip()
    ]
    return Layout(
        system=document.system,
        superior=superior,
        issuer=settings.header_name or org.name,
        number_line=_number_line(document),
        place_date=place_date_line(
            document.place_name or org.place_name, day, year_hint=timezone.localdate().year
        ),
        type_name=document.document_type.name,
        subject=document.subject,
        paragraphs=clean_body(body),
        is_letter=document.document_type.is_letter,
        signing_form=document.signing_form.code if document.signing_form_id else "",  # type: ignore[union-attr]
        signing_collective=document.signing_collective,
        signer_position=document.signer_position,
        signer_name=document.signer_name,
        recipients=recipients,
        archive_line=document.archive_holder or ARCHIVE_LINE,
        secrecy_mark=_mark(MarkKind.SECRECY, document.secrecy),
        urgency_mark=_mark(MarkKind.URGENCY, document.urgency),
        draft=draft,
        joint_with=document.joint_with,
    )


def _next_version_number(document: Document) -> int:
    top = DocumentVersion.objects.filter(document=document).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def _add_version(
    document: Document,
    *,
    actor: User,
    kind: str,
    data: bytes,
    name: str,
    content_type: str = "application/pdf",
    body: str = "",
    note: str = "",
    pages: int | None = None,
    text: str = "",
) -> DocumentVersion:
    if content_type == "application/pdf" and not text:
        pages, text = pdf_read(data, name)
    stored = file_store(PreparedFile(name, data, content_type, pages, text))
    version = DocumentVersion.objects.create(
        document=document,
        number=_next_version_number(document),
        kind=kind,
        file=stored,
        original_name=name[:255],
        body_text=body,
        note=note[:500],
        created_by=actor,
    )
    updates = ["has_file", "updated_at"]
    document.has_file = True
    if stored.page_count:
        document.page_amount = stored.page_count
        updates.append("page_amount")
    document.save(update_fields=updates)
    return version


def _file_name(document: Document, suffix: str) -> str:
    base = (
        document.symbol.replace("/", "-") if document.code_number else document.document_type.code
    )
    return f"{base}-{suffix}.pdf"


def _draft_version(
    document: Document, *, actor: User, body: str, file: PreparedFile | None, note: str
) -> DocumentVersion | None:
    if body.strip() and file is not None:
        raise InvalidInput(_("Either write the text or upload a file, not both."), field="upload")
    if body.strip():
        if not clean_body(body):
            raise InvalidInput(_("The text is empty once formatting is removed."), field="body")
        pdf = render_pdf(layout_for(document, body, day=None, draft=True))
        return _add_version(
            document,
            actor=actor,
            kind=VersionKind.RENDERED,
            data=pdf,
            name=_file_name(document, "du-thao"),
            body=body,
            note=note,
        )
    if file is not None:
        return _add_version(
            document,
            actor=actor,
            kind=VersionKind.DRAFT,
            data=file.data,
            name=file.name,
            content_type=file.content_type,
            note=note,
            pages=file.page_count,
            text=file.text,
        )
    return None


@transaction.atomic
def outgoing_draft_create(
    *,
    actor: User,
    organization: Organization,
    fields: DraftFields,
    body: str = "",
    file: PreparedFile | None = None,
) -> Document:
    """Start an outgoing document: its metadata and a first version (text laid out in the
    Party format, or an uploaded DOCX/PDF)."""
    grants = records.grants_of(actor)
    if not can_draft_documents(grants, organization):
        raise NotAllowed(_("You may not draft documents for %(org)s.") % {"org": organization})
    doc_type = fields.document_type
    if not doc_type.may_be_issued_by(organization):
        raise InvalidInput(
            _("%(org)s may not issue a %(type)s (Quy định 66-QĐ/TW).")
            % {"org": organization, "type": doc_type.name},
            field="document_type",
        )
    subject = " ".join(fields.subject.split())
    if not subject:
        raise InvalidInput(_("Enter the subject (trích yếu)."), field="subject")
    if fields.secrecy and not can_clear(actor, fields.secrecy):
        raise NotAllowed(_("Your clearance does not reach this secrecy level."))
    signer_grants = records.grants_of(fields.signer)
    if not has_capability(signer_grants, "signatures.sign", organization):
        raise InvalidInput(
            _("%(name)s does not sign for %(org)s.") % {"name": fields.signer, "org": organization},
            field="signer",
        )
    settings = _settings(organization)
    system = settings.numbering_system
    if fields.congress is not None and (
        fields.congress.organization_id != organization.pk or system != DocumentSystem.PARTY
    ):
        raise InvalidInput(_("Choose a congress of this organization."), field="congress")
    if fields.signing_form is not None and fields.signing_form.system != system:
        raise InvalidInput(
            _("This signing form belongs to the other rulebook."), field="signing_form"
        )
    metadata_only = bool(fields.secrecy) and settings.confidential_metadata_only
    if metadata_only and (body.strip() or file is not None):
        raise InvalidInput(
            _("Classified documents are kept as metadata only here: draft them on paper."),
            field="body",
        )
    if not metadata_only and not body.strip() and file is None:
        raise InvalidInput(_("Write the text or upload the draft."), field="body")
    document = Document.objects.create(
        organization=organization,
        direction=Direction.OUTGOING,
        status=Status.DRAFT,
        system=system,
        document_type=doc_type,
        subject=subject[:500],
        organ_name=(settings.header_name or organization.name)[:200],
        signer=fields.signer,
        signer_name=_person_name(fields.signer)[:50],
        signer_position=fields.signer_position[:100],
        signing_form=fields.signing_form,
        signing_collective=fields.signing_collective[:100],
        secrecy=fields.secrecy,
        urgency=fields.urgency,
        recipients_text=fields.recipients_text,
        archive_holder=ARCHIVE_LINE,
        due_date=fields.due_date,
        place_name=(fields.place_name or organization.place_name)[:100],
        joint_with=fields.joint_with[:300],
        drafting_unit_code=fields.drafting_unit_code[:20],
        congress=fields.congress,
        description=fields.description[:500],
        metadata_only=metadata_only,
        created_by=actor,
    )
    records.add_reader(document, actor, reason=ReaderReason.CREATOR, added_by=actor)
    records.add_reader(document, fields.signer, reason=ReaderReason.SIGNER, added_by=actor)
    for reader in fields.readers:
        records.add_reader(document, reader, reason=ReaderReason.NAMED, added_by=actor)
    for target in fields.release_to:
        if target.pk == organization.pk:
            raise InvalidInput(
                _("A document is not released to its own issuer."), field="release_to"
            )
        DocumentRecipient.objects.get_or_create(document=document, organization=target)
    _draft_version(document, actor=actor, body=body, file=file, note="")
    records.record_event(document, action="drafted", actor=actor, to_status=Status.DRAFT)
    records.audit(actor, "drafted", document)
    records.index(document)
    return document


def _check_drafter(actor: User, document: Document) -> None:
    if document.created_by_id != actor.pk and not can_draft_documents(
        records.grants_of(actor), document.organization
    ):
        raise NotAllowed(
            _("Only the drafters of %(org)s change this draft.") % {"org": document.organization}
        )


@transaction.atomic
def outgoing_version_add(
    *,
    actor: User,
    document: Document,
    body: str = "",
    file: PreparedFile | None = None,
    note: str = "",
) -> DocumentVersion:
    """A revised draft (every version is kept)."""
    document = records.lock(document)
    _check_drafter(actor, document)
    if document.status != Status.DRAFT:
        raise InvalidInput(_("Only a draft takes new versions; this one is past review."))
    if document.metadata_only:
        raise InvalidInput(_("This classified document is kept as metadata only."))
    version = _draft_version(document, actor=actor, body=body, file=file, note=note)
    if version is None:
        raise InvalidInput(_("Write the text or upload the draft."), field="body")
    records.record_event(
        document,
        action="version_added",
        actor=actor,
        note=note,
        details={"version": version.number},
    )
    records.audit(actor, "version_added", document, version=version.number)
    records.index(document)
    return version


def review_chain_for(
    organization: Organization, document_type: DocumentType
) -> list[ReviewChainStep]:
    """The most specific chain: (organization, type), (organization), (type), default."""
    ancestor_ids = [int(s) for s in organization.path.split(".") if s]
    steps = list(
        ReviewChainStep.objects.filter(
            Q(organization_id__in=ancestor_ids) | Q(organization__isnull=True),
            Q(document_type=document_type) | Q(document_type__isnull=True),
        ).select_related("role", "organization")
    )

    def rank(step: ReviewChainStep) -> tuple[int, int, int]:
        depth = step.organization.depth if step.organization is not None else -1
        return (step.organization is not None, depth, step.document_type_id is not None)

    if not steps:
        return []
    best = max(rank(s) for s in steps)
    chosen = [s for s in steps if rank(s) == best]
    if best[0]:
        deepest = max(s.organization.depth for s in chosen)  # type: ignore[union-attr]
        chosen = [s for s in chosen if s.organization.depth == deepest]  # type: ignore[union-attr]
    return sorted(chosen, key=lambda s: s.position)


def _activate(document: Document, step: ReviewStep, actor: User) -> None:
    """Tell the people holding the step's role; on a classified draft, name those cleared."""
    holders = [
        u
        for u in records.users_with(
            "documents.approve" if step.kind == ReviewStepKind.APPROVE else "documents.review",
            document.organization,
        )
        if holds_role(records.grants_of(u), step.role_id, document.organization)
    ]
    if document.secrecy:
        for user in holders:
            if can_clear(user, document.secrecy):
                records.add_reader(document, user, reason=ReaderReason.REVIEWER, added_by=actor)
    records.notify(holders, document, NotificationKind.REVIEW)


@transaction.atomic
def outgoing_submit(*, actor: User, document: Document) -> list[ReviewStep]:
    """Send the draft along its review chain (a new round each time)."""
    document = records.lock(document)
    _check_drafter(actor, document)
    chain = review_chain_for(document.organization, document.document_type)
    if not chain:
        raise InvalidInput(
            _("No review chain is set for %(type)s; an administrator sets it in the settings.")
            % {"type": document.document_type.name}
        )
    if chain[-1].kind != ReviewStepKind.APPROVE:
        raise InvalidInput(_("The review chain must end with an approval; ask an administrator."))
    if not document.metadata_only and not document.versions.exists():
        raise InvalidInput(_("Add the text or a file before sending it for review."))
    last_round = document.review_steps.aggregate(n=Max("round"))["n"] or 0
    steps = [
        ReviewStep.objects.create(
            document=document,
            round=last_round + 1,
            position=step.position,
            role=step.role,
            kind=step.kind,
            label=step.label,
        )
        for step in chain
    ]
    records.move(
        document,
        Status.IN_REVIEW,
        actor=actor,
        action="submitted",
        details={"round": last_round + 1},
    )
    _activate(document, steps[0], actor)
    records.index(document)
    return steps


def _pending_steps(document: Document) -> list[ReviewStep]:
    latest = document.review_steps.aggregate(n=Max("round"))["n"]
    return list(
        ReviewStep.objects.filter(document=document, round=latest, decision=Decision.PENDING)
        .select_related("role", "document__organization")
        .order_by("position")
    )


@transaction.atomic
def review_decide(
    *, actor: User, document: Document, decision: str, comment: str = ""
) -> ReviewStep:
    """The current reviewer comments, returns the draft with a reason, or approves; the last
    approval makes the document ready for signature."""
    document = records.lock(document)
    if document.status != Status.IN_REVIEW:
        raise InvalidInput(_("This document is not in review."))
    pending = _pending_steps(document)
    if not pending:
        raise InvalidInput(_("No review step is waiting."))
    step = pending[0]
    if not can_decide_review_step(actor, records.grants_of(actor), step):
        raise NotAllowed(_("This step waits for: %(step)s.") % {"step": step.label or step.role})
    comment = comment.strip()
    records.add_reader(document, actor, reason=ReaderReason.REVIEWER, added_by=actor)
    if decision == "comment":
        if not comment:
            raise InvalidInput(_("Write the comment."), field="comment")
        records.record_event(
            document, action="commented", actor=actor, note=comment, details={"step": step.position}
        )
        records.audit(actor, "commented", document, step=step.position)
        return step
    now = timezone.now()
    if decision == "return":
        if not comment:
            raise InvalidInput(_("Say what must change before it comes back."), field="comment")
        step.decision, step.decided_by, step.comment, step.decided_at = (
            Decision.RETURNED,
            actor,
            comment,
            now,
        )
        step.save(update_fields=["decision", "decided_by", "comment", "decided_at"])
        ReviewStep.objects.filter(pk__in=[s.pk for s in pending[1:]]).update(
            decision=Decision.SKIPPED
        )
        records.move(
            document,
            Status.DRAFT,
            actor=actor,
            action="returned",
            note=comment,
            details={"step": step.position},
        )
        drafter = [document.created_by] if document.created_by else []
        records.notify(drafter, document, NotificationKind.RETURNED)  # type: ignore[arg-type]
        return step
    if decision != "approve":
        raise InvalidInput(_("Choose approve, return or comment."), field="decision")
    step.decision, step.decided_by, step.comment, step.decided_at = (
        Decision.APPROVED,
        actor,
        comment,
        now,
    )
    step.save(update_fields=["decision", "decided_by", "comment", "decided_at"])
    if len(pending) > 1:
        records.record_event(
            document, action="reviewed", actor=actor, note=comment, details={"step": step.position}
        )
        records.audit(actor, "reviewed", document, step=step.position)
        _activate(document, pending[1], actor)
        return step
    records.move(document, Status.APPROVED, actor=actor, action="approved", note=comment)
    if document.signer is not None:
        records.notify([document.signer], document, NotificationKind.SIGN)
    if document.secrecy:
        records.notify(
            records.users_with("documents.issue", document.organization),
            document,
            NotificationKind.ISSUE,
        )
    records.index(document)
    return step


def _latest_version(document: Document) -> DocumentVersion | None:
    return (
        DocumentVersion.objects.filter(document=document)
        .select_related("file")
        .order_by("-number")
        .first()
    )


@transaction.atomic
def document_sign(*, actor: User, document: Document) -> DocumentVersion:
    """The designated signer signs the approved PDF with their personal certificate. A text
    written in the browser is laid out once more with today's date (the document's date)."""
    document = records.lock(document)
    if document.status != Status.APPROVED:
        raise InvalidInput(_("Only an approved document is signed."))
    if not can_sign_document(actor, records.grants_of(actor), document):
        raise NotAllowed(_("Only the designated signer signs it."))
    latest = _latest_version(document)
    if latest is None or not latest.file.is_pdf:
        raise InvalidInput(
            _("The last version is not a PDF. Ask the drafter to add the final PDF, then sign.")
        )
    today = timezone.localdate()
    if latest.kind == VersionKind.RENDERED and latest.body_text:
        final = render_pdf(layout_for(document, latest.body_text, day=today, draft=False))
        latest = _add_version(
            document,
            actor=actor,
            kind=VersionKind.RENDERED,
            data=final,
            name=_file_name(document, "ban-chinh"),
            body=latest.body_text,
            note=_("Final layout, dated the day of signing"),
        )
    signed = sign_personal(
        actor=actor,
        pdf=file_read(latest.file),
        reason=f"{document.document_type.name}: {document.subject}"[:200],
        location=document.place_name,
    )
    version = _add_version(
        document,
        actor=actor,
        kind=VersionKind.SIGNED,
        data=signed,
        name=_file_name(document, "da-ky"),
        note=_("Signed by %(name)s") % {"name": actor},
    )
    document.issued_date = today
    document.digitally_signed = True
    document.save(update_fields=["issued_date", "digitally_signed", "updated_at"])
    records.move(
        document, Status.SIGNED, actor=actor, action="signed", details={"version": version.number}
    )
    records.notify(
        records.users_with("documents.issue", document.organization),
        document,
        NotificationKind.ISSUE,
    )
    records.index(document)
    return version


@transaction.atomic
def document_issue(
    *, actor: User, document: Document, issued_date: dt.date | None = None
) -> Document:
    """The clerk numbers the document and applies the organization's signature, in one
    transaction: if the signature fails, the number is not used (no gap)."""
    document = records.lock(document)
    if not can_issue_documents(records.grants_of(actor), document.organization):
        raise NotAllowed(_("Only the office (văn thư) numbers and issues documents."))
    if document.status == Status.APPROVED and not document.secrecy:
        raise NotAllowed(
            _("An unclassified document is issued only after the signer has signed it digitally.")
        )
    check_transition(document.direction, document.status, Status.ISSUED)
    day = issued_date or document.issued_date or timezone.localdate()
    if day > timezone.localdate():
        raise InvalidInput(_("The document date cannot be in the future."), field="issued_date")
    key = outgoing_key(
        issuer=document.organization,
        system=document.system,
        document_type=document.document_type,
        secrecy=document.secrecy,
        on=day,
        congress=document.congress,
    )
    allocation = number_allocate(key)
    notation = outgoing_notation(
        system=document.system,
        document_type=document.document_type,
        issuer=document.organization,
        drafting_unit=document.drafting_unit_code,
    )
    if document.system == DocumentSystem.STATE:
        number_symbol = render_state(
            allocation.number,
            document.document_type.abbreviation,
            document.organization.abbreviation,
            is_letter=document.document_type.is_letter,
            drafting_unit=document.drafting_unit_code,
        )
    else:
        number_symbol = render_party(
            allocation.number,
            document.document_type.abbreviation,
            document.organization.abbreviation,
        )
    document.register_sequence = allocation.sequence
    document.register_number = allocation.number
    document.code_number = pad(allocation.number)
    document.code_notation = notation[:30]
    document.issued_date = day
    document.issued_at = timezone.now()
    if key.period_kind == "term":
        document.term_id = int(key.period_key)
    document.save(
        update_fields=[
            "register_sequence",
            "register_number",
            "code_number",
            "code_notation",
            "issued_date",
            "issued_at",
            "term",
            "updated_at",
        ]
    )
    latest = _latest_version(document)
    if document.status == Status.SIGNED:
        assert latest is not None
        sealed = sign_organization(
            actor=actor,
            organization=document.organization,
            pdf=file_read(latest.file),
            number_symbol=number_symbol,
        )
        _add_version(
            document,
            actor=actor,
            kind=VersionKind.SEALED,
            data=sealed,
            name=_file_name(document, "ban-hanh"),
            note=number_symbol,
        )
    elif latest is not None and latest.kind == VersionKind.RENDERED and latest.body_text:
        # A classified document handled on paper: print it with its number and date.
        final = render_pdf(layout_for(document, latest.body_text, day=day, draft=False))
        _add_version(
            document,
            actor=actor,
            kind=VersionKind.RENDERED,
            data=final,
            name=_file_name(document, "ban-hanh"),
            body=latest.body_text,
            note=number_symbol,
        )
    records.move(
        document,
        Status.ISSUED,
        actor=actor,
        action="issued",
        details={"number": number_symbol, "sequence": allocation.sequence.pk},
    )
    records.index(document)
    return document


@transaction.atomic
def document_release(
    *, actor: User, document: Document, organizations: list[Organization] | None = None
) -> list[Document]:
    """Release the issued document; each recipient organization in this installation finds
    it registered on arrival in its incoming queue. No unsigned release of an unclassified
    document."""
    document = records.lock(document)
    if not can_issue_documents(records.grants_of(actor), document.organization):
        raise NotAllowed(_("Only the office (văn thư) releases documents."))
    if document.status != Status.ISSUED:
        check_transition(document.direction, document.status, Status.RELEASED)
    sealed = (
        DocumentVersion.objects.filter(document=document, kind=VersionKind.SEALED)
        .select_related("file")
        .order_by("-number")
        .first()
    )
    if not document.secrecy and (not document.digitally_signed or sealed is None):
        raise NotAllowed(
            _(
                "An unclassified document cannot be released without its digital signatures "
                "(the signer's and the organization's)."
            )
        )
    if organizations is not None:
        for target in organizations:
            if target.pk == document.organization_id:
                raise InvalidInput(
                    _("A document is not released to its own issuer."), field="organizations"
                )
        DocumentRecipient.objects.filter(document=document, delivered__isnull=True).exclude(
            organization__in=organizations
        ).delete()
        for target in organizations:
            DocumentRecipient.objects.get_or_create(document=document, organization=target)
    delivered: list[Document] = []
    stored = None if document.secrecy else (sealed.file if sealed is not None else None)
    for recipient in DocumentRecipient.objects.filter(
        document=document, delivered__isnull=True
    ).select_related("organization"):
        incoming = incoming_deliver(
            actor=actor, source=document, recipient=recipient.organization, stored=stored
        )
        recipient.delivered = incoming
        recipient.delivered_at = timezone.now()
        recipient.save(update_fields=["delivered", "delivered_at"])
        delivered.append(incoming)
    document.released_at = timezone.now()
    document.dispatched_on = timezone.localdate()
    document.issued_amount = document.issued_amount or len(delivered) or None
    document.save(update_fields=["released_at", "dispatched_on", "issued_amount", "updated_at"])
    records.move(
        document,
        Status.RELEASED,
        actor=actor,
        action="released",
        details={"recipients": [d.organization_id for d in delivered]},
    )
    records.index(document)
    return delivered


@transaction.atomic
def document_archive(*, actor: User, document: Document) -> None:
    """File the released original in the issuer's archive (it stays on this system)."""
    document = records.lock(document)
    if not can_issue_documents(records.grants_of(actor), document.organization):
        raise NotAllowed(_("Only the office (văn thư) archives documents."))
    records.move(document, Status.ARCHIVED, actor=actor, action="archived")
    document.closed_at = timezone.now()
    document.save(update_fields=["closed_at"])
    records.index(document)


@transaction.atomic
def outgoing_cancel(*, actor: User, document: Document, reason: str) -> None:
    """Abandon a draft (it stays in the history; numbers are only taken at issue)."""
    document = records.lock(document)
    _check_drafter(actor, document)
    if not reason.strip():
        raise InvalidInput(_("Say why the draft is abandoned."), field="reason")
    records.move(document, Status.CANCELLED, actor=actor, action="cancelled", note=reason)
    document.closed_at = timezone.now()
    document.save(update_fields=["closed_at"])
    records.index(document)
