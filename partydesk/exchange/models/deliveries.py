"""Outgoing packages: one tracked delivery per (released document, recipient), with the
business statuses the recipient reports back (QCVN 102:2016, domain rules §2.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.core.models import StoredFile
from partydesk.documents.models import Document
from partydesk.exchange.models.packages import BusinessType
from partydesk.organizations.models import Organization


class StatusCode(models.TextChoices):
    """StatusCode of the status package, as the two-digit string the axis sends."""

    ARRIVED = "01", pgettext_lazy("delivery status", "Arrived")
    REJECTED = "02", pgettext_lazy("delivery status", "Refused")
    REGISTERED = "03", pgettext_lazy("delivery status", "Registered")
    ASSIGNED = "04", pgettext_lazy("delivery status", "Assigned")
    IN_PROGRESS = "05", pgettext_lazy("delivery status", "In progress")
    COMPLETED = "06", pgettext_lazy("delivery status", "Completed")
    RECALL_REQUESTED = "13", pgettext_lazy("delivery status", "Recall requested")
    RECALL_ACCEPTED = "15", pgettext_lazy("delivery status", "Recall accepted")
    RECALL_REFUSED = "16", pgettext_lazy("delivery status", "Recall refused")


class Transfer(models.TextChoices):
    """Where a package to another installation is on the network (blank: a local one)."""

    SENDING = "sending", _("Being sent")
    RETRYING = "retrying", _("Retrying")
    REFUSED = "refused", _("Refused by the peer")
    DELIVERED = "delivered", _("Delivered to the peer")


class OutgoingPackage(models.Model):
    """A released document on its way to one recipient organization, and the last status
    the recipient reported (kept here so lists need no look into the history)."""

    # Not indexed alone: outgoing_package_once leads with it (a fan-out writes 10,000 rows).
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=pgettext_lazy("organization", "recipient"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    business_type = models.PositiveSmallIntegerField(
        _("business type"), choices=BusinessType.choices, default=BusinessType.NEW
    )
    sent_at = models.DateTimeField(_("sent at"))
    status = models.CharField(_("status"), max_length=2, choices=StatusCode.choices, blank=True)
    status_at = models.DateTimeField(_("status at"), null=True, blank=True)
    # A package to another installation (ADR 0020): the peer, the signed bytes (built once,
    # so retries send the same package) and how the last attempt went.
    peer = models.ForeignKey(
        "exchange.Peer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    edxml_document_id = models.CharField(_("DocumentId"), max_length=300, blank=True)
    package = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signature = models.BinaryField(_("signature"), null=True, blank=True)
    transfer = models.CharField(
        _("transfer"), max_length=10, choices=Transfer.choices, blank=True, default=""
    )
    transfer_attempts = models.PositiveIntegerField(_("attempts"), default=0)
    transfer_error = models.TextField(_("last error"), blank=True)
    transfer_problems = models.JSONField(
        pgettext_lazy("transfer", "problems"), default=list, blank=True
    )
    transferred_at = models.DateTimeField(_("delivered to the peer at"), null=True, blank=True)
    # A recall, update or replacement (business type 1-3, ADR 0020): the sender's reason and,
    # for an update or a replacement, the released document that takes the old one's place.
    reason = models.TextField(_("reason"), blank=True)
    replacement = models.ForeignKey(
        Document,
        verbose_name=_("new version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("outgoing package")
        verbose_name_plural = _("outgoing packages")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "organization", "business_type"], name="outgoing_package_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "sent_at"], name="outgoing_package_waiting")]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.organization_id}"


class PackageStatus(models.Model):
    """One status the recipient reported, with when, who and why."""

    package = models.ForeignKey(OutgoingPackage, on_delete=models.CASCADE, related_name="statuses")
    code = models.CharField(_("status"), max_length=2, choices=StatusCode.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    # Who reported it in the peer installation (StaffInfo), when not a person of ours.
    by_name = models.CharField(_("reported by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("package status")
        verbose_name_plural = _("package statuses")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.code
