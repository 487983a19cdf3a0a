"""Export an organization's question bank (current versions) to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partydesk.core.errors import DomainError
from partydesk.core.http import SYSTEM
from partydesk.learning.management.commands.bank_import import organization_named
from partydesk.learning.services.bank_import import WRITERS, bank_export


class Command(BaseCommand):
    help = "Write the bank of --org to OUT in --format (gift, moodle, xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path)
        parser.add_argument("--org", required=True, help="the organization's code")
        parser.add_argument("--format", choices=sorted(WRITERS), default="gift")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = organization_named(options["org"])
        try:
            text = bank_export(actor=SYSTEM, organization=organization, fmt=options["format"])
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        options["out"].write_bytes(text)
        self.stdout.write(f"wrote {options['out']}")
