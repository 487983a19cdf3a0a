"""Reporting progress (with files), asking for more time, and the assigner's answer."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.assignments.forms import DecisionForm, ExtensionForm, ProgressForm
from partydesk.assignments.models import ReportFile
from partydesk.assignments.selectors.assignments import assignment_get_for
from partydesk.assignments.services.progress import (
    extension_decide,
    extension_request,
    progress_report,
)
from partydesk.assignments.views.detail import submitted
from partydesk.core.errors import DomainError
from partydesk.core.http import file_response
from partydesk.core.services.files import file_read
from partydesk.documents.forms.fields import uploads_from
from partydesk.documents.services.files import upload_prepare


@login_required
@require_POST
def report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for(request.actor, pk)

    def act(data: dict[str, Any]) -> str:
        try:
            # Checked and parsed before the service's transaction (ADR 0009)
            files = [
                upload_prepare([u], allow_docx=True) for u in uploads_from(data["attachments"])
            ]
        except DomainError as error:
            if error.field == "upload":
                error.field = "attachments"
            raise
        progress_report(
            actor=request.actor,
            assignment=assignment,
            percent=data["percent"],
            text=data["text"],
            files=files,
        )
        return _("The progress is reported.")

    return submitted(
        request, assignment, "progress", ProgressForm(request.POST, request.FILES), act
    )


@login_required
@require_POST
def extension(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = assignment_get_for(request.actor, pk)

    def act(data: dict[str, Any]) -> str:
        extension_request(
            actor=request.actor,
            assignment=assignment,
            deadline=data["deadline"],
            reason=data["reason"],
        )
        return _("The request for more time is sent to the assigner.")

    return submitted(request, assignment, "extension", ExtensionForm(request.POST), act)


@login_required
@require_POST
def decide(request: AuthenticatedRequest, pk: int, request_pk: int) -> HttpResponse:
    assignment = assignment_get_for(request.actor, pk)
    asked = assignment.extensions.filter(pk=request_pk).first()
    if asked is None:
        raise Http404("extension request not found")

    def act(data: dict[str, Any]) -> str:
        extension_decide(
            actor=request.actor, request=asked, approve=data["approve"], note=data["note"]
        )
        return _("The answer is recorded.")

    return submitted(request, assignment, "decision", DecisionForm(request.POST), act)


@login_required
def report_file(
    request: AuthenticatedRequest, pk: int, report_pk: int, file_pk: int
) -> HttpResponse:
    """One attachment of a progress report of a visible assignment."""
    assignment = assignment_get_for(request.actor, pk)
    attached = (
        ReportFile.objects.filter(report__assignment=assignment, report_id=report_pk, pk=file_pk)
        .select_related("file")
        .first()
    )
    if attached is None:
        raise Http404("file not found")
    stored = attached.file
    response = file_response(file_read(stored), attached.name, stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
