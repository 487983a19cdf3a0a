"""`manage.py audit_verify`: walk the audit hash chain; OK with the count, or each problem."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from partydesk.core.audit import audit_verify
from partydesk.core.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain. Prints OK and the number of events, or names "
        "each changed, removed or inserted event and exits with status 1."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Events read per database round trip."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = 0
        for problem in audit_verify(batch_size=options["batch_size"]):
            problems += 1
            self.stderr.write(f"{problem.kind.upper()} #{problem.seq}: {problem.explanation}")
        count = AuditEvent.objects.count()
        if problems:
            self.stderr.write(
                self.style.ERROR(
                    f"FAILED: {problems} problem(s) in the audit chain of {count} events."
                )
            )
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(f"OK: {count} audit events verified."))
