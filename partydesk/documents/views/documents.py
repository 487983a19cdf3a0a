"""The document page, its files (inline PDF preview) and naming people on it."""

from __future__ import annotations

import io

from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.documents.forms.outgoing import ReadersForm
from partydesk.documents.selectors.access import document_get_for
from partydesk.documents.selectors.files import version_get_for
from partydesk.documents.selectors.people import people_of
from partydesk.documents.services.access import document_readers_add, document_viewed
from partydesk.documents.services.files import file_read
from partydesk.documents.views.common import document_step, render_detail


@login_required
@require_GET
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Everything about one document, and the forms of the steps the viewer may take."""
    document = document_get_for(request.actor, pk)
    document_viewed(actor=request.user, document=document)
    return render_detail(request, document)


# The browser's PDF viewer is an embedded object, shown in a frame of the document page.
@login_required
@require_GET
@xframe_options_sameorigin
@csp_replace({"object-src": ["'self'"], "frame-ancestors": ["'self'"]})  # type: ignore[arg-type]
def file_view(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponseBase:
    """One version's file: a PDF shown inline, anything else downloaded."""
    document = document_get_for(request.actor, pk)
    version = version_get_for(document, number)
    document_viewed(actor=request.user, document=document, what=f"file v{number}")
    stored = version.file
    response = FileResponse(
        io.BytesIO(file_read(stored)),
        content_type=stored.content_type,
        as_attachment=not stored.is_pdf,
        filename=version.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


readers_add = document_step(
    ReadersForm,
    "readers",
    _("People named."),
    lambda request, document, form: document_readers_add(
        actor=request.user, document=document, users=list(form.cleaned_data["users"])
    ),
    form_kwargs=lambda d: {"people": people_of(d.organization, min_clearance=d.secrecy)},
)
