"""Signature pages (validation, certificates, images) and the public PKI endpoints."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import unquote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.accounts.selectors.users import organization_choices_for, user_list_for
from partydesk.core.errors import DomainError
from partydesk.core.http import file_response
from partydesk.organizations.models import Organization
from partydesk.signatures import selectors, services
from partydesk.signatures.errors import AuthorityNotReady
from partydesk.signatures.forms import (
    ImportForm,
    IssueForm,
    PdfUploadForm,
    RenewForm,
    RevokeForm,
    SealImageForm,
    SignatureImageForm,
    add_domain_error,
)
from partydesk.signatures.models import CertificateKind, CertificateStatus
from partydesk.signatures.permissions import can_change_seal_image, can_manage_certificates

PAGE_SIZE = 50
TSA_MAX_REQUEST = 16 * 1024


def _admin_scope(request: AuthenticatedRequest) -> Organization:
    scope = request.actor.scope
    if scope is None or not can_manage_certificates(request.actor.grants, scope):
        raise PermissionDenied(_("You do not manage certificates of this organization."))
    return scope


def _render(
    request: AuthenticatedRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """render() plus what the section tabs need to know about the user."""
    scope = request.actor.scope
    grants = request.actor.grants
    context["sig_nav"] = {
        "can_manage": scope is not None and can_manage_certificates(grants, scope),
        "can_seal": scope is not None and can_change_seal_image(grants, scope),
    }
    return render(request, template, context, status=status)


def _png_data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


# --- validation (any logged-in user) ------------------------------------------------------


@login_required
def validate(request: AuthenticatedRequest) -> HttpResponse:
    form = PdfUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = selectors.pdf_validate(pdf=form.cleaned_data["file"])
        except DomainError as exc:
            form.add_error("file", str(exc.message))
    status = 400 if form.is_bound and form.errors else 200
    return _render(
        request,
        "signatures/validate.html",
        {"form": form, "report": report, "file_name": _upload_name(request)},
        status=status,
    )


def _upload_name(request: AuthenticatedRequest) -> str:
    upload = request.FILES.get("file")
    return str(upload.name)[:200] if upload else ""


# --- certificates (administrators of the acting organization) ------------------------------


@login_required
def certificate_list(request: AuthenticatedRequest) -> HttpResponse:
    scope = _admin_scope(request)
    status = request.GET.get("status", "")
    status = status if status in CertificateStatus.values else ""
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(
        selectors.certificate_list_for(scope, status=status, query=query), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return _render(
        request,
        "signatures/certificate_list.html",
        {
            "page": page,
            "scope": scope,
            "status": status,
            "query": query,
            "statuses": CertificateStatus.choices,
            "ca_ready": selectors.authority_exists(),
        },
    )


@login_required
def certificate_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = _admin_scope(request)
    certificate = selectors.certificate_get_for(scope, pk)
    return _detail(request, certificate)


def _detail(
    request: AuthenticatedRequest, certificate: Any, status: int = 200, **forms: Any
) -> HttpResponse:
    return _render(
        request,
        "signatures/certificate_detail.html",
        {
            "certificate": certificate,
            "signings": selectors.signing_list_for_certificate(certificate),
            "revoke_form": forms.get("revoke_form") or RevokeForm(),
            "renew_form": forms.get("renew_form") or RenewForm(),
        },
        status=status,
    )


@login_required
@require_POST
def certificate_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = _admin_scope(request)
    certificate = selectors.certificate_get_for(scope, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The certificate is revoked and the CRL is updated."))
            return redirect("signatures:certificate_detail", pk=pk)
    return _detail(request, certificate, status=400, revoke_form=form)


@login_required
@require_POST
def certificate_renew(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = _admin_scope(request)
    certificate = selectors.certificate_get_for(scope, pk)
    form = RenewForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            renewed = services.certificate_renew(
                actor=request.user, certificate=certificate, csr=form.cleaned_data["csr"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("A new certificate was issued."))
            return redirect("signatures:certificate_detail", pk=renewed.pk)
    return _detail(request, certificate, status=400, renew_form=form)


def _issue_form(
    request: HttpRequest, scope: Organization, form_class: type[IssueForm]
) -> IssueForm:
    return form_class(
        request.POST or None,
        request.FILES or None,
        users=user_list_for(scope),
        organizations=organization_choices_for(scope),
    )


@login_required
def certificate_issue(request: AuthenticatedRequest) -> HttpResponse:
    scope = _admin_scope(request)
    form = _issue_form(request, scope, IssueForm)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == CertificateKind.PERSONAL:
                cert = services.certificate_issue_personal(
                    actor=request.user, user=data["user"], csr=data["csr"]
                )
            else:
                cert = services.certificate_issue_organization(
                    actor=request.user, organization=data["organization"], csr=data["csr"]
                )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The certificate was issued."))
            return redirect("signatures:certificate_detail", pk=cert.pk)
    return _render(
        request,
        "signatures/certificate_issue.html",
        {"form": form, "scope": scope, "mode": "issue"},
        status=400 if form.is_bound else 200,
    )


@login_required
@sensitive_post_parameters("passphrase")
def certificate_import(request: AuthenticatedRequest) -> HttpResponse:
    scope = _admin_scope(request)
    form = _issue_form(request, scope, ImportForm)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        personal = data["kind"] == CertificateKind.PERSONAL
        target: dict[str, Any] = (
            {"holder": data["user"]} if personal else {"organization": data["organization"]}
        )
        try:
            if (
                data["file"].lstrip().startswith(b"-----BEGIN CERTIFICATE")
                or not data["passphrase"]
            ):
                cert = services.certificate_register_token(
                    actor=request.user, certificate=data["file"], **target
                )
            else:
                cert = services.certificate_import_pkcs12(
                    actor=request.user,
                    data=data["file"],
                    passphrase=data["passphrase"],
                    **target,
                )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The certificate was imported."))
            return redirect("signatures:certificate_detail", pk=cert.pk)
    return _render(
        request,
        "signatures/certificate_issue.html",
        {"form": form, "scope": scope, "mode": "import"},
        status=400 if form.is_bound else 200,
    )


# --- my signature, the unit's seal ------------------------------------------------------------


@login_required
def my_signature(request: AuthenticatedRequest) -> HttpResponse:
    actor = request.user
    form = SignatureImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signature_image_upload(actor=actor, data=form.cleaned_data["image"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your signature image was saved."))
            return redirect("signatures:me")
    image = selectors.signature_image_of(actor)
    return _render(
        request,
        "signatures/me.html",
        {
            "form": form,
            "certificates": selectors.my_certificates(actor),
            "signer_ready": selectors.signer_ready(actor),
            "image_url": _png_data_url(
                bytes(image.png) if image else selectors.default_signature_png(actor)
            ),
            "image_is_default": image is None,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def seal(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.scope
    if scope is None or not can_change_seal_image(request.actor.grants, scope):
        raise PermissionDenied(_("Only the unit's clerk or an administrator can change its seal."))
    form = SealImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.seal_image_upload(
                actor=request.user,
                organization=scope,
                data=form.cleaned_data["image"],
                width_mm=form.cleaned_data["width_mm"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The seal image was saved."))
            return redirect("signatures:seal")
    image = selectors.seal_image_of(scope)
    return _render(
        request,
        "signatures/seal.html",
        {
            "form": form,
            "organization": scope,
            "image": image,
            "image_url": _png_data_url(
                bytes(image.png) if image else selectors.default_seal_png(scope)
            ),
            "seal_ready": selectors.seal_ready(scope),
        },
        status=400 if form.is_bound else 200,
    )


# --- public PKI endpoints (no login: relying parties on the closed network) -------------------


@require_GET
@cache_control(public=True, max_age=3600)
def crl(request: AuthenticatedRequest, role: str) -> HttpResponse:
    return HttpResponse(selectors.crl_der(role), content_type="application/pkix-crl")


@require_GET
@cache_control(public=True, max_age=86400)
def ca_certificate(request: AuthenticatedRequest, role: str) -> HttpResponse:
    return file_response(selectors.ca_certificate_der(role), f"{role}.cer", "application/pkix-cert")


@csrf_exempt
@never_cache
@require_POST
def tsa(request: AuthenticatedRequest) -> HttpResponse:
    """RFC 3161 over HTTP: POST application/timestamp-query, get application/timestamp-reply."""
    if request.content_type != "application/timestamp-query":
        return HttpResponse(
            "send an RFC 3161 request as application/timestamp-query",
            status=415,
            content_type="text/plain",
        )
    body = request.body
    if len(body) > TSA_MAX_REQUEST:
        return HttpResponse("request too large", status=413, content_type="text/plain")
    try:
        reply = selectors.tsa_respond(body)
    except AuthorityNotReady:
        return HttpResponse(
            "time-stamp authority not set up", status=503, content_type="text/plain"
        )
    return HttpResponse(reply, content_type="application/timestamp-reply")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def ocsp(request: HttpRequest, role: str, encoded: str = "") -> HttpResponse:
    """RFC 6960 over HTTP: POST application/ocsp-request, or GET with the request in base64
    in the path; the answer is application/ocsp-response."""
    if request.method == "POST":
        body = request.body
    else:
        try:
            body = base64.b64decode(unquote(encoded), validate=True)
        except ValueError:
            body = b""
    if len(body) > TSA_MAX_REQUEST:
        return HttpResponse("request too large", status=413, content_type="text/plain")
    return HttpResponse(
        selectors.ocsp_respond(role, body), content_type="application/ocsp-response"
    )
