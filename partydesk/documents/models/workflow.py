"""A draft's review rounds and every document's history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partydesk.documents.models.documents import Document
from partydesk.documents.models.reference import ReviewStepKind


class Decision(models.TextChoices):
    PENDING = "pending", _("Waiting")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for revision")
    SKIPPED = "skipped", _("Not reached")


class ReviewStep(models.Model):
    """One reviewer's step for one review round of a draft (copied from the chain on submit)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="review_steps")
    round = models.PositiveSmallIntegerField(_("round"))
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    role = models.ForeignKey(
        "accounts.Role", verbose_name=_("role"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ReviewStepKind.choices)
    label = models.CharField(_("label"), max_length=100, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document_id", "round", "position"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "round", "position"], name="review_step_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} r{self.round} #{self.position} {self.decision}"


class DocumentEvent(models.Model):
    """The document's history: every step, note, comment and view of a classified document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.TextField(_("note"), blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["document_id", "at", "id"]
        verbose_name = _("document event")
        verbose_name_plural = _("document events")

    def __str__(self) -> str:
        return f"{self.document_id} {self.action}"


class CoSigner(models.Model):
    """A person who signs the document before its signer, in order (the secretary of a
    meeting's minutes before the chair). Named when the draft is created."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="co_signers")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-signer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    # The signed version this co-signature made.
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["document_id", "position"]
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="co_signer_position"),
            models.UniqueConstraint(fields=["document", "user"], name="co_signer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} #{self.position} {self.user_id}"
