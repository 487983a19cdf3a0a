"""API tokens: "pd_<prefix>_<secret>", shown once, stored as a SHA-256, revocable."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partydesk.accounts.models import ApiToken, User
from partydesk.accounts.selectors import audit_organization_id
from partydesk.core.audit import audit_log
from partydesk.core.errors import InvalidInput

TOKEN_TAG = "pd"  # noqa: S105 (a label, not a secret)
MAX_ACTIVE_TOKENS = 20
# Writing last_used_at on every call would turn each API read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _token_prefix(raw: str) -> str | None:
    parts = raw.strip().split("_", 2)  # the secret itself may contain "_"
    if len(parts) != 3 or parts[0] != TOKEN_TAG or not parts[1] or not parts[2]:
        return None
    return parts[1]


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for the user's scripts. The secret is returned once and never again."""
    label = name.strip()
    if not label:
        raise InvalidInput(_("Give the token a name, e.g. what script uses it."), field="name")
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise InvalidInput(
            _("You have %(count)s active tokens. Revoke one you no longer use first.")
            % {"count": MAX_ACTIVE_TOKENS},
            field="name",
        )
    prefix = secrets.token_hex(5)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(5)
    raw = f"{TOKEN_TAG}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=label[:100], prefix=prefix, key_hash=token_hash(raw)
    )
    audit_log(
        actor=user,
        action="accounts.token.created",
        target=token,
        organization_id=audit_organization_id(user),
        details={"prefix": prefix},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> None:
    """Revoke one of one's own tokens; requests carrying it are refused from now on."""
    row = ApiToken.objects.select_for_update().get(pk=token.pk, user=user)
    if row.revoked_at is not None:
        return
    row.revoked_at = timezone.now()
    row.save(update_fields=["revoked_at"])
    token.revoked_at = row.revoked_at
    audit_log(
        actor=user,
        action="accounts.token.revoked",
        target=row,
        organization_id=audit_organization_id(user),
        details={"prefix": row.prefix},
    )


def api_token_authenticate(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None for an unknown, revoked or
    malformed token, or an inactive user."""
    prefix = _token_prefix(raw)
    if prefix is None:
        return None
    row = (
        ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if row is None or not hmac.compare_digest(row.key_hash, token_hash(raw.strip())):
        return None
    if not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
