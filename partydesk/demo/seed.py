"""Seeding the demo: every step in one transaction, one audit event for the whole seed."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.core.audit import audit_log
from partydesk.demo import catalog
from partydesk.demo.context import SEED, DemoContext
from partydesk.demo.logins import DEMO_LOGINS
from partydesk.demo.steps import run_steps
from partydesk.organizations.models import Organization


class DemoConflict(Exception):
    """The database already holds something the demo would create (a login of that name)."""


def demo_exists() -> bool:
    return Organization.objects.filter(code=catalog.ROOT["code"]).exists()


def seed_demo(
    *, scale: float = 1.0, log: Callable[[str], None] = print, steps: list[str] | None = None
) -> DemoContext:
    """Run every demo step (or the given ones) in one transaction and record one audit event
    for the whole seed."""
    taken = sorted(
        User.objects.filter(username__in=[d.username for d in DEMO_LOGINS]).values_list(
            "username", flat=True
        )
    )
    if taken:
        raise DemoConflict(
            f"These logins already exist and the demo would create them: {', '.join(taken)}. "
            "Seed the demo into an empty database."
        )
    started = time.monotonic()
    ctx = DemoContext(today=timezone.localdate(), scale=scale, log=log)
    with transaction.atomic():
        run_steps(ctx, steps)
        assert ctx.root is not None
        audit_log(
            actor=None,
            action="demo.seed.completed",
            target=ctx.root,
            organization_id=ctx.root.pk,
            details={
                "seed": SEED,
                "scale": scale,
                "counts": ctx.counts,
                "seconds": round(time.monotonic() - started, 1),
            },
        )
    return ctx
