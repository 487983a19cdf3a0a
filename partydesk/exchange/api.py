"""API routes for exchange (/api/v1, ADR 0013 and 0020): the acting organization's inbox of
packages peers delivered (list, one, register, refuse), a sent document's deliveries with
each recipient's status timeline (send again, recall, update, replace) and the business
statuses received for it. Scoped exactly like the pages, through the same selectors and
services: another organization's object is a 404, a refused rule a JSON 400 with the page's
sentence, a malformed body a 422 with the invalid fields."""

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from partydesk.accounts.actor import Actor, actor_of
from partydesk.core.api import Id, Paginated, Text
from partydesk.core.errors import InvalidInput
from partydesk.core.services.files import file_read
from partydesk.documents.models import Direction, Document
from partydesk.documents.selectors.access import document_get_for
from partydesk.documents.services.incoming import can_refuse_arrival, incoming_refuse
from partydesk.exchange.models import BusinessType, DeliveredPackage, OutgoingPackage
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.selectors.packages import delivered_get_for, delivered_waiting_for
from partydesk.exchange.selectors.statuses import (
    package_timeline_query,
    packages_waiting_for,
    statuses_received_for,
)
from partydesk.exchange.services.business import business_request
from partydesk.exchange.services.receive import package_check, package_register
from partydesk.exchange.services.remote_statuses import delivered_refuse
from partydesk.exchange.services.send import package_resend

router = Router(tags=["exchange"])

OrganIdIn = Annotated[str, Field(max_length=13, pattern=r"^[0-9A-Za-z.]*$")]
Reason = Annotated[str, Field(min_length=1, max_length=2000, pattern=r"^[^\x00]*$")]


class InboxItemOut(Schema):
    id: int
    sender_organ_id: str
    edxml_document_id: str
    business_type: int
    subject: str
    peer: str
    delivered_at: dt.datetime
    refused_at: dt.datetime | None
    refusal_reason: str

    @staticmethod
    def resolve_peer(obj: Any) -> str:
        return str(obj.peer.name)


class InboxDetailOut(InboxItemOut):
    """One delivered package with what the registration's checks say about it."""

    problems: list[str]
    notes: list[str]
    registered_document_id: int | None


class RegisterIn(Schema):
    confirm_duplicate: bool = False


class RegisteredOut(Schema):
    document_id: int
    register_number: int | None
    created: bool


class RefuseIn(Schema):
    reason: Reason


class StatusOut(Schema):
    code: str
    label: str
    at: dt.datetime
    by: str = Field(
        description=(
            "Who recorded the status: the person's full name (member registry), else the "
            "account's first and last name, else the login; for a peer's status, the name "
            "the peer reported."
        )
    )
    reason: str

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.get_code_display())

    @staticmethod
    def resolve_by(obj: Any) -> str:
        return str(obj.by.display_name) if obj.by_id else str(obj.by_name)


class DeliveryOut(Schema):
    """One recipient's package (the delivery, or a recall, update or replacement) and the
    statuses it reported, oldest first."""

    id: int
    recipient_id: int
    recipient: str
    business_type: int
    sent_at: dt.datetime
    status: str
    status_at: dt.datetime | None
    peer: str | None
    transfer: str
    transfer_attempts: int
    transfer_error: str
    transfer_problems: list[Any]
    transferred_at: dt.datetime | None
    reason: str
    new_version_id: int | None
    statuses: list[StatusOut]

    @staticmethod
    def resolve_recipient_id(obj: Any) -> int:
        return int(obj.organization_id)

    @staticmethod
    def resolve_recipient(obj: Any) -> str:
        return str(obj.organization.name)

    @staticmethod
    def resolve_peer(obj: Any) -> str | None:
        return str(obj.peer.name) if obj.peer_id else None

    @staticmethod
    def resolve_new_version_id(obj: Any) -> int | None:
        return obj.replacement_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_statuses(obj: Any) -> list[Any]:
        return list(obj.status_list)


class WaitingOut(Schema):
    id: int
    document_id: int
    subject: str
    recipient_id: int
    recipient: str
    sent_at: dt.datetime
    status: str

    @staticmethod
    def resolve_subject(obj: Any) -> str:
        return str(obj.document.subject)

    @staticmethod
    def resolve_recipient_id(obj: Any) -> int:
        return int(obj.organization_id)

    @staticmethod
    def resolve_recipient(obj: Any) -> str:
        return str(obj.organization.name)


class ReceivedStatusOut(StatusOut):
    package_id: int
    recipient_id: int
    recipient: str
    business_type: int

    @staticmethod
    def resolve_recipient_id(obj: Any) -> int:
        return int(obj.package.organization_id)

    @staticmethod
    def resolve_recipient(obj: Any) -> str:
        return str(obj.package.organization.name)

    @staticmethod
    def resolve_business_type(obj: Any) -> int:
        return int(obj.package.business_type)


class RecallIn(Schema):
    reason: Reason


class NewVersionIn(Schema):
    reason: Reason
    new_version_id: Id


# The inbox: packages peers delivered to the acting organization.


@router.get("/exchange/inbox", response=list[InboxItemOut])
@paginate(Paginated)
def exchange_inbox(request: HttpRequest, q: Text = "", sender: OrganIdIn = ""):
    """Packages delivered to the token's acting organization that wait to be registered
    (clerks of its office), newest first; `q` searches the subject and the DocumentId."""
    scope = actor_of(request).require(PACKAGE)
    rows = delivered_waiting_for(scope)
    if q.strip():
        rows = rows.filter(
            Q(subject__icontains=q.strip()) | Q(edxml_document_id__icontains=q.strip())
        )
    if sender:
        rows = rows.filter(sender_organ_id=sender)
    return rows.order_by("-delivered_at", "-pk")


@router.get("/exchange/inbox/{package_id}", response=InboxDetailOut)
def exchange_inbox_item(request: HttpRequest, package_id: Id):
    """One delivered package, with the problems that would refuse its registration."""
    actor = actor_of(request)
    delivered = _delivered(actor, package_id)
    preview = package_check(
        actor=actor, organization=delivered.organization, data=file_read(delivered.package)
    )
    delivered.problems = preview.problems  # type: ignore[attr-defined]
    delivered.notes = preview.notes  # type: ignore[attr-defined]
    delivered.registered_document_id = preview.already.pk if preview.already else None  # type: ignore[attr-defined]
    return delivered


@router.post(
    "/exchange/inbox/{package_id}/register", response={200: RegisteredOut, 201: RegisteredOut}
)
def exchange_inbox_register(request: HttpRequest, package_id: Id, payload: RegisterIn):
    """Register the package as an incoming document (the upload's registration: every check,
    once; 03 goes back to the sender). 201 when registered now, 200 when it already was."""
    actor = actor_of(request)
    delivered = _delivered(actor, package_id)
    registered = package_register(
        actor=actor,
        organization=delivered.organization,
        data=file_read(delivered.package),
        confirm_duplicate=payload.confirm_duplicate,
    )
    document = registered.document
    answer = {
        "document_id": document.pk,
        "register_number": document.register_number,
        "created": registered.created,
    }
    return Status(201 if registered.created else 200, answer)


@router.post("/exchange/inbox/{package_id}/refuse", response=InboxItemOut)
def exchange_inbox_refuse(request: HttpRequest, package_id: Id, payload: RefuseIn):
    """Refuse the package with the reason (02 goes back to the sender)."""
    actor = actor_of(request)
    delivered = _delivered(actor, package_id)
    return delivered_refuse(actor=actor, delivered=delivered, reason=payload.reason)


class ArrivalOut(Schema):
    document_id: int
    status: str


@router.post("/exchange/arrivals/{document_id}/refuse", response=ArrivalOut)
def exchange_arrival_refuse(request: HttpRequest, document_id: Id, payload: RefuseIn):
    """Refuse a document another organization of this installation delivered (registered on
    arrival, 03 sent) before anyone handles it: it leaves the queue and 02 goes back with
    the reason (the arrival's refusal page)."""
    actor = actor_of(request)
    document = document_get_for(actor, document_id)
    if not can_refuse_arrival(actor.user, document):
        raise PermissionDenied(_("This document cannot be refused now."))
    incoming_refuse(actor=actor.user, document=document, reason=payload.reason)
    document.refresh_from_db(fields=["status"])
    return {"document_id": document.pk, "status": document.status}


def _delivered(actor: Actor, package_id: int) -> DeliveredPackage:
    return delivered_get_for(actor.require(PACKAGE), package_id)


# The outbox: where a sent document is at each recipient.


@router.get("/exchange/outbox/waiting", response=list[WaitingOut])
@paginate(Paginated)
def exchange_waiting(request: HttpRequest):
    """The acting organization's sent packages still without a receipt after a working day."""
    scope = actor_of(request).require(PACKAGE)
    return packages_waiting_for(scope).select_related("organization")


@router.get("/exchange/documents/{document_id}/deliveries", response=list[DeliveryOut])
@paginate(Paginated)
def exchange_deliveries(request: HttpRequest, document_id: Id):
    """Every recipient of an outgoing document with its status timeline (whoever may read
    the document), then any recall, update or replacement package."""
    return package_timeline_query(_outgoing(actor_of(request), document_id))


@router.get("/exchange/documents/{document_id}/statuses", response=list[ReceivedStatusOut])
@paginate(Paginated)
def exchange_statuses(request: HttpRequest, document_id: Id):
    """The business statuses received for an outgoing document, oldest first."""
    return statuses_received_for(_outgoing(actor_of(request), document_id))


@router.post(
    "/exchange/documents/{document_id}/deliveries/{delivery_id}/send-again",
    response=DeliveryOut,
)
def exchange_send_again(request: HttpRequest, document_id: Id, delivery_id: Id):
    """Send a package the peer refused, or could not take, again (clerks of the office)."""
    actor = actor_of(request)
    document = _outgoing(actor, document_id)
    package = OutgoingPackage.objects.filter(pk=delivery_id, document=document).first()
    if package is None:
        raise Http404("delivery not found")
    package_resend(actor=actor, package=package)
    return package_timeline_query(document).get(pk=package.pk)


@router.post("/exchange/documents/{document_id}/recall", response={201: list[DeliveryOut]})
def exchange_recall(request: HttpRequest, document_id: Id, payload: RecallIn):
    """Recall a released document at every recipient that holds it (13, then 15 or 16)."""
    return Status(201, _business(request, document_id, BusinessType.RECALL, payload.reason, None))


@router.post("/exchange/documents/{document_id}/update", response={201: list[DeliveryOut]})
def exchange_update(request: HttpRequest, document_id: Id, payload: NewVersionIn):
    """Send the new version as an update of the document (the old copy stays in force)."""
    return Status(
        201,
        _business(
            request, document_id, BusinessType.UPDATE, payload.reason, payload.new_version_id
        ),
    )


@router.post("/exchange/documents/{document_id}/replace", response={201: list[DeliveryOut]})
def exchange_replace(request: HttpRequest, document_id: Id, payload: NewVersionIn):
    """Replace the document by the new version (the old copy is cancelled)."""
    return Status(
        201,
        _business(
            request, document_id, BusinessType.REPLACE, payload.reason, payload.new_version_id
        ),
    )


def _outgoing(actor: Actor, document_id: int) -> Document:
    """An outgoing document the token's user may read, else 404 (as the statuses page)."""
    document = document_get_for(actor, document_id)
    if document.direction != Direction.OUTGOING:
        raise Http404("not an outgoing document")
    return document


def _business(
    request: HttpRequest,
    document_id: int,
    business_type: BusinessType,
    reason: str,
    new_version_id: int | None,
) -> list[OutgoingPackage]:
    actor = actor_of(request)
    document = _outgoing(actor, document_id)
    if document.released_at is None:
        raise Http404("not a released document")
    replacement = None
    if new_version_id is not None:
        try:
            replacement = document_get_for(actor, new_version_id)
        except Http404:
            raise InvalidInput(
                _("The new version is another released document of this office."),
                field="new_version_id",
            ) from None
    created = business_request(
        actor=actor,
        document=document,
        business_type=business_type,
        reason=reason,
        replacement=replacement,
    )
    return list(package_timeline_query(document).filter(pk__in=[p.pk for p in created]))
