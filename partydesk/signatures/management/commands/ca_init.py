"""Create the installation's root CA, issuing CA and time-stamp authority (once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partydesk.core.errors import DomainError
from partydesk.signatures import selectors
from partydesk.signatures.services import ca_initialize


class Command(BaseCommand):
    help = (
        "Create the internal certification authority (root + issuing CA) and the time-stamp "
        "authority. Keys are encrypted with PARTYDESK_CA_PASSPHRASE (or _FILE)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", default="", help="Installation name in the CA names.")
        parser.add_argument(
            "--if-missing", action="store_true", help="Do nothing if the CA already exists."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_missing"] and selectors.authority_exists():
            self.stdout.write("The certification authority already exists.")
            return
        try:
            cas = ca_initialize(actor=None, name=options["name"])
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        for ca in cas:
            self.stdout.write(self.style.SUCCESS(f"Created {ca.name}"))
        self.stdout.write(
            "Publish the root certificate to relying parties: /signatures/ca/root.cer\n"
            "CRLs are served at /signatures/crl/root.crl and /signatures/crl/issuing.crl, "
            "OCSP at /signatures/ocsp/root and /signatures/ocsp/issuing; "
            "the time-stamp authority answers at /signatures/tsa."
        )
