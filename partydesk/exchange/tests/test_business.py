"""Recall, update and replacement of a released document inside one installation (ADR 0020):
the sending clerk asks from the document's page with a reason and a confirmation, each
recipient's copy changes once (withdrawn, or marked updated, linked to the new version),
and each recipient's answer (13 → 15, or 16 with why) comes back to the sender."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from partydesk.conftest import logged_in
from partydesk.core.errors import DomainError, InvalidInput
from partydesk.core.models import AuditEvent, OutboxMessage
from partydesk.documents.models import Direction, Document, DocumentEvent, Status
from partydesk.documents.services.incoming import Assignee, incoming_assign, incoming_withdraw
from partydesk.documents.services.outgoing import document_issue, document_release, document_sign
from partydesk.documents.tests.test_outgoing import approve_all, draft
from partydesk.exchange.models import BusinessType, OutgoingPackage
from partydesk.exchange.services import business
from partydesk.exchange.tests.test_packages import actor_for

pytestmark = pytest.mark.django_db

REASON = "Văn bản ban hành sai thẩm quyền, đề nghị hủy."


@pytest.fixture
def release(office_root, signing, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Release a signed resolution of the Bloc to `recipients` (delivered after commit unless
    `deliver=False`: the copies then have not arrived yet)."""
    signing(people=[office_root.secretary], organizations=[office_root.organization])

    def make(*recipients, deliver=True, subject="về chuyển đổi số"):  # type: ignore[no-untyped-def]
        document = approve_all(
            office_root, draft(office_root, release_to=list(recipients), subject=subject)
        )
        document_sign(actor=office_root.secretary, document=document)
        document_issue(actor=office_root.clerk, document=document)
        if deliver:
            with django_capture_on_commit_callbacks(execute=True):
                document_release(actor=office_root.clerk, document=document)
        else:
            document_release(actor=office_root.clerk, document=document)
        document.refresh_from_db()
        return document

    return make


def copy_of(document: Document, organization) -> Document:  # type: ignore[no-untyped-def]
    return Document.objects.get(
        source_document=document, organization=organization, direction=Direction.INCOMING
    )


def answers(document: Document, business_type: int) -> dict[int, list[str]]:
    packages = OutgoingPackage.objects.filter(document=document, business_type=business_type)
    return {p.organization_id: list(p.statuses.values_list("code", flat=True)) for p in packages}


def test_a_recall_withdraws_every_copy_once_and_the_sender_sees_each_answer(
    release, office_root, office_a, tree, django_capture_on_commit_callbacks
):
    sent = release(tree.committee_a, tree.committee_b)
    incoming_assign(
        actor=office_a.secretary,
        document=copy_of(sent, tree.committee_a),
        lead=Assignee(user=office_a.specialist),
    )
    client = logged_in(office_root.clerk)
    # The sender's page offers the recall to the office's clerk, not to its specialist
    page = client.get(reverse("documents:detail", args=[sent.pk])).content.decode()
    url = reverse("exchange:business", args=[sent.pk, "recall"])
    assert url in page
    other = logged_in(office_root.specialist)
    assert url not in other.get(reverse("documents:detail", args=[sent.pk])).content.decode()
    assert other.get(url).status_code == 403
    # Without a reason, or without the confirmation, nothing is sent and the input is kept
    refused = client.post(url, {"reason": "  ", "confirm": "on"})
    assert refused.status_code == 400
    unconfirmed = client.post(url, {"reason": REASON})
    assert unconfirmed.status_code == 400 and REASON in unconfirmed.content.decode()
    assert not OutgoingPackage.objects.filter(business_type=BusinessType.RECALL).exists()
    # When the clerk recalls it with a reason and confirms
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": REASON, "confirm": "on"})
    assert response.status_code == 302
    # Then both copies are withdrawn (cancelled, out of the queues), their history kept
    for organization in (tree.committee_a, tree.committee_b):
        incoming = copy_of(sent, organization)
        assert incoming.status == Status.CANCELLED and incoming.closed_at is not None
        event = DocumentEvent.objects.get(document=incoming, action="recalled")
        assert event.note == REASON
    # And nobody acts on A's copy any more (it was assigned)
    with pytest.raises(DomainError):
        incoming_assign(
            actor=office_a.secretary,
            document=copy_of(sent, tree.committee_a),
            lead=Assignee(user=office_a.secretary),
        )
    # And the sender sees 13 then 15 from each recipient, with the audit trail
    assert answers(sent, BusinessType.RECALL) == {
        tree.committee_a.pk: ["13", "15"],
        tree.committee_b.pk: ["13", "15"],
    }
    assert AuditEvent.objects.filter(
        action="exchange.package.recall_requested", target_id=str(sent.pk)
    ).exists()
    statuses = client.get(reverse("exchange:statuses", args=[sent.pk]), HTTP_ACCEPT_LANGUAGE="vi")
    body = statuses.content.decode()
    assert "15 Đồng ý lấy lại" in body and REASON in body
    # And A's clerk sees on the copy that its sender recalled it, in both languages
    copy_url = reverse("documents:detail", args=[copy_of(sent, tree.committee_a).pk])
    english = logged_in(office_a.clerk).get(copy_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Recalled by its sender" in english and REASON in english
    vietnamese = logged_in(office_a.clerk).get(copy_url, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Bị cơ quan gửi thu hồi" in vietnamese.content.decode()
    # When the same message is delivered again, nothing more happens
    message = OutboxMessage.objects.filter(kind=business.LOCAL_BUSINESS).first()
    assert message is not None
    business.business_deliver_local(message)
    assert answers(sent, BusinessType.RECALL)[tree.committee_a.pk] == ["13", "15"]
    assert DocumentEvent.objects.filter(action="recalled").count() == 2
    # And a second recall is refused with a clear sentence; the page offers none any more
    with translation.override("en"), pytest.raises(InvalidInput, match="already been recalled"):
        business.business_request(
            actor=actor_for(office_root.clerk),
            document=sent,
            business_type=BusinessType.RECALL,
            reason="Lần nữa.",
        )
    assert url not in client.get(reverse("documents:detail", args=[sent.pk])).content.decode()


def test_a_recall_for_a_copy_that_is_not_there_is_answered_16_and_is_idempotent(
    release, office_root, tree, django_capture_on_commit_callbacks
):
    # Given a release whose copies have not arrived (the deliveries wait in the outbox)
    sent = release(tree.committee_a, deliver=False)
    assert not Document.objects.filter(source_document=sent).exists()
    # When the office recalls it
    with django_capture_on_commit_callbacks(execute=True):
        business.business_request(
            actor=actor_for(office_root.clerk),
            document=sent,
            business_type=BusinessType.RECALL,
            reason=REASON,
        )
    # Then the recipient answers 16 with why, and nothing is registered or withdrawn there
    package = OutgoingPackage.objects.get(document=sent, business_type=BusinessType.RECALL)
    last = package.statuses.last()
    assert package.status == "16" and last is not None and "never arrived" in last.reason
    assert not Document.objects.filter(source_document=sent).exists()
    # And a copy that is already withdrawn is left as it is (nothing written twice)
    other = release(tree.committee_b)
    incoming = copy_of(other, tree.committee_b)
    assert incoming_withdraw(document=incoming, action="recalled", reason=REASON) is True
    assert incoming_withdraw(document=incoming, action="recalled", reason=REASON) is False
    assert DocumentEvent.objects.filter(document=incoming, action="recalled").count() == 1


def test_a_replacement_withdraws_the_old_copy_and_links_both_versions(
    release, office_root, office_a, tree, django_capture_on_commit_callbacks
):
    old = release(tree.committee_a, tree.committee_b, subject="về chuyển đổi số (bản cũ)")
    partial = release(tree.committee_a, subject="về chuyển đổi số (chỉ A)")
    new = release(tree.committee_a, tree.committee_b, subject="về chuyển đổi số (bản mới)")
    client = logged_in(office_root.clerk)
    url = reverse("exchange:business", args=[old.pk, "replace"])
    # A new version some recipients have not received is refused, naming them
    response = client.post(url, {"replacement": partial.pk, "reason": REASON, "confirm": "on"})
    assert response.status_code == 400
    assert tree.committee_b.name in response.content.decode()
    assert not OutgoingPackage.objects.filter(business_type=BusinessType.REPLACE).exists()
    # When the clerk replaces it with a version both received
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"replacement": new.pk, "reason": REASON, "confirm": "on"})
    assert response.status_code == 302
    # Then each old copy is withdrawn and the new one is in force
    old_a, new_a = copy_of(old, tree.committee_a), copy_of(new, tree.committee_a)
    assert old_a.status == Status.CANCELLED and new_a.status == Status.REGISTERED
    assert DocumentEvent.objects.filter(document=old_a, action="replaced").exists()
    assert answers(old, BusinessType.REPLACE) == {
        tree.committee_a.pk: ["15"],
        tree.committee_b.pk: ["15"],
    }
    # And the recipient's pages link old and new both ways
    reader = logged_in(office_a.clerk)
    old_page = reader.get(reverse("documents:detail", args=[old_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Replaced by" in old_page.content.decode()
    assert reverse("documents:detail", args=[new_a.pk]) in old_page.content.decode()
    new_page = reader.get(reverse("documents:detail", args=[new_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Replaces" in new_page.content.decode()
    assert reverse("documents:detail", args=[old_a.pk]) in new_page.content.decode()
    # And so do the sender's; a replaced document cannot be recalled or replaced again
    sender_new = client.get(reverse("documents:detail", args=[new.pk])).content.decode()
    assert reverse("documents:detail", args=[old.pk]) in sender_new
    with translation.override("en"), pytest.raises(InvalidInput, match="already been replaced"):
        business.business_request(
            actor=actor_for(office_root.clerk),
            document=old,
            business_type=BusinessType.RECALL,
            reason=REASON,
        )
    assert AuditEvent.objects.filter(action="exchange.package.replacement_sent").count() == 1


def test_an_update_keeps_the_old_copy_in_force_and_notes_it(
    release, office_root, tree, django_capture_on_commit_callbacks
):
    old = release(tree.committee_a)
    new = release(tree.committee_a, subject="đính chính")
    with django_capture_on_commit_callbacks(execute=True):
        business.business_request(
            actor=actor_for(office_root.clerk),
            document=old,
            business_type=BusinessType.UPDATE,
            reason="Bổ sung phụ lục.",
            replacement=new,
        )
    old_a = copy_of(old, tree.committee_a)
    assert old_a.status == Status.REGISTERED
    assert DocumentEvent.objects.get(document=old_a, action="updated").note.startswith("Bổ sung")
    assert answers(old, BusinessType.UPDATE) == {tree.committee_a.pk: ["15"]}
    # A second update of the same document is refused; a recall after it is still possible
    with translation.override("en"), pytest.raises(InvalidInput, match="already been updated"):
        business.business_request(
            actor=actor_for(office_root.clerk),
            document=old,
            business_type=BusinessType.UPDATE,
            reason="Lần nữa.",
            replacement=new,
        )
    with django_capture_on_commit_callbacks(execute=True):
        business.business_request(
            actor=actor_for(office_root.clerk),
            document=old,
            business_type=BusinessType.RECALL,
            reason=REASON,
        )
    assert copy_of(old, tree.committee_a).status == Status.CANCELLED


def test_recall_pages_are_scoped(release, office_root, tree, eve):
    sent = release(tree.committee_a)
    for kind in ("recall", "update", "replace"):
        url = reverse("exchange:business", args=[sent.pk, kind])
        assert logged_in(eve).get(url).status_code == 404
        assert logged_in(office_root.clerk).get(url).status_code == 200
