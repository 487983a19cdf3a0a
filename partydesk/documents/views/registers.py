"""The incoming and outgoing registers of a year: on screen, as .xlsx and as PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partydesk.accounts.actor import AuthenticatedRequest
from partydesk.core.http import file_response, pdf_response
from partydesk.core.workbook import XLSX_CONTENT_TYPE
from partydesk.documents.models import Direction
from partydesk.documents.selectors.registers import register_for
from partydesk.documents.services.access import register_exported
from partydesk.documents.services.exports import register_pdf, register_xlsx

SCREEN_ROWS = 100


def _year(request: AuthenticatedRequest) -> int:
    raw = request.GET.get("year", "")
    if not raw:
        return timezone.localdate().year
    try:
        year = int(raw)
    except ValueError:
        raise Http404("bad year") from None
    if not 1990 <= year <= 2100:
        raise Http404("bad year")
    return year


@login_required
@require_GET
def register_export(request: AuthenticatedRequest, direction: str) -> HttpResponse:
    """?format=xlsx or pdf downloads the register; without it, the register on screen."""
    if direction not in Direction.values:
        raise Http404("no such register")
    who = request.actor
    year = _year(request)
    register = register_for(who, direction=direction, year=year)
    kind = request.GET.get("format", "")
    if kind not in ("", "xlsx", "pdf"):
        return render(
            request,
            "documents/register_view.html",
            {"register": register, "direction": direction, "bad_format": True},
            status=400,
        )
    if not kind:
        page = Paginator(register.rows, SCREEN_ROWS).get_page(request.GET.get("page"))
        return render(
            request,
            "documents/register_view.html",
            {"register": register, "direction": direction, "page": page},
        )
    register_exported(actor=request.user, register=register, kind=kind)
    name = f"so-{'den' if direction == Direction.INCOMING else 'di'}-{year}.{kind}"
    if kind == "xlsx":
        return file_response(register_xlsx(register), name, XLSX_CONTENT_TYPE)
    return pdf_response(register_pdf(register), name)
