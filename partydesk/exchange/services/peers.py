"""The directory of peers (administrators keep it) and the trust it gives: a package from a
peer's organization must be signed under that peer's CA."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Sequence
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import Acting
from partydesk.exchange.models import Peer, PeerOrganId
from partydesk.exchange.permissions import PEERS_MANAGE
from partydesk.exchange.services.organ_ids import organ_id_clean
from partydesk.organizations.models import Organization
from partydesk.signatures import cms


class PackageUntrusted(Exception):
    """A delivered package's signature is not one this installation trusts."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def ca_certificate_parse(pem: bytes) -> x509.Certificate:
    """The peer's CA certificate, refused unless it is one PEM certificate of a CA."""
    try:
        certificate = x509.load_pem_x509_certificate(pem)
    except ValueError as exc:
        raise InvalidInput(
            _("The file is not a PEM certificate (-----BEGIN CERTIFICATE-----)."),
            field="ca_certificate",
        ) from exc
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
        is_ca = constraints.value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise InvalidInput(
            _("This certificate is not a certification authority's (no CA basic constraint)."),
            field="ca_certificate",
        )
    if certificate.not_valid_after_utc <= timezone.now():
        raise InvalidInput(
            _("This CA certificate expired on %(date)s.")
            % {"date": certificate.not_valid_after_utc.strftime("%d/%m/%Y")},
            field="ca_certificate",
        )
    return certificate


_LOOPBACK_NAMES = {"localhost"}


def peer_url_allowed(url: str) -> bool:
    """Packages travel over HTTPS; http:// only to a loopback address, and only where
    PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK says so (tests, `make run-peer`)."""
    parts = urlsplit(url)
    if not parts.hostname:
        return False
    if parts.scheme == "https":
        return True
    if parts.scheme != "http" or not settings.PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK:
        return False
    if parts.hostname in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def _check_allowed(actor: Acting) -> None:
    roots = Organization.objects.filter(parent__isnull=True)
    if not any(actor.can(PEERS_MANAGE, on=root) for root in roots):
        raise NotAllowed(_("Only an administrator of the installation manages its peers."))


def _codes(organ_ids: Sequence[str], peer: Peer | None) -> list[str]:
    codes = sorted({organ_id_clean(code) for code in organ_ids})
    taken = PeerOrganId.objects.filter(code__in=codes).select_related("peer")
    if peer is not None:
        taken = taken.exclude(peer=peer)
    for row in taken:
        raise InvalidInput(
            _("%(code)s is already served by the peer %(peer)s.")
            % {"code": row.code, "peer": row.peer.name},
            field="organ_ids",
        )
    return codes


@transaction.atomic
def peer_save(
    *,
    actor: Acting,
    name: str,
    base_url: str,
    organ_ids: Sequence[str],
    ca_certificate_pem: bytes,
    peer: Peer | None = None,
) -> Peer:
    """Add a peer, or change one: its address, the identifiers it serves, its CA."""
    _check_allowed(actor)
    certificate = ca_certificate_parse(ca_certificate_pem)
    if not peer_url_allowed(base_url.strip()):
        raise InvalidInput(_("The base URL starts with https://."), field="base_url")
    codes = _codes(organ_ids, peer)
    peer = peer or Peer()
    peer.name = name.strip()
    peer.base_url = base_url.strip().rstrip("/") + "/"
    peer.ca_certificate_pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    peer.ca_fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
    peer.ca_subject = certificate.subject.rfc4514_string()[:500]
    peer.changed_by = actor.user
    peer.save()
    peer.organ_ids.all().delete()
    PeerOrganId.objects.bulk_create(PeerOrganId(peer=peer, code=code) for code in codes)
    audit_log(
        actor=actor.user,
        action="exchange.peer.saved",
        target=peer,
        details={"base_url": peer.base_url, "organ_ids": codes, "ca": peer.ca_fingerprint},
    )
    return peer


def peer_serving(organ_id: str) -> Peer | None:
    row = (
        PeerOrganId.objects.filter(code=organ_id, peer__is_active=True)
        .select_related("peer")
        .first()
    )
    return row.peer if row is not None else None


def _chains_to(signer: x509.Certificate, bag: list[x509.Certificate], ca: x509.Certificate) -> bool:
    """`signer` is issued by `ca`, directly or through CA certificates carried in `bag`."""
    current = signer
    for _step in range(4):
        if cms.issued_by(current, ca):
            return True
        parent = next(
            (c for c in bag if c.subject == current.issuer and cms.issued_by(current, c)), None
        )
        if parent is None or parent == current:
            return False
        current = parent
    return False


def package_signature_verify(
    *, sender_organ_id: str, signature: bytes, data: bytes, now: dt.datetime | None = None
) -> Peer:
    """The peer that vouches for the package: the sender must be served by a known peer, and
    the detached signature must hold and chain to that peer's CA."""
    peer = peer_serving(sender_organ_id)
    if peer is None:
        raise PackageUntrusted(
            _("No peer of this installation serves the sender %(code)s.")
            % {"code": sender_organ_id}
        )
    try:
        signed = cms.verify_detached(signature, data)
        bag = pkcs7.load_der_pkcs7_certificates(signature)
    except (cms.ProofError, ValueError) as exc:
        raise PackageUntrusted(_("The package's signature does not hold: %s") % exc) from exc
    ca = x509.load_pem_x509_certificate(peer.ca_certificate_pem.encode())
    if not _chains_to(signed.certificate, bag, ca):
        raise PackageUntrusted(
            _("The package is signed by %(signer)s, which the CA of %(peer)s did not certify.")
            % {"signer": signed.certificate.subject.rfc4514_string(), "peer": peer.name}
        )
    moment = now or timezone.now()
    certificate = signed.certificate
    if not certificate.not_valid_before_utc <= moment <= certificate.not_valid_after_utc:
        raise PackageUntrusted(_("The package's signing certificate is not valid now."))
    return peer
