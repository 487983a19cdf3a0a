"""Anonymous acts (a secret ballot cast): the event names no one, yet is chained and
verified like every other."""

from __future__ import annotations

import pytest

from partydesk.core.audit import audit_log_anonymous, audit_seal, audit_verify
from partydesk.core.context import client_ip
from partydesk.core.tests.forgery import edit_event

pytestmark = pytest.mark.django_db


def test_a_secret_ballot_leaves_an_event_that_names_no_one(tree, alice):
    token = client_ip.set("10.1.2.3")
    try:
        event = audit_log_anonymous(
            action="meetings.ballot.cast",
            subject=tree.cell_a1,  # stands in for the ballot
            organization_id=tree.cell_a1.pk,
            details={"question": 1},
        )
    finally:
        client_ip.reset(token)
    event.refresh_from_db()
    assert event.actor_id is None and event.ip is None
    assert event.actor_label == "anonymous"
    assert "alice" not in str(vars(event)).lower()
    assert (event.occurred_at.second, event.occurred_at.microsecond) == (0, 0)


def test_a_person_cannot_be_the_subject_or_in_the_details(alice):
    with pytest.raises(ValueError):
        audit_log_anonymous(action="meetings.ballot.cast", subject=alice)
    with pytest.raises(ValueError):
        audit_log_anonymous(action="meetings.ballot.cast", details={"voter_id": alice.pk})


def test_an_anonymous_event_is_chained_and_its_edit_is_named(alice):
    audit_log_anonymous(action="meetings.ballot.cast", details={"choice": "yes"})
    audit_log_anonymous(action="meetings.ballot.cast", details={"choice": "no"})
    audit_seal()
    assert list(audit_verify()) == []
    edit_event(2, details={"choice": "yes"})
    assert [(p.seq, p.kind) for p in audit_verify()] == [(2, "changed")]
    edit_event(2, details={"choice": "no"}, actor=alice)
    assert [(p.seq, p.kind) for p in audit_verify()] == [(2, "changed")]
