"""The `default` cache (rate limits, lockouts, the portal's page cache) for each kind that
`PARTYDESK_CACHE` names. One function, so the tests that run against a real Redis server use
the configuration production uses (partydesk/portal/tests/redis_cache.py)."""

from __future__ import annotations

from typing import Any

# Seconds to wait for Redis before a process takes it as down (rather than hang a worker).
REDIS_TIMEOUT_SECONDS = 2


# Rows the database cache keeps before it culls (each write counts the table: keep it modest).
DATABASE_ENTRIES = 5_000


def caches_for(
    kind: str, *, redis_url: str, key_prefix: str = "", retry_seconds: float = 10
) -> dict[str, dict[str, Any]]:
    if kind == "redis":
        # Django's own backend (redis-py, pickled values, ints stored raw so `incr` works),
        # which carries on in each process's memory while Redis is down (ADR 0022).
        default: dict[str, Any] = {
            "BACKEND": "partydesk.core.cache_fallback.FallbackRedisCache",
            "LOCATION": redis_url,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
                "retry_seconds": retry_seconds,
            },
        }
    elif kind == "database":
        # Django culls a third of the table, in key order, past MAX_ENTRIES (300 by default):
        # the demo's portal pages in two languages alone pass that, so pages and rate-limit
        # counters kept evicting each other. Expired rows go first; the rest is the bound.
        default = {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "partydesk_cache",
            "OPTIONS": {"MAX_ENTRIES": DATABASE_ENTRIES},
        }
    else:
        default = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if key_prefix:
        default["KEY_PREFIX"] = key_prefix
    return {"default": default}
