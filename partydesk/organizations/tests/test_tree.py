"""The organization tree: paths, subtree queries, bulk creation, terms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from partydesk.core.errors import InvalidInput
from partydesk.core.http import SYSTEM
from partydesk.organizations import selectors, services
from partydesk.organizations.models import (
    Organization,
    OrganizationKind,
    OrganizationRevision,
    Restructuring,
)
from partydesk.organizations.services import OrganizationSpec
from partydesk.organizations.tests.factories import make_org

pytestmark = pytest.mark.django_db


def test_a_new_unit_gets_its_parents_path_and_a_first_revision(tree):
    # given committee A
    # when a cell is created under it
    cell = make_org("Chi bộ Kế toán", parent=tree.committee_a)
    # then its path extends A's, and the structure of that day already shows it
    assert cell.path == f"{tree.committee_a.path}{cell.pk:06d}."
    assert cell.depth == tree.committee_a.depth + 1
    assert cell.search_name == "chi bo ke toan"
    revision = OrganizationRevision.objects.get(organization=cell)
    assert (revision.parent_id, revision.valid_to) == (tree.committee_a.pk, None)


def test_subtree_is_one_indexed_prefix_query(tree):
    # given a deeper tree under committee A
    deep = make_org("Tổ 1", parent=tree.cell_a1, kind=OrganizationKind.SUBORDINATE_CELL)
    # when the subtree of A is read
    with CaptureQueriesContext(connection) as queries:
        ids = set(selectors.organization_subtree(tree.committee_a).values_list("id", flat=True))
    # then it is A, its cell and the cell's unit, in one query, and nothing of B
    assert ids == {tree.committee_a.pk, tree.cell_a1.pk, deep.pk}
    assert len(queries) == 1
    assert "LIKE" in queries[0]["sql"].upper()


def test_organization_outside_the_scope_is_404(tree):
    with pytest.raises(Http404):
        selectors.organization_get_for(tree.committee_a, tree.committee_b.pk)
    assert selectors.organization_get_for(tree.committee_a, tree.cell_a1.pk) == tree.cell_a1


def test_organizations_are_found_by_name_without_diacritics(tree):
    found = selectors.organization_list_for(tree.root, query="so tai chinh")
    assert list(found) == [tree.committee_a]
    assert list(selectors.organization_list_for(tree.committee_b, query="tai chinh")) == []


def test_duplicate_code_is_refused_with_a_clear_message(tree):
    with pytest.raises(InvalidInput) as error:
        services.organization_create(
            acting=SYSTEM,
            name="Chi bộ trùng",
            abbreviation="CB",
            kind=OrganizationKind.SUBORDINATE_CELL,
            code=tree.cell_a1.code,
            parent=tree.committee_a,
        )
    assert error.value.field == "code"


def test_bulk_tree_computes_the_same_paths_as_one_by_one(tree):
    # given three levels of new organizations, listed children-first on purpose
    specs = [
        OrganizationSpec("bulk-cell", "Chi bộ 1", "CB", "subordinate_cell", parent_code="bulk-du"),
        OrganizationSpec("bulk-du", "Đảng bộ Sở Xây dựng", "ĐU", "grassroots_committee"),
        OrganizationSpec(
            "bulk-cell-2", "Chi bộ 2", "CB", "subordinate_cell", parent_code="bulk-du"
        ),
    ]
    # when they are bulk-created under the root
    created = services.organization_bulk_create_tree(acting=SYSTEM, specs=specs, root=tree.root)
    # then paths, depths, search names and revisions are as organization_create writes them
    by_code = {o.code: Organization.objects.get(pk=o.pk) for o in created}
    du, cell = by_code["bulk-du"], by_code["bulk-cell"]
    assert du.path == f"{tree.root.path}{du.pk:06d}." and du.depth == 1
    assert cell.path == f"{du.path}{cell.pk:06d}." and cell.depth == 2
    assert cell.search_name == "chi bo 1"
    assert OrganizationRevision.objects.filter(organization__code__startswith="bulk-").count() == 3
    assert set(selectors.organization_subtree(du).values_list("code", flat=True)) == {
        "bulk-du",
        "bulk-cell",
        "bulk-cell-2",
    }
    assert Restructuring.objects.filter(details__bulk=True).count() == 1


def test_bulk_tree_refuses_unknown_parents_and_used_codes(tree):
    with pytest.raises(InvalidInput):
        services.organization_bulk_create_tree(
            acting=SYSTEM, specs=[OrganizationSpec("x", "X", "CB", "grassroots_cell", "nowhere")]
        )
    with pytest.raises(InvalidInput):
        services.organization_bulk_create_tree(
            acting=SYSTEM, specs=[OrganizationSpec(tree.cell_a1.code, "X", "CB", "grassroots_cell")]
        )


def test_terms_do_not_overlap_and_term_on_finds_the_covering_one(tree):
    org = tree.committee_a
    first = services.term_create(
        acting=SYSTEM,
        organization=org,
        name="2020–2025",
        starts_on=dt.date(2020, 10, 1),
        ends_on=dt.date(2025, 9, 30),
    )
    # an overlapping term is refused, naming the clash
    with pytest.raises(InvalidInput) as error:
        services.term_create(
            acting=SYSTEM, organization=org, name="2025–2030", starts_on=dt.date(2025, 9, 1)
        )
    assert "2020–2025" in str(error.value.message)
    second = services.term_create(
        acting=SYSTEM, organization=org, name="2025–2030", starts_on=dt.date(2025, 10, 1)
    )
    assert selectors.term_on(org, dt.date(2023, 1, 1)) == first
    assert selectors.term_on(org, dt.date(2026, 1, 1)) == second
    assert selectors.term_on(org, dt.date(2019, 1, 1)) is None
    # an open term cannot be closed so that it swallows nothing: before its start is refused
    with pytest.raises(InvalidInput):
        services.term_end(acting=SYSTEM, term=second, ends_on=dt.date(2025, 1, 1))


def test_tree_nodes_count_children_in_two_queries(tree):
    for n in range(5):
        make_org(f"Chi bộ {n}", parent=tree.committee_a)
    with CaptureQueriesContext(connection) as queries:
        nodes = selectors.organization_nodes_on(tree.root, dt.date.today(), tree.committee_a.pk)
    assert len(nodes) == 6
    assert len(queries) == 3  # the scope check, the level, the counts
