"""Exchange identifiers are dated data: one per organization and one organization per code
at any date, assigned through one audited service, read at a date both ways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from partydesk.accounts.actor import Actor
from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.exchange.models import OrganId
from partydesk.exchange.selectors.organ_ids import (
    organ_id_of,
    organ_ids_of,
    organization_for_organ_id,
)
from partydesk.exchange.services.organ_ids import organ_id_assign, organ_id_bulk_assign

pytestmark = pytest.mark.django_db

JAN = dt.date(2026, 1, 1)
JUL = dt.date(2026, 7, 1)


def admin_of(user: User) -> Actor:
    grants = list(user.role_grants.select_related("role", "organization"))
    return Actor(user=user, grants=grants, scope=grants[0].organization)


def test_an_identifier_is_read_at_a_date_both_ways_and_a_new_one_ends_the_old(tree):
    alice = admin_of(make_user("ids_admin", organization=tree.root, role="admin"))
    # Given committee A got 000.00.01.H40 in January
    organ_id_assign(
        actor=alice, organization=tree.committee_a, code="000.00.01.h40 ", valid_from=JAN
    )
    # When it gets 000.00.02.H40 from July
    organ_id_assign(
        actor=alice, organization=tree.committee_a, code="000.00.02.H40", valid_from=JUL
    )

    # Then each date reads its own identifier, both ways
    assert organ_id_of(tree.committee_a, on=dt.date(2026, 3, 1)) == "000.00.01.H40"
    assert organ_id_of(tree.committee_a, on=JUL) == "000.00.02.H40"
    assert organ_id_of(tree.committee_a, on=dt.date(2025, 12, 31)) is None
    assert organization_for_organ_id("000.00.01.H40", on=dt.date(2026, 6, 30)) == tree.committee_a
    assert organization_for_organ_id("000.00.01.H40", on=JUL) is None
    assert organ_ids_of([tree.committee_a, tree.committee_b], on=JUL) == {
        tree.committee_a.pk: "000.00.02.H40"
    }
    # And the old one ends the day before, and each assignment is an audit event
    old = OrganId.objects.get(code="000.00.01.H40")
    assert old.valid_to == dt.date(2026, 6, 30)
    events = AuditEvent.objects.filter(action="exchange.organ_id.assigned")
    details = [e.details for e in events.order_by("pk")]
    assert [d["code"] for d in details] == ["000.00.01.H40", "000.00.02.H40"]
    assert details[-1]["previous"] == "000.00.01.H40"


@pytest.mark.parametrize(
    "code", ["", "000.00.01", "000.00.01.H400", "A00.00.01.H40", "000-00-01-H40"]
)
def test_a_code_not_shaped_like_an_organ_id_is_refused(tree, code):
    with pytest.raises(InvalidInput) as refused:
        organ_id_assign(actor=SYSTEM, organization=tree.committee_a, code=code, valid_from=JAN)
    assert refused.value.field == "code" and "000.00.01.H40" in str(refused.value)
    assert not OrganId.objects.exists()


def test_a_code_names_one_organization_at_any_date(tree):
    organ_id_assign(
        actor=SYSTEM, organization=tree.committee_a, code="000.00.01.H40", valid_from=JAN
    )
    with pytest.raises(InvalidInput, match="already identifies"):
        organ_id_assign(
            actor=SYSTEM, organization=tree.committee_b, code="000.00.01.H40", valid_from=JUL
        )
    # once A moved to another code, the old one is free from the next day
    organ_id_assign(
        actor=SYSTEM, organization=tree.committee_a, code="000.00.03.H40", valid_from=JUL
    )
    with pytest.raises(InvalidInput, match="already identifies"):
        organ_id_assign(
            actor=SYSTEM, organization=tree.committee_b, code="000.00.01.H40", valid_from=JAN
        )
    organ_id_assign(
        actor=SYSTEM, organization=tree.committee_b, code="000.00.01.H40", valid_from=JUL
    )
    assert organization_for_organ_id("000.00.01.H40", on=JUL) == tree.committee_b


def test_history_is_never_rewritten(tree):
    organ_id_assign(
        actor=SYSTEM, organization=tree.committee_a, code="000.00.01.H40", valid_from=JUL
    )
    with pytest.raises(InvalidInput, match="dated forward"):
        organ_id_assign(
            actor=SYSTEM, organization=tree.committee_a, code="000.00.02.H40", valid_from=JAN
        )
    with pytest.raises(InvalidInput, match="already has"):
        organ_id_assign(
            actor=SYSTEM, organization=tree.committee_a, code="000.00.01.H40", valid_from=JUL
        )


def test_the_database_holds_one_open_identifier_per_code_and_organization(tree):
    OrganId.objects.create(organization=tree.committee_a, code="000.00.01.H40", valid_from=JAN)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganId.objects.create(organization=tree.committee_b, code="000.00.01.H40", valid_from=JAN)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganId.objects.create(organization=tree.committee_a, code="000.00.09.H40", valid_from=JUL)


def test_bulk_assignment_is_one_audit_event_and_refuses_codes_in_use(tree):
    organ_id_bulk_assign(
        actor=SYSTEM,
        assignments=[(tree.root, "000.00.01.H40"), (tree.committee_a, "000.01.01.H40")],
        valid_from=JAN,
    )
    assert AuditEvent.objects.filter(action="exchange.organ_id.bulk_assigned").count() == 1
    with pytest.raises(InvalidInput, match=r"000\.01\.01\.H40"):
        organ_id_bulk_assign(
            actor=SYSTEM, assignments=[(tree.committee_b, "000.01.01.H40")], valid_from=JUL
        )
    with pytest.raises(InvalidInput, match="twice"):
        organ_id_bulk_assign(
            actor=SYSTEM,
            assignments=[(tree.committee_b, "000.02.01.H40"), (tree.cell_a1, "000.02.01.H40")],
            valid_from=JUL,
        )


@pytest.fixture
def admin_client(tree):
    return logged_in(make_user("idadmin", organization=tree.root, role="admin", two_factor=True))


def test_the_administrator_lists_searches_and_assigns(
    admin_client, tree, django_assert_max_num_queries
):
    organ_id_assign(
        actor=SYSTEM, organization=tree.committee_b, code="000.02.01.H40", valid_from=JAN
    )
    url = reverse("exchange:organ_ids")
    with django_assert_max_num_queries(12):
        page = admin_client.get(url)
    assert page.status_code == 200
    names = [org.name for org in page.context["page"].object_list]
    # Vietnamese order: "Chi bộ" < "Đảng bộ Khối" < "Đảng bộ Sở Tài chính" < "Đảng bộ Sở Y tế"
    assert names == [
        "Chi bộ Phòng Ngân sách",
        "Đảng bộ Khối các cơ quan tỉnh",
        "Đảng bộ Sở Tài chính",
        "Đảng bộ Sở Y tế",
    ]
    assert "000.02.01.H40" in page.content.decode()
    found = admin_client.get(url, {"q": "02.01"}).context["page"].object_list
    assert [org.pk for org in found] == [tree.committee_b.pk]
    found = admin_client.get(url, {"q": "tai chinh"}).context["page"].object_list
    assert [org.pk for org in found] == [tree.committee_a.pk]

    assign = reverse("exchange:organ_id_assign", args=[tree.committee_a.pk])
    assert admin_client.get(assign).status_code == 200
    done = admin_client.post(assign, {"code": "000.01.01.H40", "valid_from": "2026-02-01"})
    assert done.status_code == 302
    assert organ_id_of(tree.committee_a, on=dt.date(2026, 2, 1)) == "000.01.01.H40"
    bad = admin_client.post(assign, {"code": "000.02.01.H40", "valid_from": "2026-03-01"})
    assert bad.status_code == 400 and "already identifies" in bad.content.decode()


def test_the_page_is_the_administrators_and_another_tree_is_404(tree, alice):
    outsider = logged_in(
        make_user("idadmin_b", organization=tree.committee_b, role="admin", two_factor=True)
    )
    assert (
        outsider.get(reverse("exchange:organ_id_assign", args=[tree.committee_a.pk])).status_code
        == 404
    )
    assert logged_in(alice).get(reverse("exchange:organ_ids")).status_code == 403


def test_the_page_speaks_vietnamese(admin_client):
    admin_client.cookies["django_language"] = "vi"
    page = admin_client.get(reverse("exchange:organ_ids"), HTTP_ACCEPT_LANGUAGE="vi")
    assert "Mã định danh" in page.content.decode()


def test_only_an_administrator_of_the_organization_assigns(tree, alice):
    specialist = admin_of(alice)
    with pytest.raises(NotAllowed):
        organ_id_assign(
            actor=specialist, organization=tree.committee_a, code="000.00.01.H40", valid_from=JAN
        )
    admin_b = admin_of(make_user("ids_admin_b", organization=tree.committee_b, role="admin"))
    with pytest.raises(NotAllowed):
        organ_id_bulk_assign(
            actor=admin_b, assignments=[(tree.committee_a, "000.00.01.H40")], valid_from=JAN
        )
    assert not OrganId.objects.exists()
