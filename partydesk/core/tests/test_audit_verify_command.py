"""`manage.py audit_verify`: OK with the count on an intact chain; on a tampered database it
names each changed, removed or inserted event and exits non-zero."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from partydesk.core.audit import audit_log
from partydesk.core.models import AuditChainHead, AuditSeal
from partydesk.core.tests.forgery import edit_event, forge, remove, renumber_from, sealed_chain

pytestmark = pytest.mark.django_db


def _run() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def _chain(n: int) -> list[AuditSeal]:
    return sealed_chain(n, fresh=True)


def test_an_intact_chain_prints_ok_with_the_count():
    _chain(7)
    code, out, err = _run()
    assert code == 0
    assert out.strip() == "OK: 7 audit events verified; no checkpoint yet."
    assert err == ""


def test_an_empty_chain_is_ok():
    _chain(0)
    code, out, _ = _run()
    assert (code, out.strip()) == (0, "OK: 0 audit events verified; no checkpoint yet.")


def test_a_changed_event_is_named_and_the_exit_code_is_1():
    events = _chain(5)
    edit_event(events[2].seq, details={"i": 99})
    code, out, err = _run()
    assert code == 1
    assert out == ""
    assert f"CHANGED #{events[2].seq}:" in err
    assert "FAILED: 1 problem(s) in the audit chain of 5 events." in err


def test_a_removed_event_is_named():
    events = _chain(5)
    remove(events[1].seq)
    code, _, err = _run()
    assert code == 1
    assert f"REMOVED #{events[1].seq}:" in err


def test_an_inserted_event_is_named():
    events = _chain(3)
    renumber_from(events[1].seq)
    forge(events[1].seq, events[0].hash, like=events[0].event, action="tests.thing.forged")
    code, _, err = _run()
    assert code == 1
    assert f"INSERTED #{events[1].seq}:" in err


def test_two_problems_are_both_named():
    events = _chain(6)
    edit_event(events[1].seq, action="tests.thing.undone")
    edit_event(events[4].seq, ip="10.6.6.6")
    code, _, err = _run()
    assert code == 1
    assert f"CHANGED #{events[1].seq}:" in err
    assert f"CHANGED #{events[4].seq}:" in err
    assert "FAILED: 2 problem(s)" in err


def test_a_forged_append_is_reported_as_inserted():
    events = _chain(3)
    forge(4, events[-1].hash, like=events[-1].event)
    code, _, err = _run()
    assert code == 1
    assert "INSERTED #4:" in err
    assert "TRUNCATED" not in err


def test_audit_checkpoint_writes_a_signed_file_then_verify_checks_against_it(settings):
    _chain(3)
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert out.getvalue().startswith("OK: 3 audit events verified; checkpoint #3")
    assert len(list(settings.AUDIT_CHECKPOINT_DIR.glob("audit-checkpoint-*.json"))) == 1
    remove(3)
    AuditChainHead.objects.filter(pk=1).update(
        last_seq=2, last_hash=AuditSeal.objects.get(seq=2).hash
    )
    code, _, err = _run()
    assert code == 1
    assert "REMOVED #3:" in err and "checkpoint" in err


def test_audit_checkpoint_refuses_a_damaged_chain():
    events = _chain(3)
    edit_event(events[0].seq, action="tests.thing.undone")
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("audit_checkpoint", stdout=io.StringIO(), stderr=err)
    assert "no checkpoint written" in err.getvalue()


def test_audit_seal_seals_what_waits():
    _chain(0)
    audit_log(actor=None, action="tests.thing.done")
    out = io.StringIO()
    call_command("audit_seal", stdout=out)
    assert out.getvalue().strip() == "Sealed 1 audit event(s)."
