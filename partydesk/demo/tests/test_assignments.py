"""The demo step: documents' assignments taken over, and the Bloc's own work to its
departments and a grassroots committee, one broken down and done, one overdue."""

from __future__ import annotations

import pytest
from django.utils import timezone

from partydesk.assignments.models import Assignment, SourceKind, State
from partydesk.demo.seed import seed_demo
from partydesk.demo.steps import CORE_STEPS
from partydesk.documents.models import IncomingAssignment

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
    copied = Assignment.objects.filter(source_kind=SourceKind.INCOMING)
    assert copied.count() == IncomingAssignment.objects.count() > 0
    own = Assignment.objects.filter(source_kind=SourceKind.NONE)
    assert own.count() >= 5
    assert own.filter(parent__isnull=False, state=State.DONE, quality="exceeded").exists()
    assert own.filter(deadline__lt=timezone.localdate()).exclude(state=State.DONE).exists()
