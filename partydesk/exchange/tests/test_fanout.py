"""Sending to a recipient group ("all grassroots committees", ADR 0015) reaches every one of
them, each recipient's status is visible to the sender, and the status page costs the same
number of queries for 5 recipients as for 78."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.documents.models import Document, Secrecy
from partydesk.documents.services.outgoing import document_issue, document_release
from partydesk.documents.tests.test_outgoing import approve_all, clear_office, draft
from partydesk.exchange.models import OutgoingPackage
from partydesk.organizations.models import OrganizationKind, RecipientGroup, RecipientRule
from partydesk.organizations.selectors.pickers import recipient_group_members
from partydesk.organizations.tests.factories import make_org

pytestmark = pytest.mark.django_db


def release_on_paper(office, recipients, capture) -> Document:  # type: ignore[no-untyped-def]
    """A secret resolution (on paper, so no signing) released to `recipients`."""
    document = approve_all(
        office, draft(office, secrecy=Secrecy.SECRET, release_to=list(recipients))
    )
    document_issue(actor=office.clerk, document=document)
    with capture(execute=True):
        document_release(actor=office.clerk, document=document)
    return document


def status_page_queries(user, document: Document) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    client = logged_in(user)
    url = reverse("exchange:statuses", args=[document.pk])
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_all_grassroots_committees_each_have_a_visible_status_at_a_constant_cost(
    office_root, tree, django_capture_on_commit_callbacks
):
    # Given the Bloc has 78 grassroots committees (A and B and 76 more) and the group
    for n in range(76):
        make_org(
            f"Đảng bộ cơ sở số {n + 1:02d}",
            parent=tree.root,
            kind=OrganizationKind.GRASSROOTS_COMMITTEE,
            abbreviation="ĐU",
        )
    group = RecipientGroup.objects.create(
        code="all-grassroots",
        name="Các đảng ủy cơ sở",
        rule=RecipientRule.KINDS_BELOW,
        parameters={"kinds": [OrganizationKind.GRASSROOTS_COMMITTEE]},
    )
    everyone = list(recipient_group_members(group=group, issuer=tree.root))
    assert len(everyone) == 78
    clear_office(office_root, Secrecy.SECRET)
    # When a resolution is released to the group, and another to five of them
    to_all = release_on_paper(office_root, everyone, django_capture_on_commit_callbacks)
    to_five = release_on_paper(office_root, everyone[:5], django_capture_on_commit_callbacks)
    # Then each of the 78 has it registered and reported 01 and 03
    packages = OutgoingPackage.objects.filter(document=to_all)
    assert packages.count() == 78
    assert set(packages.values_list("status", flat=True)) == {"03"}
    assert Document.objects.filter(source_document=to_all).count() == 78
    # And the status page names every recipient, at the same cost for 5 and for 78
    few, _ = status_page_queries(office_root.secretary, to_five)
    many, page = status_page_queries(office_root.secretary, to_all)
    assert many == few, (few, many)
    assert all(org.name in page for org in everyone)
    assert page.count("<strong>03 ") == 78
