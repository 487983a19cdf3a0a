"""Sending released documents to organizations another installation serves (ADR 0020).

The release asks exchange, through documents' delivery routes, which recipients are served
by a peer; those get the outbox kind `exchange.delivery.package` (same payload and key as a
local delivery). The handler builds the package once (signed with the sending
organization's seal, kept in core's file store) and POSTs it to the peer's inbox: 202 ends
the message (a duplicate too), a refusal (4xx other than 429) ends it and shows the clerk
the peer's reasons with a retry button, anything else (5xx, 429, the network) is retried by
the outbox with its backoff."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
from typing import Any
from urllib import error, request

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.core.models import OutboxMessage
from partydesk.core.services.files import file_read, file_store
from partydesk.core.services.outbox import outbox_enqueue, outbox_handler
from partydesk.documents.models import Document, DocumentRecipient
from partydesk.exchange.edxml import Business, Organ, document_id_for
from partydesk.exchange.edxml import BusinessType as EdxmlBusiness
from partydesk.exchange.models import BusinessType, OutgoingPackage, PeerOrganId, Transfer
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.selectors.organ_ids import organ_id_of, organ_ids_of
from partydesk.exchange.services.export import classified_refusal, package_bytes, package_of
from partydesk.exchange.services.peers import peer_url_allowed
from partydesk.signatures.services.detached import organization_seal_detached

REMOTE_DELIVERY = "exchange.delivery.package"
# A recall, update or replacement to a peer (payload: the business package's id).
REMOTE_BUSINESS = "exchange.business.package"
SIGNATURE_HEADER = "X-Edxml-Signature"


class TransferDeferred(Exception):
    """The peer could not take the package now (down, busy, failing): try again later."""


def served_by_peers(organization_ids: Sequence[int]) -> dict[int, str]:
    """The recipients (organization id -> their OrganId today) an active peer serves, in two
    queries whatever their number."""
    codes = organ_ids_of(list(organization_ids), on=timezone.localdate())
    served = set(
        PeerOrganId.objects.filter(code__in=codes.values(), peer__is_active=True).values_list(
            "code", flat=True
        )
    )
    return {pk: code for pk, code in codes.items() if code in served}


def delivery_routes(document: Document, recipients: Sequence[DocumentRecipient]) -> dict[int, str]:
    """documents' delivery router: recipients served by a peer travel as packages. A
    classified document is refused there, with the download's sentence."""
    remote = served_by_peers([r.organization_id for r in recipients])
    if remote and document.secrecy:
        raise classified_refusal()
    return dict.fromkeys(remote, REMOTE_DELIVERY)


def _business(package: OutgoingPackage, sender_id: str) -> tuple[Document, Business]:
    """The document the package carries and its Bussiness block: the released document
    itself for a delivery or a recall, the new version for an update or a replacement, whose
    block names the old one's DocumentId and the sender's reason."""
    if package.business_type == BusinessType.NEW:
        return package.document, Business()
    old = package.document
    assert old.issued_date is not None
    old_id = document_id_for(sender_id, old.issued_date, f"{old.code_number}/{old.code_notation}")
    carried = package.replacement or old
    return carried, Business(EdxmlBusiness(package.business_type), package.reason, old_id)


def _prepare(package: OutgoingPackage) -> None:
    """Build, sign and keep the package once; retries send the same bytes."""
    document = package.document
    sender_id = organ_id_of(document.organization, on=timezone.localdate())
    if not sender_id:
        raise InvalidInput(
            _("%(organization)s has no exchange identifier yet.")
            % {"organization": document.organization.name}
        )
    code = served_by_peers([package.organization_id]).get(package.organization_id)
    row = PeerOrganId.objects.filter(code=code, peer__is_active=True).select_related("peer")
    served = row.first()
    if served is None:
        raise InvalidInput(
            _("No active peer serves %(organization)s any more.")
            % {"organization": package.organization.name}
        )
    carried, business = _business(package, sender_id)
    edxml = package_of(
        carried,
        sender_id=sender_id,
        receivers=[Organ(served.code, package.organization.name)],
        business=business,
    )
    data = package_bytes(edxml)
    signature = organization_seal_detached(organization=document.organization, payload=data)
    package.package = file_store(data=data, content_type="application/xml")
    package.signature = signature
    package.peer = served.peer
    package.edxml_document_id = edxml.document_id
    package.save(update_fields=["package", "signature", "peer", "edxml_document_id"])


def post_signed(url: str, data: bytes, signature: bytes) -> tuple[int, dict[str, Any]]:
    """POST a signed body; the HTTP status and the JSON answer (empty if none). Network
    failures raise TransferDeferred."""
    if not peer_url_allowed(url):
        return 400, {"problems": [_("The peer's address is not HTTPS: %(url)s") % {"url": url}]}
    outgoing = request.Request(  # noqa: S310 (https, or http to loopback if allowed)
        url,
        data=data,
        method="POST",
        headers={
            "Content-Type": "application/xml",
            SIGNATURE_HEADER: base64.b64encode(signature).decode(),
        },
    )
    timeout = settings.PARTYDESK_EXCHANGE_SEND_TIMEOUT_SECONDS
    try:
        with request.urlopen(outgoing, timeout=timeout) as response:  # noqa: S310 (checked)
            return response.status, _json(response.read())
    except error.HTTPError as exc:
        return exc.code, _json(exc.read())
    except (error.URLError, OSError) as exc:
        raise TransferDeferred(_("The peer cannot be reached: %(error)s") % {"error": exc}) from exc


def _json(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body.decode() or "{}")
    except (UnicodeDecodeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _problems(code: int, answer: dict[str, Any]) -> list[str]:
    problems = [str(p) for p in answer.get("problems", []) if p]
    return problems or [_("The peer answered HTTP %(code)s.") % {"code": code}]


def _record(package: OutgoingPackage, **fields: Any) -> None:
    fields["transfer_attempts"] = package.transfer_attempts + 1
    OutgoingPackage.objects.filter(pk=package.pk).update(**fields)


@outbox_handler(REMOTE_DELIVERY)
def package_send(message: OutboxMessage) -> None:
    """Deliver one released document to one recipient served by a peer. Runs holding no
    transaction: the POST is never inside one."""
    payload = message.payload
    transmit(
        OutgoingPackage.objects.select_related("document__organization", "organization", "peer")
        .filter(
            document_id=payload["document"],
            organization_id=payload["organization"],
            business_type=BusinessType.NEW,
        )
        .first()
    )


@outbox_handler(REMOTE_BUSINESS)
def business_send(message: OutboxMessage) -> None:
    """Deliver a recall, update or replacement to a recipient served by a peer: the same
    signed POST (the peer answers 15 or 16 later, as a status package)."""
    transmit(
        OutgoingPackage.objects.select_related(
            "document__organization", "organization", "peer", "replacement__organization"
        )
        .filter(pk=message.payload["package"])
        .first()
    )


def transmit(package: OutgoingPackage | None) -> None:
    """Build (once), sign and POST one package to its peer, and record how it went."""
    if package is None or package.transfer in (Transfer.DELIVERED, Transfer.REFUSED):
        return
    try:
        if package.package_id is None:
            _prepare(package)
        assert package.peer is not None and package.package is not None
        url = f"{package.peer.base_url}exchange/inbox/"
        code, answer = post_signed(url, file_read(package.package), bytes(package.signature or b""))
    except (InvalidInput, NotAllowed) as exc:
        code, answer = 400, {"problems": [str(exc.message)]}
    except TransferDeferred as exc:
        _record(package, transfer=Transfer.RETRYING, transfer_error=str(exc))
        raise
    if code == 202:
        _record(
            package,
            transfer=Transfer.DELIVERED,
            transferred_at=timezone.now(),
            transfer_error="",
            transfer_problems=[],
        )
        _audit(package, "exchange.package.transmitted", duplicate=bool(answer.get("duplicate")))
        return
    problems = _problems(code, answer)
    if 400 <= code < 500 and code != 429:
        _record(package, transfer=Transfer.REFUSED, transfer_error="", transfer_problems=problems)
        _audit(package, "exchange.package.transfer_refused", problems=problems, http=code)
        return
    _record(package, transfer=Transfer.RETRYING, transfer_error=" ".join(problems))
    raise TransferDeferred(f"HTTP {code}: {' '.join(problems)}")


def _audit(package: OutgoingPackage, action: str, **details: Any) -> None:
    audit_log(
        actor=None,
        action=action,
        target=package.document,
        organization_id=package.document.organization_id,
        details={
            "recipient": package.organization_id,
            "document_id": package.edxml_document_id,
            "business_type": package.business_type,
            "peer": package.peer.name if package.peer else "",
            **details,
        },
    )


@transaction.atomic
def package_resend(*, actor: Acting, package: OutgoingPackage) -> None:
    """The sending clerk tries a refused or failing package again: it is built and signed
    anew (the DocumentId stays, so the peer still registers it once)."""
    package = (
        OutgoingPackage.objects.select_for_update(of=("self",))
        .select_related("document__organization")
        .get(pk=package.pk)
    )
    if not actor.can(PACKAGE, on=package.document.organization):
        raise NotAllowed(_("Only the office (văn thư) sends documents as edXML packages."))
    if package.transfer not in (Transfer.REFUSED, Transfer.RETRYING):
        raise InvalidInput(_("This package is not waiting for another try."))
    package.package = None
    package.signature = None
    package.transfer = Transfer.SENDING
    package.transfer_error = ""
    package.transfer_problems = []
    package.save(
        update_fields=["package", "signature", "transfer", "transfer_error", "transfer_problems"]
    )
    audit_log(
        actor=actor.user,
        action="exchange.package.resent",
        target=package.document,
        organization_id=package.document.organization_id,
        details={"recipient": package.organization_id},
    )
    new = package.business_type == BusinessType.NEW
    kind = REMOTE_DELIVERY if new else REMOTE_BUSINESS
    outbox_enqueue(
        kind=kind,
        payload={
            "document": package.document_id,
            "organization": package.organization_id,
            "actor": actor.user.pk if actor.user else None,
        }
        if new
        else {"package": package.pk},
        idempotency_key=f"{kind}:{package.pk}:retry:{uuid.uuid4()}",
        deliver_after_commit=True,
    )
