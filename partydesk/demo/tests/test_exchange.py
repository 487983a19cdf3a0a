"""The demo step: every demo organization has its exchange identifier, in one service call."""

from __future__ import annotations

import pytest

from partydesk.core.models import AuditEvent
from partydesk.demo.seed import seed_demo
from partydesk.demo.steps import CORE_STEPS
from partydesk.exchange.selectors.organ_ids import organ_id_of, organization_for_organ_id
from partydesk.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_every_demo_organization_has_an_exchange_identifier():
    ctx = seed_demo(
        scale=0.05, log=lambda _line: None, steps=[*CORE_STEPS, "partydesk.demo.exchange.seed"]
    )
    assert ctx.root is not None
    assert organ_id_of(ctx.root) == "000.00.01.H40"
    codes = {organ_id_of(org) for org in Organization.objects.all()}
    assert None not in codes and len(codes) == Organization.objects.count()
    assert organization_for_organ_id("000.00.01.H40") == ctx.root
    assert AuditEvent.objects.filter(action="exchange.organ_id.bulk_assigned").count() == 1
