"""Prize certificates: the public check by serial (no login, limited per address; it shows
only what the paper shows) and the organizers' download of a sealed one."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.accounts.errors import RateLimited
from partydesk.accounts.services.throttle import throttle_hit
from partydesk.contests.permissions import CONTESTS_VIEW
from partydesk.contests.selectors import (
    contest_certificate,
    contest_get_for,
    prize_certificate_verify,
)
from partydesk.core.middleware import request_ip
from partydesk.core.services.files import file_read


@never_cache
def certificate_verify(request: HttpRequest, serial: str) -> HttpResponse:
    """Public: is the prize certificate with this serial genuine?"""
    try:
        throttle_hit(
            "contests-verify",
            request_ip(request) or "",
            limit=settings.PARTYDESK_LEARNING_VERIFY_RATE_PER_MINUTE,
        )
    except RateLimited as exc:
        limited = {"error": str(exc.message), "serial": serial}
        return render(request, "contests/certificate_verify.html", limited, status=429)
    found = prize_certificate_verify(serial)
    context = {"certificate": found, "serial": serial}
    return render(
        request, "contests/certificate_verify.html", context, status=200 if found else 404
    )


@login_required
def certificate_download(request: AuthenticatedRequest, pk: int, serial: str) -> HttpResponse:
    """A sealed prize certificate of one of the organization's contests, as a PDF."""
    contest = contest_get_for(request.actor.require(CONTESTS_VIEW), pk)
    certificate = contest_certificate(contest, serial)
    assert certificate.file is not None
    response = HttpResponse(file_read(certificate.file), content_type="application/pdf")
    name = f"giay-chung-nhan-{certificate.serial}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
