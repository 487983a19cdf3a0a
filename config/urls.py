"""URL wiring: each app owns its URLs; this file only mounts them."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from partydesk.portal.views import media as portal_media

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("partydesk.core.urls")),
    path("accounts/", include("partydesk.accounts.urls")),
    path("organizations/", include("partydesk.organizations.urls")),
    path("signatures/", include("partydesk.signatures.urls")),
    path("documents/", include("partydesk.documents.urls")),
    path("exchange/", include("partydesk.exchange.urls")),
    path("learning/", include("partydesk.learning.urls")),
    path("contests/", include("partydesk.contests.urls")),
    path("meetings/", include("partydesk.meetings.urls")),
    path("assignments/", include("partydesk.assignments.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api")),
    path("ops/admin/", admin.site.urls),
    path("portal/", include("partydesk.portal.urls")),
]

if settings.PARTYDESK_SERVE_PORTAL_MEDIA:
    # Only the portal's own media folder (images, renditions): never the office's stored files.
    urlpatterns += [
        re_path(r"^media/portal/(?P<path>.*)$", portal_media, name="portal_media"),
    ]
