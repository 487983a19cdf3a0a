"""The restructuring pages (rename, dissolve, move, merge, split, terms): what alice's officer
sees, and the confirmation asked before anything changes."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partydesk.organizations.models import CommitteeTerm, Organization, Position
from partydesk.organizations.tests.factories import make_member, make_org

pytestmark = pytest.mark.django_db


def test_rename_asks_for_confirmation_before_changing_anything(officer_client: Client, tree):
    url = reverse("organizations:rename", args=[tree.cell_a1.pk])
    data = {"name": "Chi bộ Đổi Tên", "abbreviation": "CB", "effective_on": "2025-01-01"}
    confirm = officer_client.post(url, data)
    assert confirm.status_code == 200 and "Please check and confirm" in confirm.content.decode()
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.name != "Chi bộ Đổi Tên"
    done = officer_client.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 302
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.name == "Chi bộ Đổi Tên"


def test_a_refused_restructuring_explains_why(officer_client: Client, tree):
    make_member(tree.cell_a1, "Còn Ở Đây")
    url = reverse("organizations:dissolve", args=[tree.cell_a1.pk])
    response = officer_client.post(url, {"effective_on": "2025-01-01", "confirmed": "1"})
    assert response.status_code == 422
    assert "still active" in response.content.decode()
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.valid_to is None
    future = officer_client.post(
        reverse("organizations:move", args=[tree.cell_a1.pk]),
        {"new_parent": tree.committee_a.code, "effective_on": "2999-01-01"},
    )
    assert future.status_code == 422 and "in the future" in future.content.decode()


def test_merge_and_split_through_the_pages(officer_client: Client, tree):
    cell_a2 = make_org("Chi bộ Hai", parent=tree.committee_a)
    member = make_member(cell_a2, "Đi Theo")
    merge = officer_client.post(
        reverse("organizations:merge", args=[tree.cell_a1.pk]),
        {
            "partners": [cell_a2.pk],
            "mode": "new",
            "new_name": "Chi bộ Hợp Nhất",
            "new_abbreviation": "CB",
            "new_kind": "subordinate_cell",
            "new_code": "cb-hop-nhat",
            "carry_members": "on",
            "numbering_from": str(tree.cell_a1.pk),
            "effective_on": "2025-01-01",
            "confirmed": "1",
        },
    )
    merged = Organization.objects.get(code="cb-hop-nhat")
    assert merge.status_code == 302 and merge["Location"].endswith(f"/{merged.pk}/")
    member.refresh_from_db()
    assert member.organization_id == merged.pk
    split_url = reverse("organizations:split", args=[merged.pk])
    page = officer_client.get(split_url)
    assert "Đi Theo" in page.content.decode()
    split = officer_client.post(
        split_url,
        {
            "part1_name": "Phần Một",
            "part1_abbreviation": "CB",
            "part1_kind": "subordinate_cell",
            "part1_code": "phan-1",
            "part2_name": "Phần Hai",
            "part2_abbreviation": "CB",
            "part2_kind": "subordinate_cell",
            "part2_code": "phan-2",
            f"person_{member.pk}": "2",
            "numbering_part": "1",
            "effective_on": "2025-06-01",
            "confirmed": "1",
        },
    )
    assert split.status_code == 302
    member.refresh_from_db()
    assert member.organization.code == "phan-2"


def test_terms_and_positions_through_the_pages(officer_client: Client, tree):
    person = make_member(tree.cell_a1, "Bí Thư")
    officer_client.post(
        reverse("organizations:term_add", args=[tree.cell_a1.pk]),
        {"name": "2025–2030", "starts_on": "2025-01-01", "confirmed": "1"},
    )
    term = CommitteeTerm.objects.get(organization=tree.cell_a1)
    overlap = officer_client.post(
        reverse("organizations:term_add", args=[tree.cell_a1.pk]),
        {"name": "Khác", "starts_on": "2026-01-01", "confirmed": "1"},
    )
    assert overlap.status_code == 422 and "overlaps" in overlap.content.decode()
    response = officer_client.post(
        reverse("organizations:position_add", args=[tree.cell_a1.pk]),
        {"person": person.pk, "title": "secretary", "term": term.pk, "starts_on": "2025-01-05"},
    )
    assert response.status_code == 302
    assert Position.objects.get(person=person).term == term
    profile = officer_client.get(reverse("organizations:person", args=[person.pk]))
    assert "Secretary" in profile.content.decode()
