"""Account administration: an administrator of committee A manages the accounts and roles of
committee A and below, never beyond, and never their own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.models import Clearance, Role, RoleGrant, User
from partydesk.accounts.selectors import grant_list_current
from partydesk.accounts.services.grants import role_grant
from partydesk.accounts.tests.factories import PASSWORD, make_user, verified_client
from partydesk.core.errors import NotAllowed
from partydesk.core.models import AuditEvent
from partydesk.organizations.tests.factories import make_person


@pytest.fixture
def adam(tree) -> User:
    """Adam administers accounts of committee A; he holds a Secret clearance."""
    user = make_user("adam", organization=tree.committee_a, role="admin", two_factor=True)
    User.objects.filter(pk=user.pk).update(clearance=Clearance.SECRET)
    user.refresh_from_db()
    return user


@pytest.fixture
def adam_client(adam: User) -> Client:
    return verified_client(adam)


def _grant_post(client: Client, user: User, role_pk: int, org_pk: int, **extra):
    return client.post(
        reverse("accounts:grant_create", args=[user.pk]),
        {"role": role_pk, "organization": org_pk, **extra},
    )


# --- the list ---------------------------------------------------------------------------


def test_adam_lists_the_accounts_of_committee_a_only(adam_client, alice, bob, eve):
    response = adam_client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    names = [u.username for u in response.context["page"].object_list]
    assert names == ["adam", "alice", "bob"]


def test_the_list_searches_by_name_ignoring_diacritics(adam_client, tree):
    person = make_person(tree.cell_a1, "Nguyễn Thị Hằng")
    User.objects.create_user("hang", password=PASSWORD, person=person)
    response = adam_client.get(reverse("accounts:user_list"), {"q": "nguyen thi hang"})
    assert [u.username for u in response.context["page"].object_list] == ["hang"]


def test_the_list_costs_the_same_queries_for_three_or_thirty_accounts(
    adam_client, tree, django_assert_max_num_queries
):
    for n in range(3):
        make_user(f"few{n}", organization=tree.cell_a1)
    # The page shell (menus, notifications) has its own queries; the list adds a fixed few.
    with django_assert_max_num_queries(30) as few:
        adam_client.get(reverse("accounts:user_list"))
    for n in range(27):
        make_user(f"many{n}", organization=tree.cell_a1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = adam_client.get(reverse("accounts:user_list"))
    assert len(response.context["page"].object_list) == 31


def test_a_user_without_accounts_manage_is_refused(alice_client):
    assert alice_client.get(reverse("accounts:user_list")).status_code == 403
    assert alice_client.get(reverse("accounts:user_create")).status_code == 403


# --- creating an account ------------------------------------------------------------------


def test_adam_opens_an_account_for_a_person_of_cell_a1(adam_client, tree):
    person = make_person(tree.cell_a1, "Trần Văn Minh")
    response = adam_client.post(
        reverse("accounts:user_create"),
        {
            "person": person.pk,
            "username": "minh",
            "email": "minh@example.test",
            "clearance": Clearance.SECRET,
            "new_password1": "Hoa-sen-no-muon-9",
            "new_password2": "Hoa-sen-no-muon-9",
        },
    )
    minh = User.objects.get(username="minh")
    assert response["Location"] == reverse("accounts:user_detail", args=[minh.pk])
    assert minh.person == person
    assert minh.clearance == Clearance.SECRET
    assert minh.check_password("Hoa-sen-no-muon-9")
    event = AuditEvent.objects.get(action="accounts.user.created")
    assert event.organization_id == tree.cell_a1.pk


def test_a_weak_password_is_refused_and_the_form_keeps_what_was_typed(adam_client, tree):
    person = make_person(tree.cell_a1)
    response = adam_client.post(
        reverse("accounts:user_create"),
        {
            "person": person.pk,
            "username": "weak",
            "email": "",
            "clearance": 0,
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 400
    assert b"too common" in response.content or b"too short" in response.content
    assert b'value="weak"' in response.content
    assert not User.objects.filter(username="weak").exists()


def test_a_person_of_committee_b_cannot_get_an_account_from_adam(adam_client, tree):
    stranger = make_person(tree.committee_b)
    response = adam_client.post(
        reverse("accounts:user_create"),
        {
            "person": stranger.pk,
            "username": "stranger",
            "clearance": 0,
            "new_password1": "Hoa-sen-no-muon-9",
            "new_password2": "Hoa-sen-no-muon-9",
        },
    )
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    assert not User.objects.filter(username="stranger").exists()


def test_adam_cannot_give_a_clearance_above_his_own(adam_client, tree):
    person = make_person(tree.cell_a1)
    response = adam_client.post(
        reverse("accounts:user_create"),
        {
            "person": person.pk,
            "username": "topsecret",
            "clearance": Clearance.TOP_SECRET,
            "new_password1": "Hoa-sen-no-muon-9",
            "new_password2": "Hoa-sen-no-muon-9",
        },
    )
    assert response.status_code == 400
    assert b"above your own" in response.content


# --- an account's page ----------------------------------------------------------------------


def test_adam_sees_alice_but_eve_is_not_found(adam_client, alice, eve):
    assert adam_client.get(reverse("accounts:user_detail", args=[alice.pk])).status_code == 200
    assert adam_client.get(reverse("accounts:user_detail", args=[eve.pk])).status_code == 404
    assert (
        adam_client.post(
            reverse("accounts:user_update", args=[eve.pk]), {"clearance": 0, "is_active": ""}
        ).status_code
        == 404
    )


def test_adam_raises_alices_clearance_and_deactivates_bob(adam_client, alice, bob):
    response = adam_client.post(
        reverse("accounts:user_update", args=[alice.pk]),
        {"email": "alice@example.test", "clearance": Clearance.SECRET, "is_active": "on"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.clearance == Clearance.SECRET
    event = AuditEvent.objects.get(action="accounts.user.updated")
    assert event.details == {"clearance": [0, 1]}

    adam_client.post(
        reverse("accounts:user_update", args=[bob.pk]),
        {"email": bob.email, "clearance": 0, "is_active": ""},
    )
    bob.refresh_from_db()
    assert not bob.is_active


def test_adam_cannot_change_his_own_account(adam_client, adam):
    response = adam_client.post(
        reverse("accounts:user_update", args=[adam.pk]),
        {"email": adam.email, "clearance": Clearance.SECRET, "is_active": ""},
    )
    assert response.status_code == 400
    adam.refresh_from_db()
    assert adam.is_active


def test_adam_unlocks_a_locked_account(adam_client, alice):
    User.objects.filter(pk=alice.pk).update(locked_until=timezone.now() + timedelta(minutes=9))
    adam_client.post(reverse("accounts:user_unlock", args=[alice.pk]))
    alice.refresh_from_db()
    assert not alice.is_locked
    assert AuditEvent.objects.filter(action="accounts.user.unlocked").exists()


def test_adam_resets_the_second_factor_of_someone_who_lost_their_phone(adam_client, tree):
    lan = make_user("lan", organization=tree.cell_a1, two_factor=True)
    adam_client.post(reverse("accounts:user_two_factor_reset", args=[lan.pk]))
    lan.refresh_from_db()
    assert not lan.has_two_factor


# --- roles ----------------------------------------------------------------------------------


def test_adam_grants_alice_the_clerk_role_on_cell_a1(adam_client, adam, alice, tree):
    clerk = Role.objects.get(code="clerk")
    response = _grant_post(adam_client, alice, clerk.pk, tree.cell_a1.pk)
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=alice, role=clerk)
    assert grant.organization == tree.cell_a1
    assert grant.granted_by == adam
    event = AuditEvent.objects.get(action="accounts.grant.created")
    assert event.organization_id == tree.cell_a1.pk
    assert event.details["role"] == "clerk"


def test_a_grant_outside_adams_scope_is_refused(adam_client, adam, alice, tree):
    clerk = Role.objects.get(code="clerk")
    # Through the form: committee B is not even a choice.
    response = _grant_post(adam_client, alice, clerk.pk, tree.committee_b.pk)
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    # Through the service: refused with a reason.
    with pytest.raises(NotAllowed, match="only on organizations you administer"):
        role_grant(
            actor=adam,
            actor_grants=grant_list_current(adam),
            user=alice,
            role=clerk,
            organization=tree.root,
        )
    assert not RoleGrant.objects.filter(user=alice, role=clerk).exists()


def test_adam_cannot_grant_himself_a_role(adam_client, adam, tree):
    secretary = Role.objects.get(code="secretary")
    response = _grant_post(adam_client, adam, secretary.pk, tree.cell_a1.pk)
    assert response.status_code == 400
    assert b"cannot change your own roles" in response.content


def test_a_duplicate_grant_and_a_backwards_period_are_explained(adam_client, alice, tree):
    specialist = Role.objects.get(code="specialist")
    duplicate = _grant_post(adam_client, alice, specialist.pk, tree.committee_a.pk)
    assert b"already holds this role" in duplicate.content
    backwards = _grant_post(
        adam_client,
        alice,
        specialist.pk,
        tree.cell_a1.pk,
        valid_from="2026-05-01",
        valid_to="2026-01-01",
    )
    assert b"end date is before the start date" in backwards.content


def test_adam_revokes_alices_role_and_cannot_touch_eves(adam_client, alice, eve):
    grant = RoleGrant.objects.get(user=alice)
    response = adam_client.post(reverse("accounts:grant_revoke", args=[grant.pk]))
    assert response["Location"] == reverse("accounts:user_detail", args=[alice.pk])
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.get(action="accounts.grant.revoked").details["user"] == "alice"

    eves = RoleGrant.objects.get(user=eve)
    assert adam_client.post(reverse("accounts:grant_revoke", args=[eves.pk])).status_code == 404
    assert RoleGrant.objects.filter(pk=eves.pk).exists()
