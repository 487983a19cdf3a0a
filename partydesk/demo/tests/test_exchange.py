"""The demo step: every demo organization has its exchange identifier, in one service call."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.core.models import AuditEvent
from partydesk.demo.seed import seed_demo
from partydesk.demo.steps import CORE_STEPS
from partydesk.documents.models import Document, DocumentRecipient
from partydesk.exchange.models import BusinessType, OutgoingPackage, StatusCode
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


def test_released_documents_are_tracked_deliveries_whose_timeline_the_sender_sees():
    ctx = seed_demo(
        scale=0.05,
        log=lambda _line: None,
        steps=[*CORE_STEPS, "partydesk.demo.documents.seed", "partydesk.demo.exchange.seed"],
    )
    recipients = DocumentRecipient.objects.filter(delivered__isnull=False)
    packages = {
        (p.document_id, p.organization_id): p
        for p in OutgoingPackage.objects.filter(business_type=0).prefetch_related("statuses")
    }
    assert recipients.count() == len(packages) > 20
    handled = Counter[str]()
    for recipient in recipients.select_related("delivered"):
        package = packages[(recipient.document_id, recipient.organization_id)]
        codes = [s.code for s in package.statuses.all()]
        # what the recipient did, as the live path reports it: 01 and 03 on arrival, then 02
        # with its reason, or 04/05/06 as it was handled; the last one is the package's
        assert codes[:2] == [StatusCode.ARRIVED, StatusCode.REGISTERED], codes
        assert package.status == codes[-1] and package.sent_at <= package.statuses.all()[0].at
        arrival = recipient.delivered
        assert arrival is not None
        actions = list(arrival.events.order_by("pk").values_list("action", flat=True))
        if "refused" in actions:
            refusal = package.statuses.all()[2]
            assert codes == ["01", "03", "02"] and refusal.reason
        expected = {"assigned": "04", "handling_started": "05", "completed": "06"}
        assert codes[2:] == [expected[a] for a in actions if a in expected] or "refused" in actions
        handled[package.status] += 1
    assert handled["02"] and handled["06"] and handled["03"]
    assert AuditEvent.objects.filter(action="exchange.package.history_recorded").count() == 1

    # The sender's status page shows the timeline, not "not sent through partydesk".
    done = next(p for p in packages.values() if p.status == StatusCode.COMPLETED)
    # The drafter signs in with their second factor (chuyenvien co-signs minutes).
    page = logged_in(ctx.users["chuyenvien"]).get(
        reverse("exchange:statuses", args=[done.document_id])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "06 " in html and "03 " in html and 'class="timeline"' in html
    assert "has not been sent" not in html and "chưa được gửi" not in html

    # A few were recalled and a few replaced: every recipient's copy cancelled, 13 → 15
    for kind, codes in ((BusinessType.RECALL, ["13", "15"]), (BusinessType.REPLACE, ["15"])):
        asked = OutgoingPackage.objects.filter(business_type=kind).prefetch_related("statuses")
        assert asked.exists()
        for package in asked:
            assert [s.code for s in package.statuses.all()] == codes
            copy = Document.objects.get(
                source_document_id=package.document_id, organization_id=package.organization_id
            )
            assert copy.status == "cancelled"
    assert ctx.counts["documents recalled"] == 3 and ctx.counts["documents replaced"] >= 1
