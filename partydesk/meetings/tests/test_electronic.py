"""An electronic secret ballot through the services and pages, with the real belenios-tool:
9 of 11 candidates, a handful of voters, the record verified and the result matching;
voting twice, too many names, the anonymous audit of casts, receipts."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.core.audit import ANONYMOUS_LABEL
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.models import AuditEvent
from partydesk.core.services.outbox import outbox_deliver
from partydesk.meetings import belenios
from partydesk.meetings.models import Election, ElectionRecordPart, ElectionState, ElectionVoter
from partydesk.meetings.services.electronic import (
    electronic_cast,
    electronic_close,
    electronic_open,
    electronic_tally,
    receipt_on_record,
    record_verification,
)
from partydesk.meetings.services.trustees import (
    trustee_add,
    trustee_decrypt,
    trustee_decrypt_run,
    trustee_generate_key,
)
from partydesk.meetings.tests.test_attendance import now_meeting
from partydesk.meetings.tests.test_elections import paper_election
from partydesk.meetings.tests.test_meetings import As

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not belenios.available(), reason="belenios-tool is not installed (make system-deps)"
    ),
]


def electronic_meeting(tree, alice, bob):  # type: ignore[no-untyped-def]
    others = [make_user(f"voter{i}", organization=tree.committee_a) for i in range(3)]
    meeting = now_meeting(tree, members=[alice, bob, *others])
    meeting.chair, meeting.secretary = alice, bob
    meeting.save()
    return meeting, [alice, bob, *others]


def name_trustees(election, runner, people):  # type: ignore[no-untyped-def]
    """Name these people trustees; each makes their key; their private keys, in order."""
    for person in people:
        trustee_add(actor=As(runner), election=election, user_id=person.pk)
    return [
        trustee_generate_key(actor=As(t.user), election=election, trustee=t)
        for t in election.trustees.select_related("user").order_by("position")
    ]


def decrypt_all(election, people, keys):  # type: ignore[no-untyped-def]
    for person, key in zip(people, keys, strict=True):
        election.refresh_from_db()
        mine = election.trustees.get(user=person)
        assert trustee_decrypt(actor=As(person), election=election, trustee=mine, private_key=key)
        assert trustee_decrypt_run(mine.pk)  # the background job's work


def test_nine_of_eleven_by_electronic_secret_ballot(tree, alice, bob, eve):
    meeting, voters = electronic_meeting(tree, alice, bob)
    election = paper_election(meeting, method="electronic")
    keys = name_trustees(election, alice, voters[1:3])
    with pytest.raises(NotAllowed):
        electronic_open(actor=As(eve), election=election)
    credentials = electronic_open(actor=As(alice), election=election)
    election.refresh_from_db()
    opened = bytes(election.record or b"")
    assert len(credentials) == 5 and election.credentials_issued == 5
    assert ElectionVoter.objects.filter(election=election).count() == 5
    # The private credentials are nowhere in the database's copy of the record.
    assert all(c.encode() not in bytes(election.record or b"") for c in credentials)
    ids = list(election.candidates.values_list("pk", flat=True))
    with pytest.raises(InvalidInput):  # keeping ten names for nine seats
        electronic_cast(
            actor=As(alice), election=election, credential=credentials[0], kept=ids[:10]
        )
    with pytest.raises(NotAllowed):  # not a voter
        electronic_cast(actor=As(eve), election=election, credential=credentials[0], kept=ids[:1])
    choices = [ids[:9], ids[:9], ids[2:11], ids[:9], ids[1:3]]
    receipts = []
    for voter, credential, kept in zip(voters, credentials, choices, strict=True):
        election.refresh_from_db()
        receipts.append(
            electronic_cast(actor=As(voter), election=election, credential=credential, kept=kept)
        )
    election.refresh_from_db()
    with pytest.raises(InvalidInput):  # the same credential again: no re-vote here
        electronic_cast(actor=As(alice), election=election, credential=credentials[0], kept=ids[:1])
    # Each cast added a row of its own; the stored record was not rewritten, and the record
    # read back (stored + rows) is one belenios-tool accepts.
    assert bytes(Election.objects.get(pk=election.pk).record or b"") == opened
    assert ElectionRecordPart.objects.filter(election=election).count() == 5
    assert record_verification(election).ok
    casts = AuditEvent.objects.filter(action="meetings.ballot.cast")
    assert casts.count() == 5
    assert all(e.actor_id is None and e.actor_label == ANONYMOUS_LABEL for e in casts)
    assert all(e.occurred_at.second == 0 for e in casts)
    electronic_close(actor=As(alice), election=election)
    electronic_tally(actor=As(alice), election=election)
    assert Election.objects.get(pk=election.pk).result is None  # the worker counts, not the request
    assert outbox_deliver().delivered == 1
    election.refresh_from_db()  # the encrypted tally is out; the count waits for the trustees
    assert election.state == ElectionState.DECRYPTING and election.result is None
    assert not ElectionRecordPart.objects.filter(election=election).exists()  # joined in
    decrypt_all(election, voters[1:3], keys)
    assert outbox_deliver().delivered == 1  # the last trustee's decryption queued the count
    election.refresh_from_db()
    result = election.result
    assert result is not None and result["verified"] is True
    expected = {str(pk): sum(pk in kept for kept in choices) for pk in ids}
    assert result["votes"] == expected
    assert result["valid"] == 5
    # More than half of 5 valid ballots is 3: the first nine names have 3 to 5 votes, the
    # last two 1; the elected are listed highest first (the third name has 5).
    assert sorted(result["elected"]) == sorted(ids[:9]) and result["elected"][0] == ids[2]
    assert result["outcome"] == "complete"
    assert record_verification(election).ok
    assert all(receipt_on_record(election, r) for r in receipts)
    assert not receipt_on_record(election, "A" * 43)


def test_the_pages_open_vote_and_check_a_receipt(tree, alice, bob, eve):
    meeting, _voters = electronic_meeting(tree, alice, bob)
    election = paper_election(meeting, method="electronic", revote_allowed=True)
    keys = name_trustees(election, alice, [alice, bob])
    chair, foreign = logged_in(alice), logged_in(eve)
    step = reverse("meetings:election_step", args=[meeting.pk, election.pk])
    slips = chair.post(step, {"step": "open"})
    assert slips.status_code == 200 and slips["Cache-Control"] == "no-store"
    credentials = re.findall(r"<code>([^<]+)</code>", slips.content.decode())
    assert len(credentials) == 5
    page = chair.get(reverse("meetings:election", args=[meeting.pk, election.pk]))
    assert "encrypted on your device" in page.content.decode()
    ballot = reverse("meetings:election_ballot", args=[meeting.pk, election.pk])
    assert ballot in page.content.decode()  # the chair is a member, so a voter
    vote = reverse("meetings:election_vote", args=[meeting.pk, election.pk])
    assert chair.get(ballot).status_code == 200
    assert foreign.get(ballot).status_code == 404
    ids = [
        str(i) for i in Election.objects.get(pk=election.pk).candidates.values_list("pk", flat=True)
    ]
    refused = chair.post(vote, {"credential": credentials[0], "kept": ids[:10]})
    assert refused.status_code == 400 and f'value="{ids[0]}" checked' in refused.content.decode()
    cast = chair.post(vote, {"credential": credentials[0], "kept": ids[:9]})
    receipt = re.search(r'<code id="receipt">([^<]+)</code>', cast.content.decode())
    assert receipt is not None
    again = chair.post(vote, {"credential": credentials[0], "kept": ids[:2]})  # re-vote
    assert again.status_code == 200
    check = reverse("meetings:election_check", args=[meeting.pk, election.pk])
    found = chair.get(check, {"receipt": receipt.group(1), "verify": "1"})
    assert "is on the published record" in found.content.decode()
    assert "all checks passed" in found.content.decode()
    record = chair.get(reverse("meetings:election_record", args=[meeting.pk, election.pk]))
    assert record.status_code == 200 and record.content.startswith(b"BELENIOS")
    assert record["Content-Type"] == "application/x-tar"
    uuid = Election.objects.get(pk=election.pk).belenios_uuid
    assert record["Content-Disposition"] == f'attachment; filename="{uuid}.bel"'
    assert foreign.get(check).status_code == 404
    vi = chair.get(ballot, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Mã bỏ phiếu" in vi.content.decode()
    # Closing, then counting from the page: the request only queues the count.
    assert chair.post(step, {"step": "close"}).status_code == 302
    started = chair.post(step, {"step": "count"}, follow=True).content.decode()
    assert "The count has started" in started and "Counting since" in started
    assert '<meta http-equiv="refresh"' in started  # the page follows the count by itself
    twice = chair.post(step, {"step": "count"}, follow=True).content.decode()
    assert "already under way" in twice
    assert outbox_deliver().delivered == 1
    waiting = chair.get(reverse("meetings:election", args=[meeting.pk, election.pk])).content
    assert "waits for 2 trustees" in waiting.decode()
    decrypt_all(election, [alice, bob], keys)
    assert outbox_deliver().delivered == 1
    done = chair.get(reverse("meetings:election", args=[meeting.pk, election.pk])).content.decode()
    assert "belenios-tool verified the record" in done and "Counting since" not in done
    assert 'http-equiv="refresh"' not in done
    assert outbox_deliver().delivered == 0  # nothing left, and a second delivery changes nothing


def test_the_nth_ballot_is_checked_against_the_setup_part_only() -> None:
    """verify-diff re-checks every ballot of its newer directory: a cast checked against the
    whole record cost as many ballot checks as were already cast. The check now sees the
    setup part and the one ballot, whatever the record holds."""
    setup = belenios.setup_election(
        name="E", question="Q", answers=["A", "B", "C"], min_kept=1, max_kept=2, voters=3,
        trustee_keys=[belenios.generate_trustee_key().public],
    )  # fmt: skip
    record = setup.record
    for credential in setup.private_credentials[:2]:
        ballot = belenios.generate_ballot(record, setup.uuid, credential, [1, 0, 1])
        record = belenios.cast(record, setup.uuid, ballot, revote_allowed=False)
    assert belenios.setup_part(record) == setup.record
    assert belenios.has_voted(record, str(json.loads(ballot)["credential"]))
    last = belenios.generate_ballot(record, setup.uuid, setup.private_credentials[2], [0, 1, 1])
    record = belenios.cast(record, setup.uuid, last, revote_allowed=False)
    assert len(belenios.ballots_of(record)) == 3 and belenios.verify(record, setup.uuid).ok
