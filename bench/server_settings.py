"""The production settings, plus the bench's baseline endpoint in the URLs (bench/urls.py).
Used only by the server the live contest suites start; production never imports bench."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
