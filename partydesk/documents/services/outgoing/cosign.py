"""A co-signer's personal signature, before the signer's (the secretary of a meeting's
minutes before the chair). The co-signers sign the approved PDF one after the other, each
an incremental PAdES signature through the signatures app, on the left of the last page's
foot (the signer's goes on the right); after the last one the document is co-signed and
waits for its signer (transitions.py). As for the signer, the slow part runs before the
short transaction, which locks the document and checks that nothing changed meanwhile."""

from __future__ import annotations

import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.documents.models import (
    CoSigner,
    Document,
    DocumentVersion,
    NotificationKind,
    ReaderReason,
    Status,
    VersionKind,
)
from partydesk.documents.permissions import can_cosign_document
from partydesk.documents.selectors.cosigners import next_co_signer
from partydesk.documents.services import records
from partydesk.documents.services.files import PreparedFile, file_read
from partydesk.documents.services.formfields import COSIGNER_FIELD
from partydesk.documents.services.outgoing._versions import (
    add_version,
    check_still_latest,
    file_name,
    pdf_prepared,
    signable_version,
    signing_reason,
)
from partydesk.documents.services.signing import sign_personal

MM = 72 / 25.4
BOX_W, BOX_H = 170.0, 112.0  # the signatures app's personal widget, in points


def co_signers_name(document: Document, users: list[User]) -> None:
    """Name the co-signers of a new draft, in order (called by the draft's creation, inside
    its transaction): each becomes a reader of the document."""
    seen: set[int] = set()
    for user in users:
        if user.pk == document.signer_id or user.pk in seen:
            raise InvalidInput(
                _("A co-signer is named once, and is not the signer."), field="co_signers"
            )
        seen.add(user.pk)
        records.add_reader(document, user, reason=ReaderReason.SIGNER, added_by=document.created_by)
        CoSigner.objects.create(document=document, position=len(seen), user=user)
    if seen:
        document.co_signer_count = len(seen)
        document.save(update_fields=["co_signer_count"])


def left_foot_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """The last page and, on it, the mirror of the signer's default place: bottom left,
    20 mm from the left edge, above a 25 mm margin."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    last = len(reader.pages) - 1
    box = reader.pages[last].mediabox
    x0, y0 = float(box.left) + 20 * MM, float(box.bottom) + 25 * MM
    return last, (x0, y0, x0 + BOX_W, y0 + BOX_H)


def _turn(actor: User, document: Document) -> CoSigner:
    turn = next_co_signer(document)
    if not can_cosign_document(actor, document, turn.user_id if turn else None):
        if document.status != Status.APPROVED or turn is None:
            raise InvalidInput(
                _("Only an approved document waiting for its co-signers is co-signed.")
            )
        raise NotAllowed(_("It is %(name)s's turn to co-sign.") % {"name": turn.user})
    assert turn is not None
    return turn


def document_cosign(*, actor: User, document: Document) -> DocumentVersion:
    """The co-signer whose turn it is signs the latest PDF with their personal certificate."""
    document = records.fresh(document)
    _turn(actor, document)
    latest = signable_version(document)
    if latest.kind == VersionKind.RENDERED and latest.body_text:
        # The signer's field in the final layout is the first personal field a signature
        # takes; co-signers sign a final PDF (as the minutes are filed).
        raise InvalidInput(
            _("Co-signers sign a final PDF; a text written here is signed by its signer alone.")
        )
    pdf = file_read(latest.file)
    page, box = left_foot_box(pdf)
    signed = sign_personal(
        actor=actor,
        pdf=pdf,
        reason=signing_reason(document),
        location=document.place_name,
        page=page,
        box=box,
        field=COSIGNER_FIELD,  # the first co-signer's block, where the layout has one
    )
    prepared = pdf_prepared(signed, file_name(document, f"dong-ky-{actor.pk}"))
    return _record(actor=actor, document=document, signed_from=latest.number, prepared=prepared)


@transaction.atomic
def _record(
    *, actor: User, document: Document, signed_from: int, prepared: PreparedFile
) -> DocumentVersion:
    document = records.lock(document)
    turn = _turn(actor, document)
    check_still_latest(document, signed_from)
    version = add_version(
        document,
        actor=actor,
        kind=VersionKind.SIGNED,
        prepared=prepared,
        note=_("Co-signed by %(name)s") % {"name": actor},
    )
    turn.signed_at, turn.version = timezone.now(), version.number
    turn.save(update_fields=["signed_at", "version"])
    details = {"version": version.number, "position": turn.position}
    if next_co_signer(document) is None:
        records.move(document, Status.CO_SIGNED, actor=actor, action="co_signed", details=details)
        assert document.signer is not None
        records.notify([document.signer], document, NotificationKind.SIGN)
    else:
        records.record_event(document, action="co_signed", actor=actor, details=details)
        records.audit(actor, "co_signed", document, **details)
        following = next_co_signer(document)
        assert following is not None
        records.notify([following.user], document, NotificationKind.SIGN)
    records.index(document)
    return version
