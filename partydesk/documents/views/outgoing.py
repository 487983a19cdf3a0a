"""Outgoing documents: the list, a new draft, and the steps posted from the document page
(new version, submit, review, sign, issue, release, archive, cancel)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.accounts.services.two_factor import two_factor_check
from partydesk.core.errors import DomainError
from partydesk.documents.forms.fields import uploads_from
from partydesk.documents.forms.incoming import ReasonForm
from partydesk.documents.forms.outgoing import (
    ConfirmForm,
    DraftForm,
    IssueForm,
    ReleaseForm,
    ReviewForm,
    SignForm,
    VersionForm,
    reply_opening,
)
from partydesk.documents.models import (
    Direction,
    Document,
    DocumentSettings,
    DocumentType,
    Status,
)
from partydesk.documents.permissions import can_draft_documents
from partydesk.documents.selectors.access import document_get_for, visible_documents
from partydesk.documents.selectors.people import people_of, release_targets_for, signers_of
from partydesk.documents.services import outgoing as service
from partydesk.documents.services.files import PreparedFile, upload_prepare
from partydesk.documents.views.common import act, form_error, render_detail
from partydesk.documents.views.incoming import document_list_page
from partydesk.organizations.models import Organization

OUTGOING_STATUSES = [
    (s.value, s.label)
    for s in (
        Status.DRAFT,
        Status.IN_REVIEW,
        Status.APPROVED,
        Status.SIGNED,
        Status.ISSUED,
        Status.RELEASED,
        Status.ARCHIVED,
        Status.CANCELLED,
    )
]


@login_required
@require_GET
def outgoing_list(request: AuthenticatedRequest) -> HttpResponse:
    who = request.actor
    return document_list_page(
        request,
        direction=Direction.OUTGOING,
        statuses=OUTGOING_STATUSES,
        can_draft=who.scope is not None and can_draft_documents(who.grants, who.scope),
    )


def _system_of(organization: Organization) -> str:
    found = DocumentSettings.objects.filter(organization=organization).first()
    return found.numbering_system if found else "party"


def _answerable(request: AuthenticatedRequest, organization: Organization) -> QuerySet[Document]:
    """Incoming documents of the organization's own register that a reply may answer."""
    return (
        visible_documents(request.actor, subordinates=False)
        .filter(direction=Direction.INCOMING, organization=organization)
        .exclude(status=Status.FILED)
        .select_related("document_type")
        .order_by("-arrival_date", "-register_number")
    )


def _draft_form(  # type: ignore[no-untyped-def]
    request: AuthenticatedRequest, organization: Organization, data=None, files=None, initial=None
):
    types = DocumentType.objects.filter(is_active=True)
    allowed = [t.pk for t in types if t.may_be_issued_by(organization)]
    return DraftForm(
        data,
        files,
        initial=initial,
        answerable=_answerable(request, organization),
        organization=organization,
        system=_system_of(organization),
        signers=signers_of(organization),
        people=people_of(organization),
        targets=release_targets_for(organization),
        types=DocumentType.objects.filter(pk__in=allowed),
        max_secrecy=request.user.clearance,
    )


def _upload(form: DraftForm | VersionForm) -> PreparedFile | None:
    uploads = uploads_from(form.cleaned_data.get("upload") or [])
    return upload_prepare(uploads, allow_docx=True) if uploads else None


def _reply_initial(request: AuthenticatedRequest, organization: Organization) -> dict[str, object]:
    """A draft opened from an incoming document ("Draft a reply") starts linked to it, with
    the customary first words."""
    try:
        pk = int(request.GET.get("reply_to", ""))
    except ValueError:
        return {}
    answered = _answerable(request, organization).filter(pk=pk).first()
    if answered is None:
        return {}
    return {"in_reply_to": answered.pk, "body": reply_opening(answered)}


@login_required
def draft_new(request: AuthenticatedRequest) -> HttpResponse:
    """Write a new outgoing document in the browser, or upload its draft."""
    who = request.actor
    scope = who.require_scope()
    if not can_draft_documents(who.grants, scope):
        raise PermissionDenied(_("Your role does not allow this here."))
    if request.method != "POST":
        initial = _reply_initial(request, scope)
        form = _draft_form(request, scope, initial=initial)
        return render(request, "documents/draft.html", {"form": form})
    form = _draft_form(request, scope, request.POST, request.FILES)
    if form.is_valid():
        try:
            document = service.outgoing_draft_create(
                actor=request.user,
                organization=scope,
                fields=form.to_fields(),
                body=form.cleaned_data.get("body") or "",
                file=_upload(form),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/draft.html", {"form": form}, status=400)


@login_required
@require_POST
def version_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = document_get_for(request.actor, pk)
    form = VersionForm(request.POST, request.FILES)

    def run() -> None:
        service.outgoing_version_add(
            actor=request.user,
            document=document,
            body=form.cleaned_data.get("body") or "",
            file=_upload(form),
            note=form.cleaned_data.get("note") or "",
        )

    return act(request, document, form, "version", run, _("New version saved."))


@login_required
@require_POST
def submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = document_get_for(request.actor, pk)
    form = ConfirmForm(request.POST)

    def run() -> None:
        service.outgoing_submit(actor=request.user, document=document)

    return act(request, document, form, "submit", run, _("Sent for review."))


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = document_get_for(request.actor, pk)
    form = ConfirmForm(request.POST)

    def run() -> None:
        service.outgoing_withdraw(actor=request.user, document=document)

    return act(request, document, form, "withdraw", run, _("Withdrawn: the draft is yours again."))


@login_required
@require_POST
def review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = document_get_for(request.actor, pk)
    form = ReviewForm(request.POST)

    def run() -> None:
        service.review_decide(
            actor=request.user,
            document=document,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data.get("comment") or "",
        )

    return act(request, document, form, "review", run, _("Your decision is recorded."))


@login_required
@require_POST
def sign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = document_get_for(request.actor, pk)
    form = SignForm(request.POST)
    if not request.user.has_two_factor:
        form.is_valid()
        form.add_error(
            None,
            _(
                "Signing asks for a code from your authenticator app. Turn on two-factor "
                "login on your account page first, then sign."
            ),
        )
        return render_detail(request, document, bound={"sign": form}, status=400)

    def run() -> None:
        # Step-up: a fresh second-factor code (not one used before) before the signature.
        two_factor_check(user=request.user, code=form.cleaned_data["code"])
        service.document_sign(actor=request.user, document=document)

    return act(request, document, form, "sign", run, _("Signed."))


@login_required
@require_POST
def issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = document_get_for(request.actor, pk)
    form = IssueForm(request.POST)

    def run() -> None:
        done = service.document_issue(
            actor=request.user,
            document=document,
            issued_date=form.cleaned_data["issued_date"],
        )
        messages.info(request, _("Number given: %(number)s") % {"number": done.number_symbol})

    return act(request, document, form, "issue", run, _("Numbered and issued."))


@login_required
@require_POST
def release(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = document_get_for(request.actor, pk)
    form = ReleaseForm(
        request.POST,
        issuer=document.organization,
        targets=release_targets_for(document.organization),
    )

    def run() -> None:
        recipients = service.document_release(
            actor=request.user,
            document=document,
            organizations=form.recipients(),
        )
        messages.info(
            request,
            _("Delivered to %(count)s organizations in partydesk.") % {"count": len(recipients)},
        )

    return act(request, document, form, "release", run, _("Released."))


@login_required
@require_POST
def archive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = document_get_for(request.actor, pk)
    form = ConfirmForm(request.POST)

    def run() -> None:
        service.document_archive(actor=request.user, document=document)

    return act(request, document, form, "archive", run, _("Archived."))


@login_required
@require_POST
def cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = document_get_for(request.actor, pk)
    form = ReasonForm(request.POST)

    def run() -> None:
        service.outgoing_cancel(
            actor=request.user,
            document=document,
            reason=form.cleaned_data["reason"],
        )

    return act(request, document, form, "cancel", run, _("Draft cancelled."))
