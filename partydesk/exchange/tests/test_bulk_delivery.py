"""A release to many organizations of the installation travels as one outbox message that
registers them in batches (ADR 0020, bulk delivery): each recipient gets its copy once with
01 and 03 back to the sender, the same message delivered again changes nothing, and a batch
that fails leaves the ones before it in place while the worker's retry finishes the rest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partydesk.core.models import AuditEvent, Notification, OutboxMessage, OutboxStatus
from partydesk.core.services.outbox import backoff, outbox_deliver
from partydesk.documents.models import (
    Document,
    DocumentEvent,
    DocumentRecipient,
    DocumentVersion,
    Secrecy,
)
from partydesk.documents.services.incoming import deliver_bulk
from partydesk.documents.services.outgoing import document_issue, document_release, document_sign
from partydesk.documents.tests.test_outgoing import approve_all, clear_office, draft
from partydesk.exchange.models import OutgoingPackage, PackageStatus
from partydesk.exchange.services.statuses import statuses_deliver_local
from partydesk.organizations.models import Organization, OrganizationKind
from partydesk.organizations.tests.factories import make_org

pytestmark = pytest.mark.django_db

COUNT = 25  # above BULK_FROM: one message for all of them


@pytest.fixture
def recipients(tree) -> list[Organization]:  # type: ignore[no-untyped-def]
    return [tree.committee_a, tree.committee_b] + [
        make_org(
            f"Đảng bộ cơ sở số {n:02d}",
            parent=tree.root,
            kind=OrganizationKind.GRASSROOTS_COMMITTEE,
            abbreviation="ĐU",
        )
        for n in range(COUNT - 2)
    ]


def issued_on_paper(office, recipients) -> Document:  # type: ignore[no-untyped-def]
    clear_office(office, Secrecy.SECRET)
    document = approve_all(
        office, draft(office, secrecy=Secrecy.SECRET, release_to=list(recipients))
    )
    document_issue(actor=office.clerk, document=document)
    return document


def copies(document: Document) -> dict[int, int]:
    """How many copies each recipient organization holds."""
    found: dict[int, int] = {}
    for org in Document.objects.filter(source_document=document).values_list(
        "organization_id", flat=True
    ):
        found[org] = found.get(org, 0) + 1
    return found


def footprint(document: Document) -> tuple[int, ...]:
    return (
        Document.objects.filter(source_document=document).count(),
        PackageStatus.objects.filter(package__document=document).count(),
        DocumentEvent.objects.filter(document__source_document=document).count(),
        AuditEvent.objects.count(),
    )


def test_a_signed_release_reaches_every_recipient_once_with_its_file_and_statuses(
    office_root, tree, recipients, signing, django_capture_on_commit_callbacks
):
    # Given a signed resolution to 25 organizations of the installation
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    document = approve_all(office_root, draft(office_root, release_to=recipients))
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=document)
    # When it is released
    with django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=document)
    # Then one message carried them all, and each has one registered copy with the file
    message = OutboxMessage.objects.get(kind=deliver_bulk.LOCAL_BULK)
    assert message.status == OutboxStatus.DELIVERED
    assert not OutboxMessage.objects.filter(kind="documents.delivery.local").exists()
    assert copies(document) == {org.pk: 1 for org in recipients}
    arrivals = Document.objects.filter(source_document=document)
    assert {d.register_number for d in arrivals} == {1}
    assert all(d.has_file and not d.metadata_only for d in arrivals)
    assert DocumentVersion.objects.filter(document__in=arrivals).count() == COUNT
    assert not DocumentRecipient.objects.filter(document=document, delivered=None).exists()
    # And the sender sees 01 then 03 from each, each with an audit event
    packages = OutgoingPackage.objects.filter(document=document)
    assert set(packages.values_list("status", flat=True)) == {"03"}
    # registered by the installation, not by the sender's clerk in the recipients' registers
    assert not PackageStatus.objects.filter(package__document=document, by__isnull=False)
    for package in packages:
        assert list(package.statuses.order_by("pk").values_list("code", flat=True)) == [
            "01",
            "03",
        ]
    audited = AuditEvent.objects.filter(action="documents.document.delivered")
    assert audited.count() == COUNT
    # One event per package for the arrival, naming both statuses it reported
    reported = AuditEvent.objects.filter(action="exchange.package.status")
    assert reported.count() == COUNT
    codes = {(tuple(e.details["codes"]), e.details["code"]) for e in reported}
    assert codes == {(("01", "03"), "03")}
    # And the clerks of A were told, and the search entries wait for the worker
    told = Notification.objects.filter(
        kind="documents.arrived", organization_id=tree.committee_a.pk
    )
    assert told.exists()
    assert OutboxMessage.objects.filter(kind=deliver_bulk.SEARCH_REFRESH).exists()
    assert outbox_deliver().delivered >= 1


def test_the_same_message_delivered_again_changes_nothing(
    office_root, recipients, django_capture_on_commit_callbacks
):
    document = issued_on_paper(office_root, recipients)
    with django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=document)
    before = footprint(document)
    assert before[:2] == (COUNT, 2 * COUNT)
    # A worker that died after delivering, before recording it, delivers it again
    message = OutboxMessage.objects.get(kind=deliver_bulk.LOCAL_BULK)
    with django_capture_on_commit_callbacks(execute=True):
        deliver_bulk.recipients_deliver_local(message)
    assert footprint(document) == before
    # And the statuses' message delivered again records nothing more either
    for status_message in OutboxMessage.objects.filter(kind="exchange.status.local_many"):
        with django_capture_on_commit_callbacks(execute=True):
            statuses_deliver_local(status_message)
    assert footprint(document) == before


def test_a_batch_that_fails_leaves_the_others_and_the_retry_finishes_once(
    office_root, recipients, monkeypatch, django_capture_on_commit_callbacks
):
    # Given batches of 10, and the second batch fails after its numbers were taken
    monkeypatch.setattr(deliver_bulk, "BATCH", 10)
    real = deliver_bulk.users_with_each
    calls = {"n": 0}

    def users_with_each(**kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("the database went away in the middle")
        return real(**kwargs)

    monkeypatch.setattr(deliver_bulk, "users_with_each", users_with_each)
    document = issued_on_paper(office_root, recipients)
    # When it is released
    with django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=document)
    # Then the first ten have it, the rest wait, and the message waits for the worker
    assert sum(copies(document).values()) == 10
    message = OutboxMessage.objects.get(kind=deliver_bulk.LOCAL_BULK)
    assert message.status == OutboxStatus.PENDING and "went away" in message.last_error
    assert DocumentRecipient.objects.filter(document=document, delivered=None).count() == 15
    # When the worker's turn comes
    with django_capture_on_commit_callbacks(execute=True):
        outbox_deliver(now=timezone.now() + backoff(1) + dt.timedelta(seconds=1))
    # Then every recipient has exactly one copy, numbered 1 (the failed batch took none)
    assert copies(document) == {org.pk: 1 for org in recipients}
    assert set(
        Document.objects.filter(source_document=document).values_list("register_number", flat=True)
    ) == {1}
    packages = OutgoingPackage.objects.filter(document=document)
    assert set(packages.values_list("status", flat=True)) == {"03"}
    # registered by the installation, not by the sender's clerk in the recipients' registers
    assert not PackageStatus.objects.filter(package__document=document, by__isnull=False)
    assert PackageStatus.objects.filter(package__document=document).count() == 2 * COUNT
    message.refresh_from_db()
    assert message.status == OutboxStatus.DELIVERED


def test_naming_each_register_in_the_clerks_notices_costs_no_query_per_recipient(
    office_root, tree, monkeypatch, django_capture_on_commit_callbacks
):
    """Each clerk's "arrived" notice names its organization, a cell's with its committee's
    name: the batch loads the parents with the organizations, so 4 or 16 cost the same."""
    monkeypatch.setattr("partydesk.documents.services.outgoing.release.BULK_FROM", 2)
    committees = (tree.committee_a, tree.committee_b)
    cells = [
        make_org(
            f"Chi bộ số {n:02d}", parent=committees[n % 2], kind=OrganizationKind.SUBORDINATE_CELL
        )
        for n in range(16)
    ]

    def delivery_queries(recipients: list[Organization]) -> int:
        document = issued_on_paper(office_root, recipients)
        with django_capture_on_commit_callbacks(execute=False):
            document_release(actor=office_root.clerk, document=document)
        message = OutboxMessage.objects.get(
            kind=deliver_bulk.LOCAL_BULK, payload__document=document.pk
        )
        with CaptureQueriesContext(connection) as queries:
            deliver_bulk.recipients_deliver_local(message)
        assert copies(document) == {org.pk: 1 for org in recipients}
        return len(queries)

    few, many = delivery_queries(cells[:4]), delivery_queries(cells)
    assert many == few, (few, many)
    told = Notification.objects.filter(kind="documents.arrived", recipient=office_root.clerk)
    assert {n.params["organization"] for n in told} == {
        f"{cell.name} ({cell.parent.name})"  # type: ignore[union-attr]
        for cell in cells
    }
