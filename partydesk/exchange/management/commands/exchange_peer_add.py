"""Add a peer installation to the directory, or change the one of that name (the operator's
way to what the peers page does; acts as SYSTEM).

    python manage.py exchange_peer_add --name "Tỉnh ủy Nghệ An" \\
        --url https://tinhuy.example/ --organ-id 000.00.00.H40 --ca tinhuy-root.pem
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partydesk.core.errors import DomainError
from partydesk.core.http import SYSTEM
from partydesk.exchange.models import Peer
from partydesk.exchange.selectors.organ_ids import organization_for_organ_id
from partydesk.exchange.services.organ_ids import organ_id_assign, organ_id_clean
from partydesk.exchange.services.peers import peer_save
from partydesk.organizations.models import OrganizationKind
from partydesk.organizations.services import organization_create

STAND_IN_FROM = dt.date(2020, 1, 1)


class Command(BaseCommand):
    help = "Trust a peer installation: its address, the OrganIds it serves and its root CA."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--url", required=True, help="Its base URL, https://…/")
        parser.add_argument(
            "--organ-id", action="append", required=True, dest="organ_ids", help="Repeatable."
        )
        parser.add_argument("--ca", required=True, help="Its root CA certificate (PEM file).")
        parser.add_argument("--abbreviation", default="ĐU", help="Of --organization (ĐU).")
        parser.add_argument(
            "--organization",
            help=(
                "The organization of this installation that stands for the peer's (only) "
                "OrganId, so documents can be released to it: created as a root "
                "organization with that identifier if no organization has it yet."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            peer = peer_save(
                actor=SYSTEM,
                name=options["name"],
                base_url=options["url"],
                organ_ids=options["organ_ids"],
                ca_certificate_pem=Path(options["ca"]).read_bytes(),
                peer=Peer.objects.filter(name=options["name"]).first(),
            )
            if options["organization"]:
                self._stand_in(
                    options["organization"], options["abbreviation"], options["organ_ids"]
                )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            f"Peer {peer.name}: {peer.base_url} serves {', '.join(options['organ_ids'])}."
        )

    def _stand_in(self, name: str, abbreviation: str, organ_ids: list[str]) -> None:
        if len(organ_ids) != 1:
            raise CommandError("--organization goes with exactly one --organ-id.")
        code = organ_id_clean(organ_ids[0])
        if organization_for_organ_id(code) is not None:
            return
        organization = organization_create(
            acting=SYSTEM,
            name=name,
            abbreviation=abbreviation,
            kind=OrganizationKind.UPPER_COMMITTEE,
            code=f"peer-{code}",
            valid_from=STAND_IN_FROM,
        )
        organ_id_assign(
            actor=SYSTEM, organization=organization, code=code, valid_from=STAND_IN_FROM
        )
        self.stdout.write(f"Created {name} ({code}) to release documents to.")
