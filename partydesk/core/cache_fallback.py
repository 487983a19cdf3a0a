"""Django's Redis cache, kept working through a Redis outage (ADR 0022, "When Redis is down").

When Redis refuses or times out, the process carries on with a cache in its own memory
instead of failing the request: the portal's pages are rendered and kept per process, rate
limits count per process, single-use nonces hold within the process. For `retry_seconds`
after a failure the process does not try Redis at all, so an outage costs one refused
connection (or one 2 s timeout) per process per interval, not one per request.

When Redis answers again, every key this process wrote or deleted while it was away is
deleted from Redis before anything else is read there: a value Redis still holds from before
the outage (the portal's generation above all, which a publication changed meanwhile) must
not come back. A missing generation is a new one, so no page cached before the outage is
served after it. Then the process's own memory is dropped and Redis is the cache again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("partydesk.cache")

RETRY_SECONDS = 10
LOCAL_ENTRIES = 5_000
_DIRTY_LIMIT = 50_000  # keys remembered for deletion on recovery, at most
_DOWN = (RedisConnectionError, RedisTimeoutError)

T = TypeVar("T")


@dataclass
class _Outage:
    """What every thread of a process shares about one Redis cache (Django makes a cache
    object per thread): whether Redis is taken as down, and the keys changed meanwhile, so
    that whichever thread sees Redis back deletes every thread's changes there."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    retry_at: float | None = None  # set while Redis is taken as down
    dirty: set[tuple[str, int | None]] = field(default_factory=set)  # (key, version)


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_of(name: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(name, _Outage())


class _ProcessMemory(LocMemCache):
    """The stand-in store (no memcached key-length warnings: the keys are Redis's)."""

    def validate_key(self, key: str) -> None:
        return None


class FallbackRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` that survives a Redis outage.

    OPTIONS as for RedisCache, plus `retry_seconds` (how long a process leaves Redis alone
    after a failure; 10 by default)."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("retry_seconds", RETRY_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        # One stand-in store and one outage state per server and key prefix in the process,
        # whichever thread's cache object uses them.
        name = f"partydesk-redis-fallback:{server}:{params.get('KEY_PREFIX', '')}"
        self._outage = _outage_of(name)
        local = {k: v for k, v in params.items() if k not in ("BACKEND", "LOCATION", "OPTIONS")}
        self._local = _ProcessMemory(name, {**local, "OPTIONS": {"MAX_ENTRIES": LOCAL_ENTRIES}})

    @property
    def degraded(self) -> bool:
        """True while this process uses its own memory instead of Redis."""
        return self._outage.retry_at is not None

    # --- the switch ------------------------------------------------------------------------

    def _down(self, error: BaseException) -> None:
        outage = self._outage
        with outage.lock:
            if outage.retry_at is None:
                logger.warning(
                    "Redis cache unreachable (%s); this process uses its own memory and "
                    "retries in %.0f s",
                    error,
                    self.retry_seconds,
                )
            outage.retry_at = time.monotonic() + self.retry_seconds

    def _recover(self) -> None:
        """Redis answers again: forget in Redis what this process changed while it was away.
        A failure here leaves the process as it was (still away, the keys still to delete)."""
        outage = self._outage
        with outage.lock:
            dirty = list(outage.dirty)
        by_version: dict[int | None, list[str]] = {}
        for key, version in dirty:
            by_version.setdefault(version, []).append(key)
        for version, keys in by_version.items():
            for start in range(0, len(keys), 1_000):
                super().delete_many(keys[start : start + 1_000], version=version)
        with outage.lock:
            outage.dirty.difference_update(dirty)
            outage.retry_at = None
        self._local.clear()
        logger.warning("Redis cache reachable again; %d keys changed meanwhile dropped", len(dirty))

    def _run(
        self,
        remote: Callable[[], T],
        local: Callable[[], T],
        written: Iterable[str] = (),
        version: int | None = None,
    ) -> T:
        retry_at = self._outage.retry_at
        if retry_at is None or time.monotonic() >= retry_at:
            try:
                if retry_at is not None:
                    self._recover()
                return remote()
            except _DOWN as error:
                self._down(error)
        keys = [(key, version) for key in written]
        if keys:
            with self._outage.lock:
                if len(self._outage.dirty) < _DIRTY_LIMIT:
                    self._outage.dirty.update(keys)
        return local()

    # --- BaseCache's operations --------------------------------------------------------------

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._run(
            lambda: super(FallbackRedisCache, self).add(key, value, timeout, version),
            lambda: self._local.add(key, value, timeout, version),
            (key,),
            version,
        )

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._run(
            lambda: super(FallbackRedisCache, self).get(key, default, version),
            lambda: self._local.get(key, default, version),
        )

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._run(
            lambda: super(FallbackRedisCache, self).set(key, value, timeout, version),
            lambda: self._local.set(key, value, timeout, version),
            (key,),
            version,
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._run(
            lambda: super(FallbackRedisCache, self).touch(key, timeout, version),
            lambda: self._local.touch(key, timeout, version),
            (key,),
            version,
        )

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._run(
            lambda: super(FallbackRedisCache, self).delete(key, version),
            lambda: self._local.delete(key, version),
            (key,),
            version,
        )

    def get_many(self, keys: Iterable[Any], version: Any = None) -> dict[Any, Any]:
        keys = list(keys)
        return self._run(
            lambda: super(FallbackRedisCache, self).get_many(keys, version),
            lambda: self._local.get_many(keys, version),
        )

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._run(
            lambda: super(FallbackRedisCache, self).has_key(key, version),
            lambda: self._local.has_key(key, version),
        )

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        return self._run(
            lambda: super(FallbackRedisCache, self).incr(key, delta, version),
            lambda: self._local.incr(key, delta, version),
            (key,),
            version,
        )

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[Any]:
        return self._run(
            lambda: super(FallbackRedisCache, self).set_many(data, timeout, version),
            lambda: self._local.set_many(data, timeout, version),
            list(data),
            version,
        )

    def delete_many(self, keys: Iterable[Any], version: Any = None) -> None:
        keys = list(keys)
        self._run(
            lambda: super(FallbackRedisCache, self).delete_many(keys, version),
            lambda: self._local.delete_many(keys, version),
            keys,
            version,
        )

    def clear(self) -> None:
        self._local.clear()
        self._run(lambda: super(FallbackRedisCache, self).clear(), lambda: None)
