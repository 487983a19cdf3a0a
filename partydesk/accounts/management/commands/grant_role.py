"""`manage.py grant_role USERNAME ROLE ORGANIZATION_CODE`: the operator's way to give the first
administrator a role (after `createsuperuser`); later grants are made in the app."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from partydesk.accounts.models import Role, User
from partydesk.accounts.services.grants import role_grant_by_operator
from partydesk.core.errors import DomainError
from partydesk.organizations.models import Organization


class Command(BaseCommand):
    help = "Grant a role on an organization subtree (recorded in the audit trail as 'system')."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("role", help="Role code, e.g. admin, secretary, clerk.")
        parser.add_argument("organization", help="Organization code.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["username"]).first()
        role = Role.objects.filter(code=options["role"]).first()
        org = Organization.objects.filter(code=options["organization"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        if role is None:
            codes = ", ".join(Role.objects.values_list("code", flat=True))
            raise CommandError(f"No role {options['role']!r}. Roles: {codes}.")
        if org is None:
            raise CommandError(f"No organization with code {options['organization']!r}.")
        try:
            grant = role_grant_by_operator(user=user, role=role, organization=org)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            f"{user.username} now holds {role.code} on {org.name} (grant #{grant.pk})."
        )
