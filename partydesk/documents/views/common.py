"""Helpers of the documents views: the detail page with its forms, errors, and the one
shape of every step posted from the document page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError, NotAllowed
from partydesk.documents.congresses import congress_get
from partydesk.documents.forms.incoming import (
    AssignForm,
    CompleteForm,
    FileAddForm,
    FileNoteForm,
    NoteForm,
    ReasonForm,
    SubassignForm,
)
from partydesk.documents.forms.outgoing import (
    ConfirmForm,
    IssueForm,
    PublishForm,
    ReadersForm,
    ReleaseForm,
    ReviewForm,
    SignForm,
    VersionForm,
)
from partydesk.documents.hooks import detail_panels_for
from partydesk.documents.models import Direction, Document, Status
from partydesk.documents.permissions import Grants
from partydesk.documents.selectors.access import document_get_for
from partydesk.documents.selectors.actions import available_actions
from partydesk.documents.selectors.cosigners import co_signers_of
from partydesk.documents.selectors.lists import (
    current_review_step,
    document_detail_related,
    reply_links,
)
from partydesk.documents.selectors.people import (
    people_of,
    release_targets_for,
    units_of,
)
from partydesk.organizations.models import Organization


def scope_where(
    request: AuthenticatedRequest, may: Callable[[Grants, Organization], bool]
) -> Organization:
    """The acting organization, if the person's role there allows this page (else 403)."""
    who = request.actor
    scope = who.require_scope()
    if not may(who.grants, scope):
        raise PermissionDenied(_("Your role does not allow this here."))
    return scope


def status_choices(*statuses: Status) -> list[tuple[str, Any]]:
    """The choices of a list's status filter, in the order given."""
    return [(status.value, status.label) for status in statuses]


def form_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal next to the field it names (or on top of the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def render_detail(
    request: AuthenticatedRequest,
    document: Document,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The document page: metadata, files, history and the forms of the next steps.

    `bound` replaces a blank form by the one just sent, so what was typed stays on error.
    """
    who = request.actor
    document_detail_related(document)
    pending = current_review_step(document)
    actions = available_actions(who, document, document.assignment_list, pending)  # type: ignore[attr-defined]
    org = document.organization
    min_clearance = document.secrecy
    people = people_of(org, min_clearance=min_clearance)
    bound = bound or {}
    context: dict[str, Any] = {
        "document": document,
        "actions": actions,
        "today": timezone.localdate(),
        "pending_step": pending,
        "co_signers": co_signers_of(document),
        "congress": congress_get(document.congress_id),
        **reply_links(who, document),
    }
    if document.direction == Direction.INCOMING:
        units = [] if document.secrecy else units_of(org)
        context["assign_form"] = bound.get("assign") or AssignForm(
            units=units, people=people, reply_due=document.due_date
        )
        context["subassign_form"] = bound.get("subassign") or SubassignForm(people=people)
        context["note_form"] = bound.get("note") or NoteForm()
        context["complete_form"] = bound.get("complete") or CompleteForm()
        context["file_form"] = bound.get("file") or FileNoteForm()
        context["reopen_form"] = bound.get("reopen") or ReasonForm()
        context["file_add_form"] = bound.get("file_add") or FileAddForm()
    else:
        context["version_form"] = bound.get("version") or VersionForm(
            initial={"body": _latest_body(document)}
        )
        context["review_form"] = bound.get("review") or ReviewForm()
        context["sign_form"] = bound.get("sign") or SignForm()
        context["submit_form"] = bound.get("submit") or ConfirmForm()
        context["withdraw_form"] = bound.get("withdraw") or ConfirmForm()
        context["archive_form"] = bound.get("archive") or ConfirmForm()
        context["publish_form"] = bound.get("publish") or PublishForm()
        context["issue_form"] = bound.get("issue") or IssueForm(
            initial={"issued_date": timezone.localdate()}
        )
        context["release_form"] = bound.get("release") or ReleaseForm(
            issuer=org,
            targets=release_targets_for(org),
            initial={"organizations": [r.organization_id for r in document.recipient_list]},  # type: ignore[attr-defined]
        )
        context["cancel_form"] = bound.get("cancel") or ReasonForm()
    context["readers_form"] = bound.get("readers") or ReadersForm(people=people)
    context["extra_panels"] = detail_panels_for(request, document)
    # A refusal whose form is not on the page any more (the step is no longer possible)
    # still needs to be read: it is shown on top as well.
    context["refusals"] = [str(e) for form in bound.values() for e in form.non_field_errors()]
    return render(request, "documents/detail.html", context, status=status)


def _latest_body(document: Document) -> str:
    for version in document.version_list:  # type: ignore[attr-defined]
        if version.body_text:
            return str(version.body_text)
    return ""


@dataclass(frozen=True)
class Told:
    """What a step returns when it says itself what happened ("Number given: 114-CV/ĐUK"):
    its message is shown in place of the view's generic one, never after it."""

    message: str


def act(
    request: AuthenticatedRequest,
    document: Document,
    form: forms.Form,
    key: str,
    action: Callable[[], object],
    done: str | Promise,
) -> HttpResponse:
    """Run one service for a form posted from the document page; on refusal, show the page
    again with the form as typed and the reason next to it."""
    if form.is_valid():
        try:
            result = action()
        except NotAllowed as exc:
            form_error(form, exc)
            return render_detail(request, document, bound={key: form}, status=403)
        except DomainError as exc:
            form_error(form, exc)
        else:
            told = result.message if isinstance(result, Told) else str(done)
            messages.success(request, told)  # in the language of this request
            return redirect("documents:detail", pk=document.pk)
    return render_detail(request, document, bound={key: form}, status=400)


# What a step does once its form is valid: call one service with the posted values (and
# whatever `resolve` found from the URL, such as the assignment).
Step = Callable[..., object]


def document_step(
    form_class: type[forms.Form],
    key: str,
    done: str | Promise,
    step: Step,
    *,
    form_kwargs: Callable[[Document], dict[str, Any]] | None = None,
    resolve: Callable[..., dict[str, Any]] | None = None,
) -> Callable[..., HttpResponse]:
    """The view of one step posted from the document page (`key` names its form there): the
    document as this person may see it (else 404), anything else the URL names, the form,
    then `step(request, document, form, **resolved)` through `act`."""

    @login_required
    @require_POST
    def view(request: AuthenticatedRequest, pk: int, **url_kwargs: int) -> HttpResponse:
        document = document_get_for(request.actor, pk)
        resolved = resolve(document, **url_kwargs) if resolve is not None else {}
        extra = form_kwargs(document) if form_kwargs is not None else {}
        form = form_class(request.POST, request.FILES, **extra)
        return act(
            request,
            document,
            form,
            key,
            lambda: step(request, document, form, **resolved),
            done,
        )

    return view


def service_step(service: Callable[..., object], *fields: str) -> Step:
    """The step that calls `service(actor=…, document=…)` with the named fields of the form,
    each passed under its own name."""

    def step(request: AuthenticatedRequest, document: Document, form: forms.Form) -> object:
        values = {name: form.cleaned_data[name] for name in fields}
        return service(actor=request.user, document=document, **values)

    return step


def service_action(
    form_class: type[forms.Form],
    key: str,
    service: Callable[..., object],
    *fields: str,
    done: str | Promise,
) -> Callable[..., HttpResponse]:
    """The view of a step that is one service called with the form's own fields."""
    return document_step(form_class, key, done, service_step(service, *fields))
