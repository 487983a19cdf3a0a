"""A tie at the limit goes to another round: the chair creates it from the counted round,
between the tied candidates for the seats left, once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partydesk.conftest import logged_in
from partydesk.core.errors import NotAllowed
from partydesk.core.models import AuditEvent
from partydesk.meetings.models import Election
from partydesk.meetings.services.paper_ballots import (
    ballot_enter,
    paper_close,
    paper_count,
    paper_open,
)
from partydesk.meetings.services.runoff import election_runoff_create
from partydesk.meetings.tests.test_elections import board_meeting, paper_election
from partydesk.meetings.tests.test_meetings import As

pytestmark = pytest.mark.django_db


def _tied(meeting, alice, bob) -> Election:  # type: ignore[no-untyped-def]
    """Two seats, three candidates: A 6 votes, B and C 5 each of 8 ballots (more than half
    is 5): A is elected, B and C tie at the limit for the one seat left."""
    election = paper_election(
        meeting, seats=2, candidates=["An", "Bình", "Cúc"], max_surplus_percent=50
    )
    paper_open(actor=As(alice), election=election)
    paper_close(actor=As(alice), election=election)
    a, b, c = election.candidates.values_list("pk", flat=True)
    for number, kept in enumerate([[a, b]] * 3 + [[a, c]] * 3 + [[b, c]] * 2, 1):
        for who in (alice, bob):
            ballot_enter(actor=As(who), election=election, number=number, kept=kept, spoiled=False)
    return paper_count(actor=As(alice), election=election)


def test_the_next_round_takes_the_tied_for_the_seats_left_once(tree, alice, bob, eve):
    meeting = board_meeting(tree, alice, bob)
    election = _tied(meeting, alice, bob)
    assert election.result is not None
    assert (election.result["outcome"], election.result["seats_left"]) == ("runoff", 1)
    page = reverse("meetings:election", args=[meeting.pk, election.pk])
    create = reverse("meetings:election_runoff", args=[meeting.pk, election.pk])
    assert create in logged_in(alice).get(page).content.decode()
    assert logged_in(eve).post(create).status_code == 404

    response = logged_in(alice).post(create)
    runoff = Election.objects.get(previous=election)
    assert response.status_code == 302 and response["Location"] == reverse(
        "meetings:election", args=[meeting.pk, runoff.pk]
    )
    assert (runoff.round, runoff.seats, runoff.method, runoff.state) == (2, 1, "paper", "draft")
    assert list(runoff.candidates.values_list("name", flat=True)) == ["Bình", "Cúc"]
    assert (runoff.base, runoff.blank_valid) == (election.base, election.blank_valid)
    event = AuditEvent.objects.get(action="meetings.election.runoff_created")
    assert event.details["previous"] == election.pk and event.details["election"] == runoff.pk

    again = logged_in(alice).post(create)
    assert again.status_code == 400 and "already created" in again.content.decode()
    assert Election.objects.filter(previous=election).count() == 1
    shown = logged_in(alice).get(page).content.decode()
    assert create not in shown
    assert reverse("meetings:election", args=[meeting.pk, runoff.pk]) in shown
    back = logged_in(alice).get(reverse("meetings:election", args=[meeting.pk, runoff.pk]))
    assert page in back.content.decode()


def test_no_next_round_without_a_counted_tie(tree, alice, bob, eve):
    meeting = board_meeting(tree, alice, bob)
    election = paper_election(meeting)
    with pytest.raises(NotAllowed):
        election_runoff_create(actor=As(alice), election=election)
    with pytest.raises(NotAllowed):  # only those who run the meeting
        election_runoff_create(actor=As(eve), election=_tied(meeting, alice, bob))
