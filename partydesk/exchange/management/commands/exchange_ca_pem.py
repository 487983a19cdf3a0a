"""Print (or write) this installation's root CA certificate as PEM: the file a peer's
administrator gives to its peers directory so it trusts our packages and statuses.

    python manage.py exchange_ca_pem [--out FILE]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from partydesk.signatures.models import AuthorityRole
from partydesk.signatures.selectors import ca_certificate_der


class Command(BaseCommand):
    help = "Print this installation's root CA certificate (PEM) for the peers that trust it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", help="Write the PEM to this file instead of printing it.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            der = ca_certificate_der(AuthorityRole.ROOT)
        except Http404 as exc:
            raise CommandError("This installation has no CA yet (signatures set-up).") from exc
        pem = x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)
        if options["out"]:
            Path(options["out"]).write_bytes(pem)
            self.stdout.write(f"Wrote {options['out']}.")
        else:
            self.stdout.write(pem.decode(), ending="")
