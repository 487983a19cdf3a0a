"""API routes for documents (/api/v1): list, detail, search and registers, scoped exactly
like the pages (the same selectors: another organization's or an unnamed classified
document is 404, and never listed)."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from partydesk.accounts.actor import actor_of
from partydesk.core.api import Id, Limit, Offset, Paginated, Text, Year
from partydesk.documents.selectors.access import document_get_for
from partydesk.documents.selectors.lists import ListFilters, document_list_for
from partydesk.documents.selectors.registers import register_for
from partydesk.documents.selectors.search import document_search
from partydesk.documents.services.access import document_viewed, register_exported

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    direction: str
    status: str
    system: str
    type_code: str
    type_name: str
    number_symbol: str
    code_number: str
    code_notation: str
    subject: str
    issued_date: dt.date | None
    organ_name: str
    organization_id: int
    register_number: int | None
    arrival_date: dt.date | None
    secrecy: int
    urgency: int
    page_amount: int | None
    due_date: dt.date | None
    digitally_signed: bool
    has_file: bool

    @staticmethod
    def resolve_type_code(obj: Any) -> str:
        return str(obj.document_type.code)

    @staticmethod
    def resolve_type_name(obj: Any) -> str:
        return str(obj.document_type.name)


class VersionOut(Schema):
    number: int
    kind: str
    file_name: str
    sha256: str
    size: int
    created_at: dt.datetime


class DocumentDetailOut(DocumentOut):
    signer_name: str
    signer_position: str
    recipients_text: str
    intended_recipient: str
    description: str
    versions: list[VersionOut]

    @staticmethod
    def resolve_versions(obj: Any) -> list[dict[str, Any]]:
        if obj.metadata_only:
            return []
        return [
            {
                "number": v.number,
                "kind": v.kind,
                "file_name": v.original_name,
                "sha256": v.file.sha256,
                "size": v.file.size,
                "created_at": v.created_at,
            }
            for v in obj.versions.select_related("file").order_by("number")
        ]


class SearchOut(Schema):
    total: int
    total_is_estimate: bool
    results: list[DocumentOut]


class RegisterOut(Schema):
    direction: str
    year: int
    organization: str
    title: str
    columns: list[str]
    rows: list[list[str]]


DirectionIn = Literal["incoming", "outgoing"]


@router.get("/documents", response=list[DocumentOut])
@paginate(Paginated)
def document_list(
    request: HttpRequest,
    direction: DirectionIn = "incoming",
    q: Text = "",
    status: Text = "",
    year: Year | None = None,
    subordinates: bool = False,
):
    filters = ListFilters(q=q, status=status, year=year, subordinates=subordinates)
    return document_list_for(actor_of(request), direction=direction, filters=filters)


@router.get("/documents/search", response=SearchOut)
def document_search_api(
    request: HttpRequest,
    q: Text = "",
    direction: DirectionIn = "incoming",
    type_code: Text = "",
    year: Year | None = None,
    status: Text = "",
    limit: Limit = 25,
    offset: Offset = 0,
):
    filters: dict[str, Any] = {}
    if type_code:
        filters["type_code"] = type_code
    if year:
        filters["year"] = year
    if status:
        filters["status"] = status
    results = document_search(
        actor_of(request),
        direction=direction,
        text=q,
        filters=filters,
        limit=limit,
        offset=offset,
    )
    return {
        "total": results.total,
        "total_is_estimate": results.total_is_estimate,
        "results": results.documents,
    }


@router.get("/documents/{document_id}", response=DocumentDetailOut)
def document_detail(request: HttpRequest, document_id: Id):
    document = document_get_for(actor_of(request), document_id)
    document_viewed(actor=actor_of(request).user, document=document, what="api")
    return document


@router.get("/registers/{direction}/{year}", response=RegisterOut)
def register(
    request: HttpRequest, direction: DirectionIn, year: Annotated[int, Field(ge=1990, le=2100)]
):
    found = register_for(actor_of(request), direction=direction, year=year)
    register_exported(actor=actor_of(request).user, register=found, kind="api")
    return {
        "direction": found.direction,
        "year": found.year,
        "organization": found.organization_name,
        "title": found.title,
        "columns": found.columns,
        "rows": found.rows,
    }
