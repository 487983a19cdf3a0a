"""People and units a document can be assigned to, signed by or released to."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from partydesk.accounts.models import User
from partydesk.organizations.models import Organization, OrganizationKind


def people_of(organization: Organization, *, min_clearance: int = 0) -> QuerySet[User]:
    """Active users with a current role in the organization or below it."""
    today = timezone.localdate()
    current = Q(role_grants__valid_from__lte=today) & (
        Q(role_grants__valid_to__isnull=True) | Q(role_grants__valid_to__gte=today)
    )
    return (
        User.objects.filter(
            current,
            is_active=True,
            role_grants__organization__path__startswith=organization.path,
            clearance__gte=min_clearance,
        )
        .select_related("person")
        .distinct()
        .order_by("person__sort_key", "username")
    )


def signers_with_roles(organization: Organization) -> dict[User, str]:
    """Each person who may sign for the organization (signatures.sign on it), with the name
    of the role that lets them ("Bí thư"), so a drafter can tell who is who."""
    today = timezone.localdate()
    language = get_language() or "vi"
    ancestor_ids = [int(s) for s in organization.path.split(".") if s]
    users = (
        User.objects.filter(
            is_active=True,
            role_grants__organization_id__in=ancestor_ids,
            role_grants__valid_from__lte=today,
        )
        .filter(Q(role_grants__valid_to__isnull=True) | Q(role_grants__valid_to__gte=today))
        .prefetch_related("role_grants__role")
        .select_related("person")
        .distinct()
    )
    found: dict[User, str] = {}
    for u in users:
        for g in u.role_grants.all():
            if (
                g.is_current(today)
                and g.organization_id in ancestor_ids
                and "signatures.sign" in (g.role.capabilities or [])
            ):
                found[u] = g.role.label(language)
                break
    return found


def units_of(organization: Organization) -> QuerySet[Organization]:
    """Units below the organization (departments, cells) that can lead a task."""
    return (
        Organization.objects.filter(path__startswith=organization.path, valid_to__isnull=True)
        .exclude(pk=organization.pk)
        .order_by("kind", "path")
    )


def release_targets_for(organization: Organization) -> QuerySet[Organization]:
    """Party organizations in the installation an outgoing document can be released to:
    the issuer's subtree and its parent's other units (not departments of other bodies)."""
    root_path = organization.path[:7] if organization.path else ""
    return (
        Organization.objects.filter(path__startswith=root_path, valid_to__isnull=True)
        .exclude(pk=organization.pk)
        .exclude(kind=OrganizationKind.DEPARTMENT)
        .order_by("path")
    )
