"""`manage.py audit_verify`: seal, walk the audit hash chain against the signed checkpoints
(their HMAC, countersignature and time-stamp); OK with the count and the latest checkpoint's
time-stamp, or each problem (exit status 1). Every run is recorded for the viewer."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from partydesk.core.audit import audit_check
from partydesk.core.audit.report import checkpoint_describe


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain against the latest signed checkpoint. Prints OK "
        "and the number of events, or names each changed, removed or inserted event and "
        "exits with status 1."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Events read per database round trip."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_check(batch_size=options["batch_size"])
        for problem in result.problems:
            self.stderr.write(f"{problem.kind.upper()} #{problem.seq}: {problem.explanation}")
        if result.problems:
            self.stderr.write(
                self.style.ERROR(
                    f"FAILED: {len(result.problems)} problem(s) in the audit chain of "
                    f"{result.events} events."
                )
            )
            sys.exit(1)
        latest = result.latest
        against = (
            f" against {result.checkpoints} checkpoint(s); latest {checkpoint_describe(latest)}"
            if latest
            else "; no checkpoint yet"
        )
        self.stdout.write(
            self.style.SUCCESS(f"OK: {result.events} audit events verified{against}.")
        )
