"""The production settings, plus the bench's baseline endpoint in the URLs (bench/urls.py).
Used only by the server the live contest suites start; production never imports bench."""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The portal bench's "shared cache only" reading (docs/performance.md, portal): each hit reads
# the cache backend itself instead of the process's copies. Not read in production.
if _check := os.environ.get("PARTYDESK_BENCH_PORTAL_CACHE_CHECK_SECONDS"):
    PARTYDESK_PORTAL_CACHE_CHECK_SECONDS = float(_check)
