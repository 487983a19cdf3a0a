"""The pages: what alice (committee A) sees and does; eve (committee B) gets 404 on A's."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from partydesk.core.http import SYSTEM
from partydesk.organizations import services
from partydesk.organizations.models import (
    CommitteeTerm,
    MembershipStatus,
    OrganizationKind,
    PartyMembership,
    Person,
    Position,
)
from partydesk.organizations.tests.factories import make_member, make_org, make_person
from partydesk.organizations.tests.test_workbooks import good_row, workbook

pytestmark = pytest.mark.django_db


def test_the_tree_shows_the_scope_and_not_other_committees(alice_client: Client, tree):
    response = alice_client.get(reverse("organizations:tree"))
    assert response.status_code == 200
    html = response.content.decode()
    assert tree.committee_a.name in html and tree.cell_a1.name in html
    assert tree.committee_b.name not in html


def test_the_tree_as_of_a_past_date_shows_the_old_structure(alice_client: Client, tree):
    services.organization_rename(
        acting=SYSTEM,
        organization=tree.cell_a1,
        name="Chi bộ Tên Mới",
        abbreviation="CB",
        effective_on=dt.date(2025, 1, 1),
    )
    past = alice_client.get(reverse("organizations:tree"), {"on": "2024-06-01"}).content.decode()
    now = alice_client.get(reverse("organizations:tree")).content.decode()
    assert "Chi bộ Phòng Ngân sách" in past and "Chi bộ Tên Mới" not in past
    assert "Chi bộ Tên Mới" in now
    # a date before the organization existed is an empty state, an unreadable one a message
    early = alice_client.get(reverse("organizations:tree"), {"on": "2001-01-01"})
    assert "did not exist yet" in early.content.decode()
    bad = alice_client.get(reverse("organizations:tree"), {"on": "31/02/2020"})
    assert bad.status_code == 200 and "could not be read" in bad.content.decode()


def test_opening_a_node_loads_its_units(alice_client: Client, tree):
    response = alice_client.get(
        reverse("organizations:tree_children", args=[tree.committee_a.pk]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert tree.cell_a1.name in response.content.decode()


def test_organization_page_lists_units_people_terms_and_history(officer_client: Client, tree):
    make_member(tree.cell_a1, "Nguyễn Văn Trang")
    CommitteeTerm.objects.create(
        organization=tree.cell_a1, name="2025–2030", starts_on=dt.date(2025, 1, 1)
    )
    response = officer_client.get(reverse("organizations:detail", args=[tree.cell_a1.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Văn Trang" in html and "2025–2030" in html
    assert reverse("organizations:merge", args=[tree.cell_a1.pk]) in html
    # the organization alice acts for cannot be restructured from inside it
    top = officer_client.get(reverse("organizations:detail", args=[tree.committee_a.pk]))
    assert reverse("organizations:merge", args=[tree.committee_a.pk]) not in top.content.decode()
    assert (
        officer_client.get(reverse("organizations:merge", args=[tree.committee_a.pk])).status_code
        == 403
    )


def test_the_history_names_what_a_bulk_founding_changed_for_this_unit_only(
    officer_client: Client, tree
):
    # given a founding decision that created a unit and 30 siblings at once
    specs = [
        services.OrganizationSpec(
            code=f"cb-founded-{n}",
            name=f"Chi bộ Thành lập {n}",
            abbreviation="CB",
            kind=OrganizationKind.SUBORDINATE_CELL,
            parent_code=tree.committee_a.code,
        )
        for n in range(31)
    ]
    created = services.organization_bulk_create_tree(
        acting=SYSTEM, specs=specs, decision="Quyết định số 1-QĐ/ĐU"
    )
    # when the page of one of them is shown
    page = officer_client.get(reverse("organizations:detail", args=[created[3].pk]))
    html = page.content.decode()
    # then its history says it was created, and names no other unit of the decision
    assert page.status_code == 200
    assert "Quyết định số 1-QĐ/ĐU" in html and "Chi bộ Thành lập 3" in html
    assert "Chi bộ Thành lập 4" not in html and "Chi bộ Thành lập 30" not in html


def test_a_specialist_sees_the_tree_but_not_personal_data(alice_client: Client, tree):
    make_member(tree.cell_a1, "Bí Mật Cá Nhân")
    page = alice_client.get(reverse("organizations:detail", args=[tree.cell_a1.pk]))
    assert "Bí Mật Cá Nhân" not in page.content.decode()
    assert alice_client.get(reverse("organizations:people")).status_code == 403


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("detail", []),
        ("tree_children", []),
        ("create_child", []),
        ("rename", []),
        ("move", []),
        ("merge", []),
        ("split", []),
        ("dissolve", []),
        ("term_add", []),
        ("position_add", []),
    ],
)
def test_eve_gets_404_on_every_page_of_committee_a(
    eve_officer_client: Client, tree, name: str, extra: list[int]
):
    for org in (tree.committee_a, tree.cell_a1):
        url = reverse(f"organizations:{name}", args=[org.pk, *extra])
        assert eve_officer_client.get(url).status_code == 404, url
        if name not in ("detail", "tree_children"):  # read-only pages answer GET only
            assert eve_officer_client.post(url, {"confirmed": "1"}).status_code == 404, url


def test_eve_gets_404_on_people_of_committee_a(eve_officer_client: Client, tree):
    person = make_member(tree.cell_a1, "Người Của A")
    term = CommitteeTerm.objects.create(
        organization=tree.cell_a1, name="2025–2030", starts_on=dt.date(2025, 1, 1)
    )
    position = Position.objects.create(
        person=person, organization=tree.cell_a1, title="secretary", starts_on=dt.date(2025, 1, 1)
    )
    urls = [
        reverse("organizations:person", args=[person.pk]),
        reverse("organizations:person_edit", args=[person.pk]),
        reverse("organizations:membership_action", args=[person.pk, "end"]),
        reverse("organizations:term_end", args=[tree.cell_a1.pk, term.pk]),
        reverse("organizations:position_end", args=[tree.cell_a1.pk, position.pk]),
        reverse("organizations:person_create") + f"?org={tree.cell_a1.pk}",
    ]
    for url in urls:
        assert eve_officer_client.get(url).status_code == 404, url
    listing = eve_officer_client.get(reverse("organizations:people"), {"q": "Người Của A"})
    assert reverse("organizations:person", args=[person.pk]) not in listing.content.decode()
    assert "Nobody matches these filters" in listing.content.decode()
    lookup = eve_officer_client.get(
        reverse("organizations:lookup"), {"field": "org", "org": "Tài chính"}
    )
    assert tree.committee_a.code not in lookup.content.decode()


def test_people_list_query_count_does_not_grow_with_rows(
    officer_client: Client, tree, django_assert_max_num_queries
):
    make_member(tree.cell_a1, "Một")
    with django_assert_max_num_queries(20) as few:
        officer_client.get(reverse("organizations:people"))
    for n in range(30):
        make_member(tree.cell_a1, f"Người {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer_client.get(reverse("organizations:people"), {"size": "50"})
    assert response.content.decode().count("/organizations/people/") >= 30


def test_organization_page_query_count_does_not_grow_with_rows(
    officer_client: Client, tree, django_assert_max_num_queries
):
    url = reverse("organizations:detail", args=[tree.committee_a.pk])
    make_member(tree.committee_a, "Một")
    with django_assert_max_num_queries(40) as few:
        officer_client.get(url)
    for n in range(10):
        make_member(tree.committee_a, f"Người {n}")
        make_org(f"Chi bộ {n}", parent=tree.committee_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(url)


def test_people_search_filters_and_sorts(officer_client: Client, tree):
    make_member(tree.cell_a1, "Nguyễn Văn An")
    make_member(tree.cell_a1, "Nguyễn Văn Bình", status="candidate", official=None)
    make_person(tree.committee_a, "Nguyễn Văn Chưa")
    response = officer_client.get(
        reverse("organizations:people"),
        {"q": "nguyen van", "status": "official", "org": tree.cell_a1.code, "sort": "-name"},
    )
    html = response.content.decode()
    assert "Nguyễn Văn An" in html and "Nguyễn Văn Bình" not in html and "Chưa" not in html
    partial = officer_client.get(
        reverse("organizations:people"),
        {"q": "nguyen"},
        headers={"HX-Request": "true", "HX-Target": "people-results"},
    )
    assert b"<html" not in partial.content and b"Nguy" in partial.content
    wrong = officer_client.get(reverse("organizations:people"), {"org": tree.committee_b.code})
    assert "No active organization" in wrong.content.decode()


def test_export_downloads_the_filtered_list(officer_client: Client, tree):
    make_member(tree.cell_a1, "Xuất Một")
    make_person(tree.cell_a1, "Xuất Hai")
    response = officer_client.get(reverse("organizations:people_export"), {"status": "official"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert [r[0] for r in rows[1:]] == ["Xuất Một"]


def test_person_create_with_membership_and_bad_input(officer_client: Client, tree):
    url = reverse("organizations:person_create")
    bad = officer_client.post(
        url,
        {
            "full_name": "Hoàng Văn Mới",
            "citizen_id": "12AB",
            "organization": tree.cell_a1.code,
            "status": "candidate",
            "admission_decision_date": "2025-03-01",
            "ceremony_date": "2025-02-01",
            "dues_category": "salaried",
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 422
    assert "12 digits" in html and "ceremony cannot come before" in html
    assert 'value="Hoàng Văn Mới"' in html  # what was typed is kept
    good = officer_client.post(
        url,
        {
            "full_name": "Hoàng Văn Mới",
            "citizen_id": "001095000123",
            "organization": tree.cell_a1.code,
            "status": "candidate",
            "admission_decision_date": "2025-03-01",
            "ceremony_date": "2025-03-10",
            "dues_category": "salaried",
        },
    )
    person = Person.objects.get(citizen_id="001095000123")
    assert good.status_code == 302 and good["Location"].endswith(f"/people/{person.pk}/")
    assert person.membership.status == MembershipStatus.CANDIDATE
    # an organization outside the scope is refused like an unknown one
    outside = officer_client.post(
        url, {"full_name": "X", "organization": tree.committee_b.code, "dues_category": "salaried"}
    )
    assert outside.status_code == 422 and "No active organization" in outside.content.decode()


def test_person_edit_and_profile(officer_client: Client, tree):
    person = make_member(tree.cell_a1, "Sửa Tên")
    url = reverse("organizations:person_edit", args=[person.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(
        url, {"full_name": "Đã Sửa Tên", "citizen_id": person.citizen_id}
    )
    assert response.status_code == 302
    profile = officer_client.get(reverse("organizations:person", args=[person.pk])).content.decode()
    assert "Đã Sửa Tên" in profile and "Record edited" in profile


def test_membership_actions_from_the_profile(officer_client: Client, tree):
    person = make_person(tree.cell_a1, "Mới Vào")
    admit = reverse("organizations:membership_action", args=[person.pk, "admit"])
    officer_client.post(
        admit,
        {"admission_decision_date": "2025-01-02", "dues_category": "salaried", "confirmed": "1"},
    )
    ceremony = reverse("organizations:membership_action", args=[person.pk, "ceremony"])
    response = officer_client.post(
        ceremony, {"ceremony_date": "2025-03-20", "confirmed": "1"}, follow=True
    )
    # recorded, with the late-ceremony warning shown
    assert PartyMembership.objects.get(person=person).ceremony_date == dt.date(2025, 3, 20)
    assert "30 working days" in response.content.decode()
    # a step that does not fit the status is explained, not performed
    again = officer_client.get(admit, follow=True)
    assert "not possible in the current status" in again.content.decode()
    bad = officer_client.post(
        reverse("organizations:membership_action", args=[person.pk, "recognize"]),
        {"official_recognition_date": "2025-04-01", "confirmed": "1"},
    )
    assert bad.status_code == 422 and "12 months" in bad.content.decode()


def test_transfer_out_of_scope_leaves_the_profile(officer_client: Client, tree):
    person = make_member(tree.cell_a1, "Chuyển Sang B")
    response = officer_client.post(
        reverse("organizations:membership_action", args=[person.pk, "transfer"]),
        {
            "kind": "official",
            "to_organization": tree.committee_b.code,
            "occurred_on": "2025-05-05",
            "confirmed": "1",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("organizations:people")
    person.refresh_from_db()
    assert person.organization_id == tree.committee_b.pk


def test_import_pages_preview_then_confirm(officer_client: Client, tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("organizations:import")
    bad = workbook([good_row(tree.cell_a1.code, "Sai CCCD", "123")])
    response = officer_client.post(url, {"file": _upload("bad.xlsx", bad)})
    assert response.status_code == 422 and "12 digits" in response.content.decode()
    assert 'name="token"' not in response.content.decode()
    wrong_type = officer_client.post(url, {"file": _upload("list.csv", b"a,b")})
    assert wrong_type.status_code == 422 and ".xlsx" in wrong_type.content.decode()
    good = workbook([good_row(tree.cell_a1.code, "Nhập Đúng", "001090000555")])
    preview = officer_client.post(url, {"file": _upload("good.xlsx", good)})
    assert preview.status_code == 200 and not Person.objects.filter(full_name="Nhập Đúng").exists()
    token = preview.context["token"]
    done = officer_client.post(reverse("organizations:import_confirm"), {"token": token})
    assert done.status_code == 302
    assert Person.objects.filter(full_name="Nhập Đúng").count() == 1
    # the same preview cannot be confirmed twice
    twice = officer_client.post(reverse("organizations:import_confirm"), {"token": token})
    assert twice.status_code == 302 and Person.objects.filter(full_name="Nhập Đúng").count() == 1
    template = officer_client.get(reverse("organizations:import_template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_dashboard_shows_probation_reviews_due(officer_client: Client, tree):
    make_member(
        tree.cell_a1,
        "Đến Hạn Xét",
        status="candidate",
        decision=dt.date(2024, 1, 2),
        ceremony=dt.date(2024, 1, 15),
        official=None,
    )
    response = officer_client.get(reverse("core:dashboard"))
    html = response.content.decode()
    assert "Probation reviews due" in html and "Đến Hạn Xét" in html and "Overdue" in html


def _upload(name: str, content: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
