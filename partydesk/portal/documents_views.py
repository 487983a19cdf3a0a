"""The portal's documents section: what the office published, for anyone (ADR 0022)."""

from __future__ import annotations

import io

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partydesk.core.services.files import file_read
from partydesk.documents.selectors.published import (
    published_document_get,
    published_document_list,
    published_document_pdf,
)

PER_PAGE = 20


@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(published_document_list(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/documents.html", {"documents": page})


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = published_document_get(pk)
    return render(request, "portal/document.html", {"document": document})


@require_GET
def document_pdf(request: HttpRequest, pk: int) -> FileResponse:
    document = published_document_get(pk)
    version = published_document_pdf(document)
    name = f"{document.symbol or document.pk}.pdf".replace("/", "-")
    return FileResponse(
        io.BytesIO(file_read(version.file)),
        content_type="application/pdf",
        as_attachment=True,
        filename=name,
    )
