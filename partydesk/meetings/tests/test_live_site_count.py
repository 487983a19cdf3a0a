"""A site host's count through the lean route (meetings/live.py): under gunicorn's WSGI
application and through Django (runserver, the test server), with the token the host's
attendance page hands out; a forged token, another session, a closed meeting, a non-host
and counts out of bounds refused with 4xx JSON in the reader's language; the form without
JavaScript; the lean service and the page's service writing the same row and event."""

from __future__ import annotations

import io
import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.conftest import logged_in
from partydesk.contests.tests.test_live import connection_kept
from partydesk.core.lean_servers import with_lean_routes
from partydesk.core.models import AuditEvent
from partydesk.meetings.live import SITE_COUNT_PATH, site_count_token
from partydesk.meetings.models import Meeting, Site
from partydesk.meetings.services.attendance import (
    MAX_SITE_COUNT,
    site_count_report,
    site_count_report_by_host,
)
from partydesk.meetings.tests.test_attendance import now_meeting
from partydesk.meetings.tests.test_meetings import As
from partydesk.organizations.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _django(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("418 I'm a teapot", [])
    return [b"django"]


APP = with_lean_routes(_django)
FORM = "application/x-www-form-urlencoded"


def wsgi(
    form: dict[str, str], session: str, *, language: str = "en", accept: str = "application/json"
) -> tuple[int, dict[str, str], bytes]:
    """One POST to the route as gunicorn hands it over: status, headers, body."""
    raw = urlencode(form).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": SITE_COUNT_PATH,
        "CONTENT_TYPE": FORM,
        "CONTENT_LENGTH": str(len(raw)),
        "wsgi.input": io.BytesIO(raw),
        "wsgi.url_scheme": "http",
        "HTTP_ACCEPT": accept,
        "HTTP_ACCEPT_LANGUAGE": language,
        "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={session}",
    }
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = status, {k.lower(): v for k, v in headers}

    with connection_kept():
        body = b"".join(APP(environ, start_response))
    return int(seen["status"].split()[0]), seen["headers"], body


@pytest.fixture
def hosted(tree, alice: User, bob: User) -> tuple[Meeting, Site]:  # type: ignore[no-untyped-def]
    """A meeting under way chaired by alice, its main site hosted by bob."""
    meeting = now_meeting(tree, chair=alice, members=[bob], sites=["Điểm cầu xã"])
    site = Site.objects.get(meeting=meeting, is_main=False)
    site.host = bob
    site.save()
    return meeting, site


def page_token(client: Client, meeting: Meeting) -> str | None:
    """The token the attendance page gives this browser for its host's form, if any."""
    page = client.get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    found = re.search(r'name="token" value="([^"]+)"', page)
    return found.group(1) if found else None


def session_of(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_the_host_reports_from_the_page_and_the_chair_sees_it(hosted, alice, bob) -> None:  # type: ignore[no-untyped-def]
    meeting, site = hosted
    host = logged_in(bob)
    token = page_token(host, meeting)
    assert token is not None
    status, headers, body = wsgi({"token": token, "count": "37"}, session_of(host))
    reply = json.loads(body)
    assert status == 200 and reply["site"] == site.pk and reply["count"] == 37
    assert reply["message"].startswith("Reported: 37 at ")
    assert headers["cache-control"] == "no-store" and "content-security-policy" in headers
    site.refresh_from_db()
    assert site.reported_count == 37 and site.reported_at is not None
    event = AuditEvent.objects.get(action="meetings.attendance.site_reported")
    assert (event.actor_id, event.target_id, event.details) == (
        bob.pk,
        str(meeting.pk),
        {"site": site.pk, "count": 37},
    )
    live = logged_in(alice).get(
        reverse("meetings:attendance", args=[meeting.pk]), HTTP_HX_REQUEST="true"
    )
    shown = live.content.decode()
    assert "hosts: 37." in shown and "Host's count\">37</td>" in shown


def test_through_django_json_for_the_script_and_a_redirect_without_javascript(
    hosted,  # type: ignore[no-untyped-def]
    bob,
) -> None:
    meeting, site = hosted
    host = logged_in(bob)
    token = page_token(host, meeting)
    url = reverse("meetings:live_site_count")
    assert url == SITE_COUNT_PATH

    def post(count: str, accept: str) -> Any:  # as the browser posts the form
        body = urlencode({"token": token, "count": count})
        return host.post(url, body, content_type=FORM, HTTP_ACCEPT=accept)

    answer = post("12", "application/json")
    assert answer.status_code == 200 and answer.json()["count"] == 12
    plain = post("14", "text/html,application/xhtml+xml")
    back = reverse("meetings:attendance", args=[meeting.pk]) + f"#site-{site.pk}"
    assert plain.status_code == 303 and plain["Location"] == back
    page = host.get(back).content.decode()
    site.refresh_from_db()
    shown = timezone.localtime(site.reported_at).strftime("%H:%M")
    assert site.reported_count == 14 and f"Reported: 14 at {shown}." in page
    refused = post("-1", "text/html")
    assert refused.status_code == 400 and "A count cannot be negative." in refused.content.decode()
    assert host.get(url).status_code == 405


def test_a_forged_or_altered_token_and_another_session_are_refused(hosted, bob) -> None:  # type: ignore[no-untyped-def]
    meeting, site = hosted
    host = logged_in(bob)
    token = page_token(host, meeting)
    assert token is not None
    session = session_of(host)
    other_site = Site.objects.get(meeting=meeting, is_main=True)
    altered = token.replace(f"{site.pk}:", f"{other_site.pk}:", 1)
    forged = site_count_token(site.pk, bob.pk, session).rsplit(":", 1)[0] + ":AAAA"
    for bad in (altered, forged, "", "x" * 80):
        status, _headers, body = wsgi({"token": bad, "count": "5"}, session, language="vi")
        assert status == 403
        assert json.loads(body)["error"].startswith("Không gửi được số người từ đây")
    elsewhere = logged_in(bob)  # bob again, in another browser: another session
    status, _headers, _body = wsgi({"token": token, "count": "5"}, session_of(elsewhere))
    assert status == 403
    assert Site.objects.get(pk=site.pk).reported_count is None


def test_a_closed_meeting_and_a_non_host_are_refused(hosted, alice, bob, organizer) -> None:  # type: ignore[no-untyped-def]
    meeting, site = hosted
    host = logged_in(bob)
    token = page_token(host, meeting)
    assert token is not None
    # The chair corrects counts through the page's ordinary form: no token for them.
    assert page_token(logged_in(alice), meeting) is None
    # A token made for someone who is not the site's host (or no longer is) opens nothing.
    chair = logged_in(alice)
    chair.get("/")
    chairs = site_count_token(site.pk, alice.pk, session_of(chair))
    status, _h, body = wsgi({"token": chairs, "count": "5"}, session_of(chair))
    assert status == 403 and json.loads(body)["error"] == "Only the site's host reports its count."
    Site.objects.filter(pk=site.pk).update(host=organizer)
    status, _h, _body = wsgi({"token": token, "count": "5"}, session_of(host))
    assert status == 403
    Site.objects.filter(pk=site.pk).update(host=bob)
    Meeting.objects.filter(pk=meeting.pk).update(closed_at=timezone.now())
    status, _h, body = wsgi({"token": token, "count": "5"}, session_of(host), language="vi")
    assert status == 403 and "đã kết thúc" in json.loads(body)["error"]
    assert Site.objects.get(pk=site.pk).reported_count is None
    assert not AuditEvent.objects.filter(action="meetings.attendance.site_reported").exists()


@pytest.mark.parametrize("count", ["-1", str(MAX_SITE_COUNT + 1), "abc", "", "1.5", "9" * 30])
def test_counts_out_of_bounds_are_refused(hosted, bob, count: str) -> None:  # type: ignore[no-untyped-def]
    meeting, site = hosted
    host = logged_in(bob)
    token = page_token(host, meeting)
    assert token is not None
    status, _headers, body = wsgi({"token": token, "count": count}, session_of(host))
    assert status == 400 and json.loads(body)["error"]
    assert Site.objects.get(pk=site.pk).reported_count is None
    status, _headers, _body = wsgi({"token": token, "count": str(MAX_SITE_COUNT)}, session_of(host))
    assert status == 200


def test_the_lean_service_and_the_pages_service_write_the_same(tree, hosted, bob) -> None:  # type: ignore[no-untyped-def]
    _meeting, site = hosted

    def written() -> tuple[Any, ...]:
        row = Site.objects.get(pk=site.pk)
        event = AuditEvent.objects.filter(action="meetings.attendance.site_reported").latest("pk")
        return (
            row.reported_count,
            event.actor_id,
            event.actor_label,
            event.target_type,
            event.target_id,
            event.target_label,
            event.organization_id,
            event.details,
        )

    for person in (None, make_person(tree.committee_a, "Nguyễn Văn Bình")):
        User.objects.filter(pk=bob.pk).update(person=person)
        site_count_report(actor=As(User.objects.get(pk=bob.pk)), site=site, count=21)
        by_page = written()
        site_count_report_by_host(site_id=site.pk, user_id=bob.pk, count=21)
        assert written() == by_page
    assert by_page[2] == "Nguyễn Văn Bình (bob)"
    assert AuditEvent.objects.filter(action="meetings.attendance.site_reported").count() == 4
