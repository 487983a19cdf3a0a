"""Administrators keep the reference data in the web UI (not only the Django admin)."""

from __future__ import annotations

from django.urls import reverse

from partydesk.accounts.models import Role
from partydesk.accounts.tests.factories import verified_client
from partydesk.core.models import AuditEvent
from partydesk.documents.models import DocumentSettings, DocumentType, ReviewChainStep
from partydesk.documents.tests.factories import make_staff


def test_an_administrator_changes_an_abbreviation_and_it_is_audited(tree):
    admin = make_staff("root_admin", tree.root, "admin")
    client = verified_client(admin)
    assert client.get(reverse("documents:settings")).status_code == 200
    quy_dinh = DocumentType.objects.get(code="quy-dinh")
    url = reverse("documents:reference_edit", args=["type", quy_dinh.pk])
    response = client.post(
        url,
        {
            "code": "quy-dinh",
            "abbreviation": "QĐ",
            "name": "Quy định",
            "name_en": "Regulation",
            "not_issued_by": ["grassroots_cell"],
            "is_active": "on",
            "order": "60",
        },
    )
    assert response.status_code == 302
    quy_dinh.refresh_from_db()
    assert quy_dinh.abbreviation == "QĐ" and quy_dinh.not_issued_by == ["grassroots_cell"]
    assert AuditEvent.objects.filter(action="documents.documenttype.changed").exists()


def test_bad_input_keeps_the_form_with_a_message(tree):
    client = verified_client(make_staff("root_admin", tree.root, "admin"))
    response = client.post(reverse("documents:reference_new", args=["type"]), {"code": "x"})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    # congresses are kept with the meetings now (ADR 0024)
    assert client.get(reverse("documents:reference_new", args=["congress"])).status_code == 404


def test_a_committee_sets_its_rulebook_and_own_chain_but_not_installation_tables(office_a, tree):
    admin = make_staff("a_admin", tree.committee_a, "admin")
    client = verified_client(admin)
    response = client.post(
        reverse("documents:settings"),
        {"numbering_system": "state", "header_superior": "ĐẢNG BỘ KHỐI", "header_name": ""},
    )
    assert response.status_code == 302
    assert DocumentSettings.objects.get(organization=tree.committee_a).numbering_system == "state"
    response = client.post(
        reverse("documents:reference_new", args=["chain-step"]),
        {
            "position": "1",
            "role": office_a.secretary.role_grants.first().role_id,
            "kind": "approve",
            "label": "Bí thư duyệt",
        },
    )
    assert response.status_code == 302
    step = ReviewChainStep.objects.get(organization=tree.committee_a)
    assert step.kind == "approve"
    nq = DocumentType.objects.get(code="nghi-quyet")
    response = client.post(
        reverse("documents:reference_edit", args=["type", nq.pk]),
        {"code": "nghi-quyet", "abbreviation": "XX", "name": "Nghị quyết", "order": "10"},
    )
    assert response.status_code == 403
    nq.refresh_from_db()
    assert nq.abbreviation == "NQ"


def test_other_organizations_rows_and_ordinary_users_are_404(tree, alice, eve):
    other = ReviewChainStep.objects.create(
        organization=tree.committee_b,
        position=1,
        role=Role.objects.get(code="secretary"),
        kind="approve",
    )
    admin = make_staff("a_admin", tree.committee_a, "admin")
    client = verified_client(admin)
    assert (
        client.get(reverse("documents:reference_edit", args=["chain-step", other.pk])).status_code
        == 404
    )
    assert client.post(reverse("documents:chain_remove", args=[other.pk])).status_code == 404
    # Her own organization's settings page exists; her role does not open it.
    assert verified_client(alice).get(reverse("documents:settings")).status_code == 403
    assert client.get(reverse("documents:reference_new", args=["mark"])).status_code == 404
