"""Register an edXML package received by other means (a disk, email, the State axis) in the
organization it is addressed to, or in --to: the clerk's upload, for operators. The package
goes through every check of the upload and of the network (size, no DTD or entities, the
schema, DocumentId, manifest, PDF); the same package twice is registered once.

    python manage.py exchange_receive nghi-quyet-12.edxml --as van_thu_a [--to 000.01.01.H40]

Registering is a clerk's act in the register (documents records who registered), so the
operator names the clerk (--as) in whose name it is done; the clerk must be able to
receive packages for the organization.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partydesk.accounts.models import User
from partydesk.accounts.selectors import actor_for
from partydesk.core.errors import DomainError
from partydesk.exchange.edxml import PackageRefused, package_read
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.selectors.organ_ids import organization_for_organ_id
from partydesk.exchange.services.receive import max_package_bytes, package_register
from partydesk.organizations.models import Organization


class Command(BaseCommand):
    help = "Register an .edxml package file in the organization it is addressed to (or --to)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .edxml package.")
        parser.add_argument(
            "--as", required=True, dest="username", help="The clerk (username) who registers it."
        )
        parser.add_argument(
            "--to", help="The receiving organization: its OrganId, or its exact name."
        )
        parser.add_argument(
            "--confirm-duplicate",
            action="store_true",
            help="Register even if the register holds the same sender and number.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        if path.stat().st_size > max_package_bytes():
            raise CommandError(
                f"Refused: the package is larger than {max_package_bytes() // 2**20} MB."
            )
        data = path.read_bytes()
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active account {options['username']!r}.")
        actor = actor_for(user)
        try:
            targets = self._targets(data, options.get("to"))
            # A package addressed to several organizations here is registered in those the
            # clerk receives for, whatever order the addressees come in; the others are named
            # (each needs its own clerk), not left to stop the run halfway.
            mine = [o for o in targets if actor.can(PACKAGE, on=o)] or targets[:1]
            for organization in mine:
                result = package_register(
                    actor=actor,
                    organization=organization,
                    data=data,
                    confirm_duplicate=options["confirm_duplicate"],
                )
                done = "registered" if result.created else "already registered"
                self.stdout.write(
                    f"{organization.name}: {done} as incoming document {result.document.pk}"
                )
            for organization in targets:
                if organization not in mine:
                    self.stderr.write(
                        f"{organization.name}: not registered, {user.username} does not receive "
                        "packages for it; run again --as its clerk with --to."
                    )
        except PackageRefused as refused:
            raise CommandError("Refused:\n- " + "\n- ".join(refused.problems)) from refused
        except DomainError as exc:
            raise CommandError(f"Refused: {exc.message}") from exc

    def _targets(self, data: bytes, to: str | None) -> list[Organization]:
        if to:
            found = organization_for_organ_id(to) or Organization.objects.filter(name=to).first()
            if found is None:
                raise CommandError(f"No organization has the identifier or name {to!r}.")
            return [found]
        package = package_read(data, max_bytes=max_package_bytes())
        targets = [organization_for_organ_id(r.organ_id) for r in package.receivers]
        found_here = list(dict.fromkeys(t for t in targets if t is not None))
        if not found_here:
            listed = ", ".join(r.organ_id for r in package.receivers)
            raise CommandError(
                f"No organization here has the identifiers it is addressed to: {listed}. Use --to."
            )
        return found_here
