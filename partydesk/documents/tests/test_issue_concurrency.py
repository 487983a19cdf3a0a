"""Slow work out of transactions (docs/decisions/0009): while one document is being sealed,
other documents are issued, in another organization and in the same one; the sealed PDF
then carries the number it finally got."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from partydesk.documents.models import Status, VersionKind
from partydesk.documents.services.files import file_read
from partydesk.documents.services.outgoing import document_issue, document_sign
from partydesk.documents.services.outgoing import issue as issue_module
from partydesk.documents.tests.factories import make_office, make_term
from partydesk.documents.tests.test_outgoing import approve_all, draft, pdftotext

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
WAIT = 20.0


def _signed(office):  # type: ignore[no-untyped-def]
    document = approve_all(office, draft(office))
    document_sign(actor=office.secretary, document=document)
    document.refresh_from_db()
    assert document.status == Status.SIGNED
    return document


def _in_thread(target: Any, name: str) -> tuple[threading.Thread, dict[str, Any]]:
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = target()
        except Exception as exc:  # the main thread asserts on it
            outcome["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread, outcome


@pytest.fixture
def sealing_blocked(monkeypatch):  # type: ignore[no-untyped-def]
    """The first seal made in the thread named "sealing" waits until the test lets it go."""
    entered, release = threading.Event(), threading.Event()
    real = issue_module.sign_organization

    def slow_seal(**kwargs: Any) -> bytes:
        if threading.current_thread().name == "sealing" and not entered.is_set():
            entered.set()
            release.wait(WAIT)
        return real(**kwargs)

    monkeypatch.setattr(issue_module, "sign_organization", slow_seal)
    yield entered, release
    release.set()


def test_issuing_goes_on_while_another_document_is_being_sealed(
    tree, office_root, signing, sealing_blocked
):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database serialises threads at the driver")
    entered, release = sealing_blocked
    # Given the Bloc and committee A, each with a signed resolution waiting for its number
    tree.committee_a.place_name = "Vinh"
    tree.committee_a.save(update_fields=["place_name"])
    make_term(tree.committee_a)
    office_a = make_office(tree.committee_a, "a")
    signing(
        people=[office_root.secretary, office_a.secretary],
        organizations=[office_root.organization, office_a.organization],
    )
    slow = _signed(office_root)
    same_org = _signed(office_root)
    other_org = _signed(office_a)
    # When the Bloc's clerk issues one and its seal hangs (a slow time-stamp authority)
    sealing, sealed_outcome = _in_thread(
        lambda: document_issue(actor=office_root.clerk, document=slow), "sealing"
    )
    assert entered.wait(WAIT)
    # Then committee A's clerk issues meanwhile, and so does the Bloc's clerk for another one
    for office, document in ((office_a, other_org), (office_root, same_org)):
        worker, outcome = _in_thread(
            lambda o=office, d=document: document_issue(actor=o.clerk, document=d), "issuer"
        )
        worker.join(timeout=10)
        assert not worker.is_alive(), "issuing waited for the other document's seal"
        assert "error" not in outcome, outcome
    other_org.refresh_from_db()
    same_org.refresh_from_db()
    assert other_org.number_symbol == "Số 01-NQ/ĐU"
    assert same_org.number_symbol == "Số 01-NQ/ĐUK"
    # And when the seal comes back, that document takes the next number, printed on its page
    release.set()
    sealing.join(timeout=WAIT)
    assert not sealing.is_alive() and "error" not in sealed_outcome, sealed_outcome
    slow.refresh_from_db()
    assert slow.number_symbol == "Số 02-NQ/ĐUK"
    sealed = slow.versions.filter(kind=VersionKind.SEALED).get()
    lines = [" ".join(line.split()) for line in pdftotext(file_read(sealed.file)).splitlines()]
    assert "Số 02-NQ/ĐUK" in lines and "Số 01-NQ/ĐUK" not in lines
