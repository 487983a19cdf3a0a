"""Deliveries recorded after the fact (the demo, an import of history): the recipients' moves
become the statuses the live path would have reported, once, with one audit event."""

from __future__ import annotations

import datetime as dt

import pytest

from partydesk.core.models import AuditEvent
from partydesk.documents.hooks import IncomingMoved
from partydesk.documents.models import Document, Status
from partydesk.exchange.models import OutgoingPackage, StatusCode
from partydesk.exchange.services.backfill import DeliveryHistory, package_history_bulk_record
from partydesk.exchange.tests.test_statuses import codes
from partydesk.exchange.tests.test_statuses import sent as released  # noqa: F401

pytestmark = pytest.mark.django_db


def move(document: Document, organization_id: int, action: str, status: str, at, reason=""):  # type: ignore[no-untyped-def]
    return IncomingMoved(
        document_id=0,
        organization_id=organization_id,
        source_document_id=document.pk,
        status=status,
        action=action,
        actor_id=None,
        at=at,
        reason=reason,
    )


def test_moves_become_the_live_paths_statuses_once_and_tracked_ones_are_kept(released, tree):  # noqa: F811
    sent = released
    a, b = tree.committee_a, tree.committee_b
    kept = OutgoingPackage.objects.get(document=sent, organization=a)
    kept_codes = codes(sent, a)
    OutgoingPackage.objects.filter(document=sent, organization=b).delete()
    t0 = sent.released_at
    assert t0 is not None
    history = [
        move(sent, b.pk, "delivered", Status.REGISTERED, t0),
        move(sent, b.pk, "assigned", Status.ASSIGNED, t0 + dt.timedelta(days=1)),
        move(sent, b.pk, "handling_started", Status.IN_PROGRESS, t0 + dt.timedelta(days=2)),
        move(sent, b.pk, "filed", Status.FILED, t0 + dt.timedelta(days=3)),
    ]
    histories = [
        DeliveryHistory(document=sent, organization_id=a.pk, sent_at=t0, moves=history[:1]),
        DeliveryHistory(document=sent, organization_id=b.pk, sent_at=t0, moves=history),
    ]

    created = package_history_bulk_record(actor=None, histories=histories)

    assert [p.organization_id for p in created] == [b.pk]
    assert codes(sent, b) == ["01", "03", "04", "05"]  # filing reports nothing
    package = OutgoingPackage.objects.get(document=sent, organization=b)
    assert (package.status, package.status_at) == (StatusCode.IN_PROGRESS, history[2].at)
    assert codes(sent, a) == kept_codes and OutgoingPackage.objects.get(pk=kept.pk).status
    event = AuditEvent.objects.get(action="exchange.package.history_recorded")
    assert event.details["packages"] == 1 and event.details["statuses"] == 4
    # recorded again: nothing more
    assert package_history_bulk_record(actor=None, histories=histories) == []
    assert codes(sent, b) == ["01", "03", "04", "05"]


def test_a_refusal_carries_its_reason_and_a_move_before_the_sending_is_refused(released, tree):  # noqa: F811
    sent = released
    b = tree.committee_b
    OutgoingPackage.objects.filter(document=sent, organization=b).delete()
    t0 = sent.released_at
    assert t0 is not None
    with pytest.raises(ValueError):
        package_history_bulk_record(
            actor=None,
            histories=[
                DeliveryHistory(
                    document=sent,
                    organization_id=b.pk,
                    sent_at=t0,
                    moves=[move(sent, b.pk, "delivered", Status.REGISTERED, t0 - dt.timedelta(1))],
                )
            ],
        )
    refused = move(sent, b.pk, "refused", Status.FILED, t0 + dt.timedelta(hours=2), "Gửi nhầm")
    package_history_bulk_record(
        actor=None,
        histories=[
            DeliveryHistory(
                document=sent,
                organization_id=b.pk,
                sent_at=t0,
                moves=[move(sent, b.pk, "delivered", Status.REGISTERED, t0), refused],
            )
        ],
    )
    package = OutgoingPackage.objects.get(document=sent, organization=b)
    assert codes(sent, b) == ["01", "03", "02"]
    assert package.statuses.get(code="02").reason == "Gửi nhầm"
