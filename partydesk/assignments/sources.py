"""What other apps use to give work from their own objects (ADR 0023's generic source):
the source kinds and priorities to pass in a `Spec`, and a registry of links back to a
source, so the assignment page links to a meeting's conclusion (or any later source)
without assignments importing the app above it that owns the source."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from partydesk.assignments.models import Priority, SourceKind

MEETING_CONCLUSION = SourceKind.MEETING.value
PRIORITY_CHOICES = Priority.choices
NORMAL_PRIORITY = Priority.NORMAL.value

# kind -> function(source id) -> the URL of the source's page, or None when it is gone.
SourceLink = Callable[[int], str | None]
_links: dict[str, SourceLink] = {}


def source_link_register(kind: str, link: SourceLink) -> None:
    """Called from an app's ready(): how to reach the sources of `kind`."""
    _links[kind] = link


def _document(pk: int) -> str:
    return reverse("documents:detail", args=[pk])


source_link_register(SourceKind.INCOMING.value, _document)
source_link_register(SourceKind.DIRECTIVE.value, _document)


def source_url(kind: str, source_id: int | None) -> str | None:
    """The page of an assignment's source, when its kind has a registered link. The page
    applies its own access rules: a link is not a permission."""
    link = _links.get(kind)
    if link is None or source_id is None:
        return None
    return link(source_id)
