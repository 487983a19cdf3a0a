"""The designated signer's personal signature on the approved PDF.

The slow part (the final layout, the signature with its time-stamp, reading the PDFs) runs
before the transaction; the transaction only locks the document, checks that nothing
changed meanwhile and records the versions (docs/decisions/0009)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.accounts.selectors import users_with
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.documents.models import (
    Document,
    DocumentVersion,
    NotificationKind,
    Status,
    VersionKind,
)
from partydesk.documents.permissions import can_sign_document
from partydesk.documents.services import records
from partydesk.documents.services.files import PreparedFile, file_read
from partydesk.documents.services.outgoing._versions import (
    add_version,
    check_still_latest,
    file_name,
    pdf_prepared,
    signable_version,
    signing_reason,
)
from partydesk.documents.services.outgoing.layout import layout_for
from partydesk.documents.services.render import render_pdf
from partydesk.documents.services.signing import sign_personal


def _check(actor: User, document: Document) -> None:
    if not can_sign_document(actor, records.grants_of(actor), document):
        if document.co_signer_count and document.status == Status.APPROVED:
            raise InvalidInput(_("Its co-signers sign first."))
        if document.status not in (Status.APPROVED, Status.CO_SIGNED):
            raise InvalidInput(_("Only an approved document is signed."))
        raise NotAllowed(_("Only the designated signer signs it."))


def document_sign(*, actor: User, document: Document) -> DocumentVersion:
    """The designated signer signs the approved PDF with their personal certificate. A text
    written in the browser is laid out once more in its final form, its signature in the
    signing block and the number and date left for the office."""
    document = records.fresh(document)
    _check(actor, document)
    latest = signable_version(document)
    final: PreparedFile | None = None
    if latest.kind == VersionKind.RENDERED and latest.body_text:
        layout = layout_for(document, latest.body_text, day=None, draft=False, for_signing=True)
        final = pdf_prepared(render_pdf(layout), file_name(document, "ban-chinh"))
    signed = sign_personal(
        actor=actor,
        pdf=final.data if final is not None else file_read(latest.file),
        reason=signing_reason(document),
        location=document.place_name,
    )
    return _record(
        actor=actor,
        document=document,
        signed_from=latest.number,
        body=latest.body_text,
        final=final,
        signed=pdf_prepared(signed, file_name(document, "da-ky")),
    )


@transaction.atomic
def _record(
    *,
    actor: User,
    document: Document,
    signed_from: int,
    body: str,
    final: PreparedFile | None,
    signed: PreparedFile,
) -> DocumentVersion:
    document = records.lock(document)
    _check(actor, document)
    check_still_latest(document, signed_from)
    if final is not None:
        add_version(
            document,
            actor=actor,
            kind=VersionKind.RENDERED,
            prepared=final,
            body=body,
            note=_("Final layout; the office fills in the number and the date"),
        )
    version = add_version(
        document,
        actor=actor,
        kind=VersionKind.SIGNED,
        prepared=signed,
        note=_("Signed by %(name)s") % {"name": actor},
    )
    document.issued_date = timezone.localdate()
    document.digitally_signed = True
    document.save(update_fields=["issued_date", "digitally_signed", "updated_at"])
    records.move(
        document, Status.SIGNED, actor=actor, action="signed", details={"version": version.number}
    )
    records.notify(
        users_with(capability="documents.issue", organization=document.organization),
        document,
        NotificationKind.ISSUE,
    )
    records.index(document)
    return version
