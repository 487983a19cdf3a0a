"""Certification authorities, certificates, signature images and the record of what was signed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.organizations.models import Organization


class AuthorityRole(models.TextChoices):
    ROOT = "root", _("Root CA")
    ISSUING = "issuing", _("Issuing CA")


class CertificateAuthority(models.Model):
    """One of the installation's two CAs; its private key is PKCS#8-encrypted with the
    passphrase from the environment, and it keeps the CRL it last published."""

    role = models.CharField(_("role"), max_length=16, choices=AuthorityRole.choices, unique=True)
    name = models.CharField(_("name"), max_length=255)
    certificate_der = models.BinaryField(_("certificate"))
    key_pem_encrypted = models.TextField(_("encrypted private key"))
    crl_der = models.BinaryField(_("current CRL"), null=True, blank=True)
    crl_number = models.PositiveBigIntegerField(_("CRL number"), default=0)
    crl_next_update = models.DateTimeField(_("CRL next update"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("certification authority")
        verbose_name_plural = _("certification authorities")

    def __str__(self) -> str:
        return self.name


class CertificateKind(models.TextChoices):
    PERSONAL = "personal", _("Personal signature")
    ORGANIZATION = "organization", _("Organization seal")
    TSA = "tsa", _("Time-stamp authority")
    INSTALLATION = "installation", _("Installation seal (audit checkpoints)")


class KeyStorage(models.TextChoices):
    """Where the private key lives, which decides how a signature is made."""

    SERVER = "server", _("On the server (encrypted)")
    PKCS11 = "pkcs11", _("On the server's hardware token (PKCS#11)")
    CLIENT_TOKEN = "client_token", _("On the signer's own USB token")


class CertificateStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUPERSEDED = "superseded", _("Replaced")
    REVOKED = "revoked", _("Revoked")


class RevocationReason(models.TextChoices):
    """The RFC 5280 reasons a person can choose from."""

    UNSPECIFIED = "unspecified", _("Unspecified")
    KEY_COMPROMISE = "key_compromise", _("Key compromised or token lost")
    AFFILIATION_CHANGED = "affiliation_changed", _("Left the position or organization")
    SUPERSEDED = "superseded", _("Replaced by a new certificate")
    CESSATION_OF_OPERATION = "cessation_of_operation", _("No longer needed")


class Certificate(models.Model):
    """An X.509 certificate the installation signs with: issued by our CA or imported."""

    kind = models.CharField(_("kind"), max_length=16, choices=CertificateKind.choices)
    key_storage = models.CharField(_("key storage"), max_length=16, choices=KeyStorage.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.ACTIVE,
        db_index=True,
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        help_text=_("The sealing unit, or the organization the holder worked for when issued."),
    )
    issued_by = models.ForeignKey(
        CertificateAuthority,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued",
        help_text=_("Empty for certificates of an external CA."),
    )
    subject = models.CharField(pgettext_lazy("certificate", "subject"), max_length=500)
    issuer = models.CharField(pgettext_lazy("certificate", "issuer"), max_length=500)
    serial_hex = models.CharField(_("serial number"), max_length=64)
    fingerprint_sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"), db_index=True)
    certificate_der = models.BinaryField(_("certificate"))
    chain_der = models.JSONField(
        _("CA chain"), default=list, blank=True, help_text=_("Hex DER of the issuing CAs.")
    )
    key_pem_encrypted = models.TextField(_("encrypted private key"), blank=True)
    pkcs11_token_label = models.CharField(_("token label"), max_length=100, blank=True)
    pkcs11_key_label = models.CharField(_("key label"), max_length=100, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("revocation reason"), max_length=32, choices=RevocationReason.choices, blank=True
    )
    renewed_from = models.ForeignKey(
        "self",
        verbose_name=_("renewal of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewals",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [
            models.Index(fields=["organization", "status"], name="cert_org_status_idx"),
            models.Index(fields=["holder", "kind", "status"], name="cert_holder_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["holder"],
                condition=Q(kind="personal", status="active"),
                name="cert_one_active_personal",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(kind="organization", status="active"),
                name="cert_one_active_seal",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="tsa", status="active"),
                name="cert_one_active_tsa",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="installation", status="active"),
                name="cert_one_active_installation",
            ),
            models.CheckConstraint(
                condition=~Q(kind="personal") | Q(holder__isnull=False),
                name="cert_personal_has_holder",
            ),
            models.CheckConstraint(
                condition=~Q(kind="organization") | Q(organization__isnull=False),
                name="cert_seal_has_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.serial_hex[:12]})"

    @property
    def is_expired(self) -> bool:
        return self.not_after <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.status == CertificateStatus.ACTIVE and not self.is_expired

    def chain_bytes(self) -> list[bytes]:
        return [bytes.fromhex(item) for item in self.chain_der]


class ImageKind(models.TextChoices):
    SIGNATURE = "signature", _("Handwritten signature")
    SEAL = "seal", _("Seal")


class SignatureImage(models.Model):
    """A person's handwritten signature (blue) or a unit's seal (red, real size), normalized to
    a transparent PNG; drawn on visible signatures (Decree 30, annex I)."""

    kind = models.CharField(_("kind"), max_length=16, choices=ImageKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signature_images",
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="seal_images"
    )
    png = models.BinaryField(_("image"))
    sha256 = models.CharField(max_length=64)
    width_px = models.PositiveIntegerField()
    height_px = models.PositiveIntegerField()
    width_mm = models.DecimalField(
        _("printed width (mm)"),
        max_digits=5,
        decimal_places=1,
        help_text=_("Seals are drawn at their real size."),
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("signature image")
        verbose_name_plural = _("signature images")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(kind="signature"), name="sigimg_one_per_user"
            ),
            models.UniqueConstraint(
                fields=["organization"], condition=Q(kind="seal"), name="sigimg_one_seal_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.user_id or self.organization_id}"


class SigningRecord(models.Model):
    """One signature partydesk applied: who, with which certificate, on which bytes."""

    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        related_name="signings",
        verbose_name=_("certificate"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed by"),
    )
    organization = models.ForeignKey(
        Organization, null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CertificateKind.choices)
    level = models.CharField(_("PAdES level"), max_length=8)
    field_name = models.CharField(_("signature field"), max_length=100)
    number_symbol = models.CharField(_("number and symbol"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    input_sha256 = models.CharField(_("document before (SHA-256)"), max_length=64)
    output_sha256 = models.CharField(_("document after (SHA-256)"), max_length=64, db_index=True)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-signed_at", "-id"]
        verbose_name = _("signing")
        verbose_name_plural = _("signings")

    def __str__(self) -> str:
        return f"{self.field_name} {self.output_sha256[:12]}"


class ArchivedPdf(models.Model):
    """A PAdES B-LTA document whose archive time-stamp chain we keep extending (jobs.py)."""

    first_sha256 = models.CharField(max_length=64, unique=True)
    latest_sha256 = models.CharField(max_length=64, db_index=True)
    storage_name = models.CharField(max_length=255)
    timestamp_expires_at = models.DateTimeField(db_index=True)
    renewed_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("archived PDF")
        verbose_name_plural = _("archived PDFs")

    def __str__(self) -> str:
        return self.latest_sha256[:12]


class TokenSession(models.Model):
    """A document prepared for signing on the signer's own token (interrupted signing):
    the server keeps the prepared bytes until the token's signature value comes back."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        Organization, null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=CertificateKind.choices)
    field_name = models.CharField(max_length=100)
    number_symbol = models.CharField(max_length=100, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    input_sha256 = models.CharField(max_length=64)
    prepared_pdf = models.BinaryField()
    signed_attrs_der = models.BinaryField()
    document_digest = models.BinaryField()
    reserved_start = models.PositiveBigIntegerField()
    reserved_end = models.PositiveBigIntegerField()
    md_algorithm = models.CharField(max_length=16)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.id)
