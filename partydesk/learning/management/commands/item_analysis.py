"""Recompute the item analysis of one organization's bank, or of every bank (nightly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partydesk.learning.management.commands.bank_import import organization_named
from partydesk.learning.services.item_analysis import bank_owners, item_analysis_refresh


class Command(BaseCommand):
    help = (
        "Recompute facility, discrimination, option counts and review flags of the bank's "
        "questions from marked exam attempts, for --org or for every organization with a bank."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", help="the organization's code (default: every bank)")

    def handle(self, *args: Any, **options: Any) -> None:
        owners = [organization_named(options["org"])] if options["org"] else bank_owners()
        for organization in owners:
            count = item_analysis_refresh(organization=organization)
            self.stdout.write(f"{organization.code}: {count} question version(s) with figures")
