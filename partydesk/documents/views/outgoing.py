"""Outgoing documents: the list, a new draft, and the steps posted from the document page
(new version, submit, review, sign, issue, release, archive, cancel)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
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
    PublishForm,
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
from partydesk.documents.selectors.cosigners import next_co_signer
from partydesk.documents.selectors.people import (
    people_of,
    release_targets_for,
    signers_with_roles,
)
from partydesk.documents.services import outgoing as service
from partydesk.documents.services.files import PreparedFile, upload_prepare
from partydesk.documents.services.publication import document_set_published
from partydesk.documents.views.common import (
    Told,
    act,
    document_step,
    form_error,
    render_detail,
    scope_where,
    service_action,
    status_choices,
)
from partydesk.documents.views.incoming import document_list_page
from partydesk.organizations.models import Organization

OUTGOING_STATUSES = status_choices(
    Status.DRAFT,
    Status.IN_REVIEW,
    Status.APPROVED,
    Status.CO_SIGNED,
    Status.SIGNED,
    Status.ISSUED,
    Status.RELEASED,
    Status.ARCHIVED,
    Status.CANCELLED,
)


@login_required
@require_GET
def outgoing_list(request: AuthenticatedRequest) -> HttpResponse:
    return document_list_page(
        request, Direction.OUTGOING, OUTGOING_STATUSES, can_draft=can_draft_documents
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
        signers=signers_with_roles(organization),
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
    scope = scope_where(request, can_draft_documents)
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


def _add_version(request: AuthenticatedRequest, document: Document, form: VersionForm) -> None:
    service.outgoing_version_add(
        actor=request.user,
        document=document,
        body=form.cleaned_data.get("body") or "",
        file=_upload(form),
        note=form.cleaned_data.get("note") or "",
    )


version_add = document_step(VersionForm, "version", _("New version saved."), _add_version)
submit = service_action(ConfirmForm, "submit", service.outgoing_submit, done=_("Sent for review."))
withdraw = service_action(
    ConfirmForm,
    "withdraw",
    service.outgoing_withdraw,
    done=_("Withdrawn: the draft is yours again."),
)
review = service_action(
    ReviewForm,
    "review",
    service.review_decide,
    "decision",
    "comment",
    done=_("Your decision is recorded."),
)


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
        turn = next_co_signer(document) if document.status == Status.APPROVED else None
        if turn is not None and turn.user_id == request.user.pk:
            service.document_cosign(actor=request.user, document=document)
        else:
            service.document_sign(actor=request.user, document=document)

    return act(request, document, form, "sign", run, _("Signed."))


def _issue(request: AuthenticatedRequest, document: Document, form: IssueForm) -> Told:
    done = service.document_issue(
        actor=request.user, document=document, issued_date=form.cleaned_data["issued_date"]
    )
    return Told(_("Number given: %(number)s") % {"number": done.number_symbol})


issue = document_step(IssueForm, "issue", _("Numbered and issued."), _issue)


def _release(request: AuthenticatedRequest, document: Document, form: ReleaseForm) -> Told | None:
    recipients = service.document_release(
        actor=request.user, document=document, organizations=form.recipients()
    )
    if not recipients:
        return None  # released on paper only: the generic "Released."
    return Told(
        _("Delivered to %(count)s organizations in partydesk.") % {"count": len(recipients)}
    )


release = document_step(
    ReleaseForm,
    "release",
    _("Released."),
    _release,
    form_kwargs=lambda d: {
        "issuer": d.organization,
        "targets": release_targets_for(d.organization),
    },
)
archive = service_action(ConfirmForm, "archive", service.document_archive, done=_("Archived."))
publish = service_action(
    PublishForm,
    "publish",
    document_set_published,
    "published",
    done=_("The portal's documents section is up to date."),
)
cancel = service_action(
    ReasonForm, "cancel", service.outgoing_cancel, "reason", done=_("Draft cancelled.")
)
