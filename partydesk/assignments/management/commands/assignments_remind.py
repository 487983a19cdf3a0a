"""`manage.py assignments_remind`: the daily reminders and escalations (run once a day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partydesk.assignments.services.reminders import assignments_remind


class Command(BaseCommand):
    help = (
        "Remind leads of deadlines (N working days before and on the day), tell the assigner "
        "and the unit's head of overdue work, and take it to the assigner's superior after M "
        "working days (PARTYDESK_ASSIGNMENT_WARN_DAYS, _ESCALATE_DAYS). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = assignments_remind(today=options["today"])
        self.stdout.write(", ".join(f"{k}: {n}" for k, n in sorted(sent.items())) or "none due")
