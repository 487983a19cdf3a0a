"""`manage.py outbox_deliver`: deliver due outbox messages once, or keep doing so (--loop)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from partydesk.core.services.outbox import outbox_deliver


class Command(BaseCommand):
    help = (
        "Deliver the outbox messages that are due (emails, messages to other installations), "
        "retrying failures with exponential backoff. Run from cron every minute, or keep one "
        "running with --loop; any number may run at once."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=500, help="Messages per pass.")
        parser.add_argument("--loop", action="store_true", help="Keep polling.")
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds between idle polls (--loop)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            report = outbox_deliver(limit=options["limit"])
            if report.delivered or report.retried or report.failed or not options["loop"]:
                self.stdout.write(
                    f"delivered {report.delivered}, to retry {report.retried}, "
                    f"failed {report.failed}"
                )
            if not options["loop"]:
                return
            if not (report.delivered or report.retried or report.failed):
                time.sleep(options["interval"])
