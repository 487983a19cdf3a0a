"""ASGI entry point. The contests' lean answer endpoint is served beside Django's request
handling (partydesk/contests/live.py, ADR 0026), as config/wsgi.py does."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()

from partydesk.contests.live import with_live_answers_asgi  # noqa: E402  (after django.setup())

application = with_live_answers_asgi(django_application)
