"""The portal tests' set-up: the documents tests' office and signing, an issued and a
classified document, a few sections, and the real Redis server as the cache."""

import os
import secrets
from collections.abc import Iterator

import pytest
from wagtail.models import Page

from config.caches import caches_for
from partydesk.conftest import Tree
from partydesk.documents.models import Secrecy, Status
from partydesk.documents.services.outgoing import document_issue, document_sign
from partydesk.documents.tests.conftest import (  # noqa: F401
    _media,
    office_root,
    rsa_keys,
    signing,
)
from partydesk.documents.tests.test_outgoing import approve_all, clear_office, draft
from partydesk.portal.services.page_cache import page_cache_forget_local


@pytest.fixture
def sections(tree: Tree) -> dict[str, Page]:
    """The home page, the Bloc's news section, committee B's own corner and a members' area."""
    from partydesk.portal.models import HomePage, MembersPage, SectionPage
    from partydesk.portal.services.members import members_area_restrict

    home = HomePage.objects.get()
    news = home.add_child(instance=SectionPage(title="Tin tức", slug="tin-tuc"))
    corner = home.add_child(
        instance=SectionPage(title="Góc Sở Y tế", slug="goc-b", organization=tree.committee_b)
    )
    area = home.add_child(instance=MembersPage(title="Dành cho đảng viên", slug="dang-vien"))
    members_area_restrict(area)
    return {"home": home, "news": news, "corner": corner, "area": area}


@pytest.fixture
def issued(office_root, signing):  # noqa: F811 (the imported fixtures)
    """A resolution of the Bloc, signed, numbered and issued with its sealed PDF."""
    signing(people=[office_root.secretary], organizations=[office_root.organization])
    document = approve_all(office_root, draft(office_root))
    document_sign(actor=office_root.secretary, document=document)
    document_issue(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    assert document.status == Status.ISSUED
    return document


@pytest.fixture
def classified(office_root):  # noqa: F811
    """A secret resolution of the Bloc, issued on paper."""
    clear_office(office_root, Secrecy.SECRET)
    document = approve_all(office_root, draft(office_root, secrecy=Secrecy.SECRET))
    document_issue(actor=office_root.clerk, document=document)
    document.refresh_from_db()
    return document


REDIS_URL = os.environ.get("PARTYDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_cache(settings) -> Iterator[str]:
    """The `default` cache on the real Redis server, configured as production configures it
    (config.caches, PARTYDESK_CACHE=redis), under a key prefix of this test's own; its keys
    are deleted afterwards. No server: a failure in CI (CI=true), a skip elsewhere."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        message = (
            f"no Redis server at {REDIS_URL} ({error}); start one or set PARTYDESK_TEST_REDIS_URL"
        )
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"the page cache's Redis tests need Redis in CI: {message}")
        pytest.skip(message)
    prefix = f"partydesk-test-{secrets.token_hex(8)}"
    local = settings.CACHES
    settings.CACHES = caches_for("redis", redis_url=REDIS_URL, key_prefix=prefix)
    page_cache_forget_local()
    try:
        yield prefix
        written = list(client.scan_iter(match=f"{prefix}:*"))
        assert written, "the test wrote nothing to Redis: it did not test the Redis cache"
    finally:
        leftover = list(client.scan_iter(match=f"{prefix}:*"))
        if leftover:
            client.delete(*leftover)
        # Back to the local cache before the suite's `cache.clear()`, which on Redis would be
        # a FLUSHDB of every key on the server, other tests' and other programs' included.
        settings.CACHES = local
        page_cache_forget_local()
        client.close()
