"""Prize certificates: the public check by serial (no login, limited per address; it shows
only what the paper shows, and a revocation), the organizers' download of a sealed one and
its revocation (a page that asks for the reason and confirms)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.accounts.errors import RateLimited
from partydesk.accounts.services.throttle import throttle_hit
from partydesk.contests.forms import RevokeForm
from partydesk.contests.models import PrizeCertificate
from partydesk.contests.permissions import CONTESTS_MANAGE, CONTESTS_VIEW
from partydesk.contests.selectors import (
    contest_get_for,
    contest_published,
    registration_of_taker,
)
from partydesk.contests.selectors.certificates import (
    contest_certificate,
    prize_certificate_verify,
    registration_certificate,
)
from partydesk.contests.services.certificates import certificate_revoke
from partydesk.contests.views.public import own_registration_id
from partydesk.core.errors import DomainError
from partydesk.core.http import pdf_response
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
    return _pdf(contest_certificate(contest, serial))


@login_required
def certificate_revoke_view(request: AuthenticatedRequest, pk: int, serial: str) -> HttpResponse:
    """Revoke a sealed prize certificate: the page shows what is revoked and asks for the
    reason; pressing the button there is the confirmation."""
    contest = contest_get_for(request.actor.require_scope(), pk)
    request.actor.require(CONTESTS_MANAGE, on=contest.organization)
    certificate = contest_certificate(contest, serial)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid() and not certificate.revoked:
        try:
            certificate_revoke(
                actor=request.actor, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_error("reason" if exc.field == "reason" else None, str(exc.message))
        else:
            done = _("Certificate %(serial)s is revoked.") % {"serial": certificate.serial}
            messages.success(request, done)
            return redirect(reverse("contests:results", args=[contest.pk]) + "#certificates")
    context = {"contest": contest, "certificate": certificate, "form": form}
    status = 400 if form.errors else 409 if form.is_bound and certificate.revoked else 200
    return render(request, "contests/certificate_revoke.html", context, status=status)


@never_cache
def my_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """The taker's own sealed prize certificate (the registration this browser holds, or
    the member's by their login), else 404."""
    contest = contest_published(pk)
    registration = registration_of_taker(
        contest, own_registration_id(request, contest.pk), request.user
    )
    certificate = registration_certificate(registration) if registration else None
    if certificate is None:
        raise Http404("no certificate")
    return _pdf(certificate)


def _pdf(certificate: PrizeCertificate) -> HttpResponse:
    if certificate.file is None:  # a signed certificate has its file
        raise Http404("certificate not signed yet")
    return pdf_response(file_read(certificate.file), f"giay-chung-nhan-{certificate.serial}.pdf")
