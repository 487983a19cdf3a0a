"""Small helpers: a person's actor, and work given by an office's secretary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from partydesk.accounts.actor import Actor
from partydesk.accounts.models import User
from partydesk.accounts.selectors import actor_for
from partydesk.assignments.models import Assignment
from partydesk.assignments.services.assignments import Spec, assignment_create


def act(user: User) -> Actor:
    return actor_for(user)


def give(giver: User, *, title: str = "Báo cáo sơ kết quý I", **spec: Any) -> Assignment:
    actor = act(giver)
    assert actor.scope is not None
    spec.setdefault("deadline", timezone.localdate() + dt.timedelta(days=10))
    return assignment_create(actor=actor, organization=actor.scope, spec=Spec(title=title, **spec))
