"""Operator views of the shared kernel; the audit trail is read-only even here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partydesk.core.models import AuditEvent, Holiday, OutboxMessage


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["id", "sequence", "occurred_at", "actor_label", "action", "target_label"]
    list_filter = ["action"]
    search_fields = ["action", "target_label", "actor_label"]
    # The seal (sequence, hashes) lives in its own table: one LEFT JOIN, not a query a row.
    list_select_related = ["seal"]
    readonly_fields = ["sequence", "prev_hash", "hash"]

    @admin.display(description=_("sequence"))
    def sequence(self, obj: AuditEvent) -> int | None:
        """The event's place in the chain, or nothing while it waits for the sealer."""
        seal = obj.sealed
        return seal.seq if seal else None

    @admin.display(description=_("previous hash"))
    def prev_hash(self, obj: AuditEvent) -> str:
        seal = obj.sealed
        return seal.prev_hash if seal else ""

    @admin.display(description=_("hash"))
    def hash(self, obj: AuditEvent) -> str:
        seal = obj.sealed
        return seal.hash if seal else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_day_off"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Operators watch for failed messages; the worker alone changes them."""

    list_display = ["id", "kind", "status", "attempts", "next_attempt_at", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["idempotency_key", "last_error"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
