"""The demo: the assignments of incoming documents, and the Bloc's own work to its
departments and a grassroots committee, one broken down and done, one overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone

from partydesk.assignments.models import Assignment, SourceKind, State
from partydesk.demo.seed import seed_demo
from partydesk.demo.steps import CORE_STEPS

pytestmark = pytest.mark.django_db


def test_the_demo_holds_assignments_of_both_origins():
    steps = [
        *CORE_STEPS,
        "partydesk.demo.signatures.seed",
        "partydesk.demo.documents.seed",
        "partydesk.demo.member_desk.seed",
        "partydesk.demo.assignments.seed",
    ]
    ctx = seed_demo(scale=0.05, log=lambda _line: None, steps=steps)
    assert ctx.root is not None
    handled = Assignment.objects.filter(source_kind=SourceKind.INCOMING, on_document=True)
    assert handled.count() > 0
    # Each has its history, as if made through the form.
    assert not handled.exclude(events__action="created").exists()
    own = Assignment.objects.filter(source_kind=SourceKind.NONE)
    assert own.count() >= 5
    assert own.filter(parent__isnull=False, state=State.DONE, quality="exceeded").exists()
    assert own.filter(deadline__lt=timezone.localdate()).exclude(state=State.DONE).exists()
    # A year of work for every department and a few grassroots committees, with a mix.
    today = timezone.localdate()
    past = own.filter(deadline__lt=today, deadline__gte=today - dt.timedelta(days=365))
    units = set(past.values_list("lead_unit__code", flat=True))
    assert {"duk-vp", "duk-btc", "duk-ubkt", "duk-btgdv", "du-syt"} <= units
    on_time = past.filter(state=State.DONE, completed_at__date__lte=F("deadline")).count()
    late = past.filter(state=State.DONE, completed_at__date__gt=F("deadline")).count()
    overdue = past.exclude(state__in=[State.DONE, State.CANCELLED]).count()
    assert on_time > late > overdue > 0
    assert past.filter(quality="exceeded").exists() and past.filter(
        lead_user__username="chuyenvien"
    )
