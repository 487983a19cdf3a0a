"""Local delivery goes through the outbox (ADR 0017): the release commits with one message
per recipient and no arrival yet; each recipient's arrival is registered right after the
commit in a transaction of its own, a failing one is retried by the worker without undoing
the release, and delivering a message again never registers the document twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partydesk.accounts.tests.factories import verified_client
from partydesk.core.models import Notification, OutboxMessage, OutboxStatus
from partydesk.core.services.notifications import notification_kind_label
from partydesk.core.services.outbox import backoff, outbox_deliver
from partydesk.documents.models import Direction, Document, Secrecy, Status
from partydesk.documents.services.incoming import deliver
from partydesk.documents.services.outgoing import document_issue, document_release, document_sign
from partydesk.documents.tests.test_outgoing import approve_all, clear_office, draft


@pytest.fixture
def issued(office_root, tree):  # type: ignore[no-untyped-def]
    """A secret resolution of the Bloc, issued on paper, to be released to two committees."""
    clear_office(office_root, Secrecy.SECRET)
    recipients = [tree.committee_a, tree.committee_b]
    document = approve_all(
        office_root, draft(office_root, secrecy=Secrecy.SECRET, release_to=recipients)
    )
    document_issue(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    return document


def arrivals(document: Document) -> list[Document]:
    return list(
        Document.objects.filter(source_document=document, direction=Direction.INCOMING).order_by(
            "organization_id"
        )
    )


def test_the_release_commits_with_its_messages_and_the_arrivals_follow_the_commit(
    issued, office_root, tree, django_capture_on_commit_callbacks
):
    # When the clerk releases it, up to the commit
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        recipients = document_release(actor=office_root.clerk, document=issued)
    # Then the release is recorded with one pending message per recipient, and no arrival yet
    issued.refresh_from_db()
    assert issued.status == Status.RELEASED and issued.issued_amount == 2
    assert {r.organization_id for r in recipients} == {tree.committee_a.pk, tree.committee_b.pk}
    messages = OutboxMessage.objects.filter(kind=deliver.LOCAL_DELIVERY)
    assert sorted(m.idempotency_key for m in messages) == sorted(
        f"documents.delivery:{issued.pk}:{org.pk}" for org in (tree.committee_a, tree.committee_b)
    )
    assert {m.status for m in messages} == {OutboxStatus.PENDING}
    assert arrivals(issued) == []
    # When the transaction has committed, each committee finds it registered
    for callback in after_commit:
        callback()
    assert [d.organization_id for d in arrivals(issued)] == sorted(
        [tree.committee_a.pk, tree.committee_b.pk]
    )
    assert {d.register_number for d in arrivals(issued)} == {1}
    assert {m.status for m in messages.all()} == {OutboxStatus.DELIVERED}
    assert not issued.recipients.filter(delivered__isnull=True).exists()


def test_a_failing_arrival_leaves_the_release_in_place_and_the_worker_retries_it(
    issued, office_root, tree, monkeypatch, django_capture_on_commit_callbacks
):
    # Given committee B's arrival fails after its arrival number was taken
    real_users_with = deliver.users_with

    def users_with(*, capability, organization):  # type: ignore[no-untyped-def]
        if organization.pk == tree.committee_b.pk:
            raise ConnectionError("the database of committee B's clerks is unreachable")
        return real_users_with(capability=capability, organization=organization)

    monkeypatch.setattr(deliver, "users_with", users_with)
    # When the clerk releases it
    with django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=issued)
    # Then the release stands, committee A has it, and B's message waits for the worker
    issued.refresh_from_db()
    assert issued.status == Status.RELEASED
    assert [d.organization_id for d in arrivals(issued)] == [tree.committee_a.pk]
    waiting = OutboxMessage.objects.get(status=OutboxStatus.PENDING)
    assert waiting.payload["organization"] == tree.committee_b.pk
    assert waiting.attempts == 1 and "unreachable" in waiting.last_error
    assert issued.recipients.get(organization=tree.committee_b).delivered is None
    # When B is reachable again and the worker's turn comes
    monkeypatch.setattr(deliver, "users_with", real_users_with)
    report = outbox_deliver(now=timezone.now() + backoff(1) + dt.timedelta(seconds=1))
    # Then B has it too, with the first arrival number (the failed try took none)
    assert report.delivered == 1
    by_org = {d.organization_id: d for d in arrivals(issued)}
    assert set(by_org) == {tree.committee_a.pk, tree.committee_b.pk}
    assert by_org[tree.committee_b.pk].register_number == 1
    assert by_org[tree.committee_b.pk].events.filter(action="registered").count() == 1


def test_delivering_a_message_again_registers_the_document_once(
    issued, office_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=issued)
    first = arrivals(issued)
    # A worker that died after delivering, before recording it, delivers the message again
    local = OutboxMessage.objects.filter(kind=deliver.LOCAL_DELIVERY)  # not other apps' kinds
    local.update(status=OutboxStatus.PENDING, next_attempt_at=timezone.now())
    assert outbox_deliver().delivered == 2
    for message in local:
        deliver.recipient_deliver_local(message)
    # Then each committee still has one arrival, from one message per recipient
    assert arrivals(issued) == first
    assert OutboxMessage.objects.filter(kind=deliver.LOCAL_DELIVERY).count() == 2


@pytest.mark.parametrize("bulk", [False, True], ids=["one-by-one", "bulk"])
def test_an_arrival_is_registered_by_the_installation_not_by_the_senders_clerk(
    bulk, office_root, office_a, tree, signing, monkeypatch, django_capture_on_commit_callbacks
):
    # Given a signed resolution of the Bloc released to two committees (one message each,
    # or one message for both when the bulk path starts at two recipients)
    if bulk:
        monkeypatch.setattr("partydesk.documents.services.outgoing.release.BULK_FROM", 2)
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    recipients = [tree.committee_a, tree.committee_b]
    document = approve_all(office_root, draft(office_root, release_to=recipients))
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=document)
    with django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=document)
    # Then each copy's history says the installation registered it, not the Bloc's clerk
    copy = Document.objects.get(source_document=document, organization=tree.committee_a)
    event = copy.events.get(action="registered")
    assert event.actor_id is None
    assert copy.versions.get().created_by_id is None  # nor attached the file there
    # And committee A's clerk reads "system — registered it" on the copy's page
    page = verified_client(office_a.clerk).get(reverse("documents:detail", args=[copy.pk]))
    history = page.content.decode().split('id="history', 1)[-1]
    assert str(office_root.clerk) not in history
    assert "system</strong> — registered it" in history


@pytest.mark.parametrize("bulk", [False, True], ids=["one-by-one", "bulk"])
def test_a_clerk_of_several_registers_reads_which_register_each_arrival_is_in(
    bulk, office_root, office_a, tree, monkeypatch, django_capture_on_commit_callbacks
):
    # Given A's clerk serves A's register and, from above, its cell's (vanthu_cs in the demo)
    if bulk:
        monkeypatch.setattr("partydesk.documents.services.outgoing.release.BULK_FROM", 2)
    clear_office(office_root, Secrecy.SECRET)
    clear_office(office_a, Secrecy.SECRET)
    recipients = [tree.committee_a, tree.cell_a1]
    document = approve_all(
        office_root, draft(office_root, secrecy=Secrecy.SECRET, release_to=recipients)
    )
    document_issue(actor=office_root.clerk, document=document)
    # When the Bloc releases one resolution to both
    with django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=document)
    # Then the clerk has two arrival notifications, each naming its register's organization
    told = office_a.clerk.notifications.filter(kind="documents.arrived")
    assert {n.organization_id: n.params for n in told} == {
        tree.committee_a.pk: {"organization": "Đảng bộ Sở Tài chính"},
        tree.cell_a1.pk: {"organization": "Chi bộ Phòng Ngân sách (Đảng bộ Sở Tài chính)"},
    }
    # And reads them apart under the bell, in Vietnamese and in English
    client = verified_client(office_a.clerk)
    url = reverse("core:notifications")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đã đến sổ văn bản đến của Đảng bộ Sở Tài chính<" in page
    assert "Đã đến sổ văn bản đến của Chi bộ Phòng Ngân sách (Đảng bộ Sở Tài chính)<" in page
    assert "của đơn vị" not in page
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Arrived in the incoming register of Đảng bộ Sở Tài chính<" in page


@pytest.mark.parametrize("bulk", [False, True], ids=["one-by-one", "bulk"])
def test_an_urgent_arrival_tells_the_assigners_which_register_it_is_in(
    bulk, office_root, office_a, tree, monkeypatch, django_capture_on_commit_callbacks
):
    # Given an urgent resolution released to committee A and its cell
    if bulk:
        monkeypatch.setattr("partydesk.documents.services.outgoing.release.BULK_FROM", 2)
    clear_office(office_root, Secrecy.SECRET)  # a classified one is issued without signing
    clear_office(office_a, Secrecy.SECRET)
    recipients = [tree.committee_a, tree.cell_a1]
    document = approve_all(
        office_root,
        draft(office_root, secrecy=Secrecy.SECRET, release_to=recipients, urgency=1),
    )
    document_issue(actor=office_root.clerk, document=document)
    # When it is released
    with django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=document)
    # Then each "urgent" notice to those who assign names the register it arrived in
    urgent = Notification.objects.filter(kind="documents.urgent")
    assert {n.organization_id for n in urgent} == {tree.committee_a.pk, tree.cell_a1.pk}
    labels = {tree.committee_a.pk: tree.committee_a.label, tree.cell_a1.pk: tree.cell_a1.label}
    assert all(n.params == {"organization": labels[n.organization_id]} for n in urgent)
    with translation.override("vi"):
        assert notification_kind_label("documents.urgent", urgent[0].params).startswith(
            "Văn bản khẩn đã đến sổ văn bản đến của "
        )
