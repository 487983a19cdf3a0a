"""Read-only operator views of accounts (/ops/admin/). Every change goes through the services
and the pages of the app, so it is checked and audited; secrets are never shown here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partydesk.accounts.models import ApiToken, Role, RoleGrant, User
from partydesk.core.capabilities import declared


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "email", "person", "clearance", "is_active", "locked_until"]
    list_filter = ["is_active", "clearance"]
    search_fields = ["username", "email", "person__full_name"]
    fields = [
        "username", "email", "first_name", "last_name", "person", "clearance",
        "acting_organization", "is_active", "is_staff", "is_superuser", "last_login",
        "date_joined", "failed_login_count", "locked_until", "totp_confirmed_at",
    ]  # fmt: skip


@admin.register(Role)
class RoleAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "name_en", "requires_two_factor", "allows"]

    @admin.display(description=_("allows"))
    def allows(self, role: Role) -> str:
        """The role's capabilities as the apps label them (an undeclared one shows its code)."""
        known = declared()
        return "; ".join(str(known[c].label) if c in known else c for c in role.capabilities)


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "organization", "valid_from", "valid_to", "granted_by"]
    list_filter = ["role"]
    search_fields = ["user__username", "organization__name"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
