"""Today's dashboard, my notifications, the patterns page and the health check."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from partydesk.core.dashboard import figures_for, panels_for
from partydesk.core.forms import NotificationPreferenceForm
from partydesk.core.selectors import (
    notification_email_frequency,
    notification_get_for,
    notification_list_for,
)
from partydesk.core.services.notifications import (
    notification_kind_label,
    notification_preference_set,
    notification_read,
    notifications_read_all,
)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs me now: every registered panel for the acting organization."""
    panels = panels_for(request)
    return render(
        request,
        "core/dashboard.html",
        {
            "panels": panels,
            "figures": figures_for(request, panels),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    """My notifications, newest first, with how I want them by email."""
    user = request.user
    form = NotificationPreferenceForm(
        request.POST or None, initial={"email": notification_email_frequency(user)}
    )
    if request.method == "POST":
        if form.is_valid():
            notification_preference_set(user=user, email=form.cleaned_data["email"])
            messages.success(request, _("Your email choice is saved."))
            return redirect("core:notifications")
        status = 422
    else:
        status = 200
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(notification_list_for(user, unread_only=unread_only), 30).get_page(
        request.GET.get("page")
    )
    for row in page.object_list:
        row.kind_label = notification_kind_label(row.kind, row.params)  # type: ignore[attr-defined]
    return render(
        request,
        "core/notifications.html",
        {
            "page_obj": page,
            "unread_only": unread_only,
            "form": form,
            "email_enabled": settings.PARTYDESK_EMAIL_ENABLED,
        },
        status=status,
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of my notifications read and go to what it is about."""
    notification = notification_get_for(request.user, pk)
    notification_read(user=request.user, notification=notification)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "core:notifications")


@login_required
@require_POST
def notifications_mark_all_read(request: HttpRequest) -> HttpResponse:
    """Mark all my notifications read."""
    count = notifications_read_all(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked read.", "%(count)s notifications marked read.", count
        )
        % {"count": count},
    )
    return redirect("core:notifications")


class PatternForm(forms.Form):
    """A sample form for the interface patterns page."""

    title = forms.CharField(label=_("Title"), help_text=_("As written on the document."))
    due_on = forms.DateField(
        label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)


@login_required
def patterns(request: HttpRequest) -> HttpResponse:
    """The shared partials with sample data, for people building pages (staff or DEBUG)."""
    if not (settings.DEBUG or request.user.is_staff):
        raise Http404
    form = PatternForm(data={"title": "", "due_on": "2026-13-01"})
    form.is_valid()
    rows: list[tuple[str, int, float]] = [
        ("Đảng bộ Sở Y tế", 412, 100),
        ("Đảng bộ Trường Đại học Vinh", 388, 94.2),
        ("Chi bộ Sở Tư pháp", 38, 9.2),
        ("Chi bộ Báo Nghệ An", 31, 7.5),
    ]
    page = Paginator(list(range(95)), 20).get_page(request.GET.get("page", 2))
    return render(request, "core/patterns.html", {"form": form, "rows": rows, "page": page})


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for the reverse proxy and monitors."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
