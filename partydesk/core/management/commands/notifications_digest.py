"""`manage.py notifications_digest`: queue the daily digest emails (run once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from partydesk.core.services.notifications import notifications_digest


class Command(BaseCommand):
    help = (
        "Queue one email with the unread notifications of the last week for every person who "
        "chose a daily digest; the outbox worker sends them. Run once a day."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = notifications_digest()
        self.stdout.write(f"digests queued: {count}")
