"""Apps above documents plug in through documents/hooks.py (ADR 0018): incoming observers
hear of a move only once it has committed, and one that fails never undoes the move; detail
panel providers add sections to the document page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.core.dashboard import Panel
from partydesk.documents import hooks
from partydesk.documents.models import Status
from partydesk.documents.services.incoming import Assignee, incoming_assign
from partydesk.documents.tests.test_incoming import register

pytestmark = pytest.mark.django_db


def test_an_incoming_observer_hears_of_a_move_after_the_commit_only(
    office_a, monkeypatch, django_capture_on_commit_callbacks
):
    heard: list[hooks.IncomingMoved] = []

    def broken(event: hooks.IncomingMoved) -> None:
        raise RuntimeError("the observer's database is down")

    monkeypatch.setattr(hooks, "_incoming_observers", [broken, heard.append])
    document = register(office_a)
    # When the leader assigns it, up to the commit: nobody heard anything yet
    with django_capture_on_commit_callbacks(execute=True):
        incoming_assign(
            actor=office_a.secretary, document=document, lead=Assignee(user=office_a.specialist)
        )
        assert heard == []
    # Then at the commit the observer hears it, even though the one before it failed
    assert [(e.document_id, e.status, e.action) for e in heard] == [
        (document.pk, Status.ASSIGNED, "assigned")
    ]
    assert heard[0].actor_id == office_a.secretary.pk and heard[0].source_document_id is None
    document.refresh_from_db()
    assert document.status == Status.ASSIGNED


def test_a_detail_panel_provider_adds_a_section_to_the_document_page(office_a, monkeypatch):
    document = register(office_a)

    def provider(request, doc):  # type: ignore[no-untyped-def]
        return [
            Panel(
                title=f"Panel of {doc.pk}",
                template="exchange/panels/refuse.html",
                context={"document": doc},
            )
        ]

    monkeypatch.setattr(hooks, "_detail_panels", [provider])
    page = logged_in(office_a.clerk).get(reverse("documents:detail", args=[document.pk]))
    assert f"Panel of {document.pk}" in page.content.decode()
