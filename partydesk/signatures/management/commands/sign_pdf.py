"""Sign a PDF from the console, as a user (personal signature) or as a unit (its seal)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partydesk.accounts.models import User
from partydesk.core.errors import DomainError
from partydesk.organizations.models import Organization
from partydesk.signatures.services import pdf_sign_organization, pdf_sign_personal


class Command(BaseCommand):
    help = (
        "Sign IN.pdf into OUT.pdf: --as-user USERNAME adds the person's visible signature, "
        "--as-org CODE the unit's seal (--number-symbol, --invisible for attachments)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--as-user", metavar="USERNAME")
        who.add_argument("--as-org", metavar="CODE", help="Organization code (or id).")
        parser.add_argument("--number-symbol", default="", help="e.g. 12-NQ/ĐU")
        parser.add_argument("--invisible", action="store_true", help="Attachment/copy style.")
        parser.add_argument("--reason", default="")
        parser.add_argument("input", type=Path)
        parser.add_argument("output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = options["input"].read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {options['input']}: {exc.strerror}") from exc
        try:
            if options["as_user"]:
                user = User.objects.filter(username=options["as_user"]).first()
                if user is None:
                    raise CommandError(f"no user {options['as_user']!r}")
                signed = pdf_sign_personal(
                    actor=user, pdf=data, reason=options["reason"], via_console=True
                )
            else:
                code = options["as_org"]
                org = Organization.objects.filter(code=code).first() or (
                    Organization.objects.filter(pk=int(code)).first() if code.isdigit() else None
                )
                if org is None:
                    raise CommandError(f"no organization {code!r}")
                signed = pdf_sign_organization(
                    actor=None,
                    organization=org,
                    pdf=data,
                    number_symbol=options["number_symbol"],
                    visible=not options["invisible"],
                )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        options["output"].write_bytes(signed)
        self.stdout.write(self.style.SUCCESS(f"Signed: {options['output']}"))
