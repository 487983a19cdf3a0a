"""The demo is built by an ordered list of steps; each app adds its own.

A step is a dotted path to a callable taking a DemoContext. It runs inside the one
transaction of `seed_demo`, draws randomness only from `ctx.rng`, writes in bulk where it
has many rows, and adds what it made to `ctx.count(...)` (one audit event summarizes the
whole seed; see docs/decisions/0002-demo-seed-bulk.md).
"""

from __future__ import annotations

from django.utils.module_loading import import_string

from partydesk.demo.context import DemoContext

# The committee itself: every other step builds on these three.
CORE_STEPS: list[str] = [
    "partydesk.demo.committee.seed",
    "partydesk.demo.members.seed",
    "partydesk.demo.logins.seed",
]

STEPS: list[str] = [
    *CORE_STEPS,
    "partydesk.demo.signatures.seed",
    "partydesk.demo.documents.seed",
    "partydesk.demo.member_desk.seed",
    "partydesk.demo.exchange.seed",
    "partydesk.demo.learning.seed",
    "partydesk.demo.meetings.seed",
    "partydesk.demo.elections.seed",
    "partydesk.demo.portal.seed",
    "partydesk.demo.assignments.seed",
    "partydesk.demo.contests.seed",
    # Other apps add their step below, e.g. "partydesk.demo.documents.seed".
]


def run_steps(ctx: DemoContext, steps: list[str] | None = None) -> None:
    """Call each step in order with the shared context."""
    for dotted in STEPS if steps is None else steps:
        step = import_string(dotted)
        ctx.log(f"  · {dotted}")
        step(ctx)
