"""Certificate pages: the learner's download, the organizer's issue, download and revoke
(from the exam's results), and the public verification page (no login, rate-limited per
address; it shows only what the paper shows: name, course, organization, date, status)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.accounts.errors import RateLimited
from partydesk.accounts.services.throttle import throttle_hit
from partydesk.core.errors import DomainError
from partydesk.core.http import pdf_response
from partydesk.core.middleware import request_ip
from partydesk.core.services.files import file_read
from partydesk.learning.models import Attempt, Certificate
from partydesk.learning.permissions import EXAMS_MANAGE
from partydesk.learning.selectors.certificates import (
    certificate_get_for,
    certificate_of_taker,
    certificate_verify,
)
from partydesk.learning.selectors.exams import attempt_get_for
from partydesk.learning.services.certificates import (
    certificate_issue,
    certificate_revoke,
    certificate_sign_retry,
)


def _pdf(certificate: Certificate) -> HttpResponse:
    if certificate.file is None:  # still being signed: there is no PDF yet
        raise Http404("certificate not signed yet")
    return pdf_response(file_read(certificate.file), f"giay-chung-nhan-{certificate.serial}.pdf")


@login_required
def my_certificate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The learner's own certificate of attempt `pk`."""
    return _pdf(certificate_of_taker(request.user, pk))


def _attempt_of(request: AuthenticatedRequest, pk: int, attempt_pk: int) -> Attempt:
    scope = request.actor.require(EXAMS_MANAGE)
    found = attempt_get_for(scope, attempt_pk)
    if found.exam_id != pk:
        raise Http404("attempt not found")
    return found


@login_required
@require_POST
def certificate_issue_view(request: AuthenticatedRequest, pk: int, attempt_pk: int) -> HttpResponse:
    found = _attempt_of(request, pk, attempt_pk)
    try:
        certificate = certificate_issue(actor=request.actor, attempt=found)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Certificate %(serial)s is issued; it is being signed.")
            % {"serial": certificate.serial},
        )
    return redirect("learning:exam", pk)


@login_required
@require_POST
def certificate_sign_view(request: AuthenticatedRequest, pk: int, attempt_pk: int) -> HttpResponse:
    scope = request.actor.require(EXAMS_MANAGE)
    found = certificate_get_for(scope, pk, attempt_pk)
    try:
        certificate_sign_retry(actor=request.actor, certificate=found)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Certificate %(serial)s will be signed again in a moment.")
            % {"serial": found.serial},
        )
    return redirect("learning:exam", pk)


@login_required
def certificate_download(request: AuthenticatedRequest, pk: int, attempt_pk: int) -> HttpResponse:
    scope = request.actor.require(EXAMS_MANAGE)
    return _pdf(certificate_get_for(scope, pk, attempt_pk))


@login_required
@require_POST
def certificate_revoke_view(
    request: AuthenticatedRequest, pk: int, attempt_pk: int
) -> HttpResponse:
    scope = request.actor.require(EXAMS_MANAGE)
    found = certificate_get_for(scope, pk, attempt_pk)
    try:
        certificate_revoke(
            actor=request.actor, certificate=found, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("Certificate %(serial)s is revoked.") % {"serial": found.serial}
        )
    return redirect("learning:exam", pk)


@never_cache
def certificate_verify_view(request: HttpRequest, serial: str) -> HttpResponse:
    """Public: is the certificate with this serial genuine, and is it still valid?"""
    try:
        throttle_hit(
            "learning-verify",
            request_ip(request) or "",
            limit=settings.PARTYDESK_LEARNING_VERIFY_RATE_PER_MINUTE,
        )
    except RateLimited as exc:
        limited = {"error": str(exc.message), "serial": serial}
        return render(request, "learning/certificates/verify.html", limited, status=429)
    found = certificate_verify(serial)
    expired = found is not None and found.expired_on(timezone.localdate())
    context = {"certificate": found, "serial": serial, "expired": expired}
    return render(
        request, "learning/certificates/verify.html", context, status=200 if found else 404
    )
