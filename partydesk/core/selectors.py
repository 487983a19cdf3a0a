"""Reads of the shared kernel: a person's notifications, stored files, and the state of work
an app queued in the outbox."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from partydesk.core.models import (
    EmailFrequency,
    Notification,
    NotificationPreference,
    OutboxMessage,
    StoredFile,
)


def notification_unread_count(user: Any) -> int:
    """The number on the bell: one count over a partial index, whatever apps are installed."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_list_for(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's own notifications, newest first (nobody sees another's)."""
    rows = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-id")


def notification_get_for(user: Any, pk: int) -> Notification:
    """One of the person's notifications; anyone else's is a 404."""
    notification = Notification.objects.filter(pk=pk, recipient_id=user.pk).first()
    if notification is None:
        raise Http404("notification not found")
    return notification


def notification_email_frequency(user: Any) -> str:
    """How the person chose to get notifications by email (right away unless they chose)."""
    chosen = (
        NotificationPreference.objects.filter(user_id=user.pk)
        .values_list("email", flat=True)
        .first()
    )
    return chosen or EmailFrequency.IMMEDIATE.value


def stored_file_get(sha256: str) -> StoredFile | None:
    """The stored file with this content, if any."""
    return StoredFile.objects.filter(sha256=sha256).first()


def outbox_latest(kind: str, **payload: object) -> OutboxMessage | None:
    """The newest outbox message of `kind` whose payload holds these values: what a page
    shows of slow work it queued (waiting, failing with the last error, done)."""
    filters = {f"payload__{key}": value for key, value in payload.items()}
    return OutboxMessage.objects.filter(kind=kind, **filters).order_by("-pk").first()
