"""Incoming register pages: the queue, registration (with the duplicate check), and the
handling steps posted from the document page."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.core.selectors import stored_file_get
from partydesk.core.text import fold
from partydesk.documents.forms.fields import uploads_from
from partydesk.documents.forms.incoming import (
    AssignForm,
    CompleteForm,
    FileAddForm,
    FileNoteForm,
    IncomingRegisterForm,
    ListFilterForm,
    NoteForm,
    ReasonForm,
    SubassignForm,
)
from partydesk.documents.keeper import HandlingAssignment, assignment_of
from partydesk.documents.models import Direction, Document, Status
from partydesk.documents.models.documents import duplicate_candidates
from partydesk.documents.permissions import Grants, can_register_documents
from partydesk.documents.selectors.access import visible_documents
from partydesk.documents.selectors.lists import ListFilters, document_list_for, urgent_open_for
from partydesk.documents.selectors.people import people_of, units_of
from partydesk.documents.services import incoming as service
from partydesk.documents.services.files import (
    PreparedFile,
    file_store,
    prepared_from_stored,
    upload_prepare,
)
from partydesk.documents.views.common import (
    document_step,
    form_error,
    scope_where,
    service_action,
    status_choices,
)
from partydesk.organizations.models import Organization

INCOMING_STATUSES = status_choices(
    Status.REGISTERED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.COMPLETED,
    Status.FILED,
)
PAGE_SIZE = 25
_SALT = "documents.pending-upload"


def list_filters(form: ListFilterForm) -> ListFilters:
    if not form.is_valid():
        return ListFilters()
    data = form.cleaned_data
    return ListFilters(
        q=data.get("q") or "",
        status=data.get("status") or "",
        year=data.get("year"),
        document_type=data["document_type"].pk if data.get("document_type") else None,
        urgent_only=bool(data.get("urgent")),
        overdue_only=bool(data.get("overdue")),
        mine_only=bool(data.get("mine")),
        subordinates=bool(data.get("subordinates")),
    )


@login_required
@require_GET
def incoming_list(request: AuthenticatedRequest) -> HttpResponse:
    """The incoming queue: urgent first, then by arrival."""
    return document_list_page(
        request, Direction.INCOMING, INCOMING_STATUSES, can_register=can_register_documents
    )


def document_list_page(
    request: AuthenticatedRequest,
    direction: str,
    statuses: Sequence[tuple[str, object]],
    **may: Callable[[Grants, Organization], bool],
) -> HttpResponse:
    """A register's queue page (incoming or outgoing): filters, urgent block, pagination,
    and what the person may start here (`may`: flag name -> predicate on the acting scope)."""
    who = request.actor
    flags = {
        name: who.scope is not None and check(who.grants, who.scope) for name, check in may.items()
    }
    form = ListFilterForm(request.GET, statuses=statuses)
    filters = list_filters(form)
    documents = document_list_for(who, direction=direction, filters=filters)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    urgent = (
        urgent_open_for(who, direction=direction, subordinates=filters.subordinates)
        if page.number == 1
        else []
    )
    return render(
        request,
        "documents/list.html",
        {
            "page": page,
            "form": form,
            "direction": direction,
            "urgent": urgent,
            "show_registers": filters.subordinates,
            **flags,
        },
    )


def _register_form(request: AuthenticatedRequest, data: object = None, files: object = None):
    who = request.actor
    assert who.scope is not None
    return IncomingRegisterForm(
        data,
        files,
        people=people_of(who.scope),
        max_secrecy=who.user.clearance,
    )


def _pending_file(
    request: AuthenticatedRequest, form: IncomingRegisterForm
) -> tuple[PreparedFile | None, str]:
    """The upload of this submission, or the one kept from the step before (signed, so a
    clerk can only reuse a file they uploaded themselves)."""
    uploads = uploads_from(form.cleaned_data.get("upload") or [])
    if uploads:
        prepared = upload_prepare(uploads)
        stored = file_store(prepared)
        token = signing.dumps([stored.sha256, prepared.name], salt=f"{_SALT}:{request.user.pk}")
        return prepared, token
    token = request.POST.get("pending_file", "")
    if not token:
        return None, ""
    try:
        sha, name = signing.loads(token, salt=f"{_SALT}:{request.user.pk}", max_age=86400)
    except signing.BadSignature:
        return None, ""
    kept = stored_file_get(sha)
    return (prepared_from_stored(kept, name), token) if kept else (None, "")


@login_required
def incoming_register(request: AuthenticatedRequest) -> HttpResponse:
    """Register a received document; a suspected duplicate asks for confirmation first."""
    scope = scope_where(request, can_register_documents)
    if request.method != "POST":
        return render(request, "documents/register.html", {"form": _register_form(request)})
    form = _register_form(request, request.POST, request.FILES)
    candidates: list[Document] = []
    token = ""
    valid = form.is_valid()
    try:
        # Kept even when another field is wrong, so the clerk does not choose the file again.
        prepared, token = _pending_file(request, form)
    except DomainError as exc:
        form_error(form, exc)
        valid = False
    if valid:
        try:
            document = service.incoming_register(
                actor=request.user,
                organization=scope,
                fields=form.to_fields(),
                file=prepared,
                confirm_duplicate=form.cleaned_data["confirm_duplicate"],
                known_types=list(
                    form.fields["document_type"].queryset.values_list("abbreviation", flat=True)
                ),
            )
        except service.DuplicateSuspected as exc:
            candidates = exc.candidates
            form_error(form, exc)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("Registered with arrival number %(number)s.")
                % {"number": document.register_number},
            )
            return redirect("documents:detail", pk=document.pk)
    return render(
        request,
        "documents/register.html",
        {"form": form, "candidates": candidates, "pending_file": token},
        status=409 if candidates else 400,
    )


@login_required
@require_GET
def duplicate_check(request: AuthenticatedRequest) -> HttpResponse:
    """HTMX: documents already registered from this sender with this number, as typed."""
    who = request.actor
    sender = request.GET.get("sender", "")
    symbol = request.GET.get("symbol", "")
    candidates: list[Document] = []
    if who.scope is not None and fold(sender) and symbol.strip():
        key = service.dedup_key(sender, symbol)
        visible = visible_documents(who).values("pk")
        candidates = list(
            duplicate_candidates(organization=who.scope, key=key, year=None, user=who.user).filter(
                pk__in=visible
            )[:5]
        )
    return render(request, "documents/partials/duplicates.html", {"candidates": candidates})


def _assignment(document: Document, assignment_pk: int) -> dict[str, HandlingAssignment]:
    """The document's assignment the URL names (404 if it is not one of its own)."""
    assignment = assignment_of(document, assignment_pk)
    if assignment is None:
        raise Http404("assignment not found")
    return {"assignment": assignment}


def _add_file(request: AuthenticatedRequest, document: Document, form: FileAddForm) -> None:
    service.incoming_file_add(
        actor=request.user,
        document=document,
        file=upload_prepare(uploads_from(form.cleaned_data["upload"])),
        note=form.cleaned_data.get("note") or "",
    )


file_add = document_step(FileAddForm, "file_add", _("File added."), _add_file)


def _assign_form_kwargs(document: Document) -> dict[str, object]:
    org = document.organization
    return {
        "units": [] if document.secrecy else units_of(org),
        "people": people_of(org, min_clearance=document.secrecy),
        "reply_due": document.due_date,
    }


def _assign(request: AuthenticatedRequest, document: Document, form: AssignForm) -> None:
    data, fields = form.cleaned_data, form.fields
    created = service.incoming_assign(
        actor=request.user,
        document=document,
        lead=fields["lead"].to_assignee(data["lead"]),  # type: ignore[attr-defined]
        co_handlers=fields["co_handlers"].to_assignees(data["co_handlers"]),  # type: ignore[attr-defined]
        for_information=fields["for_information"].to_assignees(data["for_information"]),  # type: ignore[attr-defined]
        instruction=data.get("instruction") or "",
        working_days=data["working_days"],
    )
    late = next((a.deadline for a in created if a.past_reply_due), None)
    if late is not None and document.due_date is not None:
        messages.warning(
            request,
            _(
                "The deadline %(deadline)s is later than the date the document itself "
                "must be answered by (%(due)s): the answer may leave late."
            )
            % {
                "deadline": late.strftime("%d/%m/%Y"),
                "due": document.due_date.strftime("%d/%m/%Y"),
            },
        )


assign = document_step(
    AssignForm, "assign", _("Assigned."), _assign, form_kwargs=_assign_form_kwargs
)


def _subassign(
    request: AuthenticatedRequest,
    document: Document,
    form: SubassignForm,
    assignment: HandlingAssignment,
) -> None:
    service.assignment_subassign(
        actor=request.user,
        assignment=assignment,
        user=form.cleaned_data["user"],
        instruction=form.cleaned_data.get("instruction") or "",
        working_days=form.cleaned_data.get("working_days"),
    )


subassign = document_step(
    SubassignForm,
    "subassign",
    _("Passed on."),
    _subassign,
    form_kwargs=lambda d: {"people": people_of(d.organization, min_clearance=d.secrecy)},
    resolve=_assignment,
)
note = service_action(NoteForm, "note", service.document_note_add, "text", done=_("Note added."))
complete = document_step(
    CompleteForm,
    "complete",
    _("Reported done."),
    lambda request, document, form, assignment: service.assignment_complete(
        actor=request.user, assignment=assignment, report=form.cleaned_data["report"]
    ),
    resolve=_assignment,
)
file_document = service_action(
    FileNoteForm, "file", service.incoming_file, "note", done=_("Filed.")
)
reopen = service_action(
    ReasonForm, "reopen", service.incoming_reopen, "reason", done=_("Sent back for more work.")
)
