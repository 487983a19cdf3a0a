"""Pure predicates: secrecy clearance, acting for an organization, administering accounts."""

from __future__ import annotations

import pytest

from partydesk.accounts.models import Clearance, User
from partydesk.accounts.permissions import (
    can_act_for,
    can_grant_role,
    can_manage_user,
    can_see_secrecy,
    can_set_clearance,
)
from partydesk.accounts.selectors import grant_list_current
from partydesk.accounts.tests.factories import make_user


@pytest.mark.parametrize(
    ("clearance", "level", "allowed"),
    [
        (Clearance.NONE, 0, True),
        (Clearance.NONE, Clearance.SECRET, False),
        (Clearance.SECRET, Clearance.SECRET, True),
        (Clearance.SECRET, Clearance.TOP_SECRET, False),
        (Clearance.TOP_SECRET, Clearance.SECRET, True),
        (Clearance.ABSOLUTE_SECRET, Clearance.ABSOLUTE_SECRET, True),
    ],
)
def test_a_user_sees_classified_material_up_to_their_clearance(clearance, level, allowed):
    assert can_see_secrecy(User(clearance=clearance, is_active=True), level) is allowed


def test_an_inactive_user_sees_nothing():
    assert can_see_secrecy(User(clearance=Clearance.ABSOLUTE_SECRET, is_active=False), 0) is False


def test_acting_is_allowed_on_a_granted_subtree_only(alice, tree):
    grants = grant_list_current(alice)
    assert can_act_for(grants, tree.committee_a)
    assert can_act_for(grants, tree.cell_a1)
    assert not can_act_for(grants, tree.root)
    assert not can_act_for(grants, tree.committee_b)


def test_administrators_grant_within_their_scope_and_not_to_themselves(tree, alice, eve):
    adam = make_user("adam", organization=tree.committee_a, role="admin")
    grants = grant_list_current(adam)
    assert can_grant_role(grants, adam, alice, tree.cell_a1)
    assert not can_grant_role(grants, adam, alice, tree.committee_b)
    assert not can_grant_role(grants, adam, adam, tree.cell_a1)
    assert can_manage_user(grants, adam, alice, [tree.committee_a])
    assert not can_manage_user(grants, adam, eve, [tree.committee_b])
    assert not can_manage_user(grants, adam, alice, [tree.committee_a, tree.committee_b])
    assert not can_manage_user(grants, adam, alice, [])


def test_nobody_hands_out_a_clearance_above_their_own():
    assert can_set_clearance(User(clearance=Clearance.SECRET), Clearance.SECRET)
    assert not can_set_clearance(User(clearance=Clearance.SECRET), Clearance.TOP_SECRET)
    assert can_set_clearance(User(clearance=0, is_superuser=True), Clearance.ABSOLUTE_SECRET)
