"""Tracked delivery inside one installation: the sender of a released document sees each
recipient's statuses (01 arrived, 03 registered, 04 assigned, 05 in progress, 06 completed,
or 02 refused with the reason), each with its time and actor and an audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partydesk.conftest import logged_in
from partydesk.core.models import AuditEvent, OutboxMessage, OutboxStatus
from partydesk.core.services.outbox import outbox_deliver
from partydesk.documents.keeper import assignments_of
from partydesk.documents.models import Direction, Document, Status
from partydesk.documents.services.incoming import (
    Assignee,
    assignment_complete,
    document_note_add,
    incoming_assign,
    incoming_refuse,
    incoming_reopen,
)
from partydesk.documents.services.outgoing import document_issue, document_release, document_sign
from partydesk.documents.tests.test_outgoing import approve_all, draft
from partydesk.exchange.models import OutgoingPackage, PackageStatus, StatusCode
from partydesk.exchange.selectors.statuses import packages_waiting_for, receipt_cutoff
from partydesk.exchange.services import statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(office_root, tree, signing, django_capture_on_commit_callbacks) -> Document:
    """The Bloc's signed resolution released to committees A and B, delivered after commit."""
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    document = approve_all(
        office_root, draft(office_root, release_to=[tree.committee_a, tree.committee_b])
    )
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=document)
    with django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    return document


def arrival(document: Document, organization) -> Document:  # type: ignore[no-untyped-def]
    return Document.objects.get(
        source_document=document, organization=organization, direction=Direction.INCOMING
    )


def codes(document: Document, organization) -> list[str]:  # type: ignore[no-untyped-def]
    package = OutgoingPackage.objects.get(document=document, organization=organization)
    return list(package.statuses.values_list("code", flat=True))


def test_each_step_of_the_recipient_comes_back_to_the_sender(
    sent, office_a, tree, django_capture_on_commit_callbacks
):
    # Given the resolution arrived at committee A: 01 and 03 at once (registered on arrival)
    assert codes(sent, tree.committee_a) == ["01", "03"]
    incoming = arrival(sent, tree.committee_a)
    # When A's secretary assigns it, the specialist starts and reports it done
    with django_capture_on_commit_callbacks(execute=True):
        incoming_assign(
            actor=office_a.secretary,
            document=incoming,
            lead=Assignee(user=office_a.specialist),
            instruction="Đề xuất kế hoạch thực hiện.",
        )
    assert codes(sent, tree.committee_a)[-1] == StatusCode.ASSIGNED
    with django_capture_on_commit_callbacks(execute=True):
        document_note_add(actor=office_a.specialist, document=incoming, text="Đang dự thảo.")
    (lead,) = [a for a in assignments_of(incoming) if a.user_id == office_a.specialist.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assignment_complete(actor=office_a.specialist, assignment=lead, report="Đã ban hành KH.")
    # Then the sender sees 01, 03, 04, 05, 06 with who did each step
    assert codes(sent, tree.committee_a) == ["01", "03", "04", "05", "06"]
    package = OutgoingPackage.objects.get(document=sent, organization=tree.committee_a)
    assert package.status == StatusCode.COMPLETED and package.status_at is not None
    by = dict(package.statuses.values_list("code", "by__username"))
    assert by["04"] == office_a.secretary.username and by["06"] == office_a.specialist.username
    # The arrival was registered by the installation at the release: nobody of committee A
    # did it, and the sender's clerk did not register it in A's register either.
    assert by["01"] is None and by["03"] is None
    assert AuditEvent.objects.filter(action="exchange.package.status").count() == 7  # 5 + B's 2
    assert AuditEvent.objects.filter(action="exchange.package.sent", target_id=str(sent.pk))
    # And committee B, which did nothing yet, is still at 03
    assert codes(sent, tree.committee_b) == ["01", "03"]
    # When A's secretary sends the handling back, the sender sees it in progress again
    with django_capture_on_commit_callbacks(execute=True):
        incoming_reopen(actor=office_a.secretary, document=incoming, reason="Bổ sung kinh phí.")
    assert codes(sent, tree.committee_a)[-1] == StatusCode.IN_PROGRESS
    package.refresh_from_db()
    assert package.status == StatusCode.IN_PROGRESS


def test_a_refused_arrival_reports_02_with_the_reason(
    sent, office_root, tree, django_capture_on_commit_callbacks
):
    # Given committee B's clerk finds the resolution is not for them
    clerk_b = office_b_clerk(tree)
    incoming = arrival(sent, tree.committee_b)
    page = logged_in(clerk_b).get(reverse("documents:detail", args=[incoming.pk]))
    assert reverse("exchange:refuse", args=[incoming.pk]) in page.content.decode()
    # When they refuse it with no reason, nothing happens
    client = logged_in(clerk_b)
    url = reverse("exchange:refuse", args=[incoming.pk])
    assert client.post(url, {"reason": "  "}).status_code == 400
    # When they give the reason
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Gửi nhầm đơn vị, đề nghị gửi Sở Tài chính."})
    assert response.status_code == 302
    # Then it leaves their queue, filed, and the sender sees 02 with the reason
    incoming.refresh_from_db()
    assert incoming.status == Status.FILED
    refused = PackageStatus.objects.get(package__organization=tree.committee_b, code="02")
    assert refused.reason.startswith("Gửi nhầm") and refused.by == clerk_b
    url_statuses = reverse("exchange:statuses", args=[sent.pk])
    english = logged_in(office_root.clerk).get(url_statuses, HTTP_ACCEPT_LANGUAGE="en")
    assert "Gửi nhầm đơn vị" in english.content.decode()
    assert "02 Refused" in english.content.decode()
    vietnamese = logged_in(office_root.clerk).get(url_statuses, HTTP_ACCEPT_LANGUAGE="vi")
    assert "02 Từ chối tiếp nhận" in vietnamese.content.decode()
    assert "03 Đã tiếp nhận" in vietnamese.content.decode()  # committee A's arrival
    # And it cannot be refused twice
    assert client.get(url).status_code == 403


def office_b_clerk(tree):  # type: ignore[no-untyped-def]
    from partydesk.documents.tests.factories import make_staff

    return make_staff("b_clerk", tree.committee_b, "clerk")


def test_only_the_recipients_clerk_refuses_and_only_before_assignment(sent, office_a, tree, eve):
    incoming = arrival(sent, tree.committee_a)
    with pytest.raises(Exception, match="office"):
        incoming_refuse(actor=office_a.specialist, document=incoming, reason="Không.")
    url = reverse("exchange:refuse", args=[incoming.pk])
    assert logged_in(eve).get(url).status_code == 404  # another organization's document
    incoming_assign(
        actor=office_a.secretary, document=incoming, lead=Assignee(user=office_a.specialist)
    )
    assert logged_in(office_a.clerk).get(url).status_code == 403


def test_the_sender_sees_the_timeline_on_the_document_page(sent, office_root, tree, eve):
    page = logged_in(office_root.clerk).get(reverse("documents:detail", args=[sent.pk]))
    body = page.content.decode()
    assert reverse("exchange:statuses", args=[sent.pk]) in body
    timeline = logged_in(office_root.clerk).get(reverse("exchange:statuses", args=[sent.pk]))
    assert timeline.status_code == 200
    assert tree.committee_a.name in timeline.content.decode()
    assert logged_in(eve).get(reverse("exchange:statuses", args=[sent.pk])).status_code == 404


def test_a_package_without_a_receipt_after_one_working_day_is_listed(sent, office_root, tree):
    # Given committee B's package lost its receipt (a delivery still failing, say)
    package = OutgoingPackage.objects.get(document=sent, organization=tree.committee_b)
    package.statuses.all().delete()
    OutgoingPackage.objects.filter(pk=package.pk).update(status="")
    # Then it is not late the day it was sent, and late two working days on
    today = timezone.localdate()
    assert not packages_waiting_for(office_root.organization, today=today).exists()
    later = today + dt.timedelta(days=7)  # whatever the holidays, at least 2 working days on
    waiting = list(packages_waiting_for(office_root.organization, today=later))
    assert [p.organization_id for p in waiting] == [tree.committee_b.pk]
    assert receipt_cutoff(later) > package.sent_at
    # And the office's list shows it
    OutgoingPackage.objects.filter(pk=package.pk).update(
        sent_at=package.sent_at - dt.timedelta(days=10)
    )
    page = logged_in(office_root.clerk).get(reverse("exchange:waiting"))
    assert page.status_code == 200 and tree.committee_b.name in page.content.decode()
    assert tree.committee_a.name not in page.content.decode()
    # And so does the clerk's dashboard, and not the specialist's (no exchange role)
    dashboard = logged_in(office_root.clerk).get(reverse("core:dashboard")).content.decode()
    assert "Sent without a receipt" in dashboard and tree.committee_b.name in dashboard
    other = logged_in(office_root.specialist).get(reverse("core:dashboard")).content.decode()
    assert "Sent without a receipt" not in other


def test_a_status_that_fails_to_record_is_retried_and_recorded_once(
    sent, office_a, tree, monkeypatch, django_capture_on_commit_callbacks
):
    # Given recording statuses fails for a while
    real = statuses.package_status_record

    def failing(**kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionError("the sender's tables are locked by a migration")

    monkeypatch.setattr(statuses, "package_status_record", failing)
    incoming = arrival(sent, tree.committee_a)
    # When committee A assigns the resolution
    with django_capture_on_commit_callbacks(execute=True):
        incoming_assign(
            actor=office_a.secretary, document=incoming, lead=Assignee(user=office_a.specialist)
        )
    # Then the assignment stands, and its status waits in the outbox
    incoming.refresh_from_db()
    assert incoming.status == Status.ASSIGNED
    assert codes(sent, tree.committee_a) == ["01", "03"]
    waiting = OutboxMessage.objects.get(kind=statuses.LOCAL_STATUS, status=OutboxStatus.PENDING)
    assert waiting.attempts == 1 and "locked" in waiting.last_error
    # When the worker retries after the backoff, it is recorded with the time of the move
    monkeypatch.setattr(statuses, "package_status_record", real)
    outbox_deliver(now=timezone.now() + dt.timedelta(days=1))
    assert codes(sent, tree.committee_a) == ["01", "03", "04"]
    assigned = PackageStatus.objects.get(package__organization=tree.committee_a, code="04")
    assert assigned.at.isoformat() == waiting.payload["at"]
    # And the same message delivered again records nothing more
    statuses.status_deliver_local(waiting)
    assert codes(sent, tree.committee_a) == ["01", "03", "04"]
