"""Shared kernel tables: the audit chain and the working-day calendar."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for tables that record when a row was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One recorded change, chained to the previous one by SHA-256 so tampering shows.

    A request inserts the row unsealed (no `seq`, no hashes, no lock); the sealer gives it
    its place in the chain shortly after commit (see core/audit/seal.py).
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, null=True, blank=True)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    organization_id = models.BigIntegerField(_("organization"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["organization_id", "-id"], name="audit_org_id_idx"),
            # The sealer's queue: the few rows not yet in the chain, oldest first.
            models.Index(fields=["id"], condition=Q(seq__isnull=True), name="audit_unsealed_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditChainHead(models.Model):
    """The newest sealed event of the chain; its row lock serializes the sealer only."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head #{self.last_seq}"


class AuditVerification(models.Model):
    """One run of the chain check (by `audit_verify`, `audit_checkpoint` or a job)."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    ok = models.BooleanField(_("intact"))
    events = models.PositiveBigIntegerField(_("events checked"), default=0)
    problems = models.PositiveIntegerField(_("problems"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    checkpoint_seq = models.PositiveBigIntegerField(_("checkpoint"), null=True, blank=True)

    class Meta:
        ordering = ["-finished_at"]
        verbose_name = _("audit verification")
        verbose_name_plural = _("audit verifications")

    def __str__(self) -> str:
        return (
            f"audit verification {self.finished_at:%Y-%m-%d %H:%M} {'ok' if self.ok else 'FAILED'}"
        )


class Holiday(models.Model):
    """A calendar override: a day off (holiday, Tết bridge) or a make-up working day.

    Statutory holidays (lunar ones included) come from the `holidays` package; rows here
    add days off the Government announces each year or make a weekend day a working day.
    """

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_day_off = models.BooleanField(
        _("day off"), default=True, help_text=_("Untick to make this day a working day.")
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"
