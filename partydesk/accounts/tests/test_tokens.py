"""API tokens: created on the account page and shown once, stored as a hash, accepted by the
API as their user with that user's scope, refused once revoked or the user is inactive."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.models import ApiToken, User
from partydesk.accounts.services.tokens import (
    api_token_authenticate,
    api_token_create,
    token_hash,
)
from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.core.models import AuditEvent

API = "/api/v1/organizations"


def _bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_alice_creates_a_token_and_sees_it_once(alice_client: Client, alice: User):
    response = alice_client.post(reverse("accounts:token_create"), {"name": "nightly report"})
    assert response.status_code == 201
    shown = re.search(rb"pd_[0-9a-f]{10}_[A-Za-z0-9_-]{43}", response.content)
    assert shown is not None
    raw = shown.group().decode()
    token = ApiToken.objects.get(user=alice)
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.split("_", 2)[2] not in token.key_hash
    assert raw.encode() not in alice_client.get(reverse("accounts:me")).content
    event = AuditEvent.objects.get(action="accounts.token.created")
    assert raw not in str(event.details)


def test_a_token_without_a_name_is_explained(alice_client: Client):
    response = alice_client.post(reverse("accounts:token_create"), {"name": "  "})
    assert response.status_code == 400
    assert (
        b"This field is required" in response.content
        or b"Give the token a name" in response.content
    )


def test_the_api_answers_a_token_with_its_users_scope(alice: User, tree):
    _token, raw = api_token_create(user=alice, name="script")
    response = Client().get(API, headers=_bearer(raw))
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["items"]}
    assert ids == {tree.committee_a.pk, tree.cell_a1.pk}
    assert ApiToken.objects.get(user=alice).last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["", "Bearer ", "Bearer pd_deadbeef00_nope", "Bearer nonsense", "Basic YWxpY2U6cGFzcw=="],
)
def test_the_api_refuses_requests_without_a_valid_token(db, header: str):
    headers = {"Authorization": header} if header else {}
    assert Client().get(API, headers=headers).status_code == 401


def test_a_secret_containing_underscores_is_read_whole(alice: User):
    raw = "pd_abcdef0123_se_cr_et-with_underscores"
    ApiToken.objects.create(user=alice, name="x", prefix="abcdef0123", key_hash=token_hash(raw))
    assert api_token_authenticate(raw) == alice
    assert api_token_authenticate("pd_abcdef0123_se_cr") is None


def test_a_token_with_the_right_prefix_but_a_wrong_secret_is_refused(alice: User):
    token, _raw = api_token_create(user=alice, name="script")
    forged = f"pd_{token.prefix}_{'A' * 43}"
    assert Client().get(API, headers=_bearer(forged)).status_code == 401


def test_a_revoked_token_is_refused(alice_client: Client, alice: User):
    token, raw = api_token_create(user=alice, name="script")
    response = alice_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response["Location"] == reverse("accounts:me")
    assert Client().get(API, headers=_bearer(raw)).status_code == 401
    assert AuditEvent.objects.filter(action="accounts.token.revoked").exists()


def test_bob_cannot_revoke_alices_token(alice: User, bob: User):
    token, raw = api_token_create(user=alice, name="script")
    assert logged_in(bob).post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    assert Client().get(API, headers=_bearer(raw)).status_code == 200


def test_the_token_of_an_inactive_user_is_refused(alice: User):
    _token, raw = api_token_create(user=alice, name="script")
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert Client().get(API, headers=_bearer(raw)).status_code == 401


def test_a_signers_token_works_only_once_their_second_factor_is_on(tree):
    sam = make_user("sam", organization=tree.committee_a, role="secretary")
    _token, raw = api_token_create(user=sam, name="script")
    assert Client().get(API, headers=_bearer(raw)).status_code == 401
    User.objects.filter(pk=sam.pk).update(totp_secret="X" * 32, totp_confirmed_at=timezone.now())
    assert Client().get(API, headers=_bearer(raw)).status_code == 200
