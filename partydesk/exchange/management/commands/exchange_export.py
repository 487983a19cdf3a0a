"""Write a released document as an edXML package (the clerk's download, for operators; acts
as SYSTEM and is audited like the download).

    python manage.py exchange_export 1234 nghi-quyet-12.edxml
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partydesk.core.errors import DomainError
from partydesk.core.http import SYSTEM
from partydesk.documents.models import Document
from partydesk.exchange.services.export import package_export


class Command(BaseCommand):
    help = "Write a released document (by its id) as an .edxml package file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("document", type=int, help="The document's id (its page's number).")
        parser.add_argument("out", help="The .edxml file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        document = (
            Document.objects.select_related("organization").filter(pk=options["document"]).first()
        )
        if document is None:
            raise CommandError(f"No document {options['document']}.")
        try:
            exported = package_export(actor=SYSTEM, document=document)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        out = Path(options["out"])
        out.write_bytes(exported.data)
        self.stdout.write(f"{out}: {len(exported.data)} bytes, {exported.filename}")
