"""Registers are per organization: a list shows the acting organization's own register, and
the registers of organizations below it only when asked, each row naming its register."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.tests.factories import verified_client
from partydesk.documents.services.incoming import IncomingFields, incoming_register
from partydesk.documents.tests.factories import doc_type, make_office


def _register(office, symbol: str, subject: str):  # type: ignore[no-untyped-def]
    return incoming_register(
        actor=office.clerk,
        organization=office.organization,
        fields=IncomingFields(
            document_type=doc_type("to-trinh"),
            sender="Đảng ủy Khối",
            symbol=symbol,
            subject=subject,
            issued_date=timezone.localdate() - dt.timedelta(days=1),
        ),
    )


def test_the_blocs_incoming_list_shows_its_own_register_unless_asked_for_those_below(
    tree, office_root
):
    # Given the same Tờ trình registered by the Bloc and by Đảng bộ Sở Y tế below it
    office_b = make_office(tree.committee_b, "b")
    own = _register(office_root, "12-TTr/ĐUK", "Tờ trình của Khối")
    theirs = _register(office_b, "12-TTr/ĐUK", "Tờ trình chuyển xuống Sở Y tế")
    client = verified_client(office_root.clerk)

    # When the Bloc's clerk opens the incoming list
    response = client.get(reverse("documents:incoming"))

    # Then only the Bloc's own register is listed, without a register column
    listed = [d.pk for d in response.context["page"].object_list]
    assert listed == [own.pk]
    assert "Register of" not in response.content.decode()

    # When they ask for the registers below as well
    response = client.get(reverse("documents:incoming"), {"subordinates": "on"})

    # Then both entries are listed and each row names the organization whose register it is
    listed = [d.pk for d in response.context["page"].object_list]
    assert sorted(listed) == sorted([own.pk, theirs.pk])
    html = response.content.decode()
    assert "Register of" in html
    assert html.count("Đảng bộ Sở Y tế") >= 1
    assert html.count(tree.root.name) >= 1

    # And the subordinate's document page names its register too
    detail = client.get(reverse("documents:detail", args=[theirs.pk])).content.decode()
    assert "Register of" in detail and "Đảng bộ Sở Y tế" in detail


def test_the_queue_with_subordinate_registers_keeps_its_query_count(
    tree, office_root, django_assert_max_num_queries
):
    office_b = make_office(tree.committee_b, "b")
    office_a = make_office(tree.committee_a, "a2")
    for n in range(10):
        _register(office_root, f"{n}-TTr/ĐUK", f"Khối {n}")
        _register(office_b, f"{n}-TTr/ĐUK", f"Sở Y tế {n}")
        _register(office_a, f"{n}-TTr/ĐUK", f"Sở Tài chính {n}")
    client = verified_client(office_root.clerk)
    with django_assert_max_num_queries(17):
        response = client.get(reverse("documents:incoming"), {"subordinates": "on"})
    assert len(response.context["page"].object_list) == 25


def test_the_api_lists_the_own_register_by_default(tree, office_root):
    from django.test import Client

    from partydesk.accounts.services.tokens import api_token_create

    office_b = make_office(tree.committee_b, "b")
    _register(office_root, "12-TTr/ĐUK", "Khối")
    _register(office_b, "12-TTr/ĐUK", "Sở Y tế")
    _, key = api_token_create(user=office_root.clerk, name="script")
    headers = {"Authorization": f"Bearer {key}"}
    client = Client()
    own = client.get("/api/v1/documents", headers=headers).json()
    both = client.get("/api/v1/documents?subordinates=true", headers=headers).json()
    assert [d["subject"] for d in own["items"]] == ["Khối"]
    assert len(both["items"]) == 2


def test_a_register_of_a_cell_whose_name_repeats_names_its_parent(tree, office_root):
    from partydesk.organizations.models import OrganizationKind
    from partydesk.organizations.tests.factories import make_org

    # Given "Chi bộ Văn phòng" under Đảng bộ Sở Y tế, one of many cells of that name
    cell = make_org(
        "Chi bộ Văn phòng", parent=tree.committee_b, kind=OrganizationKind.SUBORDINATE_CELL
    )
    make_org("Chi bộ Văn phòng", parent=tree.committee_a, kind=OrganizationKind.SUBORDINATE_CELL)
    theirs = _register(make_office(cell, "vp"), "7-TTr/ĐUK", "Tờ trình của chi bộ")
    client = verified_client(office_root.clerk)

    # When the Bloc lists the registers below and opens the cell's entry
    listing = client.get(reverse("documents:incoming"), {"subordinates": "on"}).content.decode()
    detail = client.get(reverse("documents:detail", args=[theirs.pk])).content.decode()

    # Then the register is the cell's of Đảng bộ Sở Y tế, not any "Chi bộ Văn phòng"
    assert "Chi bộ Văn phòng (Đảng bộ Sở Y tế)" in listing
    assert "Chi bộ Văn phòng (Đảng bộ Sở Y tế)" in detail
