"""`manage.py audit_checkpoint`: verify the chain, then sign its head into a checkpoint file
outside the database (run from a timer, e.g. every 15 minutes)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from partydesk.core.audit import AnchorFailed, audit_check
from partydesk.core.audit.report import checkpoint_describe


class Command(BaseCommand):
    help = (
        "Verify the audit chain and, when intact, write a checkpoint of its head to "
        "PARTYDESK_AUDIT_CHECKPOINT_DIR, countersigned by the installation's certificate and "
        "time-stamped by its TSA (HMAC only before `ca_init`). A damaged chain is never "
        "checkpointed (exit status 1)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = audit_check(write_checkpoint=True)
        except AnchorFailed as exc:
            self.stderr.write(self.style.ERROR(f"FAILED: no checkpoint written: {exc}"))
            sys.exit(1)
        for problem in result.problems:
            self.stderr.write(f"{problem.kind.upper()} #{problem.seq}: {problem.explanation}")
        if result.problems:
            self.stderr.write(
                self.style.ERROR(
                    f"FAILED: {len(result.problems)} problem(s); no checkpoint written."
                )
            )
            sys.exit(1)
        cp = result.checkpoint
        where = f"{checkpoint_describe(cp)}, in {cp.path or 'an earlier file'}" if cp else "none"
        self.stdout.write(
            self.style.SUCCESS(f"OK: {result.events} audit events verified; checkpoint {where}.")
        )
