"""`manage.py audit_verify`: OK with the count on an intact chain; on a tampered database it
names each changed, removed or inserted event and exits non-zero."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from partydesk.core.audit import _digest, audit_log
from partydesk.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _run() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def _chain(n: int) -> list[AuditEvent]:
    AuditEvent.objects.all().delete()
    from partydesk.core.models import AuditChainHead

    AuditChainHead.objects.all().delete()
    return [audit_log(actor=None, action="tests.thing.done", details={"i": i}) for i in range(n)]


def test_an_intact_chain_prints_ok_with_the_count():
    _chain(7)
    code, out, err = _run()
    assert code == 0
    assert out.strip() == "OK: 7 audit events verified."
    assert err == ""


def test_an_empty_chain_is_ok():
    _chain(0)
    code, out, _ = _run()
    assert (code, out.strip()) == (0, "OK: 0 audit events verified.")


def test_a_changed_event_is_named_and_the_exit_code_is_1():
    events = _chain(5)
    AuditEvent.objects.filter(pk=events[2].pk).update(details={"i": 99})
    code, out, err = _run()
    assert code == 1
    assert out == ""
    assert f"CHANGED #{events[2].seq}:" in err
    assert "FAILED: 1 problem(s) in the audit chain of 5 events." in err


def test_a_removed_event_is_named():
    events = _chain(5)
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    code, _, err = _run()
    assert code == 1
    assert f"REMOVED #{events[1].seq}:" in err


def test_an_inserted_event_is_named():
    events = _chain(3)
    for e in sorted(events[1:], key=lambda e: -e.seq):
        AuditEvent.objects.filter(pk=e.pk).update(seq=e.seq + 1)
    forged = AuditEvent.objects.get(pk=events[0].pk)
    forged.pk = None
    forged.seq = events[1].seq
    forged.prev_hash = events[0].hash
    forged.action = "tests.thing.forged"
    forged.hash = _digest(forged)
    forged.save()
    code, _, err = _run()
    assert code == 1
    assert f"INSERTED #{events[1].seq}:" in err


def test_two_problems_are_both_named():
    events = _chain(6)
    AuditEvent.objects.filter(pk=events[1].pk).update(action="tests.thing.undone")
    AuditEvent.objects.filter(pk=events[4].pk).update(ip="10.6.6.6")
    code, _, err = _run()
    assert code == 1
    assert f"CHANGED #{events[1].seq}:" in err
    assert f"CHANGED #{events[4].seq}:" in err
    assert "FAILED: 2 problem(s)" in err
