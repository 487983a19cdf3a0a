"""ASGI entry point. The lean routes the apps register (partydesk/core/lean.py,
ADR 0029) are served beside Django's request handling, as config/wsgi.py does."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()

from partydesk.core.lean_servers import with_lean_routes_asgi  # noqa: E402  (after django.setup())

application = with_lean_routes_asgi(django_application)
