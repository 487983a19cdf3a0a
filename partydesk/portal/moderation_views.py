"""Editors' side of reader feedback, inside the CMS admin where they edit the pages
(ADR 0022): a list per status and one message's decision."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partydesk.core.errors import DomainError
from partydesk.core.http import acting
from partydesk.portal.forms import ModerationForm
from partydesk.portal.models import FeedbackStatus
from partydesk.portal.selectors import feedback_get_for, feedback_list_for
from partydesk.portal.services.feedback import feedback_moderate

LIST_LIMIT = 100


def feedback_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", FeedbackStatus.PENDING)
    if status not in FeedbackStatus.values:
        status = FeedbackStatus.PENDING
    rows = list(feedback_list_for(acting(request), status=status)[:LIST_LIMIT])
    return render(
        request,
        "portal/admin/feedback_index.html",
        {
            "page_title": _("Reader feedback"),
            "header_icon": "comment",
            "rows": rows,
            "status": status,
            "statuses": FeedbackStatus.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def feedback_moderate_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = acting(request)
    feedback = feedback_get_for(actor, pk)
    initial = {"answer": feedback.answer, "decision": FeedbackStatus.APPROVED}
    form = ModerationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                feedback_moderate(
                    actor=actor,
                    feedback=feedback,
                    decision=form.cleaned_data["decision"],
                    answer=form.cleaned_data["answer"],
                )
            except DomainError as exc:
                form.add_error(exc.field, str(exc.message))
            else:
                messages.success(request, _("The reader's message was moderated."))
                return HttpResponseRedirect(reverse("portal_feedback_index"))
        status = 400
    return render(
        request,
        "portal/admin/feedback_moderate.html",
        {
            "page_title": _("Reader feedback"),
            "page_subtitle": feedback.name,
            "header_icon": "comment",
            "feedback": feedback,
            "form": form,
        },
        status=status,
    )
