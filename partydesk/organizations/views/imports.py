"""Excel import of members: upload -> preview with the problems of every row -> confirm."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partydesk.core.errors import DomainError
from partydesk.organizations import forms, services
from partydesk.organizations.views.common import MANAGE_MEMBERS, require, scope_of
from partydesk.organizations.workbook import XLSX_CONTENT_TYPE, template_workbook

SALT = "organizations.member-import"
TOKEN_MAX_AGE = 60 * 60  # the preview is good for an hour
PREVIEW_ROWS = 200


def _stored_name(digest: str) -> str:
    return f"organizations/imports/{digest}.xlsx"


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload a workbook; show every row with its problems. Nothing is written here."""
    scope = scope_of(request)
    require(request, MANAGE_MEMBERS, scope)
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            preview = services.member_import_preview(scope=scope, name=upload.name, content=content)
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        else:
            context["preview"] = preview
            # Rows with problems first: they are what the user has to act on.
            ordered = sorted(preview.rows, key=lambda r: (not r.errors, not r.warnings, r.line))
            context["shown_rows"] = ordered[:PREVIEW_ROWS]
            context["hidden_rows"] = max(0, len(preview.rows) - PREVIEW_ROWS)
            context["file_name"] = upload.name
            if preview.is_valid:
                digest = hashlib.sha256(content).hexdigest()
                if not default_storage.exists(_stored_name(digest)):
                    default_storage.save(_stored_name(digest), ContentFile(content))
                context["token"] = signing.dumps(
                    {
                        "sha": digest,
                        "name": upload.name,
                        "user": request.user.pk,
                        "scope": scope.pk,
                    },
                    salt=SALT,
                )
    preview_obj = context.get("preview")
    invalid = bool(form.errors) or (
        isinstance(preview_obj, services.ImportPreview) and not preview_obj.is_valid
    )
    return render(request, "organizations/import.html", context, status=422 if invalid else 200)


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Write the previewed file: all rows in one transaction, checked once more."""
    scope = scope_of(request)
    require(request, MANAGE_MEMBERS, scope)
    try:
        ticket = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect("organizations:import")
    if ticket.get("user") != request.user.pk or ticket.get("scope") != scope.pk:
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect("organizations:import")
    name = _stored_name(ticket["sha"])
    if not default_storage.exists(name):
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect("organizations:import")
    with default_storage.open(name, "rb") as handle:
        content = handle.read()
    try:
        people = services.member_import_commit(
            actor=request.user, scope=scope, name=ticket["name"], content=content
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("organizations:import")
    default_storage.delete(name)
    messages.success(request, _("%(count)s people were imported.") % {"count": len(people)})
    return redirect("organizations:people")


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The workbook to fill in, with the columns the import reads."""
    scope_of(request)
    response = HttpResponse(template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="members-template.xlsx"'
    return response
