"""A user whose role approves or signs must set up two-factor login before anything else."""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from partydesk.accounts.middleware import SESSION_VERIFIED_KEY
from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import grant_role, make_user, verified_client
from partydesk.accounts.views.account import SETUP_SECRET_KEY

SETUP = reverse("accounts:two_factor_setup")

PAGES = [
    reverse("core:dashboard"),
    reverse("accounts:me"),
    reverse("accounts:audit"),
    reverse("accounts:user_list"),
    reverse("organizations:tree"),
    "/ops/admin/",
    "/no/such/page/",
]


@pytest.fixture
def sam(tree) -> User:
    """Sam is the secretary of committee A and has no second factor yet."""
    return make_user("sam", organization=tree.committee_a, role="secretary")


@pytest.fixture
def sam_client(sam: User) -> Client:
    client = Client()
    client.force_login(sam)
    return client


@pytest.mark.parametrize("path", PAGES)
def test_the_secretary_without_two_factor_is_sent_to_set_up_from_every_page(
    sam_client: Client, path: str
):
    response = sam_client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP + "?next=")


def test_posts_are_sent_to_set_up_too(sam_client: Client, tree):
    response = sam_client.post(
        reverse("accounts:switch_organization"), {"organization": tree.committee_a.pk}
    )
    assert response["Location"] == SETUP


def test_htmx_requests_get_a_full_page_redirect(sam_client: Client):
    response = sam_client.get(reverse("core:dashboard"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(SETUP)


def test_set_up_logout_and_language_stay_reachable(sam_client: Client):
    assert sam_client.get(SETUP).status_code == 200
    assert sam_client.post(reverse("set_language"), {"language": "vi"}).status_code == 302
    assert sam_client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")


def test_after_set_up_the_secretary_reaches_the_dashboard(sam_client: Client, sam: User):
    sam_client.get(SETUP)
    secret = sam_client.session[SETUP_SECRET_KEY]
    sam_client.post(SETUP, {"code": pyotp.TOTP(secret).now()})
    assert sam_client.get(reverse("core:dashboard")).status_code == 200


def test_a_secretary_with_two_factor_but_an_unverified_session_must_enter_a_code(tree):
    ivy = make_user("ivy", organization=tree.committee_a, role="secretary", two_factor=True)
    client = Client()
    client.force_login(ivy)
    assert client.get(reverse("core:dashboard"))["Location"].startswith(
        reverse("accounts:two_factor_verify")
    )
    assert verified_client(ivy).get(reverse("core:dashboard")).status_code == 200


def test_a_specialist_without_two_factor_is_not_bothered(alice_client: Client):
    assert alice_client.get(reverse("core:dashboard")).status_code == 200
    assert SESSION_VERIFIED_KEY not in alice_client.session


def test_a_role_granted_later_applies_at_the_next_request(alice: User, alice_client, tree):
    grant_role(alice, "clerk", tree.cell_a1)
    assert alice_client.get(reverse("core:dashboard"))["Location"].startswith(SETUP)
