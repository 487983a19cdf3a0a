"""Second factor: set-up with a QR code, login with a TOTP code, replay refused, recovery codes
used once, attempts rate limited, regenerate and disable with the password."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.errors import InvalidCode
from partydesk.accounts.middleware import SESSION_VERIFIED_KEY
from partydesk.accounts.models import RecoveryCode, User
from partydesk.accounts.services.two_factor import recovery_code_hash, two_factor_check
from partydesk.accounts.tests.factories import (
    PASSWORD,
    grant_role,
    make_user,
    totp_code,
    verified_client,
)
from partydesk.accounts.views.account import SETUP_SECRET_KEY
from partydesk.core.models import AuditEvent

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
LOGIN = reverse("accounts:login")


def _codes(response) -> list[str]:
    return re.findall(
        r"<code translate=\"no\">([a-z2-9]{5}-[a-z2-9]{5})</code>", response.content.decode()
    )


def _enable(client: Client, user: User) -> list[str]:
    client.get(SETUP)
    secret = client.session[SETUP_SECRET_KEY]
    response = client.post(SETUP, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    user.refresh_from_db()
    return _codes(response)


@pytest.fixture
def carol(tree) -> User:
    """Carol has turned two-factor login on."""
    return make_user("carol", organization=tree.committee_a, two_factor=True)


def _password_step(client: Client, login: str = "carol") -> None:
    response = client.post(LOGIN, {"username": login, "password": PASSWORD})
    assert response["Location"] == VERIFY


def test_alice_sets_up_two_factor_login_with_the_qr_code(alice_client: Client, alice: User):
    page = alice_client.get(SETUP)
    assert page.status_code == 200
    assert b'src="data:image/svg+xml;base64,' in page.content
    secret = alice_client.session[SETUP_SECRET_KEY]
    assert secret.encode()[:4] in page.content  # the key, for typing it in by hand

    wrong = alice_client.post(SETUP, {"code": "12345x"})
    assert wrong.status_code == 400
    assert b"does not match" in wrong.content
    alice.refresh_from_db()
    assert not alice.has_two_factor

    codes = _enable(alice_client, alice)
    assert alice.has_two_factor
    assert alice.totp_secret == secret
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(RecoveryCode.objects.filter(user=alice).values_list("code_hash", flat=True))
    assert stored == {recovery_code_hash(code) for code in codes}
    assert not any(code in stored for code in codes)  # only hashes are stored
    assert alice_client.session[SESSION_VERIFIED_KEY] is True
    assert AuditEvent.objects.filter(action="accounts.user.two_factor_enabled").count() == 1
    # Set-up is not offered again once it is on.
    assert alice_client.get(SETUP)["Location"] == reverse("accounts:me")


def test_carol_logs_in_with_her_password_then_a_code(carol: User):
    client = Client()
    _password_step(client)
    # Between the two steps she is not logged in.
    assert client.get(reverse("core:dashboard")).status_code == 302
    assert "_auth_user_id" not in client.session

    response = client.post(VERIFY, {"code": totp_code(carol)})
    assert response["Location"] == "/"
    assert client.session[SESSION_VERIFIED_KEY] is True
    assert client.get(reverse("core:dashboard")).status_code == 200
    event = AuditEvent.objects.get(action="accounts.user.logged_in")
    assert event.details == {"second_factor": "totp"}


def test_a_code_already_used_is_refused(carol: User):
    code = totp_code(carol)
    first = Client()
    _password_step(first)
    assert first.post(VERIFY, {"code": code}).status_code == 302

    replay = Client()
    _password_step(replay)
    response = replay.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert b"already used" in response.content
    assert "_auth_user_id" not in replay.session


def test_an_older_code_than_the_last_used_is_refused_too(carol: User):
    secret, moment = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 1_800_000_000
    totp = pyotp.TOTP(secret)
    assert totp.at(moment) != totp.at(moment - 30)  # fixed secret and time: always true
    User.objects.filter(pk=carol.pk).update(totp_secret=secret, totp_last_step=0)
    carol.refresh_from_db()
    assert two_factor_check(user=carol, code=totp.at(moment), now=moment) == "totp"
    with pytest.raises(InvalidCode, match="already used"):
        two_factor_check(user=carol, code=totp.at(moment - 30), now=moment)


def test_a_recovery_code_works_once(alice_client: Client, alice: User):
    codes = _enable(alice_client, alice)
    client = Client()
    _password_step(client, "alice")
    response = client.post(VERIFY, {"code": codes[0].upper().replace("-", " ")})
    assert response["Location"] == "/"
    assert "9 are left" in next(str(m) for m in get_messages(response.wsgi_request))
    assert RecoveryCode.objects.filter(user=alice, used_at__isnull=False).count() == 1

    again = Client()
    _password_step(again, "alice")
    refused = again.post(VERIFY, {"code": codes[0]})
    assert refused.status_code == 200
    assert b"not correct" in refused.content


def test_wrong_codes_are_rate_limited_per_account(carol: User, settings):
    settings.PARTYDESK_TWO_FACTOR_RATE_PER_MINUTE = 3
    settings.PARTYDESK_LOCKOUT_THRESHOLD = 50
    client = Client()
    _password_step(client)
    for _ in range(3):
        assert client.post(VERIFY, {"code": "abcde-fghjk"}).status_code == 200
    response = client.post(VERIFY, {"code": totp_code(carol)})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content


def test_wrong_codes_count_towards_the_lock(carol: User, settings):
    settings.PARTYDESK_LOCKOUT_THRESHOLD = 3
    client = Client()
    _password_step(client)
    client.post(VERIFY, {"code": "abcde-fghjk"})
    client.post(VERIFY, {"code": "abcde-fghjk"})
    response = client.post(VERIFY, {"code": "abcde-fghjk"}, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert b"locked" in response.content
    carol.refresh_from_db()
    assert carol.is_locked
    # The pending login is gone: a right code now leads back to the password.
    assert client.post(VERIFY, {"code": totp_code(carol)})["Location"] == LOGIN


def test_the_code_step_expires(carol: User):
    client = Client()
    _password_step(client)
    session = client.session
    session["partydesk_2fa_pending_at"] = int(time.time()) - 301
    session.save()
    assert client.post(VERIFY, {"code": totp_code(carol)})["Location"] == LOGIN


def test_new_recovery_codes_need_the_password_and_replace_the_old_ones(
    alice_client: Client, alice: User
):
    old = _enable(alice_client, alice)
    url = reverse("accounts:recovery_codes_regenerate")
    refused = alice_client.post(url, {"regenerate-password": "not-my-password"})
    assert refused.status_code == 400
    assert b"password is not correct" in refused.content

    new = _codes(alice_client.post(url, {"regenerate-password": PASSWORD}))
    assert len(new) == 10 and not set(new) & set(old)
    hashes = set(RecoveryCode.objects.filter(user=alice).values_list("code_hash", flat=True))
    assert hashes == {recovery_code_hash(c) for c in new}


def test_two_factor_is_turned_off_with_the_password(alice_client: Client, alice: User):
    _enable(alice_client, alice)
    url = reverse("accounts:two_factor_disable")
    assert alice_client.post(url, {"disable-password": "nope-nope-nope"}).status_code == 400
    response = alice_client.post(url, {"disable-password": PASSWORD})
    assert response["Location"] == reverse("accounts:me")
    alice.refresh_from_db()
    assert not alice.has_two_factor
    assert not RecoveryCode.objects.filter(user=alice).exists()
    assert AuditEvent.objects.filter(action="accounts.user.two_factor_disabled").exists()


def test_a_signer_cannot_turn_two_factor_off(tree):
    sam = make_user("sam", organization=tree.committee_a, role="secretary", two_factor=True)
    client = verified_client(sam)
    response = client.post(reverse("accounts:two_factor_disable"), {"disable-password": PASSWORD})
    assert response.status_code == 400
    assert b"must stay on" in response.content
    sam.refresh_from_db()
    assert sam.has_two_factor


def test_an_open_session_from_before_two_factor_must_pass_it(alice: User, tree):
    client = Client()
    client.force_login(alice)  # a session that never passed a second factor
    grant_role(alice, "committee_member", tree.committee_a)
    alice.totp_secret = pyotp.random_base32()
    alice.save()
    User.objects.filter(pk=alice.pk).update(totp_confirmed_at=timezone.now())
    response = client.get(reverse("accounts:me"))
    assert response["Location"].startswith(VERIFY)
    alice.refresh_from_db()
    done = client.post(VERIFY, {"code": totp_code(alice), "next": "/accounts/me/"})
    assert done["Location"] == "/accounts/me/"
    assert client.get(reverse("accounts:me")).status_code == 200
