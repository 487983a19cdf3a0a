"""Classified documents: no list, detail, file, search result, register export, dashboard or
API answer shows one to a person not named on it — however senior or cleared they are."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partydesk.accounts.services.tokens import api_token_create
from partydesk.accounts.tests.factories import verified_client
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.models import AuditEvent
from partydesk.documents.models import DocumentSettings, Secrecy
from partydesk.documents.services.access import document_readers_add
from partydesk.documents.services.files import Upload, upload_prepare
from partydesk.documents.services.incoming import (
    Assignee,
    IncomingFields,
    incoming_assign,
    incoming_register,
)
from partydesk.documents.tests.factories import doc_type, make_staff, pdf_bytes

SECRET_WORDS = "Phương án nhân sự cấp ủy khóa mới"


@pytest.fixture
def secret(office_a, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """A 'Tối mật' personnel letter registered by a cleared clerk, naming one cleared reader."""
    office_a.clerk.clearance = Secrecy.TOP_SECRET
    office_a.clerk.save(update_fields=["clearance"])
    named = make_staff("named", office_a.organization, "specialist", clearance=Secrecy.TOP_SECRET)
    # The search entry is written after commit.
    with django_capture_on_commit_callbacks(execute=True):
        document = incoming_register(
            actor=office_a.clerk,
            organization=office_a.organization,
            fields=IncomingFields(
                document_type=doc_type("cong-van"),
                sender="Ban Tổ chức Tỉnh ủy",
                symbol="12-CV/BTCTU",
                subject=SECRET_WORDS,
                secrecy=Secrecy.TOP_SECRET,
                readers=[named],
            ),
            file=upload_prepare([Upload("mat.pdf", pdf_bytes(SECRET_WORDS))]),
        )
    return document, named


def outsiders(office_a, tree):  # type: ignore[no-untyped-def]
    """People who could see it if roles or clearance were enough: none is named on it."""
    cleared_leader = office_a.secretary
    cleared_leader.clearance = Secrecy.ABSOLUTE_SECRET
    cleared_leader.save(update_fields=["clearance"])
    bloc_chief = make_staff("bloc_chief", tree.root, "office_chief", "clerk", clearance=3)
    return [cleared_leader, office_a.chief, office_a.specialist, bloc_chief]


def sees(client: Client, document, *, year: int) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    queue = client.get(reverse("documents:incoming"))
    detail = client.get(reverse("documents:detail", args=[document.pk]))
    file = client.get(reverse("documents:file", args=[document.pk, 1]))
    search = client.get(reverse("documents:search"), {"q": "phuong an nhan su"})
    xlsx = client.get(
        reverse("documents:register_export", args=["incoming"]),
        {"year": str(year), "format": "xlsx"},
    )
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True))
    home = client.get(reverse("core:dashboard"))
    check = client.get(
        reverse("documents:duplicate_check"),
        {"sender": "Ban Tổ chức Tỉnh ủy", "symbol": "12-CV/BTCTU"},
    )
    return {
        "queue": document in queue.context["page"].object_list,
        "detail": detail.status_code == 200,
        "file": file.status_code == 200,
        "search": document in search.context["results"].documents,
        "export": any(SECRET_WORDS in str(cell) for row in rows for cell in row),
        "dashboard": SECRET_WORDS in home.content.decode(),
        "duplicate_check": "Arrival no." in check.content.decode(),
    }


def test_only_the_people_named_see_a_classified_document_anywhere(office_a, tree, secret):
    document, named = secret
    year = timezone.localdate().year
    for user in outsiders(office_a, tree):
        seen = sees(verified_client(user), document, year=year)
        assert not any(seen.values()), (user, seen)
    seen = sees(verified_client(named), document, year=year)
    assert all(v for k, v in seen.items() if k != "dashboard"), seen


def test_the_api_never_answers_with_it_for_others(office_a, tree, secret):
    document, named = secret
    year = timezone.localdate().year
    client = Client()
    for user in [*outsiders(office_a, tree), named]:
        _, key = api_token_create(user=user, name="t")
        auth = {"Authorization": f"Bearer {key}"}
        listed = [d["id"] for d in client.get("/api/v1/documents", headers=auth).json()["items"]]
        detail = client.get(f"/api/v1/documents/{document.pk}", headers=auth).status_code
        found = client.get("/api/v1/documents/search", {"q": "nhan su"}, headers=auth).json()
        register = client.get(f"/api/v1/registers/incoming/{year}", headers=auth).json()
        visible = [
            document.pk in listed,
            detail == 200,
            any(r["id"] == document.pk for r in found["results"]),
            any(SECRET_WORDS in cell for row in register["rows"] for cell in row),
        ]
        assert visible == ([True] * 4 if user == named else [False] * 4), user


def test_people_are_named_only_with_the_clearance_and_by_those_allowed(office_a, secret, alice):
    document, named = secret
    with pytest.raises(NotAllowed, match="clearance"):
        document_readers_add(actor=office_a.clerk, document=document, users=[alice])
    with pytest.raises(NotAllowed):
        document_readers_add(actor=alice, document=document, users=[named])
    cleared = make_staff("cleared2", office_a.organization, "specialist", clearance=2)
    document_readers_add(actor=office_a.clerk, document=document, users=[cleared])
    assert (
        verified_client(cleared).get(reverse("documents:detail", args=[document.pk])).status_code
        == 200
    )


def test_a_classified_document_is_assigned_to_named_people_only(office_a, tree, secret):
    from partydesk.organizations.models import OrganizationKind
    from partydesk.organizations.tests.factories import make_org

    document, _named = secret
    office_a.secretary.clearance = 2
    office_a.secretary.save(update_fields=["clearance"])
    department = make_org("Ban Tổ chức", parent=tree.committee_a, kind=OrganizationKind.DEPARTMENT)
    with pytest.raises(InvalidInput, match="named people, not to units"):
        incoming_assign(
            actor=office_a.secretary, document=document, lead=Assignee(organization=department)
        )
    with pytest.raises(NotAllowed, match="clearance"):
        incoming_assign(
            actor=office_a.secretary, document=document, lead=Assignee(user=office_a.specialist)
        )


def test_every_view_of_it_is_audited(office_a, secret):
    document, named = secret
    client = verified_client(named)
    client.get(reverse("documents:detail", args=[document.pk]))
    client.get(reverse("documents:file", args=[document.pk, 1]))
    views = AuditEvent.objects.filter(
        action="documents.document.viewed", target_id=str(document.pk), actor=named
    )
    assert views.count() == 2
    assert document.events.filter(action="viewed").count() == 2


def test_an_organization_may_keep_classified_documents_as_metadata_only(office_a):
    DocumentSettings.objects.create(
        organization=office_a.organization, confidential_metadata_only=True
    )
    office_a.clerk.clearance = 1
    office_a.clerk.save(update_fields=["clearance"])
    fields = IncomingFields(
        document_type=doc_type("cong-van"),
        sender="Tỉnh ủy",
        symbol="1-CV/TU",
        subject="Mật",
        secrecy=1,
    )
    with pytest.raises(InvalidInput, match="metadata only"):
        incoming_register(
            actor=office_a.clerk,
            organization=office_a.organization,
            fields=fields,
            file=upload_prepare([Upload("m.pdf", pdf_bytes())]),
        )
    document = incoming_register(
        actor=office_a.clerk, organization=office_a.organization, fields=fields
    )
    assert document.metadata_only
    response = verified_client(office_a.clerk).get(reverse("documents:file", args=[document.pk, 1]))
    assert response.status_code == 404


def test_a_clerk_cannot_register_above_their_clearance(office_a):
    with pytest.raises(NotAllowed, match="clearance"):
        incoming_register(
            actor=office_a.clerk,
            organization=office_a.organization,
            fields=IncomingFields(
                document_type=doc_type("cong-van"), sender="X", symbol="", subject="Y", secrecy=2
            ),
        )
