"""Signed checkpoints outside the database: a forger who rewrites the chain *and* its head
row, or deletes the tail and moves the head back, is still caught."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from partydesk.core.audit import (
    audit_check,
    checkpoint_write,
    checkpoints_read,
)
from partydesk.core.models import AuditChainHead, AuditVerification
from partydesk.core.tests.forgery import (
    edit_event,
    move_head_to_last_seal,
    rechain_from,
    remove,
    sealed_chain,
)

pytestmark = pytest.mark.django_db


def _chain(n: int) -> None:
    sealed_chain(n)


def _kinds() -> list[tuple[int, str]]:
    return [(p.seq, p.kind) for p in audit_check().problems]


def test_a_checkpoint_signs_the_head_and_reads_back():
    _chain(3)
    result = audit_check(write_checkpoint=True)
    assert result.ok and result.checkpoint is not None
    head = AuditChainHead.objects.get(pk=1)
    good, bad = checkpoints_read()
    assert [(c.seq, c.hash) for c in good] == [(3, head.last_hash)]
    assert bad == []


def test_a_damaged_chain_is_never_checkpointed():
    _chain(3)
    edit_event(2, action="tests.thing.undone")
    result = audit_check(write_checkpoint=True)
    assert not result.ok
    assert checkpoints_read() == ([], [])


def test_a_rewrite_with_the_head_row_rewritten_too_is_caught_by_the_checkpoint():
    _chain(4)
    audit_check(write_checkpoint=True)
    rechain_from(2, action="tests.thing.rewritten")
    move_head_to_last_seal()
    assert _kinds() == [(4, "changed")]


def test_a_deleted_tail_with_the_head_moved_back_is_caught_by_the_checkpoint():
    _chain(5)
    audit_check(write_checkpoint=True)
    remove(4, 5)
    move_head_to_last_seal()
    assert _kinds() == [(4, "removed")]


def test_an_edited_checkpoint_file_is_named():
    _chain(2)
    checkpoint = audit_check(write_checkpoint=True).checkpoint
    assert checkpoint is not None and checkpoint.path is not None
    body = json.loads(checkpoint.path.read_text())
    body["seq"] = 1
    checkpoint.path.write_text(json.dumps(body))
    assert _kinds() == [(0, "checkpoint")]


def test_a_checkpoint_signed_with_another_key_is_not_believed(settings):
    _chain(2)
    settings.AUDIT_CHECKPOINT_KEY = "another installation's key, 32+ chars long"
    checkpoint_write(seq=2, hash="f" * 64, at=timezone.now())
    settings.AUDIT_CHECKPOINT_KEY = "this installation's own key, also 32+ chars"
    assert _kinds() == [(0, "checkpoint")]


def test_every_run_is_recorded_for_the_viewer():
    _chain(2)
    audit_check()
    edit_event(1, action="tests.thing.undone")
    audit_check()
    runs = list(
        AuditVerification.objects.order_by("finished_at").values_list("ok", "events", "problems")
    )
    assert runs == [(True, 2, 0), (False, 2, 1)]
    assert "CHANGED #1" in AuditVerification.objects.latest("finished_at").summary
