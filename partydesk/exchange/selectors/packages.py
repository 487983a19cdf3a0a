"""Reads for the packages page: what the office may download, and an upload kept between the
preview and the registration."""

from __future__ import annotations

from django.core import signing
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from partydesk.accounts.actor import Actor
from partydesk.core.errors import InvalidInput
from partydesk.core.http import Acting
from partydesk.core.models import StoredFile
from partydesk.core.services.files import file_read
from partydesk.documents.models import Direction, Document, Status
from partydesk.documents.selectors.lists import document_list_for
from partydesk.exchange.models import BusinessType, DeliveredPackage, ReceivedPackage
from partydesk.organizations.models import Organization

_SALT = "partydesk.exchange.upload"
UPLOAD_MAX_AGE = 3600


def downloadable_for(actor: Actor) -> QuerySet[Document]:
    """Released, unclassified outgoing documents of the acting organization, newest first."""
    return document_list_for(actor, direction=Direction.OUTGOING).filter(
        status__in=[Status.RELEASED, Status.ARCHIVED], secrecy=0
    )


def upload_token(*, sha256: str, actor: Acting, organization: Organization) -> str:
    """A token naming a stored upload, good for this person and organization for an hour."""
    return signing.dumps(
        {"sha256": sha256, "user": actor.user.pk, "org": organization.pk}, salt=_SALT
    )


def upload_read(token: str, *, actor: Acting, organization: Organization) -> bytes:
    """The bytes of the upload a token names, if it was issued to this person here."""
    expired = InvalidInput(_("The upload has expired; upload the package again."), field="package")
    try:
        claim = signing.loads(token, salt=_SALT, max_age=UPLOAD_MAX_AGE)
    except signing.BadSignature as exc:
        raise expired from exc
    if claim.get("user") != actor.user.pk or claim.get("org") != organization.pk:
        raise expired
    stored = StoredFile.objects.filter(sha256=claim.get("sha256", "")).first()
    if stored is None:
        raise expired
    return file_read(stored)


def delivered_waiting_for(organization: Organization) -> QuerySet[DeliveredPackage]:
    """Packages peers delivered to the organization that its clerk has not registered (new
    documents: a recall, update or replacement is applied by the worker, not registered)."""
    registered = ReceivedPackage.objects.filter(
        organization=OuterRef("organization"),
        sender_organ_id=OuterRef("sender_organ_id"),
        edxml_document_id=OuterRef("edxml_document_id"),
        business_type=OuterRef("business_type"),
    )
    return (
        DeliveredPackage.objects.filter(
            organization=organization, refused_at__isnull=True, business_type=BusinessType.NEW
        )
        .exclude(Exists(registered))
        .select_related("peer")
    )


def delivered_get_for(organization: Organization, pk: int) -> DeliveredPackage:
    """One package a peer delivered to the organization (registered or refused included),
    else 404: another organization's package does not exist for this one's clerk."""
    delivered = (
        DeliveredPackage.objects.filter(pk=pk, organization=organization)
        .select_related("package", "peer", "organization")
        .first()
    )
    if delivered is None:
        raise Http404("delivered package not found")
    return delivered
