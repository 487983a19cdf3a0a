"""Daily upkeep for cron or a scheduler: fresh CRLs, and archive time-stamps extended."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partydesk.signatures import jobs


class Command(BaseCommand):
    help = "Re-issue CRLs nearing nextUpdate and extend B-LTA archive time-stamps due soon."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--within-days", type=int, default=365)

    def handle(self, *args: Any, **options: Any) -> None:
        jobs.crl_refresh.enqueue()
        jobs.archive_timestamps_renew.enqueue(within_days=options["within_days"])
        self.stdout.write("Queued: CRL refresh, archive time-stamp renewal.")
