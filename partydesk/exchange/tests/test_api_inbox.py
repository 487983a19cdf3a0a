"""The exchange API's inbox (ADR 0020, API section): packages peers delivered to the token's
acting organization, listed, opened with the registration's checks, registered once or
refused with a reason through the pages' services; another organization's are 404."""

from __future__ import annotations

import pytest
from django.test import Client

from partydesk.accounts.services.tokens import api_token_create
from partydesk.accounts.tests.factories import make_user
from partydesk.core.models import OutboxMessage
from partydesk.exchange.models import DeliveredPackage, ReceivedPackage
from partydesk.exchange.tests.test_inbox import (  # noqa: F401
    SENDER,
    our_root_pem,
    package,
    post,
    trust,
)
from partydesk.exchange.tests.test_packages import identified, released  # noqa: F401
from partydesk.signatures.services.detached import organization_seal_detached

pytestmark = pytest.mark.django_db

INBOX = "/api/v1/exchange/inbox"


def api_client(user) -> Client:  # type: ignore[no-untyped-def]
    _token, key = api_token_create(user=user, name="script")
    return Client(headers={"Authorization": f"Bearer {key}", "Accept-Language": "en"})


def clerk_of(organization, name: str) -> Client:  # type: ignore[no-untyped-def]
    user = make_user(name, organization=organization, role="clerk", two_factor=True)
    return api_client(user)


@pytest.fixture
def delivered(package, tree) -> DeliveredPackage:  # noqa: F811
    """The Bloc's signed package, delivered by a trusted peer to committee A."""
    trust(our_root_pem())
    status, body = post(
        package, organization_seal_detached(organization=tree.root, payload=package)
    )
    assert status == 202, body
    return DeliveredPackage.objects.get()


def test_the_clerk_lists_opens_and_registers_a_delivered_package_once(delivered, tree):
    clerk = clerk_of(tree.committee_a, "api_inbox_clerk")
    # The inbox lists it, and its filters find or leave it out
    listed = clerk.get(INBOX)
    assert listed.status_code == 200, listed.content
    assert [row["id"] for row in listed.json()["items"]] == [delivered.pk]
    assert listed.json()["items"][0]["sender_organ_id"] == SENDER
    assert clerk.get(INBOX, {"sender": SENDER}).json()["count"] == 1
    assert clerk.get(INBOX, {"sender": "000.00.99.H40"}).json()["count"] == 0
    assert clerk.get(INBOX, {"q": delivered.edxml_document_id[-8:]}).json()["count"] == 1
    assert clerk.get(INBOX, {"q": "không có văn bản này"}).json()["count"] == 0
    # One item carries what the registration's checks say
    item = clerk.get(f"{INBOX}/{delivered.pk}").json()
    assert item["problems"] == [] and item["registered_document_id"] is None
    # When it is registered twice, it is registered once
    first = clerk.post(f"{INBOX}/{delivered.pk}/register", {}, content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["created"] is True and first.json()["register_number"] is not None
    again = clerk.post(
        f"{INBOX}/{delivered.pk}/register",
        {"confirm_duplicate": False},
        content_type="application/json",
    )
    assert again.status_code == 200
    assert again.json() == {**first.json(), "created": False}
    received = ReceivedPackage.objects.get()
    assert received.document_id == first.json()["document_id"]
    assert received.document.organization == tree.committee_a
    # And it leaves the inbox; its item says what it became; a refusal now is refused
    assert clerk.get(INBOX).json()["count"] == 0
    item = clerk.get(f"{INBOX}/{delivered.pk}").json()
    assert item["registered_document_id"] == received.document_id
    late = clerk.post(
        f"{INBOX}/{delivered.pk}/refuse", {"reason": "Sai"}, content_type="application/json"
    )
    assert late.status_code == 400
    assert late.json() == {"detail": "This package was already registered or refused."}


def test_a_refusal_needs_a_reason_and_sends_02(delivered, tree):
    clerk = clerk_of(tree.committee_a, "api_inbox_refuser")
    url = f"{INBOX}/{delivered.pk}/refuse"
    # A missing or malformed reason is a 422 naming the field; a blank one the page's 400
    missing = clerk.post(url, {}, content_type="application/json")
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"][-1] == "reason"
    blank = clerk.post(url, {"reason": "   "}, content_type="application/json")
    assert blank.status_code == 400
    assert blank.json() == {"detail": "Say why the package is refused."}
    assert DeliveredPackage.objects.get().refused_at is None
    # When it is refused with a reason
    done = clerk.post(url, {"reason": "Gửi nhầm đơn vị."}, content_type="application/json")
    assert done.status_code == 200, done.content
    assert done.json()["refusal_reason"] == "Gửi nhầm đơn vị." and done.json()["refused_at"]
    # Then it leaves the inbox and 02 waits in the outbox for the sender's installation
    assert clerk.get(INBOX).json()["count"] == 0
    assert OutboxMessage.objects.filter(kind="exchange.status.package").exists()
    again = clerk.post(url, {"reason": "Lần nữa."}, content_type="application/json")
    assert again.status_code == 400
    # And a refused package is not registered afterwards: the sender was told it was not
    late = clerk.post(f"{INBOX}/{delivered.pk}/register", {}, content_type="application/json")
    assert late.status_code == 400
    assert "This package was refused on" in late.json()["detail"]
    assert "Gửi nhầm đơn vị." in late.json()["detail"]
    assert not ReceivedPackage.objects.exists()


def test_another_organization_sees_nothing_and_a_specialist_is_refused(delivered, tree):
    other = clerk_of(tree.committee_b, "api_inbox_clerk_b")
    assert other.get(INBOX).json()["count"] == 0
    assert other.get(f"{INBOX}/{delivered.pk}").status_code == 404
    for action, body in (("register", {}), ("refuse", {"reason": "Không phải của tôi."})):
        answer = other.post(
            f"{INBOX}/{delivered.pk}/{action}", body, content_type="application/json"
        )
        assert answer.status_code == 404, action
        assert answer.json() == {"detail": "Not Found"}
    specialist = make_user(
        "api_inbox_specialist", organization=tree.committee_a, role="specialist", two_factor=True
    )
    refused = api_client(specialist).get(INBOX)
    assert refused.status_code == 403 and "detail" in refused.json()
    assert Client().get(INBOX).status_code == 401
    assert DeliveredPackage.objects.get().refused_at is None
    assert not ReceivedPackage.objects.exists()
