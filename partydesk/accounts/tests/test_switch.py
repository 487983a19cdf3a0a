"""Switching the acting organization: only to one a current grant covers."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from partydesk.accounts.models import RoleGrant, User
from partydesk.accounts.tests.factories import grant_role
from partydesk.core.models import AuditEvent

SWITCH = reverse("accounts:switch_organization")


def test_alice_with_two_grants_switches_to_the_other_organization(alice: User, alice_client, tree):
    grant_role(alice, "committee_member", tree.committee_b)
    page = alice_client.get(reverse("core:dashboard"))
    assert page.context["acting_organization"] == tree.committee_a
    assert page.context["acting_choices"] == [tree.committee_a, tree.committee_b]

    response = alice_client.post(SWITCH, {"organization": tree.committee_b.pk})
    assert response["Location"] == "/"
    alice.refresh_from_db()
    assert alice.acting_organization == tree.committee_b
    assert alice_client.get("/").context["acting_organization"] == tree.committee_b
    event = AuditEvent.objects.get(action="accounts.user.organization_switched")
    assert event.organization_id == tree.committee_b.pk
    assert event.details == {"from": None, "to": tree.committee_b.pk}


def test_alice_may_narrow_to_an_organization_below_her_grant(alice: User, alice_client, tree):
    assert alice_client.post(SWITCH, {"organization": tree.cell_a1.pk}).status_code == 302
    assert alice_client.get("/").context["acting_organization"] == tree.cell_a1


def test_alice_cannot_switch_to_an_organization_she_holds_no_role_on(
    alice: User, alice_client, tree
):
    for org in (tree.committee_b, tree.root):
        assert alice_client.post(SWITCH, {"organization": org.pk}).status_code == 404
    assert alice_client.post(SWITCH, {"organization": "x"}).status_code == 404
    assert alice_client.post(SWITCH, {"organization": 999999}).status_code == 404
    alice.refresh_from_db()
    assert alice.acting_organization is None
    assert not AuditEvent.objects.filter(action="accounts.user.organization_switched").exists()


def test_an_ended_grant_no_longer_allows_acting_there(alice: User, alice_client, tree):
    grant = grant_role(alice, "committee_member", tree.committee_b)
    alice_client.post(SWITCH, {"organization": tree.committee_b.pk})
    RoleGrant.objects.filter(pk=grant.pk).update(valid_to=dt.date(2021, 1, 1))
    # The stored choice is ignored; she acts for her remaining grant's organization.
    assert alice_client.get("/").context["acting_organization"] == tree.committee_a
    assert alice_client.post(SWITCH, {"organization": tree.committee_b.pk}).status_code == 404


def test_switching_needs_a_login_and_a_post(alice_client, tree):
    assert Client().post(SWITCH, {"organization": tree.committee_a.pk}).status_code == 302
    assert alice_client.get(SWITCH).status_code == 405
