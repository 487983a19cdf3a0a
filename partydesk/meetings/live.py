"""A site host's attendance count, served lean: `POST /meetings/live/site-count`, a lean
route (core/lean.py, ADR 0029) beside Django's request handling, for the spike of a national
conference's sites reporting together (issue 14: 20,000 sites in a minute; ADR 0024 "The
sites' counts, served lean").

The attendance page hands the site's host a token (`site_count_token`) naming the site and
the host, bound to the page's session cookie: it authenticates the report without reading
the session, and a cross-site page cannot know it, so it stands for the CSRF token too. The
body is the page's form, urlencoded: `token` and `count`. The rules are the service's
(`site_count_report_by_host`: only the site's host, only while the meeting is open, the
count within bounds) and so is the write (one UPDATE and its audit event).

The page's script asks for JSON (`Accept: application/json`) and gets `{"site", "count",
"message"}` (200) or `{"error"}` with 400 (the count) or 403 (the token, not the host, the
meeting closed). The form posted without JavaScript gets a 303 back to the
site's section of the attendance page, or a small page saying why it was refused, in the
reader's language.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from partydesk.core import lean
from partydesk.core.errors import DomainError, InvalidInput
from partydesk.meetings.services.attendance import site_count_report_by_host

SITE_COUNT_PATH = "/meetings/live/site-count"
SITE_COUNT_SALT = "meetings.site_count"
TOKEN_MAX_AGE = 24 * 3600  # a page loaded in the morning still reports in the evening


def site_count_token(site_id: int, user_id: int, session_key: str) -> str:
    """The token of the host's form on the attendance page (that page's session only)."""
    return lean.token_make(SITE_COUNT_SALT, f"{site_id}:{user_id}", session_key)


def _token_ids(token: str, session_key: str) -> tuple[int, int] | None:
    value = lean.token_read(SITE_COUNT_SALT, token, session_key, TOKEN_MAX_AGE)
    site, _sep, user = (value or "").partition(":")
    if not (site.isdigit() and user.isdigit()):
        return None
    return int(site), int(user)


def _wants_json(request: lean.LeanRequest) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _back(request: lean.LeanRequest) -> str:
    """Where the refusal page links back to: the page the form was on (only its path, on
    this site), else the list of meetings."""
    path = urlsplit(request.headers.get("referer", "")).path
    return path if path.startswith("/meetings/") else reverse("meetings:list")


def _refused(request: lean.LeanRequest, status: int, message: str) -> lean.LeanReply:
    if _wants_json(request):
        return lean.json_reply(status, {"error": message})
    heading = _("The count was not recorded")
    return lean.refused_page(status, heading, message, back=_back(request), back_label=_("Go back"))


def site_count(request: lean.LeanRequest) -> lean.LeanReply:
    """Record the count a site's host sent (the method and the size are checked by the core)."""
    ids = _token_ids(request.form.get("token", ""), request.session_key)
    if ids is None:
        message = _("This count cannot be sent from here: reload the page and send it again.")
        return _refused(request, 403, message)
    site_id, user_id = ids
    try:
        count = int(request.form.get("count", ""))
    except ValueError:
        return _refused(request, 400, _("Enter the number of people present."))
    try:
        site = site_count_report_by_host(site_id=site_id, user_id=user_id, count=count)
    except DomainError as exc:  # InvalidInput: the count; NotAllowed: not the host, closed
        return _refused(request, 400 if isinstance(exc, InvalidInput) else 403, str(exc.message))
    when = time_format(timezone.localtime(site.reported_at), "H:i")
    message = _("Reported: %(count)s at %(time)s.") % {"count": count, "time": when}
    if _wants_json(request):
        return lean.json_reply(200, {"site": site.pk, "count": count, "message": message})
    back = reverse("meetings:attendance", args=[site.meeting_id]) + f"#site-{site.pk}"
    return lean.LeanReply(303, b"", "text/plain; charset=utf-8", (("Location", back),))


ROUTE = lean.LeanRoute(SITE_COUNT_PATH, site_count, methods=("POST",), max_body=2_048)
