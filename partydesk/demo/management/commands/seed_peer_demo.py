"""Seed the second demo installation, the provincial committee (`make run-peer`):
python manage.py seed_peer_demo [--once]."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partydesk.demo.logins import DEMO_PASSWORD
from partydesk.demo.peer import LOGINS, peer_demo_exists, seed_peer_demo


class Command(BaseCommand):
    help = "Create the provincial committee of the second demo installation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Do nothing if present.")

    def handle(self, *args: Any, **options: Any) -> None:
        if peer_demo_exists():
            if not options["once"]:
                raise CommandError("The provincial committee is already in this database.")
            self.stdout.write("The provincial committee is already here; nothing to do.")
        else:
            seed_peer_demo(log=self.stdout.write)
        logins = ", ".join(username for username, _role, _name in LOGINS)
        self.stdout.write(f"Logins: {logins} (password {DEMO_PASSWORD}).")
