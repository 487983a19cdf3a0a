"""My account: the page, changing the password (other sessions end), and who may see it."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import PASSWORD
from partydesk.conftest import logged_in
from partydesk.core.models import AuditEvent

ME = reverse("accounts:me")
CHANGE = reverse("accounts:password_change")
NEW = "Sen-hong-thang-9-2026"


def test_alice_sees_her_account_page(alice_client: Client, tree):
    page = alice_client.get(ME)
    assert page.status_code == 200
    html = page.content.decode()
    assert "alice@example.test" in html
    assert tree.committee_a.name in html
    assert "Set up two-factor login" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_my_account_needs_a_login():
    response = Client().get(ME)
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_alice_changes_her_password_and_her_other_sessions_end(alice: User, alice_client):
    other_device = logged_in(alice)
    response = alice_client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response["Location"] == ME
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    assert alice_client.get(ME).status_code == 200  # this session continues
    assert other_device.get(ME).status_code == 302  # the other one is logged out
    assert AuditEvent.objects.filter(action="accounts.user.password_changed").count() == 1


def test_a_wrong_current_password_is_explained(alice: User, alice_client):
    response = alice_client.post(
        CHANGE, {"old_password": "not-it-at-all", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 400
    assert b"current password is not correct" in response.content
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_weak_or_mistyped_new_password_is_explained(alice_client):
    weak = alice_client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": "alice123", "new_password2": "alice123"}
    )
    assert weak.status_code == 400
    assert b"too short" in weak.content
    typo = alice_client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"}
    )
    assert b"two passwords differ" in typo.content


def test_passwords_are_not_echoed_back_on_error(alice_client):
    response = alice_client.post(
        CHANGE, {"old_password": "secret-old-pass", "new_password1": NEW, "new_password2": NEW}
    )
    assert b"secret-old-pass" not in response.content
    assert NEW.encode() not in response.content
