"""Bulk rows (core/rows.py) and the bulk audit events built on them: what is written is what
one row at a time would have written, on both databases, whatever the values hold (on
PostgreSQL they travel as arrays, whose text form quotes braces, commas, quotes, backslashes
and the word NULL)."""

from __future__ import annotations

import pytest

from partydesk.core import rows as rows_module
from partydesk.core.audit import audit_log_many, audit_seal, audit_verify
from partydesk.core.models import AuditEvent, Notification
from partydesk.core.rows import rows_insert

pytestmark = pytest.mark.django_db

AWKWARD = [
    "Nghị quyết số 12-NQ/ĐUK",
    'a "quoted", {braced} title',
    "back\\slash and 'apostrophe'",
    "NULL",
    "",
    "comma, semicolon; tab\tnewline\nend",
]


def test_rows_insert_writes_the_template_with_each_rows_values(alice, bob, monkeypatch):
    monkeypatch.setattr(rows_module, "CHUNK", 4)  # several statements
    template = Notification(kind="documents.arrived", url="/documents/9/", urgent=True)
    people = [alice.pk, bob.pk]
    rows = [(people[i % 2], title, None if i % 3 else i) for i, title in enumerate(AWKWARD)]

    written = rows_insert(
        template,
        varying=["recipient_id", "title", "organization_id"],
        rows=rows,
        returning=["pk", "title"],
    )

    assert sorted(t for _pk, t in written) == sorted(AWKWARD)
    stored = Notification.objects.filter(pk__in=[pk for pk, _t in written]).order_by("pk")
    assert [(n.recipient_id, n.title, n.organization_id) for n in stored] == rows
    assert {(n.kind, n.url, n.urgent, n.body, n.read_at) for n in stored} == {
        ("documents.arrived", "/documents/9/", True, "", None)
    }


def test_no_rows_write_nothing():
    assert rows_insert(Notification(kind="x"), varying=["title"], rows=[]) == []
    assert not Notification.objects.exists()


def test_bulk_audit_events_are_the_events_one_at_a_time_would_be_and_verify(alice, bob):
    targets = [alice, bob, alice]
    details = [{"title": t} for t in AWKWARD[:3]]

    pairs = enumerate(zip(targets, details, strict=True))
    events = [(t, 7 if i else None, d) for i, (t, d) in pairs]

    written = audit_log_many(actor=alice, action="core.test.bulk", events=events)

    assert written == 3
    stored = list(AuditEvent.objects.filter(action="core.test.bulk").order_by("id"))
    assert [(e.target_type, e.target_id, e.organization_id, e.details) for e in stored] == [
        ("accounts.user", str(alice.pk), None, details[0]),
        ("accounts.user", str(bob.pk), 7, details[1]),
        ("accounts.user", str(alice.pk), 7, details[2]),
    ]
    assert {(e.actor_id, e.actor_label, e.target_label) for e in stored} == {
        (alice.pk, str(alice), str(alice)),
        (alice.pk, str(alice), str(bob)),
    }
    audit_seal()
    assert list(audit_verify()) == []
