"""For cron or a scheduler, every few minutes: refresh the leaderboards of open rounds and
rank closed rounds for good (real count, prizes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from partydesk.contests import jobs


class Command(BaseCommand):
    help = "Queue leaderboard refreshes of open rounds and the final ranking of closed ones."

    def handle(self, *args: Any, **options: Any) -> None:
        jobs.rounds_rank_due.enqueue()
        self.stdout.write("Queued: contest leaderboards.")
