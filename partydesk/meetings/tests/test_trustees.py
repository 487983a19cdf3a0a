"""Trustees of an electronic election, with the real belenios-tool: several named people
each make their key; the server keeps no private key, so the count cannot finish without
every trustee's partial decryption; a partial decryption that does not verify is refused
and asked again; the trustee's pages, in English and Vietnamese."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.models import AuditEvent, Notification
from partydesk.core.services.outbox import outbox_deliver
from partydesk.meetings import belenios, belenios_tally
from partydesk.meetings.models import Election, ElectionState, ElectionTrustee
from partydesk.meetings.services.electronic import (
    TRUSTEE_DECRYPT,
    electronic_cast,
    electronic_close,
    electronic_count,
    electronic_open,
    electronic_tally,
)
from partydesk.meetings.services.trustees import (
    trustee_add,
    trustee_decrypt,
    trustee_decrypt_run,
    trustee_remove,
)
from partydesk.meetings.tests.test_elections import paper_election
from partydesk.meetings.tests.test_electronic import electronic_meeting, name_trustees
from partydesk.meetings.tests.test_meetings import As

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not belenios.available(), reason="belenios-tool is not installed (make system-deps)"
    ),
]


def voted_and_tallied(tree, alice, bob):  # type: ignore[no-untyped-def]
    """Three trustees, two ballots cast, voting closed and the encrypted tally published."""
    meeting, voters = electronic_meeting(tree, alice, bob)
    election = paper_election(meeting, method="electronic")
    trustees = voters[2:5]
    keys = name_trustees(election, alice, trustees)
    credentials = electronic_open(actor=As(alice), election=election)
    ids = list(election.candidates.values_list("pk", flat=True))
    for voter, credential, kept in zip(voters, credentials, [ids[:9], ids[1:3]], strict=False):
        election.refresh_from_db()
        electronic_cast(actor=As(voter), election=election, credential=credential, kept=kept)
    electronic_close(actor=As(alice), election=election)
    electronic_tally(actor=As(alice), election=election)
    assert outbox_deliver().delivered == 1
    election.refresh_from_db()
    assert election.state == ElectionState.DECRYPTING
    return election, trustees, keys, ids


def test_the_count_cannot_finish_without_every_trustee(tree, alice, bob):
    election, trustees, keys, ids = voted_and_tallied(tree, alice, bob)
    # The server holds public keys only: no private key in any trustee row nor the record.
    stored = " ".join(f"{t.public_key} {t.partial_decryption}" for t in election.trustees.all())
    assert all(k not in stored and k.encode() not in bytes(election.record or b"") for k in keys)
    # Each trustee was told, once, that the encrypted tally waits for their share.
    told = Notification.objects.filter(kind=TRUSTEE_DECRYPT)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(t.pk for t in trustees)
    assert all(n.url.endswith(f"/elections/{election.pk}/trustee/") for n in told)
    first = election.trustees.get(position=1)
    trustee_decrypt(actor=As(trustees[0]), election=election, trustee=first, private_key=keys[0])
    assert trustee_decrypt_run(first.pk)
    assert electronic_count(election.pk).state == ElectionState.DECRYPTING  # two still missing
    # Trustee 2 pastes a partial decryption made with trustee 1's key: it says it is
    # trustee 2's, but its proof does not verify against trustee 2's public key.
    forged = belenios_tally.partial_decryption(
        bytes(election.record or b""), election.belenios_uuid, keys[0], 2
    )
    second = election.trustees.get(position=2)
    trustee_decrypt(actor=As(trustees[1]), election=election, trustee=second, partial=forged)
    with pytest.raises(InvalidInput):  # trustee 3 cannot hand in trustee 2's share
        trustee_decrypt(
            actor=As(trustees[2]), election=election, trustee=election.trustees.get(position=3),
            partial=forged,
        )  # fmt: skip
    third = election.trustees.get(position=3)
    trustee_decrypt(actor=As(trustees[2]), election=election, trustee=third, private_key=keys[2])
    assert trustee_decrypt_run(third.pk)
    assert outbox_deliver().delivered == 1  # the count ran, and refused the forged share
    election.refresh_from_db()
    assert election.state == ElectionState.DECRYPTING and election.result is None
    assert ElectionTrustee.objects.get(pk=second.pk).partial_decryption == ""
    assert AuditEvent.objects.filter(action="meetings.election.partial_refused").exists()
    with pytest.raises(NotAllowed):  # only trustee 2 gives trustee 2's share
        trustee_decrypt(actor=As(alice), election=election, trustee=second, private_key=keys[1])
    trustee_decrypt(actor=As(trustees[1]), election=election, trustee=second, private_key=keys[1])
    assert trustee_decrypt_run(second.pk)
    assert outbox_deliver().delivered == 1
    election.refresh_from_db()
    result: dict[str, Any] = election.result or {}
    assert election.state == ElectionState.COUNTED and result["verified"] is True
    assert result["votes"][str(ids[1])] == 2
    assert belenios.verify(bytes(election.record or b""), election.belenios_uuid).ok


def test_opening_needs_two_trustees_each_with_a_key(tree, alice, bob):
    meeting, _voters = electronic_meeting(tree, alice, bob)
    election = paper_election(meeting, method="electronic")
    name_trustees(election, alice, [alice])
    with pytest.raises(NotAllowed, match="at least 2 trustees"):
        electronic_open(actor=As(alice), election=election)
    trustee_add(actor=As(alice), election=election, user_id=bob.pk)
    with pytest.raises(NotAllowed, match="make their key"):
        electronic_open(actor=As(alice), election=election)
    with pytest.raises(InvalidInput):  # not a member of the meeting
        trustee_add(actor=As(alice), election=election, user_id=meeting.organization_id * 1000)
    first = election.trustees.get(position=1)
    trustee_remove(actor=As(alice), election=election, trustee_id=first.pk)
    assert list(election.trustees.values_list("user_id", "position")) == [(bob.pk, 1)]
    assert Election.objects.get(pk=election.pk).state == ElectionState.DRAFT


def test_the_trustee_pages(tree, alice, bob, eve, django_capture_on_commit_callbacks):
    meeting, voters = electronic_meeting(tree, alice, bob)
    election = paper_election(meeting, method="electronic")
    chair, secretary, foreign = logged_in(alice), logged_in(bob), logged_in(eve)
    names = reverse("meetings:election_trustees", args=[meeting.pk, election.pk])
    mine = reverse("meetings:election_trustee", args=[meeting.pk, election.pk])
    page = reverse("meetings:election", args=[meeting.pk, election.pk])
    assert chair.post(names, {"user": bob.pk}).status_code == 302
    assert chair.post(names, {"user": alice.pk}).status_code == 302
    assert "already a trustee" in chair.post(names, {"user": bob.pk}, follow=True).content.decode()
    assert foreign.post(names, {"user": eve.pk}).status_code == 404
    assert foreign.get(mine).status_code == 404
    assert logged_in(voters[2]).get(mine).status_code == 404  # a member, not a trustee
    assert "Trustee 1" in secretary.get(mine).content.decode()
    assert "Người giữ khóa" in secretary.get(mine, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    key = secretary.post(mine, {"action": "generate"})
    assert key.status_code == 200 and "no-store" in key["Cache-Control"]
    assert key["Content-Type"] == "application/octet-stream"
    position = election.trustees.get(user=bob).position
    name = f"election-{election.pk}-trustee-{position}.privkey"
    assert key["Content-Disposition"] == f'attachment; filename="{name}"'
    private = key.content.decode().strip()
    assert private not in " ".join(election.trustees.values_list("public_key", flat=True))
    bad = chair.post(mine, {"action": "public_key", "public_key": '{"pok": 1}'})
    assert bad.status_code == 400 and "proof does not verify" in bad.content.decode()
    own = belenios.generate_trustee_key()  # made on alice's own computer
    assert chair.post(mine, {"action": "public_key", "public_key": own.public}).status_code == 302
    assert "My trustee page" in chair.get(page).content.decode()
    credentials = electronic_open(actor=As(alice), election=election)
    election.refresh_from_db()
    ids = list(election.candidates.values_list("pk", flat=True))
    electronic_cast(actor=As(alice), election=election, credential=credentials[0], kept=ids[:2])
    electronic_close(actor=As(alice), election=election)
    electronic_tally(actor=As(alice), election=election)
    outbox_deliver()
    upload = SimpleUploadedFile("bob.privkey", private.encode())
    with django_capture_on_commit_callbacks(execute=True) as queued:
        given = secretary.post(mine, {"action": "decrypt", "private_key": upload}, follow=True)
        # The request only records the ask; the page says so and refreshes itself.
        assert "Your decryption is under way" in given.content.decode()
        assert '<meta http-equiv="refresh" content="5">' in given.content.decode()
    assert len(queued) == 1  # the job, enqueued after commit (run at once in tests)
    assert "Your partial decryption is in." in secretary.get(mine).content.decode()
    assert chair.post(mine, {"action": "decrypt"}).status_code == 400  # neither key nor partial
    election.refresh_from_db()
    partial = belenios_tally.partial_decryption(
        bytes(election.record or b""), election.belenios_uuid, own.private, 2
    )  # alice's own computer again: her private key never reaches the server
    assert chair.post(mine, {"action": "decrypt", "partial": partial}).status_code == 302
    outbox_deliver()
    assert "belenios-tool verified the record" in chair.get(page).content.decode()
