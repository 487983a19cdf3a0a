"""The organizations services check permissions themselves (ADR 0016), whoever calls them.

For every write: alice, a specialist of committee A, is refused and nothing is written; the
membership officer role on the organization concerned, or on one above it, allows it; the
same role on committee B (another organization) does not. Restructuring is decided one level
up, so the role on the unit itself is not enough there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Model

from partydesk.accounts.models import User
from partydesk.accounts.selectors import actor_for
from partydesk.accounts.tests.factories import grant_role, make_user
from partydesk.conftest import Tree
from partydesk.core.http import SYSTEM, Acting
from partydesk.core.models import AuditEvent
from partydesk.organizations import services
from partydesk.organizations.models import (
    CommitteeTerm,
    Organization,
    OrganizationKind,
    PartyMembership,
    Person,
    PositionTitle,
)
from partydesk.organizations.services import (
    NewOrganization,
    OrganizationSpec,
    PersonSpec,
    SplitPart,
)
from partydesk.organizations.tests.factories import (
    good_row,
    make_member,
    make_org,
    make_person,
    workbook,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every organizations table and of the audit trail, to show that a refusal
    wrote none."""
    written: list[type[Model]] = [*apps.get_app_config("organizations").get_models(), AuditEvent]
    return {m.__name__: list(m._default_manager.order_by("pk").values_list()) for m in written}


def _cell(tree: Tree) -> Organization:
    return tree.cell_a1


def _committee(tree: Tree) -> Organization:
    return tree.committee_a


@dataclass(frozen=True)
class Case:
    """One write: what it needs stored first (as the system), the call, and the lowest
    organization on which the membership officer role allows it."""

    name: str
    act: Callable[[Acting, Tree, Any], object]
    given: Callable[[Tree], Any] = lambda tree: None
    on: Callable[[Tree], Organization] = _cell

    def __str__(self) -> str:
        return self.name


def _person(tree: Tree) -> Person:
    return make_person(tree.cell_a1)


def _member(tree: Tree) -> PartyMembership:
    return make_member(tree.cell_a1).membership


def _candidate(
    tree: Tree, decision: dt.date = dt.date(2025, 1, 2), ceremony: dt.date | None = None
) -> PartyMembership:
    person = make_member(tree.cell_a1, status="candidate", decision=decision, ceremony=ceremony)
    return person.membership


def _on_probation(tree: Tree) -> PartyMembership:
    return _candidate(tree, decision=dt.date(2024, 3, 1), ceremony=dt.date(2024, 3, 15))


def _transferred(tree: Tree, **how: Any) -> PartyMembership:
    membership = _member(tree)
    return services.membership_transfer(
        acting=SYSTEM, membership=membership, occurred_on=dt.date(2025, 6, 2), **how
    )


def _away(tree: Tree) -> PartyMembership:
    return _transferred(tree, kind="temporary", to_organization=tree.committee_b)


def _gone(tree: Tree) -> PartyMembership:
    return _transferred(tree, kind="official", to_outside="Đảng bộ tỉnh Nghệ An")


def _term(tree: Tree) -> CommitteeTerm:
    return services.term_create(
        acting=SYSTEM, organization=tree.cell_a1, name="2025–2030", starts_on=dt.date(2025, 1, 1)
    )


def _position(tree: Tree) -> Any:
    return services.position_assign(
        acting=SYSTEM,
        person=_person(tree),
        organization=tree.cell_a1,
        title=PositionTitle.SECRETARY,
        starts_on=dt.date(2025, 1, 1),
    )


def _new(code: str) -> NewOrganization:
    return NewOrganization(
        code=code, name=f"Chi bộ {code}", abbreviation="CB", kind=OrganizationKind.GRASSROOTS_CELL
    )


def _spec(code: str, parent_code: str | None = None) -> OrganizationSpec:
    return OrganizationSpec(
        code=code,
        name=f"Tổ đảng {code}",
        abbreviation="CB",
        kind=OrganizationKind.SUBORDINATE_CELL,
        parent_code=parent_code,
    )


def in_cell(verb: str, key: str = "organization", /, **kwargs: Any) -> Case:
    """A write in cell A1, passed to the service as `key`."""
    service = getattr(services, verb)
    return Case(verb, lambda a, t, g: service(acting=a, **{key: t.cell_a1}, **kwargs))


def on_given(verb: str, given: Callable[[Tree], Any], key: str, /, **kwargs: Any) -> Case:
    """A write on something stored first in cell A1, passed to the service as `key`."""
    service = getattr(services, verb)
    return Case(verb, lambda a, t, g: service(acting=a, **{key: g}, **kwargs), given=given)


def restructuring(name: str, act: Callable[[Acting, Tree, Any], object], **kwargs: Any) -> Case:
    """Restructuring cell A1 (or a unit of it) is decided by committee A."""
    return Case(name, act, on=_committee, **kwargs)


NEW_UNIT = {"abbreviation": "CB", "kind": OrganizationKind.SUBORDINATE_CELL}
CASES = [
    in_cell("organization_create", "parent", name="Tổ đảng 1", code="new-1", **NEW_UNIT),
    in_cell("organization_bulk_create_tree", "root", specs=[_spec("bulk-1")]),
    Case(
        "organization_bulk_create_tree under a stored parent",
        lambda a, t, g: services.organization_bulk_create_tree(
            acting=a, specs=[_spec("bulk-2", parent_code=t.cell_a1.code)]
        ),
    ),
    in_cell("organization_rename", name="Chi bộ mới", abbreviation="CB", effective_on=TODAY),
    restructuring(
        "organization_move",
        lambda a, t, g: services.organization_move(
            acting=a, organization=g, new_parent=t.committee_a, effective_on=TODAY
        ),
        given=lambda t: make_org("Tổ đảng Kho", parent=t.cell_a1),
    ),
    restructuring(
        "organization_merge",
        lambda a, t, g: services.organization_merge(
            acting=a, sources=[t.cell_a1], into=g, effective_on=TODAY
        ),
        given=lambda t: make_org("Chi bộ Phòng Kế hoạch", parent=t.committee_a),
    ),
    restructuring(
        "organization_split",
        lambda a, t, g: services.organization_split(
            acting=a,
            source=t.cell_a1,
            parts=[SplitPart(new=_new("part-1")), SplitPart(new=_new("part-2"))],
            effective_on=TODAY,
        ),
    ),
    restructuring(
        "organization_dissolve",
        lambda a, t, g: services.organization_dissolve(
            acting=a, organization=t.cell_a1, effective_on=TODAY
        ),
    ),
    in_cell("term_create", name="2025–2030", starts_on=dt.date(2025, 1, 1)),
    on_given("term_end", _term, "term", ends_on=dt.date(2025, 12, 31)),
    Case(
        "position_assign",
        lambda a, t, g: services.position_assign(
            acting=a,
            person=g,
            organization=t.cell_a1,
            title=PositionTitle.SECRETARY,
            starts_on=dt.date(2025, 1, 1),
        ),
        given=_person,
    ),
    on_given("position_end", _position, "position", ends_on=dt.date(2025, 6, 1)),
    in_cell("person_create", full_name="Trần Văn Mới"),
    in_cell(
        "person_register",
        full_name="Trần Thị Mới",
        status="candidate",
        admission_decision_date=dt.date(2025, 1, 2),
    ),
    on_given("person_update", _person, "person", full_name="Tên Đã Sửa"),
    Case(
        "person_bulk_create",
        lambda a, t, g: services.person_bulk_create(
            acting=a, specs=[PersonSpec(organization_id=t.cell_a1.pk, full_name="Lê Văn Loạt")]
        ),
    ),
    Case(
        "member_import_commit",
        lambda a, t, g: services.member_import_commit(
            acting=a,
            scope=t.cell_a1,
            name="members.xlsx",
            content=workbook([good_row(t.cell_a1.code, "Nhập Văn Một", "001090000001")]),
        ),
    ),
    on_given(
        "membership_record",
        _person,
        "person",
        status="candidate",
        admission_decision_date=dt.date(2025, 1, 2),
    ),
    on_given("membership_admit", _person, "person", admission_decision_date=dt.date(2025, 1, 2)),
    on_given(
        "membership_record_ceremony", _candidate, "membership", ceremony_date=dt.date(2025, 1, 20)
    ),
    on_given(
        "membership_recognize",
        _on_probation,
        "membership",
        official_recognition_date=dt.date(2025, 4, 2),
    ),
    on_given(
        "membership_end",
        _member,
        "membership",
        status="deceased",
        occurred_on=dt.date(2025, 5, 5),
    ),
    on_given(
        "membership_update", _member, "membership", card_number="9999", dues_category="salaried"
    ),
    on_given(
        "membership_transfer",
        _member,
        "membership",
        kind="official",
        occurred_on=dt.date(2025, 6, 2),
        to_outside="Đảng bộ tỉnh Nghệ An",
    ),
    on_given("membership_return", _away, "membership", occurred_on=dt.date(2025, 12, 1)),
    Case(
        "membership_transfer_in",
        lambda a, t, g: services.membership_transfer_in(
            acting=a, membership=g, organization=t.cell_a1, occurred_on=dt.date(2025, 9, 1)
        ),
        given=_gone,
    ),
]
RESTRUCTURING = [c for c in CASES if c.on is _committee]


def assert_refused(case: Case, tree: Tree, user: User) -> None:
    """The service refuses `user` (calling it directly, as a view, a command or the API
    could) and writes nothing."""
    given = case.given(tree)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        case.act(actor_for(user), tree, given)
    assert snapshot() == before


@pytest.mark.parametrize("case", CASES, ids=str)
def test_without_the_capability_nothing_is_written(case: Case, tree: Tree, alice: User) -> None:
    # alice is a specialist of committee A: no registry or organization role
    assert_refused(case, tree, alice)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_role_on_another_organization_does_not_count(case: Case, tree: Tree, eve: User) -> None:
    grant_role(eve, "member_officer", tree.committee_b)
    assert_refused(case, tree, eve)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_role_on_the_organization_allows_it(case: Case, tree: Tree, alice: User) -> None:
    grant_role(alice, "member_officer", case.on(tree))
    given = case.given(tree)
    audited = AuditEvent.objects.count()
    case.act(actor_for(alice), tree, given)
    # and the events name her
    events = AuditEvent.objects.order_by("pk")[audited:]
    assert events and all(event.actor_id == alice.pk for event in events)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_role_on_an_organization_above_covers_its_subtree(case: Case, tree: Tree) -> None:
    chief = make_user("chief", organization=tree.root, role="member_officer")
    given = case.given(tree)
    case.act(actor_for(chief), tree, given)


@pytest.mark.parametrize("case", RESTRUCTURING, ids=str)
def test_restructuring_is_decided_one_level_up(case: Case, tree: Tree, alice: User) -> None:
    # alice manages cell A1 itself, but not committee A above it
    grant_role(alice, "member_officer", tree.cell_a1)
    assert_refused(case, tree, alice)


def test_a_unit_moves_only_under_an_organization_one_manages(tree: Tree, alice: User) -> None:
    # alice decides for committee A, whose unit she would hang under committee B
    grant_role(alice, "member_officer", tree.committee_a)
    with pytest.raises(PermissionDenied):
        services.organization_move(
            acting=actor_for(alice),
            organization=tree.cell_a1,
            new_parent=tree.committee_b,
            effective_on=TODAY,
        )
    assert Organization.objects.get(pk=tree.cell_a1.pk).parent_id == tree.committee_a.pk


def test_only_the_system_creates_a_top_of_the_tree(tree: Tree) -> None:
    # an administrator of the root still has nothing above it to decide from
    chief = make_user("chief", organization=tree.root, role="admin")
    top: dict[str, Any] = {
        "name": "Đảng bộ tỉnh",
        "abbreviation": "ĐB",
        "kind": OrganizationKind.UPPER_COMMITTEE,
    }
    with pytest.raises(PermissionDenied):
        services.organization_create(acting=actor_for(chief), code="top-1", **top)
    assert not Organization.objects.filter(code="top-1").exists()
    # the seed and the commands act as the system, and the trail says so
    org = services.organization_create(acting=SYSTEM, code="top-2", **top)
    event = AuditEvent.objects.get(action="organizations.organization.created", target_id=org.pk)
    assert (event.actor_id, event.actor_label) == (None, "system")


def test_only_a_registry_keeper_previews_an_import(tree: Tree, alice: User, eve: User) -> None:
    # the preview tells which citizen IDs are registered, so it is checked like the import
    content = workbook([good_row(tree.cell_a1.code, "Xem Trước", "001090000002")])
    grant_role(eve, "member_officer", tree.committee_b)
    for outsider in (alice, eve):
        with pytest.raises(PermissionDenied):
            services.member_import_preview(
                acting=actor_for(outsider), scope=tree.cell_a1, name="m.xlsx", content=content
            )
    chief = make_user("chief", organization=tree.root, role="member_officer")
    preview = services.member_import_preview(
        acting=actor_for(chief), scope=tree.cell_a1, name="m.xlsx", content=content
    )
    assert preview.is_valid
