"""Check every signature of a PDF; exit status 1 when any of them is not valid."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from partydesk.core.errors import DomainError
from partydesk.signatures.selectors import pdf_validate


def _when(moment: Any) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else "-"


class Command(BaseCommand):
    help = "Validate the signatures of a PDF against this installation's trust anchors."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = options["file"].read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc.strerror}") from exc
        try:
            report = pdf_validate(pdf=data)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        out = self.stdout
        for n, sig in enumerate(report.signatures, start=1):
            verdict = self.style.SUCCESS("VALID") if sig.ok else self.style.ERROR("NOT VALID")
            out.write(f"Signature #{n} ({sig.field_name}) [{sig.kind}, {sig.level}]: {verdict}")
            out.write(f"  Signer:        {sig.signer_subject or sig.signer}")
            for cert in sig.chain[1:]:
                out.write(f"  Issued by:     {cert.subject}")
            out.write(f"  Trusted:       {'yes' if sig.trusted else 'no'}")
            out.write(f"  Integrity:     {'intact' if sig.intact else 'ALTERED'}")
            out.write(f"  Signing time:  {_when(sig.signing_time)}")
            if sig.timestamp_time:
                trusted = "trusted" if sig.timestamp_trusted else "NOT trusted"
                out.write(
                    f"  Time-stamp:    {_when(sig.timestamp_time)} by "
                    f"{sig.timestamp_authority} ({trusted})"
                )
            out.write(f"  Changes after: {sig.modification_text}")
            out.write(f"  Revocation:    {sig.revocation}")
            for problem in sig.problems:
                out.write(self.style.WARNING(f"  ! {problem}"))
        out.write(report.summary)
        if not report.all_valid:
            sys.exit(1)
