"""Read-only operator views of the organization tables (/ops/admin/).

Every change goes through the services (history, audit, paths), so the admin only shows."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from partydesk.organizations.models import (
    CommitteeTerm,
    MembershipEvent,
    MembershipRule,
    Organization,
    OrganizationRevision,
    PartyMembership,
    Person,
    Position,
    Restructuring,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "abbreviation", "kind", "depth", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "name", "search_name")
    ordering = ("path",)


@admin.register(OrganizationRevision)
class OrganizationRevisionAdmin(ReadOnlyAdmin):
    list_display = ("organization", "name", "abbreviation", "parent", "valid_from", "valid_to")
    list_select_related = ("organization", "parent")
    search_fields = ("name",)


@admin.register(Restructuring)
class RestructuringAdmin(ReadOnlyAdmin):
    list_display = ("kind", "effective_on", "decision", "recorded_at")
    list_filter = ("kind",)


@admin.register(CommitteeTerm)
class CommitteeTermAdmin(ReadOnlyAdmin):
    list_display = ("organization", "name", "starts_on", "ends_on")
    list_select_related = ("organization",)


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "organization", "birth_date")
    list_select_related = ("organization",)
    search_fields = ("search_name", "citizen_id")


@admin.register(PartyMembership)
class PartyMembershipAdmin(ReadOnlyAdmin):
    list_display = ("person", "status", "admission_decision_date", "official_recognition_date")
    list_filter = ("status",)
    list_select_related = ("person",)


@admin.register(MembershipEvent)
class MembershipEventAdmin(ReadOnlyAdmin):
    list_display = ("membership", "kind", "occurred_on")
    list_filter = ("kind",)


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    list_display = ("person", "organization", "title", "starts_on", "ends_on")
    list_select_related = ("person", "organization")


@admin.register(MembershipRule)
class MembershipRuleAdmin(ReadOnlyAdmin):
    list_display = (
        "valid_from",
        "ceremony_working_days",
        "probation_months",
        "review_working_days",
        "min_admission_age",
        "source",
    )
