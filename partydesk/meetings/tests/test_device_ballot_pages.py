"""The vote page with encryption on the voter's device: the page carries the election's
parameters and the module; a ballot made by belenios-ballot.js is posted alone (no
credential, no choice) to its route, checked by belenios-tool, cast with the anonymous
audit, counted and verified; a second ballot from the same credential, a foreign ballot
and a non-voter are refused. Node runs the page's own file."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse

from partydesk.accounts.tests.factories import make_user
from partydesk.conftest import logged_in
from partydesk.core.models import AuditEvent
from partydesk.core.services.outbox import outbox_deliver
from partydesk.meetings import belenios
from partydesk.meetings.models import Participant, Role
from partydesk.meetings.services.electronic import (
    electronic_close,
    electronic_open,
    electronic_tally,
)
from partydesk.meetings.tests.test_browser_ballot import _tools, device_ballot
from partydesk.meetings.tests.test_elections import paper_election
from partydesk.meetings.tests.test_electronic import decrypt_all, electronic_meeting, name_trustees
from partydesk.meetings.tests.test_meetings import As

pytestmark = pytest.mark.django_db


def test_the_page_encrypts_on_the_device_and_posts_only_the_ballot(tree, alice, bob, eve):
    _tools()
    meeting, voters = electronic_meeting(tree, alice, bob)
    election = paper_election(meeting, method="electronic")
    keys = name_trustees(election, alice, [alice, bob])
    credentials = electronic_open(actor=As(alice), election=election)
    election.refresh_from_db()
    chair = logged_in(alice)
    args = [meeting.pk, election.pk]
    page = chair.get(reverse("meetings:election_ballot", args=args)).content.decode()
    assert 'type="module"' in page and "meetings/electronic-vote.js" in page
    assert "data-server-note" in page and "data-device-note hidden" in page
    found = re.search(
        r'<script id="belenios-election" type="application/json">(.+?)</script>', page
    )
    assert found is not None
    params = json.loads(found.group(1))
    assert params["election"] == belenios.election_params(bytes(election.record or b""))
    ids = list(election.candidates.values_list("pk", flat=True))
    assert params["candidates"] == ids
    send = reverse("meetings:election_vote_encrypted", args=args)
    assert f'action="{send}"' in page

    choices = [ids[:3], [ids[4]], ids[2:11]]
    receipts = []
    for voter, credential, kept in zip(voters[:3], credentials[:3], choices, strict=True):
        plaintext = [1 if pk in kept else 0 for pk in ids]
        ballot = device_ballot(params["election"], credential, plaintext)
        answer = logged_in(voter).post(send, {"ballot": ballot})
        assert answer.status_code == 200
        text = answer.content.decode()
        receipt = re.search(r'<code id="receipt">([^<]+)</code>', text)
        assert receipt is not None and receipt.group(1) == belenios.tracker(ballot)
        assert "encrypted on your device" in text
        receipts.append(receipt.group(1))
        if voter == alice:
            again = chair.post(send, {"ballot": ballot})  # the same credential, no re-vote
            assert again.status_code == 400 and "already voted" in html.unescape(
                again.content.decode()
            )
    casts = AuditEvent.objects.filter(action="meetings.ballot.cast")
    assert casts.count() == 3 and all(e.actor_id is None for e in casts)
    assert all(credential not in str(e.details) for e in casts for credential in credentials)

    refused = chair.post(send, {"ballot": '{"election_uuid": "another"}'})
    assert refused.status_code == 400
    assert "This is not a ballot of this election." in html.unescape(refused.content.decode())
    election.refresh_from_db()
    stranger = make_user("stranger", organization=tree.committee_a)
    Participant.objects.create(meeting=meeting, user=stranger, role=Role.GUEST)
    ballot = device_ballot(params["election"], credentials[3], [1] + [0] * (len(ids) - 1))
    assert logged_in(stranger).post(send, {"ballot": ballot}).status_code == 400
    assert logged_in(eve).post(send, {"ballot": ballot}).status_code == 404

    electronic_close(actor=As(alice), election=election)
    electronic_tally(actor=As(alice), election=election)
    assert outbox_deliver().delivered == 1
    election.refresh_from_db()
    decrypt_all(election, [alice, bob], keys)
    assert outbox_deliver().delivered == 1
    election.refresh_from_db()
    result = election.result
    assert result is not None and result["verified"] is True
    assert result["votes"] == {str(pk): sum(pk in kept for kept in choices) for pk in ids}
    receipt_page = chair.get(
        reverse("meetings:election_check", args=args), {"receipt": receipts[0]}
    )
    assert "is on the published record" in receipt_page.content.decode()


def test_the_server_encrypted_receipt_says_so(tree, alice, bob):
    _tools()
    meeting, _voters = electronic_meeting(tree, alice, bob)
    election = paper_election(meeting, method="electronic")
    name_trustees(election, alice, [alice, bob])
    credentials = electronic_open(actor=As(alice), election=election)
    ids = list(election.candidates.values_list("pk", flat=True))
    vote = reverse("meetings:election_vote", args=[meeting.pk, election.pk])
    answer = logged_in(alice).post(vote, {"credential": credentials[0], "kept": ids[:2]})
    assert answer.status_code == 200
    assert "encrypted by the server" in answer.content.decode()
