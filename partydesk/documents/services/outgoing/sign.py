"""The designated signer's personal signature on the approved PDF."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
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
from partydesk.documents.services.files import file_read
from partydesk.documents.services.outgoing._versions import add_version, file_name, latest_version
from partydesk.documents.services.outgoing.layout import layout_for
from partydesk.documents.services.render import render_pdf
from partydesk.documents.services.signing import sign_personal


@transaction.atomic
def document_sign(*, actor: User, document: Document) -> DocumentVersion:
    """The designated signer signs the approved PDF with their personal certificate. A text
    written in the browser is laid out once more with today's date (the document's date)."""
    document = records.lock(document)
    if not can_sign_document(actor, records.grants_of(actor), document):
        if document.status != Status.APPROVED:
            raise InvalidInput(_("Only an approved document is signed."))
        raise NotAllowed(_("Only the designated signer signs it."))
    latest = latest_version(document)
    if latest is None or not latest.file.is_pdf:
        raise InvalidInput(
            _("The last version is not a PDF. Ask the drafter to add the final PDF, then sign.")
        )
    today = timezone.localdate()
    if latest.kind == VersionKind.RENDERED and latest.body_text:
        final = render_pdf(layout_for(document, latest.body_text, day=today, draft=False))
        latest = add_version(
            document,
            actor=actor,
            kind=VersionKind.RENDERED,
            data=final,
            name=file_name(document, "ban-chinh"),
            body=latest.body_text,
            note=_("Final layout, dated the day of signing"),
        )
    signed = sign_personal(
        actor=actor,
        pdf=file_read(latest.file),
        reason=f"{document.document_type.name}: {document.subject}"[:200],
        location=document.place_name,
    )
    version = add_version(
        document,
        actor=actor,
        kind=VersionKind.SIGNED,
        data=signed,
        name=file_name(document, "da-ky"),
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
