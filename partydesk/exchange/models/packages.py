"""Packages received and registered: the record that makes receiving idempotent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partydesk.core.models import StoredFile
from partydesk.documents.models import Document
from partydesk.organizations.models import Organization


class BusinessType(models.IntegerChoices):
    """BussinessDocType of QCVN 102:2016 (the same integers as edxml.BusinessType)."""

    NEW = 0, _("New document")
    RECALL = 1, _("Recall of a document")
    UPDATE = 2, _("Update of a document")
    REPLACE = 3, _("Replacement of a document")


class PackageKey(models.Model):
    """What makes a package the same package for one receiving organization."""

    # Not indexed alone: each subclass's unique "once" constraint leads with it.
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("receiving organization"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    sender_organ_id = models.CharField(_("sender's identifier"), max_length=13)
    edxml_document_id = models.CharField(_("DocumentId"), max_length=300)
    business_type = models.PositiveSmallIntegerField(
        _("business type"), choices=BusinessType.choices, default=BusinessType.NEW
    )

    class Meta:
        abstract = True


class ReceivedPackage(PackageKey):
    """One package registered by an organization of this installation. The same package
    (sender, DocumentId, business type) registers once per receiving organization, however
    often it is uploaded or delivered."""

    document = models.ForeignKey(
        Document, verbose_name=_("registered as"), on_delete=models.PROTECT, related_name="+"
    )
    package = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("received package")
        verbose_name_plural = _("received packages")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "sender_organ_id", "edxml_document_id", "business_type"],
                name="received_package_once",
            ),
        ]

    def __str__(self) -> str:
        return self.edxml_document_id


class DeliveredPackage(PackageKey):
    """A package a peer installation delivered to one of our organizations, waiting for its
    clerk. Delivered once per (sender, DocumentId, business type, receiving organization),
    however often the peer retries."""

    subject = models.TextField(_("subject"), blank=True)
    peer = models.ForeignKey(
        "exchange.Peer", verbose_name=_("peer"), on_delete=models.PROTECT, related_name="+"
    )
    package = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    signature = models.BinaryField(_("signature"))
    delivered_at = models.DateTimeField(_("delivered at"), auto_now_add=True)
    # The clerk refused it instead of registering it (status 02 goes back with the reason).
    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_reason = models.TextField(_("reason for refusing"), blank=True)
    # A recall, update or replacement (business type 1-3, ADR 0020): the DocumentId of the
    # document it acts on (Bussiness/DocumentId), the sender's reason, and what this
    # installation answered (15 done, 16 not possible, with why) once it applied it.
    business_document_id = models.CharField(_("document acted on"), max_length=300, blank=True)
    business_reason = models.TextField(_("sender's reason"), blank=True)
    answer = models.CharField(_("answer"), max_length=2, blank=True)
    answer_reason = models.TextField(_("why"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-delivered_at", "-pk"]
        verbose_name = _("delivered package")
        verbose_name_plural = _("delivered packages")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "sender_organ_id", "edxml_document_id", "business_type"],
                name="delivered_package_once",
            ),
        ]

    def __str__(self) -> str:
        return self.edxml_document_id
