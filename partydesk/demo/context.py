"""What every demo step receives: the seeded random source and what earlier steps built."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partydesk.accounts.models import User
    from partydesk.organizations.models import CommitteeTerm, Organization, Person

SEED = 2026


@dataclass
class DemoContext:
    """Passed to each step in partydesk.demo.steps.STEPS, in order.

    Steps draw every random choice from `rng` (seeded with 2026), so the demo is the same on
    every machine, and read what earlier steps left here: the root organization, every
    organization by code, the current committee term of each, and the demo users by login.
    """

    today: dt.date
    scale: float = 1.0
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    log: Callable[[str], None] = print
    root: Organization | None = None
    organizations: dict[str, Organization] = field(default_factory=dict)
    terms: dict[int, CommitteeTerm] = field(default_factory=dict)
    people_by_unit: dict[int, list[Person]] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def count(self, what: str, number: int) -> None:
        """Add to the summary recorded in the audit trail and printed at the end."""
        self.counts[what] = self.counts.get(what, 0) + number

    def scaled(self, number: int, *, minimum: int = 1) -> int:
        return max(minimum, round(number * self.scale))
