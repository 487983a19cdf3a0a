"""WSGI entry point (gunicorn config.wsgi). The lean routes the apps register
(partydesk/core/lean.py, ADR 0029) are served beside Django's request handling."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

from partydesk.core.lean_servers import with_lean_routes  # noqa: E402  (after django.setup())

application = with_lean_routes(django_application)
