"""Documents published from the office: an issued, unclassified document marked by its office
appears in the portal's documents section with its signed PDF; withdrawing it takes it away;
a classified document is never published, by the service, the office's page, the database or
a guessed portal URL."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from partydesk.accounts.tests.factories import verified_client
from partydesk.core.errors import NotAllowed
from partydesk.documents.models import Document
from partydesk.documents.services.publication import document_set_published

pytestmark = pytest.mark.django_db


def test_a_published_document_appears_with_its_signed_pdf_until_withdrawn(
    issued, office_root, client: Client
):
    assert issued.subject not in client.get("/portal/documents/").content.decode()
    assert client.get(f"/portal/documents/{issued.pk}/").status_code == 404
    # When the office chief publishes it from the document's page
    office = verified_client(office_root.chief)
    response = office.post(f"/documents/{issued.pk}/publish/", {"published": "1"})
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.published_at is not None
    # Then the portal lists it with number, type, issuer and subject
    listing = client.get("/portal/documents/").content.decode()
    assert issued.subject in listing and issued.symbol in listing
    assert issued.organization.name in listing
    detail = client.get(f"/portal/documents/{issued.pk}/")
    assert detail.status_code == 200
    # And the signed PDF downloads
    pdf = client.get(f"/portal/documents/{issued.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.getvalue().startswith(b"%PDF")
    # When the office withdraws it, the portal no longer has it
    office.post(f"/documents/{issued.pk}/publish/", {})
    issued.refresh_from_db()
    assert issued.published_at is None
    assert issued.subject not in client.get("/portal/documents/").content.decode()
    assert client.get(f"/portal/documents/{issued.pk}/").status_code == 404
    assert client.get(f"/portal/documents/{issued.pk}/pdf/").status_code == 404


def test_only_the_office_publishes(issued, office_root):
    with pytest.raises(NotAllowed):
        document_set_published(actor=office_root.specialist, document=issued, published=True)
    response = verified_client(office_root.specialist).post(
        f"/documents/{issued.pk}/publish/", {"published": "1"}
    )
    assert response.status_code in (403, 404, 200)
    issued.refresh_from_db()
    assert issued.published_at is None


def test_a_classified_document_is_never_published_whatever_is_clicked(
    classified, office_root, client: Client
):
    chief = office_root.chief
    # The service refuses it
    with pytest.raises(NotAllowed):
        document_set_published(actor=chief, document=classified, published=True)
    # The office's page offers no button and a forged POST changes nothing
    office = verified_client(chief)
    office.post(f"/documents/{classified.pk}/publish/", {"published": "1"})
    classified.refresh_from_db()
    assert classified.published_at is None
    # The database refuses a row written past the service
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=classified.pk).update(published_at="2026-01-01T00:00:00Z")
    # And the portal answers 404 to every guessed URL
    for url in ("/portal/documents/{}/", "/portal/documents/{}/pdf/"):
        assert client.get(url.format(classified.pk)).status_code == 404
    assert classified.subject not in client.get("/portal/documents/").content.decode()
