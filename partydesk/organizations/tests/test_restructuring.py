"""Restructuring with history: what the tree looked like before a change is what it was."""

from __future__ import annotations

import datetime as dt

import pytest

from partydesk.core.errors import InvalidInput
from partydesk.core.http import SYSTEM
from partydesk.organizations import selectors, services
from partydesk.organizations.models import (
    CommitteeTerm,
    MembershipEvent,
    Organization,
    OrganizationKind,
    Person,
    Restructuring,
    RestructuringKind,
)
from partydesk.organizations.services import NewOrganization, SplitPart
from partydesk.organizations.tests.factories import make_member, make_org, make_person

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2024, 12, 31)
CHANGE = dt.date(2025, 1, 1)


def _names_on(scope: Organization, day: dt.date) -> dict[str, int | None]:
    """{name: parent id} of the structure on `day`."""
    return {r.name: r.parent_id for r in selectors.organization_tree_on(scope, day)}


def test_rename_keeps_the_old_name_for_past_dates(tree):
    # given cell A1 under its first name
    old_name = tree.cell_a1.name
    # when it is renamed from 1 January 2025
    event = services.organization_rename(
        acting=SYSTEM,
        organization=tree.cell_a1,
        name="Chi bộ Phòng Ngân sách và Kế hoạch",
        abbreviation="CB",
        effective_on=CHANGE,
        decision="12-QĐ/ĐU",
    )
    # then the tree of 31 December shows the old name, today's the new one
    assert old_name in _names_on(tree.root, BEFORE)
    assert "Chi bộ Phòng Ngân sách và Kế hoạch" in _names_on(tree.root, CHANGE)
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.search_name.startswith("chi bo phong ngan sach va ke hoach")
    assert event.kind == RestructuringKind.RENAME
    assert event.details["old"]["name"] == old_name
    assert selectors.restructuring_list(tree.cell_a1).first() == event


def test_rename_before_the_last_change_is_refused(tree):
    services.organization_rename(
        acting=SYSTEM,
        organization=tree.cell_a1,
        name="Tên mới",
        abbreviation="CB",
        effective_on=CHANGE,
    )
    with pytest.raises(InvalidInput) as error:
        services.organization_rename(
            acting=SYSTEM,
            organization=tree.cell_a1,
            name="Tên khác",
            abbreviation="CB",
            effective_on=BEFORE,
        )
    assert error.value.field == "effective_on"


def test_a_change_cannot_be_recorded_in_advance(tree):
    with pytest.raises(InvalidInput):
        services.organization_rename(
            acting=SYSTEM,
            organization=tree.cell_a1,
            name="Tên mới",
            abbreviation="CB",
            effective_on=dt.date.today() + dt.timedelta(days=1),
        )


def test_move_updates_the_whole_subtree_and_keeps_the_old_place(tree):
    # given a unit below cell A1, so the move carries a subtree
    unit = make_org("Tổ đảng 1", parent=tree.cell_a1, kind=OrganizationKind.SUBORDINATE_CELL)
    # when A1 moves from committee A to committee B
    services.organization_move(
        acting=SYSTEM, organization=tree.cell_a1, new_parent=tree.committee_b, effective_on=CHANGE
    )
    tree.cell_a1.refresh_from_db()
    unit.refresh_from_db()
    # then both paths now hang under B, depths unchanged relative to the new parent
    assert tree.cell_a1.path == f"{tree.committee_b.path}{tree.cell_a1.pk:06d}."
    assert unit.path == f"{tree.cell_a1.path}{unit.pk:06d}."
    assert unit.depth == tree.committee_b.depth + 2
    assert set(selectors.organization_subtree(tree.committee_b).values_list("pk", flat=True)) >= {
        tree.cell_a1.pk,
        unit.pk,
    }
    assert tree.cell_a1.pk not in selectors.organization_subtree(tree.committee_a).values_list(
        "pk", flat=True
    )
    # and the structure of the day before still shows A1 under A
    assert _names_on(tree.root, BEFORE)[tree.cell_a1.name] == tree.committee_a.pk
    assert _names_on(tree.root, CHANGE)[tree.cell_a1.name] == tree.committee_b.pk


def test_move_under_its_own_unit_is_refused(tree):
    with pytest.raises(InvalidInput) as error:
        services.organization_move(
            acting=SYSTEM,
            organization=tree.committee_a,
            new_parent=tree.cell_a1,
            effective_on=CHANGE,
        )
    assert error.value.field == "new_parent"


def test_merge_into_a_new_cell_moves_members_and_ends_the_sources(tree):
    # given two cells of committee A, each with a member, and an open term in one of them
    cell_a2 = make_org("Chi bộ Phòng Kế toán", parent=tree.committee_a)
    m1 = make_member(tree.cell_a1, "Nguyễn Văn Một")
    m2 = make_member(cell_a2, "Trần Thị Hai")
    CommitteeTerm.objects.create(
        organization=cell_a2, name="2020–2025", starts_on=dt.date(2020, 10, 1)
    )
    # when they merge into a new cell from 1 January 2025, continuing A1's numbering
    event = services.organization_merge(
        acting=SYSTEM,
        sources=[tree.cell_a1, cell_a2],
        new=NewOrganization(
            code="cb-ns-kt",
            name="Chi bộ Ngân sách – Kế toán",
            abbreviation="CB",
            kind="subordinate_cell",
        ),
        effective_on=CHANGE,
        decision="20-QĐ/ĐU",
        carry_members=True,
        carry_open_work=True,
        numbering_from=tree.cell_a1,
    )
    target = Organization.objects.get(code="cb-ns-kt")
    # then the members are in the new cell, each with a "moved" event
    assert set(Person.objects.filter(organization=target)) == {m1, m2}
    moved = MembershipEvent.objects.filter(kind=MembershipEvent.Kind.MOVED)
    assert {e.membership.person_id for e in moved} == {m1.pk, m2.pk}
    assert all(e.to_organization_id == target.pk and e.occurred_on == CHANGE for e in moved)
    # the sources ended the day before, point at their successor, and are not deleted
    for source in (tree.cell_a1, cell_a2):
        source.refresh_from_db()
        assert source.valid_to == BEFORE and source.successor_id == target.pk
    assert CommitteeTerm.objects.get(organization=cell_a2).ends_on == BEFORE
    # the tree of 31 December shows the two cells; today's shows only the merged one
    assert {tree.cell_a1.name, cell_a2.name} <= set(_names_on(tree.root, BEFORE))
    today = _names_on(tree.root, CHANGE)
    assert target.name in today and tree.cell_a1.name not in today
    # and the decision says what moved, for the documents and assignments modules
    assert event.details["carry_numbering"] is True
    assert event.details["numbering_from"] == tree.cell_a1.pk
    assert event.details["carry_open_work"] is True
    assert event.details["members_moved"] == 2
    assert set(event.sources.all()) == {tree.cell_a1, cell_a2}


def test_merge_into_an_existing_organization_moves_its_units(tree):
    # given a unit below A1
    unit = make_org("Tổ 1", parent=tree.cell_a1, kind=OrganizationKind.SUBORDINATE_CELL)
    cell_a2 = make_org("Chi bộ 2", parent=tree.committee_a)
    # when A1 is absorbed by cell A2 without its members
    person = make_person(tree.cell_a1, "Lê Văn Ba")
    event = services.organization_merge(
        acting=SYSTEM,
        sources=[tree.cell_a1],
        into=cell_a2,
        effective_on=CHANGE,
        carry_members=False,
    )
    unit.refresh_from_db()
    person.refresh_from_db()
    # then A1's unit hangs under A2; its people stay where the user left them
    assert unit.parent_id == cell_a2.pk and unit.path.startswith(cell_a2.path)
    assert person.organization_id == tree.cell_a1.pk
    assert event.details["children_moved"] == [unit.pk]
    assert event.details["carry_members"] is False


def test_split_distributes_people_and_units_and_keeps_the_old_cell_in_the_past(tree):
    # given cell A1 with two members and a unit
    m1 = make_member(tree.cell_a1, "Phạm Văn Bốn")
    m2 = make_member(tree.cell_a1, "Hoàng Thị Năm")
    unit = make_org("Tổ 1", parent=tree.cell_a1, kind=OrganizationKind.SUBORDINATE_CELL)
    # when it splits in two, the second part taking the numbering
    parts = [
        SplitPart(
            new=NewOrganization("cb-ns-1", "Chi bộ Ngân sách 1", "CB", "subordinate_cell"),
            people=[m1.pk],
            children=[unit.pk],
            carry_open_work=True,
        ),
        SplitPart(
            new=NewOrganization("cb-ns-2", "Chi bộ Ngân sách 2", "CB", "subordinate_cell"),
            people=[m2.pk],
            carry_numbering=True,
        ),
    ]
    event = services.organization_split(
        acting=SYSTEM, source=tree.cell_a1, parts=parts, effective_on=CHANGE
    )
    first, second = (
        Organization.objects.get(code="cb-ns-1"),
        Organization.objects.get(code="cb-ns-2"),
    )
    m1.refresh_from_db()
    m2.refresh_from_db()
    unit.refresh_from_db()
    assert (m1.organization_id, m2.organization_id) == (first.pk, second.pk)
    assert unit.parent_id == first.pk
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.valid_to == BEFORE and tree.cell_a1.successor_id == second.pk
    assert first.parent_id == tree.committee_a.pk
    # the past shows A1 with its unit below it; today shows the two parts
    past = selectors.organization_tree_on(tree.root, BEFORE)
    assert {r.name for r in past} >= {tree.cell_a1.name, "Tổ 1"}
    assert next(r for r in past if r.name == "Tổ 1").parent_id == tree.cell_a1.pk
    assert {"Chi bộ Ngân sách 1", "Chi bộ Ngân sách 2"} <= set(_names_on(tree.root, CHANGE))
    assert [p["carry_numbering"] for p in event.details["parts"]] == [False, True]


def test_split_refuses_to_leave_people_behind_when_the_original_ends(tree):
    make_member(tree.cell_a1, "Vũ Văn Sáu")
    parts = [
        SplitPart(new=NewOrganization("p1", "Phần 1", "CB", "subordinate_cell")),
        SplitPart(new=NewOrganization("p2", "Phần 2", "CB", "subordinate_cell")),
    ]
    with pytest.raises(InvalidInput) as error:
        services.organization_split(
            acting=SYSTEM, source=tree.cell_a1, parts=parts, effective_on=CHANGE
        )
    assert "Not assigned yet: 1 people, 0 units" in str(error.value.message)
    assert not Organization.objects.filter(code__in=["p1", "p2"]).exists()


def test_partial_split_keeps_the_original(tree):
    stays = make_member(tree.cell_a1, "Ở Lại")
    leaves = make_member(tree.cell_a1, "Ra Đi")
    services.organization_split(
        acting=SYSTEM,
        source=tree.cell_a1,
        parts=[
            SplitPart(
                new=NewOrganization("p1", "Phần 1", "CB", "subordinate_cell"), people=[leaves.pk]
            )
        ],
        keep_source=True,
        effective_on=CHANGE,
    )
    tree.cell_a1.refresh_from_db()
    stays.refresh_from_db()
    assert tree.cell_a1.valid_to is None and stays.organization_id == tree.cell_a1.pk


def test_dissolve_needs_its_people_placed_first(tree):
    member = make_member(tree.cell_a1, "Đỗ Văn Bảy")
    # refused while someone is still active there and no destination is chosen
    with pytest.raises(InvalidInput) as error:
        services.organization_dissolve(
            acting=SYSTEM, organization=tree.cell_a1, effective_on=CHANGE
        )
    assert error.value.field == "members_to"
    # with a destination, the members move and the cell ends, kept for the past
    cell_a2 = make_org("Chi bộ 2", parent=tree.committee_a)
    event = services.organization_dissolve(
        acting=SYSTEM, organization=tree.cell_a1, effective_on=CHANGE, members_to=cell_a2
    )
    member.refresh_from_db()
    tree.cell_a1.refresh_from_db()
    assert member.organization_id == cell_a2.pk
    assert tree.cell_a1.valid_to == BEFORE and tree.cell_a1.successor_id is None
    assert tree.cell_a1.name in _names_on(tree.root, BEFORE)
    assert tree.cell_a1.name not in _names_on(tree.root, CHANGE)
    assert event.kind == RestructuringKind.DISSOLVE
    assert Restructuring.objects.filter(sources=tree.cell_a1).count() == 1


def test_dissolve_refuses_while_units_remain(tree):
    with pytest.raises(InvalidInput) as error:
        services.organization_dissolve(
            acting=SYSTEM, organization=tree.committee_a, effective_on=CHANGE
        )
    assert str(error.value.message).startswith("1 unit still belongs")
    tree.committee_a.refresh_from_db()
    assert tree.committee_a.valid_to is None
