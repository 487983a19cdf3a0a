"""The portal's Wagtail settings (docs/decisions/0022); config.settings takes them in whole and
adds WAGTAILADMIN_BASE_URL, which is its SITE_URL."""

from __future__ import annotations

import re

from django.core.exceptions import ImproperlyConfigured

from config.env import env_int, env_str
from config.settings_apps import PARTYDESK_MAX_UPLOAD_MB

# The portal also at the root of a host name of its own, such as the committee's public
# domain (partydesk.portal.hosts; ADR 0022, "The public host"); config.settings allows it.
# A bare host name, no scheme or port; empty: the portal is at /portal/ only.
PARTYDESK_PORTAL_HOST = env_str("PARTYDESK_PORTAL_HOST", "").strip().lower().rstrip(".")
if PARTYDESK_PORTAL_HOST and not re.fullmatch(
    r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*", PARTYDESK_PORTAL_HOST
):
    raise ImproperlyConfigured(
        f"PARTYDESK_PORTAL_HOST must be a host name such as www.example.vn, "
        f"not {PARTYDESK_PORTAL_HOST!r}"
    )
WAGTAIL_SITE_NAME = env_str("PARTYDESK_PORTAL_NAME", "Cổng thông tin điện tử")
# The office's login (with its second factor) guards the CMS too; the gate middleware lets
# only holders of a portal capability in (partydesk.portal.middleware).
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no call outside the installation
# No avatars from gravatar.com either: no call outside, and the CSP (img-src 'self') blocked them.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "txt", "mp4", "webm"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it can carry script
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("PARTYDESK_PORTAL_MAX_IMAGE_MB", 10, minimum=1) * 1024**2
WAGTAILDOCS_MAX_UPLOAD_SIZE = PARTYDESK_MAX_UPLOAD_MB * 1024 * 1024
# Anonymous readers' pages kept in the cache (CACHES["default"]) for at most this long;
# publishing, unpublishing, moving or deleting a page empties it at once. 0 turns it off.
PARTYDESK_PORTAL_CACHE_SECONDS = env_int("PARTYDESK_PORTAL_CACHE_SECONDS", 300)
# Each web process also keeps the pages it served, and trusts the shared cache's generation
# this long before reading it again: a change made in another process shows within it
# (partydesk.portal.services.page_cache). Reads counted on cache hits are added up in the
# process and written at most this often (partydesk.portal.services.stats).
PARTYDESK_PORTAL_CACHE_CHECK_SECONDS = 1.0
PARTYDESK_PORTAL_READS_FLUSH_SECONDS = 5.0
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
        },
    }
}
