"""A trustee's decryption with their private key runs in a background job, not in the
request: the request records the ask (sealed key, audit), the page shows the state and
refreshes itself, a failure is recorded with a clear message and retried by giving the key
again, and running the job twice stores the share once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from partydesk.conftest import logged_in
from partydesk.core.errors import Conflict
from partydesk.core.models import AuditEvent
from partydesk.meetings import belenios
from partydesk.meetings.models import ElectionTrustee
from partydesk.meetings.services.trustees import trustee_decrypt, trustee_decrypt_run
from partydesk.meetings.tests.test_meetings import As
from partydesk.meetings.tests.test_trustees import voted_and_tallied

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not belenios.available(), reason="belenios-tool is not installed (make system-deps)"
    ),
]


def actions(name: str) -> int:
    return AuditEvent.objects.filter(action=f"meetings.election.{name}").count()


def test_the_decryption_job_fails_clearly_is_retried_and_stores_once(
    tree, alice, bob, django_capture_on_commit_callbacks
):
    election, trustees, keys, _ids = voted_and_tallied(tree, alice, bob)
    first = election.trustees.get(position=1)
    page = reverse("meetings:election_trustee", args=[election.meeting_id, election.pk])
    client = logged_in(trustees[0])
    bad = SimpleUploadedFile("mine.privkey", b'"not a belenios key"')
    with django_capture_on_commit_callbacks(execute=True) as queued:
        asked = client.post(page, {"action": "decrypt", "private_key": bad})
    assert asked.status_code == 302 and len(queued) == 1
    first.refresh_from_db()
    assert first.decrypt_status == "failed" and first.key_waiting is None
    assert "key file of trustee 1" in first.decrypt_error
    assert actions("trustee_decrypt_requested") == 1 and actions("trustee_decrypt_failed") == 1
    shown = client.get(page).content.decode()
    assert "The decryption failed" in shown and 'name="private_key"' in shown
    assert 'http-equiv="refresh"' not in shown
    # Given again with the right key: it waits sealed, not in clear, until the job runs.
    assert trustee_decrypt(
        actor=As(trustees[0]), election=election, trustee=first, private_key=keys[0]
    )
    first.refresh_from_db()
    sealed = bytes(first.key_waiting or b"")
    assert first.decrypt_status == "running" and sealed and keys[0].encode() not in sealed
    running = client.get(page).content.decode()
    assert "under way" in running and 'name="private_key"' not in running
    assert trustee_decrypt_run(first.pk) is True
    assert trustee_decrypt_run(first.pk) is False  # a second run finds nothing to do
    first.refresh_from_db()
    assert first.decrypt_status == "done" and first.key_waiting is None and first.partial_decryption
    assert actions("trustee_decrypted") == 1
    with pytest.raises(Conflict):
        trustee_decrypt(
            actor=As(trustees[0]), election=election, trustee=first, private_key=keys[0]
        )
    assert "Your partial decryption is in." in client.get(page).content.decode()
    vi = client.get(page, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Phần giải mã của bạn đã được nộp." in vi


def test_a_lost_job_lets_the_trustee_give_the_key_again(tree, alice, bob):
    election, trustees, keys, _ids = voted_and_tallied(tree, alice, bob)
    second = election.trustees.get(position=2)
    trustee_decrypt(actor=As(trustees[1]), election=election, trustee=second, private_key=keys[1])
    # The worker stopped with the key taken: after a while the page offers the form again.
    ElectionTrustee.objects.filter(pk=second.pk).update(
        key_waiting=None, decrypt_requested_at=timezone.now() - dt.timedelta(hours=2)
    )
    page = reverse("meetings:election_trustee", args=[election.meeting_id, election.pk])
    shown = logged_in(trustees[1]).get(page).content.decode()
    assert "did not finish" in shown and 'name="private_key"' in shown
    assert trustee_decrypt_run(second.pk) is False  # no key waiting: nothing runs
    trustee_decrypt(actor=As(trustees[1]), election=election, trustee=second, private_key=keys[1])
    assert trustee_decrypt_run(second.pk) is True
