"""The question bank's pages: list with the category tree, a question with its versions,
import (preview, then confirm) and export."""

from __future__ import annotations

import base64
import zlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.errors import DomainError
from partydesk.core.http import file_response
from partydesk.core.workbook import XLSX_CONTENT_TYPE
from partydesk.learning.forms import BankConfirmForm, BankImportForm
from partydesk.learning.permissions import BANK_MANAGE, BANK_VIEW
from partydesk.learning.selectors.bank import (
    categories_for,
    category_get_for,
    question_get_for,
    question_list_for,
)
from partydesk.learning.services.bank_import import bank_export, bank_import, bank_preview

PAGE_SIZE = 25
UPLOAD_SALT = "learning.bank.import"
UPLOAD_MAX_AGE = 3600


@login_required
def bank(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(BANK_VIEW)
    query = request.GET.get("q", "")[:200]
    category = None
    if request.GET.get("category", "").isdigit():
        category = category_get_for(scope, int(request.GET["category"]))
    rows = question_list_for(scope, query=query, category=category)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/bank/list.html",
        {
            "page": page,
            "query": query,
            "category": category,
            "categories": [(c, "— " * c.depth) for c in categories_for(scope)],  # type: ignore[attr-defined]
            "can_manage": request.actor.can(BANK_MANAGE),
        },
    )


@login_required
def question(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    scope = request.actor.require(BANK_VIEW)
    found = question_get_for(scope, pk)
    can_edit = request.actor.can(BANK_MANAGE, on=found.organization)
    context = {"question": found, "can_edit": can_edit}
    return render(request, "learning/bank/question.html", context)


def _token(request: AuthenticatedRequest, data: bytes, fmt: str) -> str:
    """The checked file, signed for this person and organization, so confirming needs no
    second upload and nothing is kept on the server before it."""
    packed = base64.b64encode(zlib.compress(data)).decode()
    scope_id = request.actor.scope.pk if request.actor.scope is not None else None
    body = {"u": request.user.pk, "o": scope_id, "f": fmt, "d": packed}
    return signing.dumps(body, salt=UPLOAD_SALT)


def _untoken(request: AuthenticatedRequest, token: str) -> tuple[bytes, str]:
    try:
        body = signing.loads(token, salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE)
    except signing.BadSignature as error:
        raise Http404("import token") from error
    scope_id = request.actor.scope.pk if request.actor.scope is not None else None
    if (body.get("u"), body.get("o")) != (request.user.pk, scope_id):
        raise Http404("import token")
    return zlib.decompress(base64.b64decode(body["d"])), str(body["f"])


@login_required
def bank_import_view(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(BANK_MANAGE)
    form = BankImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        data, fmt = form.cleaned_data["file"], form.cleaned_data["format"]
        try:
            preview = bank_preview(actor=request.actor, organization=scope, data=data, fmt=fmt)
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        else:
            confirm = BankConfirmForm(initial={"token": _token(request, data, fmt)})
            context.update(preview=preview, confirm=confirm)
            return render(request, "learning/bank/preview.html", context)
    status = 400 if form.is_bound else 200
    return render(request, "learning/bank/import.html", context, status=status)


@login_required
@require_POST
def bank_import_confirm(request: AuthenticatedRequest) -> HttpResponse:
    scope = request.actor.require(BANK_MANAGE)
    form = BankConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404("import token")
    data, fmt = _untoken(request, form.cleaned_data["token"])
    try:
        result = bank_import(
            actor=request.actor,
            organization=scope,
            data=data,
            fmt=fmt,
            skip_existing=form.cleaned_data["skip_existing"],
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("learning:bank_import")
    messages.success(
        request,
        _("%(n)s question(s) imported; %(there)s already in the bank, %(skipped)s skipped.")
        % {"n": result.created, "there": result.already_there, "skipped": result.skipped},
    )
    return redirect("learning:bank")


EXPORTS = {
    "gift": ("text/plain; charset=utf-8", "gift.txt"),
    "moodle": ("application/xml", "xml"),
    "xlsx": (XLSX_CONTENT_TYPE, "xlsx"),
}


@login_required
def bank_export_view(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    scope = request.actor.require(BANK_MANAGE)
    if fmt not in EXPORTS:
        raise Http404("format")
    content_type, extension = EXPORTS[fmt]
    data = bank_export(actor=request.actor, organization=scope, fmt=fmt)
    return file_response(data, f"bank-{scope.code}.{extension}", content_type)
