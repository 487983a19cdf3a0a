"""Import questions from a GIFT or Aiken file into an organization's bank."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partydesk.core.errors import DomainError
from partydesk.core.http import SYSTEM
from partydesk.learning.services.bank_import import READERS, bank_import, bank_preview
from partydesk.organizations.models import Organization


def organization_named(code: str) -> Organization:
    found = Organization.objects.filter(code=code).first()
    if found is None:
        raise CommandError(f"no organization with the code {code!r}")
    return found


class Command(BaseCommand):
    help = "Import questions (GIFT, Aiken, Moodle XML, .xlsx) into --org's bank; --dry-run reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="the organization's code")
        parser.add_argument("--format", choices=sorted(READERS), default=None)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--keep-duplicates", action="store_true", help="import questions already in the bank"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        suffixes = {".aiken": "aiken", ".xml": "moodle", ".xlsx": "xlsx"}
        fmt = options["format"] or suffixes.get(path.suffix.lower(), "gift")
        organization = organization_named(options["org"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from error
        try:
            preview = bank_preview(actor=SYSTEM, organization=organization, data=data, fmt=fmt)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        for n, entry in enumerate(preview.found):
            if entry.skipped:
                state = "skipped: " + " ".join(entry.problems)
            elif entry.problems:
                state = "error: " + " ".join(entry.problems)
            else:
                state = "already in the bank" if n in preview.existing else "ok"
            self.stdout.write(f"line {entry.line}: {entry.title[:60]} -- {state}")
        self.stdout.write(
            f"found {len(preview.found)}: {len(preview.ready)} readable, "
            f"{len(preview.existing)} already in the bank, {len(preview.skipped)} skipped, "
            f"{len(preview.errors)} with errors"
        )
        if options["dry_run"]:
            return
        try:
            result = bank_import(
                actor=SYSTEM,
                organization=organization,
                data=data,
                fmt=fmt,
                skip_existing=not options["keep_duplicates"],
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(
            f"imported {result.created} question(s) into {organization.code}, "
            f"{result.categories} new categories"
        )
