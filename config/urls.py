"""URL wiring: each app owns its URLs; this file only mounts them."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("partydesk.core.urls")),
    path("accounts/", include("partydesk.accounts.urls")),
    path("organizations/", include("partydesk.organizations.urls")),
    path("signatures/", include("partydesk.signatures.urls")),
    path("documents/", include("partydesk.documents.urls")),
    path("exchange/", include("partydesk.exchange.urls")),
    path("learning/", include("partydesk.learning.urls")),
    path("contests/", include("partydesk.contests.urls")),
    path("meetings/", include("partydesk.meetings.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api")),
    path("ops/admin/", admin.site.urls),
]
