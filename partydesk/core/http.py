"""Request helpers shared by every app's views: who acts, and where; how files are served.

The accounts middleware builds one actor per request (`request.actor`): the user, their
current role grants and the organization they act for (the scope). Every view and
template tag reads it through `acting(request)`; the core only knows its shape (`Acting`),
so that apps below accounts (organizations) and the core's own registries can ask it
`can(capability)` without importing accounts. Services below accounts take an `Acting` and
ask it themselves; work nobody does in person (seed, commands) acts as `SYSTEM`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

if TYPE_CHECKING:
    from django.db.models import Model

_Response = TypeVar("_Response", bound=HttpResponseBase)


class Acting(Protocol):
    """The acting user, the organization they act for, and what their roles allow."""

    @property
    def user(self) -> Any: ...

    @property
    def scope(self) -> Model | None: ...

    def can(self, capability: str, on: Model | None = None) -> bool:
        """True when the user's roles give `capability` on `on` (default: the scope)."""
        ...


class Nobody:
    """The actor of an anonymous request: acts nowhere, may do nothing."""

    user: Any = None
    scope: Model | None = None

    def can(self, capability: str, on: Model | None = None) -> bool:
        return False


NOBODY = Nobody()


class System:
    """Who acts when no person does: the demo seed, management commands, test factories.

    It may do everything and is audited as "system" (it has no user). Code that runs on
    behalf of a person passes that person's actor, never this one."""

    user: Any = None
    scope: Model | None = None

    def can(self, capability: str, on: Model | None = None) -> bool:
        return True

    def __str__(self) -> str:
        return "system"


SYSTEM = System()
ACTOR_ATTR = "actor"


def acting(request: HttpRequest) -> Acting:
    """The request's actor (set by the accounts middleware and the API's token auth)."""
    actor: Acting | None = getattr(request, ACTOR_ATTR, None)
    return actor if actor is not None else NOBODY


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def file_response(
    data: bytes | str, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """Bytes (or text, encoded as `content_type`'s charset says) as a download named
    `filename`, or shown in the browser when `inline` (the name quoted as Django quotes it:
    a quote or a Vietnamese letter cannot break the header, and a Vietnamese name travels as
    UTF-8)."""
    return _named(HttpResponse(data, content_type=content_type), filename, inline)


def streamed_file_response(
    chunks: Iterable[bytes | str], filename: str, content_type: str, *, inline: bool = False
) -> StreamingHttpResponse:
    """A file written while it is sent (a long CSV), named as `file_response` names it."""
    return _named(StreamingHttpResponse(chunks, content_type=content_type), filename, inline)


def _named(response: _Response, filename: str, inline: bool) -> _Response:
    disposition = content_disposition_header(not inline, filename)  # None: inline, no name
    if disposition:
        response["Content-Disposition"] = disposition
    return response


def pdf_response(data: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A PDF's bytes as a download named `filename`, or shown in the browser's viewer."""
    return file_response(data, filename, "application/pdf", inline=inline)
