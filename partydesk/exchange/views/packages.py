"""The office's packages page: download a released document as .edxml, upload one received
by other means, see what it holds, register it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.core.http import file_response
from partydesk.core.services.files import file_store
from partydesk.documents.selectors.access import document_get_for
from partydesk.documents.services.incoming import DuplicateSuspected
from partydesk.exchange.forms import PackageUploadForm
from partydesk.exchange.permissions import PACKAGE
from partydesk.exchange.selectors.packages import downloadable_for, upload_read, upload_token
from partydesk.exchange.services.export import package_export
from partydesk.exchange.services.receive import PackagePreview, package_check, package_register

PAGE_SIZE = 25


def _page(
    request: AuthenticatedRequest, form: PackageUploadForm, status: int = 200
) -> HttpResponse:
    documents = Paginator(downloadable_for(request.actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "exchange/packages.html", {"page": documents, "form": form}, status=status
    )


@login_required
def package_list(request: AuthenticatedRequest) -> HttpResponse:
    request.actor.require(PACKAGE)
    return _page(request, PackageUploadForm())


@login_required
def package_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = document_get_for(request.actor, pk)
    try:
        exported = package_export(actor=request.actor, document=document)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("exchange:packages")
    return file_response(exported.data, exported.filename, "application/xml")


def preview_response(
    request: AuthenticatedRequest,
    preview: PackagePreview,
    token: str,
    *,
    duplicate: DuplicateSuspected | None = None,
) -> HttpResponse:
    context = {"preview": preview, "token": token, "duplicate": duplicate}
    status = 400 if not preview.ok else 409 if duplicate is not None else 200
    return render(request, "exchange/package_preview.html", context, status=status)


@login_required
@require_POST
def package_upload(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(PACKAGE)
    form = PackageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data["package"]
    preview = package_check(actor=request.actor, organization=scope, data=data)
    token = ""
    if preview.ok and preview.already is None:
        stored = file_store(data=data, content_type="application/xml")
        token = upload_token(sha256=stored.sha256, actor=request.actor, organization=scope)
    return preview_response(request, preview, token)


@login_required
@require_POST
def package_register_view(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(PACKAGE)
    token = request.POST.get("token", "")
    try:
        data = upload_read(token, actor=request.actor, organization=scope)
        registered = package_register(
            actor=request.actor,
            organization=scope,
            data=data,
            confirm_duplicate=request.POST.get("confirm_duplicate") == "1",
        )
    except DuplicateSuspected as exc:
        preview = package_check(actor=request.actor, organization=scope, data=data)
        return preview_response(request, preview, token, duplicate=exc)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("exchange:packages")
    document = registered.document
    if registered.created:
        messages.success(
            request,
            _("Registered as incoming document no. %(number)s.")
            % {"number": document.register_number},
        )
    else:
        messages.info(request, _("This package was already registered; nothing was added."))
    return redirect("documents:detail", pk=document.pk)
