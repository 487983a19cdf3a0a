"""The URL configuration of the portal's own host (PARTYDESK_PORTAL_HOST, hosts.py): the
portal's reader routes at the root and its media folder; no CMS admin, no login and nothing
of the office, which answer 404 here. Errors are shown in the portal's frame, since the
office's pages link to office routes that do not exist here."""

from django.conf import settings
from django.urls import URLPattern, URLResolver, re_path

from partydesk.portal.urls import public_urlpatterns
from partydesk.portal.views import media as portal_media

urlpatterns: list[URLPattern | URLResolver] = []
if settings.PARTYDESK_SERVE_PORTAL_MEDIA:
    urlpatterns.append(re_path(r"^media/portal/(?P<path>.*)$", portal_media, name="portal_media"))
urlpatterns += public_urlpatterns

handler403 = "partydesk.portal.views.forbidden"
handler404 = "partydesk.portal.views.not_found"
