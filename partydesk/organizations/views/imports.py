"""Excel import of members: upload -> preview with the problems of every row -> confirm."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partydesk.core.errors import DomainError
from partydesk.core.http import acting, file_response
from partydesk.core.selectors import stored_file_get
from partydesk.core.services.files import file_read, file_store
from partydesk.core.workbook import XLSX_CONTENT_TYPE
from partydesk.organizations import forms, services
from partydesk.organizations.permissions import MANAGE_MEMBERS
from partydesk.organizations.views.common import require, scope_of
from partydesk.organizations.workbook import template_workbook

SALT = "organizations.member-import"
TOKEN_MAX_AGE = 60 * 60  # the preview is good for an hour
PREVIEW_ROWS = 200


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
            preview = services.member_import_preview(
                acting=acting(request), scope=scope, name=upload.name, content=content
            )
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
                # Kept in the file store: the record of what an import brought in.
                stored = file_store(data=content, content_type=XLSX_CONTENT_TYPE)
                context["token"] = signing.dumps(
                    {
                        "sha": stored.sha256,
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
    stored = stored_file_get(ticket["sha"])
    # The workbook stays in the file store as the record of the import; a preview is good
    # for one confirmation only.
    used = f"{SALT}.used.{hashlib.sha256(request.POST['token'].encode()).hexdigest()}"
    if stored is None or not cache.add(used, True, TOKEN_MAX_AGE):
        messages.error(request, _("The preview has expired; upload the file again."))
        return redirect("organizations:import")
    content = file_read(stored)
    try:
        people = services.member_import_commit(
            acting=acting(request), scope=scope, name=ticket["name"], content=content
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("organizations:import")
    messages.success(request, _("%(count)s people were imported.") % {"count": len(people)})
    return redirect("organizations:people")


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The workbook to fill in, with the columns the import reads."""
    scope_of(request)
    return file_response(template_workbook(), "members-template.xlsx", XLSX_CONTENT_TYPE)
