"""The pickers other apps reuse: organizations named with their parent, a search that ignores
diacritics, and recipient groups kept as data and resolved against the issuer."""

from __future__ import annotations

from django import forms

from partydesk.organizations.forms.picker import (
    OrganizationPickerField,
    RecipientGroupField,
    recipients_with_groups,
)
from partydesk.organizations.models import OrganizationKind, RecipientGroup, RecipientRule
from partydesk.organizations.selectors import (
    organization_picker_nodes,
    organization_subtree,
    recipient_group_list_for,
    recipient_group_members,
)
from partydesk.organizations.tests.factories import make_org


def _group(code: str) -> RecipientGroup:
    return RecipientGroup.objects.get(code=code)


def test_the_default_groups_come_from_data_and_resolve_against_the_issuer(tree):
    # Given the Bloc with two grassroots committees, and a cell below one of them
    # When the Bloc sends to "all grassroots committees"
    members = recipient_group_members(group=_group("grassroots-committees"), issuer=tree.root)
    # Then both committees are reached, and nothing else
    assert set(members) == {tree.committee_a, tree.committee_b}
    # And a committee sending to the same group reaches none of its peers
    assert (
        list(
            recipient_group_members(group=_group("grassroots-committees"), issuer=tree.committee_a)
        )
        == []
    )
    # And "directly below" from the Bloc is its two committees
    direct = recipient_group_members(group=_group("direct-subordinates"), issuer=tree.root)
    assert set(direct) == {tree.committee_a, tree.committee_b}


def test_an_office_adds_the_cells_of_one_committee_as_a_group_of_its_own(tree):
    make_org("Phòng Tổng hợp", parent=tree.committee_a, kind=OrganizationKind.DEPARTMENT)
    cells = RecipientGroup.objects.create(
        code="cells-of-a",
        name="Các chi bộ của Đảng bộ Sở Tài chính",
        rule=RecipientRule.CELLS_OF,
        parameters={"organization": tree.committee_a.code},
        owner=tree.root,
    )
    assert list(recipient_group_members(group=cells, issuer=tree.root)) == [tree.cell_a1]
    # Offered to the Bloc and below, not to an unrelated installation root
    assert cells in recipient_group_list_for(tree.committee_b)
    other_root = make_org("Đảng bộ khác", kind=OrganizationKind.UPPER_COMMITTEE)
    assert cells not in recipient_group_list_for(other_root)


def test_namesake_cells_are_told_apart_by_their_parent_and_found_without_accents(tree):
    one = make_org("Chi bộ Văn phòng", parent=tree.committee_a)
    two = make_org("Chi bộ Văn phòng", parent=tree.committee_b)
    nodes = {n.value: n for n in organization_picker_nodes(organization_subtree(tree.root))}
    assert nodes[str(one.pk)].context == "Đảng bộ Sở Tài chính"
    assert nodes[str(two.pk)].context == "Đảng bộ Sở Y tế"
    assert "chi bo van phong" in nodes[str(one.pk)].search
    assert "so y te" in nodes[str(two.pk)].search
    # depth follows the tree, so the list reads as one
    assert nodes[str(tree.root.pk)].depth == 0 and nodes[str(one.pk)].depth == 2


class _Recipients(forms.Form):
    organizations = OrganizationPickerField(label="To", required=False)
    groups = RecipientGroupField(label="Groups")


def test_the_picker_renders_a_searchable_bounded_tree_with_parents(tree):
    make_org("Chi bộ Văn phòng", parent=tree.committee_b)
    form = _Recipients(initial={"organizations": [tree.committee_b.pk]})
    form.fields["organizations"].offer(organization_subtree(tree.root).exclude(pk=tree.root.pk))  # type: ignore[attr-defined]
    html = str(form["organizations"])
    assert "data-picker" in html and 'type="search"' in html
    assert 'class="picker-context">Đảng bộ Sở Y tế<' in html
    assert f'value="{tree.committee_b.pk}" id="id_organizations_' in html
    assert "checked" in html  # the initial choice is kept


def test_groups_and_single_choices_merge_once_and_stay_inside_what_is_offered(tree):
    allowed = (
        organization_subtree(tree.root).exclude(pk=tree.root.pk).exclude(pk=tree.committee_b.pk)
    )
    merged = recipients_with_groups(
        [tree.committee_a],
        [_group("grassroots-committees")],
        issuer=tree.root,
        allowed=allowed,
    )
    assert merged == [tree.committee_a]
    form = _Recipients(data={"groups": [str(_group("grassroots-cells").pk)]})
    form.fields["groups"].queryset = recipient_group_list_for(tree.root)  # type: ignore[attr-defined]
    form.fields["organizations"].offer(allowed)  # type: ignore[attr-defined]
    assert form.is_valid(), form.errors
