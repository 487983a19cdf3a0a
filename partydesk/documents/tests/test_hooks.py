"""Apps above documents plug in through documents/hooks.py (ADR 0018): incoming observers
hear of each move inside its transaction, so what they queue commits with it; detail panel
providers add sections to the document page."""

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


def test_an_incoming_observer_hears_of_each_move_inside_its_transaction(office_a, monkeypatch):
    heard: list[hooks.IncomingMoved] = []
    monkeypatch.setattr(hooks, "_incoming_observers", [heard.append])
    document = register(office_a)
    # When the leader assigns it, the observer hears of it with who, what and where
    incoming_assign(
        actor=office_a.secretary, document=document, lead=Assignee(user=office_a.specialist)
    )
    assert [(e.document_id, e.status, e.action) for e in heard] == [
        (document.pk, Status.ASSIGNED, "assigned")
    ]
    assert heard[0].actor_id == office_a.secretary.pk and heard[0].source_document_id is None


def test_what_an_observer_writes_is_part_of_the_step(office_a, monkeypatch):
    def broken(event: hooks.IncomingMoved) -> None:
        raise RuntimeError("could not queue the status")

    monkeypatch.setattr(hooks, "_incoming_observers", [broken])
    document = register(office_a)
    with pytest.raises(RuntimeError):
        incoming_assign(
            actor=office_a.secretary, document=document, lead=Assignee(user=office_a.specialist)
        )
    document.refresh_from_db()
    assert document.status == Status.REGISTERED


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
