"""Add a peer installation to the directory, or change the one of that name (the operator's
way to what the peers page does; acts as SYSTEM).

    python manage.py exchange_peer_add --name "Tỉnh ủy Nghệ An" \\
        --url https://tinhuy.example/ --organ-id 000.00.00.H40 --ca tinhuy-root.pem
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partydesk.core.errors import DomainError
from partydesk.core.http import SYSTEM
from partydesk.exchange.models import Peer
from partydesk.exchange.services.peers import peer_save


class Command(BaseCommand):
    help = "Trust a peer installation: its address, the OrganIds it serves and its root CA."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--url", required=True, help="Its base URL, https://…/")
        parser.add_argument(
            "--organ-id", action="append", required=True, dest="organ_ids", help="Repeatable."
        )
        parser.add_argument("--ca", required=True, help="Its root CA certificate (PEM file).")

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
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            f"Peer {peer.name}: {peer.base_url} serves {', '.join(options['organ_ids'])}."
        )
