"""The agenda's pages: items, their documents and materials, and comments on drafts."""

from __future__ import annotations

import mimetypes
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.core.http import file_response
from partydesk.core.services.files import file_read
from partydesk.documents.selectors.access import document_get_for
from partydesk.meetings.forms import AgendaItemForm, AttachDocumentForm, CommentForm, MaterialForm
from partydesk.meetings.selectors.agenda import attachment_get_for, item_get
from partydesk.meetings.selectors.meetings import meeting_get_for
from partydesk.meetings.services.agenda import (
    agenda_document_attach,
    agenda_item_add,
    agenda_material_upload,
    draft_comment_add,
)
from partydesk.meetings.views.meetings import people_of

_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def _errors(request: AuthenticatedRequest, form: object) -> None:
    for errors in getattr(form, "errors", {}).values():
        for error in errors:
            messages.error(request, error)


@login_required
@require_POST
def item_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    people = people_of(meeting)
    form = AgendaItemForm(request.POST, people=[(u.pk, str(u)) for u in people.values()])
    if form.is_valid():
        data = form.cleaned_data
        try:
            agenda_item_add(
                actor=request.actor,
                meeting=meeting,
                title=data["title"],
                presenter=people.get(data["presenter"]) if data["presenter"] else None,
                starts_at=data["starts_at"],
                minutes=data["minutes"],
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The item was added to the agenda."))
    else:
        _errors(request, form)
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def document_attach(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    row = item_get(meeting, item)
    form = AttachDocumentForm(request.POST)
    if form.is_valid():
        document = document_get_for(request.actor, form.cleaned_data["document"])
        try:
            agenda_document_attach(
                actor=request.actor,
                item=row,
                document=document,
                is_draft=form.cleaned_data["is_draft"],
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The document was attached."))
    else:
        _errors(request, form)
    return redirect("meetings:detail", meeting.pk)


@login_required
@require_POST
def material_upload(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    row = item_get(meeting, item)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            agenda_material_upload(
                actor=request.actor,
                item=row,
                name=form.cleaned_data["name"] or upload.name,
                data=upload.read(),
                content_type=upload.content_type or "",
                is_draft=form.cleaned_data["is_draft"],
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The material was uploaded."))
    else:
        _errors(request, form)
    return redirect("meetings:detail", meeting.pk)


@login_required
def material(request: AuthenticatedRequest, pk: int, attachment: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    found = attachment_get_for(request.actor, meeting, attachment)
    if found.document_id is not None:
        return redirect("documents:detail", found.document_id)
    assert found.file is not None
    content_type = found.file.content_type
    return file_response(
        file_read(found.file), download_name(found.name, content_type), content_type
    )


def download_name(name: str, content_type: str) -> str:
    """The material's name as the organizer gave it, with the extension its type has when
    the name has none ("Dự thảo báo cáo" + ".pdf"): a file named "material-12" opened in
    nothing."""
    extension = mimetypes.guess_extension(content_type) or ""
    if _EXTENSION.search(name) or content_type == "application/octet-stream":
        return name
    return name + extension


@login_required
@require_POST
def comment_add(request: AuthenticatedRequest, pk: int, attachment: int) -> HttpResponse:
    meeting = meeting_get_for(request.actor, pk)
    found = attachment_get_for(request.actor, meeting, attachment)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            draft_comment_add(
                actor=request.actor,
                attachment=found,
                body=form.cleaned_data["body"],
                passage=form.cleaned_data["passage"],
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Your comment was recorded."))
    else:
        _errors(request, form)
    return redirect("meetings:detail", meeting.pk)
