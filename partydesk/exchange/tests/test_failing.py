"""Deliveries to a peer that keep failing are on the sending office's dashboard (attempts,
last error, next automatic try) with a retry, for the clerks who can send, and nobody else."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.core.models import OutboxMessage, OutboxStatus
from partydesk.documents.services.outgoing import document_issue, document_release, document_sign
from partydesk.documents.tests.test_outgoing import approve_all, draft
from partydesk.exchange.models import OutgoingPackage, Transfer
from partydesk.exchange.selectors.business import deliveries_failing_for
from partydesk.exchange.services.send import REMOTE_DELIVERY
from partydesk.exchange.tests.test_packages import identified  # noqa: F401
from partydesk.exchange.tests.test_send import closed_port_url, served

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("identified")]


def test_a_failing_delivery_is_on_the_clerks_dashboard_with_a_retry(
    settings, office_root, tree, signing, django_capture_on_commit_callbacks
):
    # Given committee A is served by a peer that is down when the resolution is released
    settings.PARTYDESK_EXCHANGE_ALLOW_HTTP_LOOPBACK = True
    served(closed_port_url())
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    document = approve_all(office_root, draft(office_root, release_to=[tree.committee_a]))
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=document)
    with django_capture_on_commit_callbacks(execute=True):
        document_release(actor=office_root.clerk, document=document)
    package = OutgoingPackage.objects.get(document=document)
    assert package.transfer == Transfer.RETRYING and package.transfer_attempts == 1
    message = OutboxMessage.objects.get(kind=REMOTE_DELIVERY)
    assert message.status == OutboxStatus.PENDING
    # Then the office's failing deliveries have it, with the outbox's next try
    [failing] = deliveries_failing_for(office_root.organization, limit=10)
    assert failing.package.pk == package.pk and failing.next_attempt_at == message.next_attempt_at
    assert deliveries_failing_for(tree.committee_a, limit=10) == []
    # And the clerk's dashboard shows it with attempts, the error and a retry, in both languages
    clerk = logged_in(office_root.clerk)
    english = clerk.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Deliveries failing" in english and "1 attempt" in english
    assert "cannot be reached" in english and "Next automatic try" in english
    retry = reverse("exchange:package_resend", args=[document.pk, package.pk])
    assert retry in english
    vietnamese = clerk.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Gửi không thành công" in vietnamese and "Thử lại ngay" in vietnamese
    # And not the specialist's, who cannot send packages
    other = logged_in(office_root.specialist).get(reverse("core:dashboard"))
    assert retry not in other.content.decode()
    # When the clerk retries now (the peer is still down), the try happens at once
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk.post(retry, {"next": "dashboard"})
    assert response.status_code == 302 and response["Location"] == reverse("core:dashboard")
    package.refresh_from_db()
    assert package.transfer == Transfer.RETRYING and package.transfer_attempts == 2
    page = clerk.get(reverse("core:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 attempts" in page
