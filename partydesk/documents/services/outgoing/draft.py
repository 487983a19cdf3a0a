"""Drafting an outgoing document: metadata, versions, abandoning a draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.permissions import has_capability
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.documents.congresses import CongressRef
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentRecipient,
    DocumentSystem,
    DocumentType,
    DocumentVersion,
    ReaderReason,
    SigningForm,
    Status,
    VersionKind,
)
from partydesk.documents.permissions import (
    can_clear,
    can_draft_documents,
    can_edit_draft_document,
)
from partydesk.documents.services import records
from partydesk.documents.services.files import PreparedFile
from partydesk.documents.services.outgoing._versions import add_version, file_name
from partydesk.documents.services.outgoing.cosign import co_signers_name
from partydesk.documents.services.outgoing.layout import ARCHIVE_LINE, layout_for, settings_of
from partydesk.documents.services.render import clean_body, render_pdf
from partydesk.documents.transitions import check_transition
from partydesk.organizations.models import Organization


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
    congress: CongressRef | None = None
    description: str = ""
    readers: list[User] = field(default_factory=list)
    in_reply_to: Document | None = None
    # People who sign before the signer, in this order (the secretary of a meeting's minutes).
    co_signers: list[User] = field(default_factory=list)


def _draft_version(
    document: Document, *, actor: User, body: str, file: PreparedFile | None, note: str
) -> DocumentVersion | None:
    if body.strip() and file is not None:
        raise InvalidInput(_("Either write the text or upload a file, not both."), field="upload")
    if body.strip():
        if not clean_body(body):
            raise InvalidInput(_("The text is empty once formatting is removed."), field="body")
        pdf = render_pdf(layout_for(document, body, day=None, draft=True))
        return add_version(
            document,
            actor=actor,
            kind=VersionKind.RENDERED,
            data=pdf,
            name=file_name(document, "du-thao"),
            body=body,
            note=note,
        )
    if file is not None:
        return add_version(
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
    settings = settings_of(organization)
    system = settings.numbering_system
    if fields.congress is not None and (
        fields.congress.organization_id != organization.pk or system != DocumentSystem.PARTY
    ):
        raise InvalidInput(_("Choose a congress of this organization."), field="congress")
    if fields.signing_form is not None and fields.signing_form.system != system:
        raise InvalidInput(
            _("This signing form belongs to the other rulebook."), field="signing_form"
        )
    answered = fields.in_reply_to
    if answered is not None and (
        answered.direction != Direction.INCOMING or answered.organization_id != organization.pk
    ):
        raise InvalidInput(
            _("A reply answers a document of this organization's incoming register."),
            field="in_reply_to",
        )
    metadata_only = bool(fields.secrecy) and settings.confidential_metadata_only
    if metadata_only and (body.strip() or file is not None):
        raise InvalidInput(
            _("Classified documents are kept as metadata only here: draft them on paper."),
            field="body",
        )
    if fields.co_signers and (metadata_only or body.strip()):
        raise InvalidInput(_("Co-signers sign a final PDF: upload it."), field="co_signers")
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
        signer_name=fields.signer.display_name[:50],
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
        congress_id=fields.congress.pk if fields.congress is not None else None,
        description=fields.description[:500],
        in_reply_to=answered,
        metadata_only=metadata_only,
        created_by=actor,
    )
    records.add_reader(document, actor, reason=ReaderReason.CREATOR, added_by=actor)
    records.add_reader(document, fields.signer, reason=ReaderReason.SIGNER, added_by=actor)
    for reader in fields.readers:
        records.add_reader(document, reader, reason=ReaderReason.NAMED, added_by=actor)
    co_signers_name(document, fields.co_signers)
    for target in fields.release_to:
        if target.pk == organization.pk:
            raise InvalidInput(
                _("A document is not released to its own issuer."), field="release_to"
            )
        DocumentRecipient.objects.get_or_create(document=document, organization=target)
    _draft_version(document, actor=actor, body=body, file=file, note="")
    records.record_event(document, action="drafted", actor=actor, to_status=Status.DRAFT)
    records.audit(actor, "drafted", document)
    if answered is not None:
        records.record_event(
            answered, action="reply_drafted", actor=actor, details={"reply": document.pk}
        )
    records.index(document)
    return document


def _check_drafter(actor: User, document: Document, target: str | None = None) -> None:
    """The draft predicate decides; the branches below only choose the words."""
    grants = records.grants_of(actor)
    if can_edit_draft_document(actor, grants, document):
        return
    if document.created_by_id != actor.pk and not can_draft_documents(
        grants, document.organization
    ):
        raise NotAllowed(
            _("Only the drafters of %(org)s change this draft.") % {"org": document.organization}
        )
    if target is not None:
        check_transition(document.direction, document.status, target)
    raise InvalidInput(_("Only a draft takes new versions; this one is past review."))


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


@transaction.atomic
def outgoing_cancel(*, actor: User, document: Document, reason: str) -> None:
    """Abandon a draft (it stays in the history; numbers are only taken at issue)."""
    document = records.lock(document)
    _check_drafter(actor, document, Status.CANCELLED)
    if not reason.strip():
        raise InvalidInput(_("Say why the draft is abandoned."), field="reason")
    records.move(document, Status.CANCELLED, actor=actor, action="cancelled", note=reason)
    document.closed_at = timezone.now()
    document.save(update_fields=["closed_at"])
    records.index(document)
