"""Check every signature of a PDF. Exit status: 0 all valid, 1 a signature is not valid,
2 the file cannot be read or checked (a message, never a traceback)."""

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


def _revocation(sig: Any) -> str:
    if sig.revocation == "revoked_later":
        return f"revoked later, at {_when(sig.revoked_at)}: valid at the time-stamp"
    if sig.revocation == "revoked" and sig.revoked_at:
        return f"revoked at {_when(sig.revoked_at)}"
    return {"unchecked": "not checked"}.get(sig.revocation, sig.revocation)


class Command(BaseCommand):
    help = "Validate the signatures of a PDF against this installation's trust anchors."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = options["file"].read_bytes()
        except OSError as exc:
            raise CommandError(
                f"cannot read {options['file']}: {exc.strerror}", returncode=2
            ) from exc
        try:
            report = pdf_validate(pdf=data)
        except DomainError as exc:
            raise CommandError(str(exc.message), returncode=2) from exc
        except Exception as exc:  # whatever a damaged file trips on: a message, not a trace
            raise CommandError(
                f"{options['file']} could not be checked: {type(exc).__name__}: {exc}",
                returncode=2,
            ) from exc
        out = self.stdout
        for n, sig in enumerate(report.signatures, start=1):
            verdict = self.style.SUCCESS("VALID") if sig.ok else self.style.ERROR("NOT VALID")
            out.write(f"Signature #{n} ({sig.field_name}) [{sig.kind}, {sig.level}]: {verdict}")
            out.write(f"  Signer:        {sig.signer_subject or sig.signer}")
            for cert in sig.chain[1:]:
                out.write(f"  Issued by:     {cert.subject}")
            trusted = ("yes" if sig.trusted else "no") if sig.checked else "not checked"
            out.write(f"  Trusted:       {trusted}")
            out.write(f"  Integrity:     {'intact' if sig.intact else 'ALTERED'}")
            out.write(f"  Signing time:  {_when(sig.signing_time)}")
            if sig.timestamp_time and sig.kind == "signature":
                trusted = {True: "trusted", False: "NOT trusted"}.get(
                    sig.timestamp_trusted,  # type: ignore[arg-type]
                    "not checked",
                )
                out.write(
                    f"  Time-stamp:    {_when(sig.timestamp_time)} by "
                    f"{sig.timestamp_authority} ({trusted})"
                )
            out.write(f"  Changes after: {sig.modification_text}")
            out.write(f"  Revocation:    {_revocation(sig)}")
            if sig.validated_at:
                out.write(f"  Validated at:  {_when(sig.validated_at)} (the trusted time-stamp)")
            for problem in sig.problems:
                out.write(self.style.WARNING(f"  ! {problem}"))
        out.write(report.summary)
        if not report.all_valid:
            sys.exit(1)
