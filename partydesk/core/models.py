"""Shared kernel tables: the audit chain, the working-day calendar, content-addressed files,
notifications and the transactional outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for tables that record when a row was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One recorded change. Insert-only: the row is written once by the request and never
    updated; its place in the hash chain is a narrow `AuditSeal` row the sealer adds after
    commit (core/audit/seal.py, ADR 0025)."""

    occurred_at = models.DateTimeField(_("time"), db_index=True)
    # No index on the actor: the viewer finds actors by label or username (an OR no index
    # serves), and users are never deleted (PROTECT), so the index would only cost writes.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    organization_id = models.BigIntegerField(_("organization"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            # The viewer: the scope's events, newest first (keyset on id).
            models.Index(fields=["organization_id", "-id"], name="audit_org_id_idx"),
            # Action prefixes (LIKE 'x%') and exact actions, with one index on PostgreSQL
            # (pattern_ops serves both; the opclass is ignored elsewhere).
            models.Index(
                fields=["action"], name="audit_action_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} ({self.occurred_at:%Y-%m-%d %H:%M:%S})"

    @property
    def sealed(self) -> AuditSeal | None:
        """The event's seal, or None while it waits for the sealer. Load it with
        `select_related("seal")` when reading many events (one query, a LEFT JOIN)."""
        try:
            return self.seal  # type: ignore[no-any-return]
        except AuditSeal.DoesNotExist:
            return None


class AuditSeal(models.Model):
    """An event's place in the SHA-256 chain: its sequence number, the previous event's hash
    and its own hash over the event's fields and these two. Written only by the sealer, in
    bulk, so that the wide event row is never updated."""

    seq = models.PositiveBigIntegerField(_("sequence"), primary_key=True)
    event = models.OneToOneField(
        AuditEvent, verbose_name=_("event"), on_delete=models.PROTECT, related_name="seal"
    )
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:16]}"


class AuditChainHead(models.Model):
    """The newest sealed event of the chain; its row lock serializes the sealer only.

    `scan_from` is the sealer's low-water mark: every event with a smaller id is sealed, so
    a pass looks only above it. It moves past an id only once every transaction that could
    still commit an event with that id has ended (`horizon`, see core/audit/seal.py)."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    scan_from = models.PositiveBigIntegerField(default=0)
    horizon_id = models.PositiveBigIntegerField(default=0)
    horizon = models.TextField(blank=True, default="")

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


class StoredFile(models.Model):
    """File content stored once under its SHA-256; never overwritten, shared by every row
    that points at it (document versions, imports, archives)."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    storage_name = models.CharField(max_length=255)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(_("extracted text"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.sha256

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class Notification(models.Model):
    """Something one person should know about: shown under the bell, emailed as they chose."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    # The values of its kind's sentence (the receiving organization's name), stored as they
    # were when it was sent; the sentence is translated when shown, in the reader's language.
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    organization_id = models.BigIntegerField(_("organization"), null=True, blank=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-urgent", "-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The bell: one count over this partial index on every page.
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),
            models.Index(fields=["target_type", "target_id"], name="notification_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind}: {self.title}"


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Right away, one email per notification")
    DAILY = "daily", _("Once a day, in one digest")
    OFF = "off", _("Never: only under the bell")


class NotificationPreference(models.Model):
    """How one person wants notifications by email (no row: right away)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(
        _("email me"),
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be delivered")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed; gave up")


class OutboxMessage(models.Model):
    """A side effect (email, a message to another installation) written in the same
    transaction as the change that causes it, and delivered by a worker afterwards."""

    kind = models.CharField(_("kind"), max_length=100)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # When the next worker may take it: now for a new row, later after a failure (backoff),
    # and a short lease while a worker holds it, so a crashed worker's message comes back.
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outbox_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.idempotency_key} ({self.status})"
