"""What every API route shares: bounded input types, one JSON error shape, and an API class
that answers every error as JSON and lists every error status in the OpenAPI schema.

Bounds live in the types, so a value the database cannot hold (a year of 99999, an offset
past 2^63) is refused with 422 before a query is built, and the schema says so.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, NinjaAPI, Schema
from ninja.pagination import LimitOffsetPagination

from partydesk.core.errors import DomainError, NotAllowed, NotFound

logger = logging.getLogger("django.request")

# PostgreSQL's bigint and SQLite's INTEGER both stop at 2^63 - 1.
MAX_ID = 2**63 - 1
MAX_OFFSET = 1_000_000_000
MAX_LIMIT = 100

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
# A NUL character cannot be stored or compared in PostgreSQL text; nobody types one.
Text = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]

# Every status an operation may answer besides its success, each with ErrorOut as its body.
ERROR_STATUSES = {
    "400": "The request cannot be carried out (the detail says why).",
    "401": "No valid bearer token.",
    "403": "The token's user may not do this.",
    "404": "Not found, or not visible to the token's user.",
    "422": "A parameter is missing, malformed or out of its bounds.",
}


class ErrorOut(Schema):
    """The body of every error answer: a sentence, or the list of invalid parameters."""

    detail: str | list[dict[str, Any]]


class Paginated(LimitOffsetPagination):
    """limit/offset pagination whose bounds are in the schema (at most 100 rows a page)."""

    class Input(Schema):
        limit: Limit = MAX_LIMIT
        offset: Offset = 0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def domain_status(exc: DomainError) -> int:
    """The HTTP status of a refused business rule."""
    if isinstance(exc, NotFound):
        return 404
    return 403 if isinstance(exc, NotAllowed) else 400


class PartydeskAPI(NinjaAPI):
    """A NinjaAPI whose errors are all JSON ErrorOut bodies, documented on every operation."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_exception_handler(PermissionDenied, self._forbidden)
        self.add_exception_handler(DomainError, self._domain)
        self.add_exception_handler(Exception, self._unexpected)

    def _error(self, request: HttpRequest, detail: object, status: int) -> HttpResponse:
        return self.create_response(request, {"detail": str(detail)}, status=status)

    # ninja types a handler's exception as "the class or an instance": Any says the same.
    def _forbidden(self, request: HttpRequest, exc: Any) -> HttpResponse:
        return self._error(request, exc or "Forbidden", 403)

    def _domain(self, request: HttpRequest, exc: Any) -> HttpResponse:
        return self._error(request, exc.message, domain_status(exc))

    def _unexpected(self, request: HttpRequest, exc: Any) -> HttpResponse:
        logger.error("Internal Server Error: %s", request.path, exc_info=exc)
        return self._error(request, "Server error", 500)

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema()
        body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_STATUSES.items():
                    responses.setdefault(status, {"description": description, "content": body})
        return schema


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any path under the API that no route answers: a JSON 404, not the HTML page."""
    return JsonResponse({"detail": "Not Found"}, status=404)
