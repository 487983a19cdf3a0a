"""Logging in by username or email, lockout after repeated failures, rate limits, logout."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.accounts.tests.factories import PASSWORD
from partydesk.core.models import AuditEvent

LOGIN = reverse("accounts:login")


def _login(client: Client, login: str, password: str = PASSWORD, **extra: str):
    return client.post(LOGIN, {"username": login, "password": password, **extra})


def _actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="accounts.")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_alice_logs_in_with_her_username_and_lands_on_the_dashboard(alice: User, tree):
    client = Client()
    response = _login(client, "Alice")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert client.get(reverse("core:dashboard")).status_code == 200
    event = AuditEvent.objects.get(action="accounts.user.logged_in")
    assert event.actor == alice
    assert event.organization_id == tree.committee_a.pk


def test_alice_logs_in_with_her_email(alice: User):
    client = Client()
    response = _login(client, "ALICE@example.test")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_the_login_form_carries_a_csrf_token_and_refuses_a_post_without_it(alice: User):
    page = Client().get(LOGIN)
    assert b'name="csrfmiddlewaretoken"' in page.content
    strict = Client(enforce_csrf_checks=True)
    assert _login(strict, "alice").status_code == 403


def test_a_wrong_password_is_refused_with_a_clear_message_and_the_login_kept(alice: User):
    response = _login(Client(), "alice", "wrong-password")
    assert response.status_code == 200
    assert b"not correct" in response.content
    assert b'value="alice"' in response.content
    assert _actions() == ["accounts.user.login_failed"]
    alice.refresh_from_db()
    assert alice.failed_login_count == 1


def test_an_unknown_account_is_refused_the_same_way_and_recorded(db):
    response = _login(Client(), "nobody", "whatever-password")
    assert b"not correct" in response.content
    event = AuditEvent.objects.get()
    assert event.action == "accounts.user.login_failed"
    assert event.actor is None
    assert event.details == {"login": "nobody", "reason": "unknown_account"}


def test_next_is_followed_inside_the_site_but_not_to_another_site(alice: User):
    assert _login(Client(), "alice", next="/accounts/me/")["Location"] == "/accounts/me/"
    assert _login(Client(), "alice", next="https://evil.example/")["Location"] == "/"


def test_after_five_failures_the_account_locks_until_a_stated_time(alice: User, settings):
    settings.PARTYDESK_LOCKOUT_THRESHOLD = 5
    settings.PARTYDESK_LOCKOUT_MINUTES = 15
    client = Client()
    for _ in range(4):
        assert b"not correct" in _login(client, "alice", "wrong-password").content
    fifth = _login(client, "alice", "wrong-password")
    alice.refresh_from_db()
    assert alice.is_locked
    until = timezone.localtime(alice.locked_until)
    assert until - timezone.localtime() > dt.timedelta(minutes=14)
    assert f"after {until:%H:%M} on {until:%d/%m/%Y}".encode() in fifth.content
    # The right password does not open a locked account.
    refused = _login(client, "alice")
    assert refused.status_code == 200
    assert b"locked" in refused.content
    assert "_auth_user_id" not in client.session
    assert _actions().count("accounts.user.locked") == 1


def test_the_lock_ends_after_the_configured_minutes(alice: User, settings, monkeypatch):
    settings.PARTYDESK_LOCKOUT_THRESHOLD = 2
    settings.PARTYDESK_LOCKOUT_MINUTES = 15
    client = Client()
    _login(client, "alice", "wrong-password")
    _login(client, "alice", "wrong-password")
    assert b"locked" in _login(client, "alice").content

    later = timezone.now() + dt.timedelta(minutes=16)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = _login(client, "alice")
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.failed_login_count == 0
    assert alice.locked_until is None


def test_a_success_clears_the_count_of_failures(alice: User, settings):
    settings.PARTYDESK_LOCKOUT_THRESHOLD = 3
    _login(Client(), "alice", "wrong-password")
    _login(Client(), "alice", "wrong-password")
    _login(Client(), "alice")
    alice.refresh_from_db()
    assert alice.failed_login_count == 0
    _login(Client(), "alice", "wrong-password")
    alice.refresh_from_db()
    assert not alice.is_locked


def test_an_inactive_account_cannot_log_in(alice: User):
    User.objects.filter(pk=alice.pk).update(is_active=False)
    response = _login(Client(), "alice")
    assert response.status_code == 200
    assert b"not correct" in response.content


def test_too_many_attempts_from_one_address_get_a_429_page(alice: User, bob: User, settings):
    settings.PARTYDESK_LOGIN_RATE_PER_MINUTE = 3
    client = Client(REMOTE_ADDR="10.0.0.7")
    for login in ("alice", "bob", "carol"):
        assert _login(client, login, "wrong-password").status_code == 200
    response = _login(client, "dave", "wrong-password")
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another address is not affected.
    assert _login(Client(REMOTE_ADDR="10.0.0.8"), "alice").status_code == 302


def test_too_many_attempts_on_one_account_are_limited_whatever_the_address(alice: User, settings):
    settings.PARTYDESK_LOGIN_RATE_PER_MINUTE = 3
    settings.PARTYDESK_LOCKOUT_THRESHOLD = 50
    for n in range(3):
        _login(Client(REMOTE_ADDR=f"10.0.1.{n}"), "alice", "wrong-password")
    response = _login(Client(REMOTE_ADDR="10.0.1.99"), "alice")
    assert response.status_code == 429
    assert "_auth_user_id" not in Client().session


def test_logout_needs_a_post_and_is_recorded(alice_client: Client, alice: User):
    assert alice_client.get(reverse("accounts:logout")).status_code == 405
    response = alice_client.post(reverse("accounts:logout"))
    assert response["Location"] == LOGIN
    assert alice_client.get(reverse("core:dashboard")).status_code == 302
    event = AuditEvent.objects.get(action="accounts.user.logged_out")
    assert event.actor == alice


def test_a_logged_in_user_visiting_login_goes_to_the_dashboard(alice_client: Client):
    assert alice_client.get(LOGIN)["Location"] == "/"


def test_sessions_expire_when_idle_and_with_the_browser(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 5 * 60 <= settings.SESSION_COOKIE_AGE <= 24 * 3600


@pytest.mark.parametrize("password", ["short9", "password123", "12345678901", "alice-example"])
def test_the_password_policy_refuses_weak_passwords(alice: User, password: str):
    alice.email = "alice-example@example.test"
    with pytest.raises(ValidationError):
        validate_password(password, alice)


def test_the_login_page_speaks_vietnamese_by_default(db, settings):
    settings.LANGUAGE_CODE = "vi"
    page = Client().get(LOGIN)
    assert "Tên đăng nhập hoặc email" in page.content.decode()
    refused = _login(Client(), "nobody", "wrong-password")
    assert "Tên đăng nhập/email hoặc mật khẩu không đúng" in refused.content.decode()
