"""Readers' side of reader feedback: the form under an article (ADR 0022)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from partydesk.accounts.errors import RateLimited
from partydesk.accounts.services.throttle import throttle_hit
from partydesk.core.errors import DomainError
from partydesk.core.middleware import request_ip
from partydesk.portal.forms import HONEYPOT, FeedbackForm
from partydesk.portal.selectors import feedback_page_get
from partydesk.portal.services.feedback import FeedbackFields, feedback_submit


@require_http_methods(["GET", "POST"])
def feedback_form(request: HttpRequest, page_id: int) -> HttpResponse:
    """GET: the form (or the thanks after sending). POST: counted against the address's rate
    limit first, then a filled-in trap field is taken as a robot (thanked, not stored)."""
    article = feedback_page_get(page_id)
    sent_url = f"{request.path}?sent=1"
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            throttle_hit(
                "portal.feedback",
                request_ip(request) or "",
                limit=settings.PARTYDESK_PORTAL_FEEDBACK_RATE_PER_MINUTE,
            )
        except RateLimited as exc:
            form.add_error(None, str(exc.message))
            status = 429
        else:
            if request.POST.get(HONEYPOT):
                return HttpResponseRedirect(sent_url)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    feedback_submit(
                        page=article,
                        fields=FeedbackFields(
                            name=data["name"],
                            message=data["message"],
                            email=data["email"],
                            phone=data["phone"],
                        ),
                    )
                except DomainError as exc:
                    form.add_error(exc.field, str(exc.message))
                else:
                    return HttpResponseRedirect(sent_url)
            status = 400
    context = {"article": article, "form": form, "sent": request.GET.get("sent") == "1"}
    response = render(request, "portal/feedback_form.html", context, status=status)
    if status == 429:
        response["Retry-After"] = "60"
    return response
