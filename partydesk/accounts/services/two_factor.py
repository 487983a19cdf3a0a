"""Second factor: TOTP (RFC 6238) with replay protection, and single-use recovery codes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import time
from collections.abc import Iterable

import pyotp
import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.errors import AccountLocked, InvalidCode
from partydesk.accounts.models import RecoveryCode, RoleGrant, User
from partydesk.accounts.permissions import requires_two_factor
from partydesk.accounts.selectors import audit_organization_id
from partydesk.accounts.services.login import login_failure_record
from partydesk.accounts.services.throttle import throttle_code
from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput, NotAllowed

RECOVERY_CODE_COUNT = 10
ISSUER = "partydesk"
# Accept the code of the previous and the next 30-second step too: phones' clocks drift.
VALID_WINDOW = 1
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def totp_secret_new() -> str:
    """A fresh random secret for the authenticator app (160 bits, base32)."""
    return pyotp.random_base32(length=32)


def totp_provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def totp_qr_data_url(uri: str) -> str:
    """The otpauth URI as an SVG QR code in a data: URL (the CSP allows img data:)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step whose code equals `code`, within the allowed clock drift."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _clean_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def recovery_code_hash(code: str) -> str:
    # The codes carry 50 random bits each; a fast hash suffices and keeps lookups exact.
    return hashlib.sha256(_clean_code(code).encode("ascii")).hexdigest()


def _recovery_codes_new(user: User) -> list[str]:
    codes = [
        "-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=recovery_code_hash(code)) for code in codes
    )
    return codes


@transaction.atomic
def two_factor_enable(*, user: User, secret: str, code: str, now: float | None = None) -> list[str]:
    """Turn on the second factor once the user proves their app shows the right code.
    Returns the 10 recovery codes: shown once, stored only as hashes."""
    throttle_code(user_id=user.pk)
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.has_two_factor:
        raise InvalidInput(_("Two-factor login is already on for this account."))
    step = _matching_step(secret, _clean_code(code), time.time() if now is None else now)
    if step is None:
        raise InvalidCode(
            _("The code does not match. Check the time on your phone and enter the new code."),
            field="code",
        )
    locked.totp_secret = secret
    locked.totp_confirmed_at = timezone.now()
    locked.totp_last_step = step
    locked.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    codes = _recovery_codes_new(locked)
    user.totp_secret, user.totp_confirmed_at = locked.totp_secret, locked.totp_confirmed_at
    user.totp_last_step = step
    audit_log(
        actor=user,
        action="accounts.user.two_factor_enabled",
        target=user,
        organization_id=audit_organization_id(user),
    )
    return codes


def two_factor_check(*, user: User, code: str, now: float | None = None) -> str:
    """Check a login's second factor: a TOTP code not used before, or an unused recovery
    code (then spent). Returns "totp" or "recovery_code". A wrong code counts as a failed
    login towards the lock, and attempts are rate limited per account."""
    throttle_code(user_id=user.pk)
    cleaned = _clean_code(code)
    method, replay = _two_factor_consume(user=user, code=cleaned, now=now)
    if method:
        return method
    until = login_failure_record(user=user, login=user.username, reason="second_factor")
    if until is not None:
        raise AccountLocked(until)
    if replay:
        raise InvalidCode(
            _("This code was already used. Wait for your app to show a new one."), field="code"
        )
    raise InvalidCode(field="code")


@transaction.atomic
def _two_factor_consume(*, user: User, code: str, now: float | None) -> tuple[str, bool]:
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_locked:
        assert locked.locked_until is not None
        raise AccountLocked(locked.locked_until)
    if not locked.has_two_factor:
        raise InvalidInput(_("Two-factor login is not on for this account."))
    if code.isdigit() and len(code) == 6:
        step = _matching_step(locked.totp_secret, code, time.time() if now is None else now)
        if step is None:
            return "", False
        if step <= locked.totp_last_step:
            return "", True
        locked.totp_last_step = step
        locked.save(update_fields=["totp_last_step"])
        user.totp_last_step = step
        return "totp", False
    spent = RecoveryCode.objects.filter(
        user=locked, code_hash=recovery_code_hash(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if not spent:
        return "", False
    left = RecoveryCode.objects.filter(user=locked, used_at__isnull=True).count()
    audit_log(
        actor=user,
        action="accounts.user.recovery_code_used",
        target=user,
        organization_id=audit_organization_id(user),
        details={"codes_left": left},
    )
    return "recovery_code", False


def _check_password(user: User, password: str) -> None:
    if not user.check_password(password):
        raise InvalidInput(_("Your password is not correct."), field="password")


@transaction.atomic
def recovery_codes_regenerate(*, user: User, password: str) -> list[str]:
    """Replace all recovery codes with 10 new ones (the old ones stop working)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    _check_password(locked, password)
    if not locked.has_two_factor:
        raise InvalidInput(_("Turn on two-factor login first."))
    codes = _recovery_codes_new(locked)
    audit_log(
        actor=user,
        action="accounts.user.recovery_codes_regenerated",
        target=user,
        organization_id=audit_organization_id(user),
    )
    return codes


def two_factor_clear(user: User) -> None:
    """Forget the secret and the recovery codes (the caller holds the row lock and audits)."""
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    RecoveryCode.objects.filter(user=user).delete()


@transaction.atomic
def two_factor_disable(*, user: User, password: str, grants: Iterable[RoleGrant]) -> None:
    """Turn off one's own second factor (password required). Refused while a role held
    approves or signs, since such roles require it."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    _check_password(locked, password)
    if requires_two_factor(grants):
        raise NotAllowed(
            _("One of your roles approves or signs documents, so two-factor login must stay on.")
        )
    two_factor_clear(locked)
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = "", None, 0
    audit_log(
        actor=user,
        action="accounts.user.two_factor_disabled",
        target=user,
        organization_id=audit_organization_id(user),
    )
