"""The portal and the sign-in through a Redis outage (core/cache_fallback.py, ADR 0022 "When
Redis is down"): readers still get pages, cached in each process's memory, and the sign-in's
rate limit still holds, per process, instead of every request failing after 2 s."""

from __future__ import annotations

import secrets

import pytest
from django.test import Client
from wagtail.models import Page

from config.caches import caches_for
from partydesk.accounts.errors import RateLimited
from partydesk.accounts.services.throttle import throttle_hit
from partydesk.portal.models import NewsPage
from partydesk.portal.services.page_cache import HIT_HEADER, page_cache_forget_local

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    # A key prefix of the test's own: the outage state is the process's, per prefix.
    prefix = f"outage-{secrets.token_hex(6)}"
    settings.CACHES = caches_for("redis", redis_url=DEAD, key_prefix=prefix, retry_seconds=60)
    page_cache_forget_local()
    yield
    page_cache_forget_local()


def test_readers_get_pages_from_process_memory_while_redis_is_down(redis_down, sections):
    article = sections["news"].add_child(
        instance=NewsPage(title="Hội nghị học tập nghị quyết", slug="hoc-tap", lead="Tóm tắt.")
    )
    first = Client().get(article.url)
    second = Client().get(article.url)
    assert (first.status_code, second.status_code) == (200, 200)
    assert "Hội nghị học tập nghị quyết" in first.content.decode()
    assert (first[HIT_HEADER], second[HIT_HEADER]) == ("miss", "hit")
    # A change still shows at once in the process that made it.
    article.title = "Hội nghị (đã sửa)"
    article.save_revision().publish()
    third = Client().get(Page.objects.get(pk=article.pk).url)
    assert third[HIT_HEADER] == "miss" and "Hội nghị (đã sửa)" in third.content.decode()


def test_the_sign_in_rate_limit_still_holds_while_redis_is_down(redis_down):
    for _ in range(3):
        throttle_hit("login-ip", "203.0.113.9", limit=3)
    with pytest.raises(RateLimited):
        throttle_hit("login-ip", "203.0.113.9", limit=3)
