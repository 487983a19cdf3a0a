"""`manage.py audit_seal`: give waiting audit events their place in the chain (the jobs do
this after each commit; run it from a timer as a backstop when no worker runs)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from partydesk.core.audit import audit_seal


class Command(BaseCommand):
    help = "Seal the audit events written since the last seal into the hash chain."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Sealed {audit_seal()} audit event(s).")
