"""The Redis cache through an outage (core/cache_fallback.py, ADR 0022 "When Redis is down"):
each process carries on in its own memory, leaves Redis alone for a while after a failure,
and when Redis answers again first deletes there every key it changed meanwhile, so that no
value from before the outage comes back."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.core.cache.backends.redis import RedisCacheClient

from config.caches import caches_for
from partydesk.core.cache_fallback import FallbackRedisCache

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused at once
REDIS_URL = os.environ.get("PARTYDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _cache(url: str, *, prefix: str = "", retry_seconds: float = 60) -> FallbackRedisCache:
    # The outage state is the process's, per server and key prefix: each test its own prefix.
    prefix = prefix or f"t-{secrets.token_hex(6)}"
    config = caches_for("redis", redis_url=url, key_prefix=prefix, retry_seconds=retry_seconds)
    params = dict(config["default"])
    assert params.pop("BACKEND") == "partydesk.core.cache_fallback.FallbackRedisCache"
    return FallbackRedisCache(params.pop("LOCATION"), params)


def _count_attempts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    attempts: list[int] = []
    real = RedisCacheClient.get_client

    def counted(*args: Any, **kwargs: Any) -> Any:
        attempts.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(RedisCacheClient, "get_client", counted)
    return attempts


@pytest.fixture
def live_redis() -> Iterator[tuple[redis.Redis, str]]:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"the outage tests need Redis in CI: no server at {REDIS_URL} ({error})")
        pytest.skip(f"no Redis server at {REDIS_URL}")
    prefix = f"partydesk-test-{secrets.token_hex(8)}"
    try:
        yield client, prefix
    finally:
        leftover = list(client.scan_iter(match=f"{prefix}:*"))
        if leftover:
            client.delete(*leftover)
        client.close()


def test_with_redis_down_every_operation_answers_from_process_memory():
    cache = _cache(DEAD)
    assert cache.get("absent", "default") == "default"
    assert cache.degraded
    cache.set("page", {"html": "<p>Tin</p>"}, 30)
    assert cache.get("page") == {"html": "<p>Tin</p>"}
    assert cache.add("nonce", 1, 30) is True
    assert cache.add("nonce", 1, 30) is False  # a nonce is still single-use in the process
    cache.add("hits", 0, 30)
    assert [cache.incr("hits") for _ in range(3)] == [1, 2, 3]
    with pytest.raises(ValueError):
        cache.incr("never-set")
    cache.set_many({"a": 1, "b": 2}, 30)
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert cache.has_key("a") and cache.delete("a") and not cache.has_key("a")
    cache.delete_many(["b"])
    assert cache.get("b") is None
    assert cache.touch("page", 60)


def test_after_a_failure_the_process_leaves_redis_alone_until_the_retry_time(monkeypatch):
    cache = _cache(DEAD, retry_seconds=60)
    attempts = _count_attempts(monkeypatch)
    for _ in range(20):
        cache.get("page")
        cache.set("page", "x", 30)
    assert len(attempts) == 1  # one refused connection, then its own memory
    cache._outage.retry_at = 0.0  # the retry time has come: Redis is tried again, and still down
    cache.get("page")
    assert len(attempts) == 2 and cache.degraded


def test_back_from_an_outage_nothing_changed_meanwhile_comes_back_from_redis(
    live_redis, monkeypatch
):
    server, prefix = live_redis
    cache = _cache(REDIS_URL, prefix=prefix, retry_seconds=0)
    cache.set("generation", "before", None)
    cache.set("untouched", "kept", None)
    assert server.exists(f"{prefix}:1:generation")

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise redis.ConnectionError("Connection refused (the test's outage)")

    monkeypatch.setattr(RedisCacheClient, "get_client", refused)
    cache.set("generation", "during", None)  # a publication while Redis is away
    assert cache.get("generation") == "during" and cache.degraded
    monkeypatch.undo()

    # Redis answers again: the stale value is deleted there before anything is read.
    assert cache.get("generation") is None
    assert not cache.degraded
    assert not server.exists(f"{prefix}:1:generation")
    assert cache.get("untouched") == "kept"
    cache.set("generation", "after", None)
    assert cache.get("generation") == "after"


def test_a_dead_redis_url_from_settings_still_serves_the_suite_cache(settings):
    from django.core.cache import caches

    settings.CACHES = caches_for("redis", redis_url=DEAD, key_prefix=secrets.token_hex(6))
    cache = caches["default"]
    cache.set("k", "v", 30)
    assert cache.get("k") == "v"
    assert isinstance(cache, FallbackRedisCache) and cache.degraded


def test_every_threads_cache_object_shares_the_outage_and_its_keys(live_redis, monkeypatch):
    """Django makes a cache object per thread: what one thread wrote while Redis was away is
    deleted there by whichever thread sees Redis back, and all see the same stand-in."""
    server, prefix = live_redis
    writer, reader = (_cache(REDIS_URL, prefix=prefix, retry_seconds=0) for _ in range(2))
    writer.set("generation", "before", None)

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise redis.ConnectionError("Connection refused (the test's outage)")

    monkeypatch.setattr(RedisCacheClient, "get_client", refused)
    writer.set("generation", "during", None)
    assert reader.degraded and reader.get("generation") == "during"
    monkeypatch.undo()
    assert reader.get("generation") is None  # the writer's change, deleted by the reader
    assert not writer.degraded and not server.exists(f"{prefix}:1:generation")
