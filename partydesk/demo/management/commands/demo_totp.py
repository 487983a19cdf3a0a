"""Print the current two-factor code of the demo logins: python manage.py demo_totp."""

from __future__ import annotations

import time
from typing import Any

import pyotp
from django.core.management.base import BaseCommand

from partydesk.demo.logins import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current 6-digit code for the demo logins that need a second factor."

    def handle(self, *args: Any, **options: Any) -> None:
        totp = pyotp.TOTP(DEMO_TOTP_SECRET)
        left = totp.interval - int(time.time()) % totp.interval
        self.stdout.write(f"{totp.now()}  (valid for {left} more seconds; one use per login)")
