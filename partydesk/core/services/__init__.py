"""Writes of the shared kernel: content-addressed files, notifications, the outbox."""

from partydesk.core.services.files import file_read, file_store, files_storage
from partydesk.core.services.notifications import (
    notification_kind_label,
    notification_kind_register,
    notification_preference_set,
    notification_read,
    notifications_digest,
    notifications_read_about,
    notifications_read_all,
    notify,
)
from partydesk.core.services.outbox import (
    outbox_deliver,
    outbox_deliver_message,
    outbox_enqueue,
    outbox_handler,
)

__all__ = [
    "file_read",
    "file_store",
    "files_storage",
    "notification_kind_label",
    "notification_kind_register",
    "notification_preference_set",
    "notification_read",
    "notifications_digest",
    "notifications_read_about",
    "notifications_read_all",
    "notify",
    "outbox_deliver",
    "outbox_deliver_message",
    "outbox_enqueue",
    "outbox_handler",
]
