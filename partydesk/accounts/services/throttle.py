"""Rate limits kept in the shared Django cache: fixed one-minute windows per key."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from partydesk.accounts.errors import RateLimited

WINDOW_SECONDS = 60


def _key(kind: str, value: str) -> str:
    # Hash the value: usernames and addresses may hold characters some caches refuse.
    digest = hashlib.sha256(value.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"partydesk:rl:{kind}:{digest}"


def throttle_hit(kind: str, value: str, *, limit: int, now: float | None = None) -> None:
    """Count one attempt for (kind, value); raise RateLimited once the window holds more than
    `limit` attempts."""
    moment = time.time() if now is None else now
    window = int(moment // WINDOW_SECONDS)
    key = f"{_key(kind, value)}:{window}"
    cache.add(key, 0, WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS + 5)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=max(1, WINDOW_SECONDS - int(moment) % WINDOW_SECONDS))


def throttle_login(*, ip: str | None, login: str) -> None:
    """Limit password attempts per client address and per username/email."""
    limit = settings.PARTYDESK_LOGIN_RATE_PER_MINUTE
    if ip:
        throttle_hit("login-ip", ip, limit=limit)
    if login:
        throttle_hit("login-user", login, limit=limit)


def throttle_code(*, user_id: int) -> None:
    """Limit second-factor code attempts per account."""
    throttle_hit("code", str(user_id), limit=settings.PARTYDESK_TWO_FACTOR_RATE_PER_MINUTE)
