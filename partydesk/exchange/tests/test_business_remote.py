"""Recall, update and replacement between installations (ADR 0020): the business package
travels signed to the peer, which applies it to its copy as the local path does and answers
15 or 16 back as a status package. As in test_send, the peer is this installation behind a
real HTTP server (committee A 'lives' there), so every package crosses a socket and the real
inbox."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partydesk.conftest import logged_in
from partydesk.core.services.files import file_read
from partydesk.core.services.outbox import outbox_deliver
from partydesk.documents.models import Document, Status
from partydesk.documents.services.outgoing import document_issue, document_release, document_sign
from partydesk.documents.tests.test_outgoing import approve_all, draft
from partydesk.exchange.edxml import Business, BusinessType, Organ, PackageRefused, package_read
from partydesk.exchange.models import BusinessType as Kind
from partydesk.exchange.models import DeliveredPackage, OutgoingPackage, Transfer
from partydesk.exchange.services import business
from partydesk.exchange.services.export import package_bytes
from partydesk.exchange.services.receive import max_package_bytes, package_register
from partydesk.exchange.services.send import post_signed
from partydesk.exchange.tests.test_packages import actor_for, identified  # noqa: F401
from partydesk.exchange.tests.test_send import BLOC, COMMITTEE_A, loopback, served  # noqa: F401
from partydesk.signatures.services.detached import organization_seal_detached

pytestmark = pytest.mark.usefixtures("identified")

REASON = "Ban hành sai thẩm quyền."


@pytest.fixture
def peer(loopback, live_server, office_root, tree, signing):  # noqa: F811
    served(live_server.url)
    signing(
        people=[office_root.secretary],
        organizations=[office_root.organization, tree.committee_a],
    )
    return live_server


def released(office_root, tree, subject: str) -> Document:  # type: ignore[no-untyped-def]
    document = approve_all(
        office_root, draft(office_root, release_to=[tree.committee_a], subject=subject)
    )
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=document)
    document_release(actor=office_root.clerk, document=document)  # POSTs after the commit
    document.refresh_from_db()
    return document


def registered_copy(office_a, tree, document: Document) -> Document:  # type: ignore[no-untyped-def]
    """Committee A's clerk registers the package the peer delivered for `document`."""
    sent = OutgoingPackage.objects.get(document=document, business_type=Kind.NEW)
    assert sent.transfer == Transfer.DELIVERED, sent.transfer_problems
    kept = DeliveredPackage.objects.get(edxml_document_id=sent.edxml_document_id, business_type=0)
    return package_register(
        actor=actor_for(office_a.clerk), organization=tree.committee_a, data=file_read(kept.package)
    ).document


def codes(document: Document, kind: int) -> list[str]:
    """The statuses in the order they were recorded (the wire's timestamps are to the second,
    so an answer within the request's second may sort before the 13 by time)."""
    package = OutgoingPackage.objects.get(document=document, business_type=kind)
    assert package.status == package.statuses.order_by("id").last().code  # type: ignore[union-attr]
    return list(package.statuses.order_by("id").values_list("code", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_recall_reaches_the_peer_which_cancels_its_copy_and_answers_15(
    peer, office_root, office_a, tree
):
    document = released(office_root, tree, "về chuyển đổi số")
    copy = registered_copy(office_a, tree, document)
    # When the Bloc's clerk recalls it
    business.business_request(
        actor=actor_for(office_root.clerk),
        document=document,
        business_type=Kind.RECALL,
        reason=REASON,
    )
    recall = OutgoingPackage.objects.get(document=document, business_type=Kind.RECALL)
    # Then the recall travelled signed, with the business block naming the document
    assert recall.transfer == Transfer.DELIVERED, recall.transfer_problems
    assert recall.package is not None
    carried = package_read(file_read(recall.package), max_bytes=max_package_bytes())
    assert carried.business.doc_type == BusinessType.RECALL
    assert carried.business.reason == REASON
    assert carried.business.document_id == recall.edxml_document_id == carried.document_id
    # And it is not a package for the clerk to register, even by its id
    page = logged_in(office_a.clerk).get(reverse("exchange:delivered"))
    assert recall.edxml_document_id not in page.content.decode()
    kept = DeliveredPackage.objects.get(business_type=Kind.RECALL)
    with pytest.raises(PackageRefused, match="not registered"):
        package_register(
            actor=actor_for(office_a.clerk),
            organization=tree.committee_a,
            data=file_read(kept.package),
        )
    # When the peer's worker runs: the copy is cancelled, history kept, 15 comes back
    outbox_deliver()
    copy.refresh_from_db()
    assert copy.status == Status.CANCELLED
    assert codes(document, Kind.RECALL) == ["13", "15"]
    # And the sender's statuses page shows the answer
    page = logged_in(office_root.clerk).get(reverse("exchange:statuses", args=[document.pk]))
    assert "Recall accepted" in page.content.decode()
    # When the recall is delivered again (the sender's retry) and the worker runs again
    status, answer = post_signed(
        f"{peer.url}/exchange/inbox/", file_read(recall.package), bytes(recall.signature or b"")
    )
    assert (status, answer["duplicate"]) == (202, True)
    outbox_deliver()
    # Then nothing more happened
    assert codes(document, Kind.RECALL) == ["13", "15"]
    assert DeliveredPackage.objects.filter(business_type=Kind.RECALL).count() == 1


def new_version(office_root, office_a, tree, kind: int) -> tuple[Document, ...]:  # type: ignore[no-untyped-def]
    """Two registered versions at the peer, the old updated or replaced by the new, applied
    by the peer's worker: (old, its copy, new, its copy), the copies as they are now."""
    old = released(office_root, tree, "về chuyển đổi số")
    old_copy = registered_copy(office_a, tree, old)
    new = released(office_root, tree, "về chuyển đổi số (phiên bản mới)")
    new_copy = registered_copy(office_a, tree, new)
    business.business_request(
        actor=actor_for(office_root.clerk),
        document=old,
        business_type=Kind(kind),
        reason=REASON,
        replacement=new,
    )
    outbox_deliver()
    old_copy.refresh_from_db()
    new_copy.refresh_from_db()
    return old, old_copy, new, new_copy


@pytest.mark.django_db(transaction=True)
def test_a_replacement_cancels_the_old_copy_and_links_the_new(peer, office_root, office_a, tree):
    old, old_copy, _new, new_copy = new_version(office_root, office_a, tree, Kind.REPLACE)
    assert old_copy.status == Status.CANCELLED and new_copy.status != Status.CANCELLED
    assert codes(old, Kind.REPLACE) == ["15"]
    # The recipient's pages link both ways
    client = logged_in(office_a.clerk)
    old_page = client.get(reverse("documents:detail", args=[old_copy.pk])).content.decode()
    assert "Replaced by" in old_page and f"/documents/{new_copy.pk}/" in old_page
    new_page = client.get(reverse("documents:detail", args=[new_copy.pk])).content.decode()
    assert "Replaces" in new_page and f"/documents/{old_copy.pk}/" in new_page


@pytest.mark.django_db(transaction=True)
def test_an_update_keeps_the_copy_in_force(peer, office_root, office_a, tree):
    old, old_copy, _new, new_copy = new_version(office_root, office_a, tree, Kind.UPDATE)
    assert old_copy.status != Status.CANCELLED
    assert codes(old, Kind.UPDATE) == ["15"]
    page = logged_in(office_a.clerk).get(reverse("documents:detail", args=[old_copy.pk]))
    assert "Updated by" in page.content.decode()
    assert f"/documents/{new_copy.pk}/" in page.content.decode()


def hostile(document: Document, tree, business_block: Business) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    """A business package signed by the Bloc with whatever block the test wants."""
    from partydesk.exchange.services.export import package_of

    package = package_of(
        document,
        sender_id=BLOC,
        receivers=[Organ(COMMITTEE_A, tree.committee_a.name)],
        business=business_block,
    )
    data = package_bytes(package)
    signature = organization_seal_detached(organization=document.organization, payload=data)
    sent = OutgoingPackage.objects.get(document=document, business_type=Kind.NEW)
    assert sent.peer is not None
    return post_signed(f"{sent.peer.base_url}exchange/inbox/", data, signature)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("block", "why"),
    [
        (Business(BusinessType.RECALL, "x", "000.00.09.H40,2026/01/01,1/NQ"), "did not send"),
        (Business(BusinessType.RECALL, "x", f"{BLOC},2020/01/01,99/NQ/ĐUK"), "two different"),
        (Business(BusinessType.REPLACE, "x", f"{BLOC},2020/01/01,99/NQ/ĐUK"), "never reached"),
    ],
)
def test_inconsistent_business_packages_are_answered_16(
    peer, office_root, office_a, tree, block, why
):
    document = released(office_root, tree, "về chuyển đổi số")
    copy = registered_copy(office_a, tree, document)
    # A replacement block over the document itself names an old one nobody received
    status, _answer = hostile(document, tree, block)
    assert status == 202
    outbox_deliver()
    row = DeliveredPackage.objects.get(business_type=block.doc_type)
    assert row.answer == "16" and why in row.answer_reason
    copy.refresh_from_db()
    assert copy.status != Status.CANCELLED
    # The answer went back, but the Bloc sent no such request: nothing recorded there
    assert not OutgoingPackage.objects.filter(business_type__gt=0).exists()


@pytest.mark.django_db(transaction=True)
def test_a_recall_of_a_package_still_in_the_inbox_withdraws_it(peer, office_root, office_a, tree):
    document = released(office_root, tree, "về chuyển đổi số")
    business.business_request(
        actor=actor_for(office_root.clerk),
        document=document,
        business_type=Kind.RECALL,
        reason=REASON,
    )
    outbox_deliver()
    assert codes(document, Kind.RECALL) == ["13", "15"]
    kept = DeliveredPackage.objects.get(business_type=Kind.NEW)
    assert kept.refused_at is not None and kept.refused_at <= timezone.now() + dt.timedelta(1)
    page = logged_in(office_a.clerk).get(reverse("exchange:delivered")).content.decode()
    assert kept.edxml_document_id not in page
