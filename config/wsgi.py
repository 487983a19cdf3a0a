"""WSGI entry point (gunicorn config.wsgi). The contests' lean answer endpoint is served
beside Django's request handling (partydesk/contests/live.py, ADR 0026)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

from partydesk.contests.live import with_live_answers  # noqa: E402  (after django.setup())

application = with_live_answers(django_application)
