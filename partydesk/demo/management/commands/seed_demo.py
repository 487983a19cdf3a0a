"""Build the demo committee: python manage.py seed_demo [--once] [--scale 0.05] [--print-logins]."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partydesk.demo.context import SEED
from partydesk.demo.logins import print_logins
from partydesk.demo.seed import DemoConflict, demo_exists, seed_demo


class Command(BaseCommand):
    help = "Create the demo committee (about 5,400 members), its staff and one login per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Do nothing (but print the logins) if present."
        )
        parser.add_argument(
            "--print-logins", action="store_true", help="Only print the demo logins."
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Fraction of the full demo to build (0.05 for a quick one; default 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        write = self.stdout.write
        if options["print_logins"]:
            print_logins(write)
            return
        if demo_exists():
            if options["once"]:
                write("Demo data already present; nothing to do.")
                print_logins(write)
                return
            raise CommandError(
                "The demo data already exist in this database. Use --once to skip, or start "
                "from an empty database."
            )
        scale = options["scale"]
        if not 0 < scale <= 1:
            raise CommandError("--scale must be more than 0 and at most 1.")
        started = time.monotonic()
        write(f"Seeding the demo committee (scale {scale:g}, seed {SEED})…")
        try:
            ctx = seed_demo(scale=scale, log=write)
        except DemoConflict as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.monotonic() - started
        summary = ", ".join(
            f"{number:,} {what.replace('_', ' ')}" for what, number in ctx.counts.items()
        )
        write(self.style.SUCCESS(f"Done in {elapsed:.1f} s: {summary}."))
        print_logins(write)
