"""Elections: set-up under the surplus rule, the board's double entry of paper ballots,
the count and its audit."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from partydesk.conftest import logged_in
from partydesk.core.errors import InvalidInput, NotAllowed
from partydesk.core.http import SYSTEM
from partydesk.core.models import AuditEvent
from partydesk.meetings.models import Election, PaperBallot
from partydesk.meetings.services.elections import election_create
from partydesk.meetings.services.paper_ballots import (
    ballot_enter,
    ballot_resolve,
    paper_close,
    paper_count,
    paper_open,
)
from partydesk.meetings.tests.test_attendance import now_meeting
from partydesk.meetings.tests.test_meetings import As

pytestmark = pytest.mark.django_db

NAMES = [f"Ứng cử viên {i}" for i in range(1, 12)]


def board_meeting(tree, alice, bob):  # type: ignore[no-untyped-def]
    meeting = now_meeting(tree, members=[alice, bob])
    meeting.chair, meeting.secretary = alice, bob
    meeting.save()
    return meeting


def paper_election(meeting, **kw) -> Election:  # type: ignore[no-untyped-def]
    values: dict[str, Any] = {
        "title": "Bầu Ban Chấp hành",
        "seats": 9,
        "candidates": NAMES,
        "method": "paper",
    }
    values.update(kw)
    return election_create(actor=SYSTEM, meeting=meeting, **values)


def test_the_surplus_limit_refuses_a_long_list(tree, alice, bob):
    meeting = board_meeting(tree, alice, bob)
    with pytest.raises(InvalidInput) as error:
        paper_election(meeting, candidates=[*NAMES, "Người thứ mười hai"])
    assert "11" in str(error.value.message) and "12" in str(error.value.message)
    with pytest.raises(InvalidInput):
        paper_election(meeting, candidates=NAMES[:8])  # fewer than the seats
    with pytest.raises(InvalidInput):
        paper_election(meeting, candidates=[*NAMES[:10], NAMES[0]])  # a name twice
    assert paper_election(meeting, max_surplus_percent=40, candidates=[*NAMES, "Mười hai"])
    election = paper_election(meeting)
    assert election.candidates.count() == 11
    assert AuditEvent.objects.filter(action="meetings.election.created").count() == 2


def test_only_those_who_run_the_meeting_set_up_an_election(tree, alice, bob, eve):
    meeting = board_meeting(tree, alice, bob)
    with pytest.raises(NotAllowed):
        election_create(
            actor=As(eve), meeting=meeting, title="x", seats=1, candidates=["a"], method="paper"
        )


def test_double_entry_must_agree_and_a_mismatch_is_resolved(tree, alice, bob):
    meeting = board_meeting(tree, alice, bob)
    election = paper_election(meeting)
    paper_open(actor=As(alice), election=election)
    ids = list(election.candidates.values_list("pk", flat=True))
    with pytest.raises(NotAllowed):  # voting still open
        ballot_enter(actor=As(alice), election=election, number=1, kept=ids[:9], spoiled=False)
    paper_close(actor=As(alice), election=election)
    ballot_enter(actor=As(alice), election=election, number=1, kept=ids[:9], spoiled=False)
    with pytest.raises(NotAllowed):  # the same member cannot confirm their own entry
        ballot_enter(actor=As(alice), election=election, number=1, kept=ids[:9], spoiled=False)
    agreed = ballot_enter(actor=As(bob), election=election, number=1, kept=ids[:9], spoiled=False)
    assert agreed.agreed and not agreed.mismatch
    with pytest.raises(NotAllowed):  # a third entry
        ballot_enter(actor=As(bob), election=election, number=1, kept=ids[:9], spoiled=False)
    ballot_enter(actor=As(alice), election=election, number=2, kept=ids[:3], spoiled=False)
    wrong = ballot_enter(actor=As(bob), election=election, number=2, kept=ids[:4], spoiled=False)
    assert wrong.mismatch and not wrong.agreed
    with pytest.raises(NotAllowed) as error:
        paper_count(actor=As(alice), election=election)
    assert "2" in str(error.value)
    with pytest.raises(NotAllowed):
        ballot_resolve(actor=As(alice), ballot=agreed, kept=[], spoiled=True)  # no mismatch
    ballot_resolve(actor=As(alice), ballot=wrong, kept=ids[:3], spoiled=False)
    assert PaperBallot.objects.get(pk=wrong.pk).kept == sorted(ids[:3])
    with pytest.raises(InvalidInput):
        ballot_enter(actor=As(alice), election=election, number=3, kept=[10**9], spoiled=False)


def test_the_count_applies_the_rules(tree, alice, bob):
    meeting = board_meeting(tree, alice, bob)
    election = paper_election(meeting, seats=2, candidates=NAMES[:2], max_surplus_percent=0)
    paper_open(actor=As(alice), election=election)
    paper_close(actor=As(bob), election=election)
    first, second = election.candidates.values_list("pk", flat=True)
    readings = [([first, second], False), ([first], False), ([first], False), ([], True)]
    readings.append(([first, second, first], False))  # a duplicate tick is still one name
    for number, (kept, spoiled) in enumerate(readings, 1):
        ballot_enter(actor=As(alice), election=election, number=number, kept=kept, spoiled=spoiled)
        ballot_enter(actor=As(bob), election=election, number=number, kept=kept, spoiled=spoiled)
    election = paper_count(actor=As(alice), election=election)
    result = election.result
    assert result is not None
    assert (result["valid"], result["invalid"]) == (4, 1)
    assert result["votes"] == {str(first): 4, str(second): 2}
    # More than half of 4 valid ballots is 3: the second candidate (2) is not elected.
    assert result["elected"] == [first] and result["outcome"] == "unfilled"
    assert election.state == "counted"
    with pytest.raises(NotAllowed):
        paper_count(actor=As(alice), election=election)


def test_a_ballot_keeping_too_many_names_is_counted_invalid(tree, alice, bob):
    meeting = board_meeting(tree, alice, bob)
    election = paper_election(meeting)
    paper_open(actor=As(alice), election=election)
    paper_close(actor=As(alice), election=election)
    ids = list(election.candidates.values_list("pk", flat=True))
    for number, kept in enumerate([ids[:10], ids[:9]], 1):
        ballot_enter(actor=As(alice), election=election, number=number, kept=kept, spoiled=False)
        ballot_enter(actor=As(bob), election=election, number=number, kept=kept, spoiled=False)
    result = paper_count(actor=As(alice), election=election).result
    assert result is not None
    assert (result["valid"], result["invalid"]) == (1, 1)
    assert result["elected"] == ids[:9]


def test_the_board_enters_ballots_in_the_pages_and_prints_its_report(tree, alice, bob, eve):
    meeting = board_meeting(tree, alice, bob)
    type(meeting.organization).objects.filter(pk=meeting.organization_id).update(
        place_name="Nghệ An"
    )
    chair, secretary, foreign = logged_in(alice), logged_in(bob), logged_in(eve)
    listing = reverse("meetings:elections", args=[meeting.pk])
    form = {
        "title": "Bầu Ban Chấp hành",
        "seats": "9",
        "candidates": "\n".join([*NAMES, "Người thứ mười hai"]),
        "method": "paper",
        "max_surplus_percent": "30",
        "base": "valid",
        "blank_valid": "on",
    }
    refused = chair.post(listing, form)
    assert refused.status_code == 400
    assert "Người thứ mười hai" in refused.content.decode()  # the form keeps what was typed
    form["candidates"] = "\n".join(NAMES)
    created = chair.post(listing, form)
    election = Election.objects.get(meeting=meeting)
    assert created.status_code == 302
    page = reverse("meetings:election", args=[meeting.pk, election.pk])
    step = reverse("meetings:election_step", args=[meeting.pk, election.pk])
    entry = reverse("meetings:ballot_entry", args=[meeting.pk, election.pk])
    assert foreign.get(page).status_code == 404
    assert foreign.post(entry, {"number": "1"}).status_code == 404
    chair.post(step, {"step": "open"})
    chair.post(step, {"step": "close"})
    ids = [str(i) for i in election.candidates.values_list("pk", flat=True)]
    assert chair.post(entry, {"number": "1", "kept": ids[:9]}).status_code == 302
    mismatch = secretary.post(entry, {"number": "1", "kept": ids[:8]}, follow=True)
    assert "disagree" in mismatch.content.decode()
    bad = chair.post(entry, {"number": "", "kept": ids[:2]})
    assert bad.status_code == 400 and f'value="{ids[0]}" checked' in bad.content.decode()
    ballot = PaperBallot.objects.get(election=election, number=1)
    resolve = reverse("meetings:ballot_resolve", args=[meeting.pk, election.pk, ballot.pk])
    assert chair.post(resolve, {"kept": ids[:9]}).status_code == 302
    counted = chair.post(step, {"step": "count"}, follow=True)
    assert "Every seat is filled" in counted.content.decode()
    report = chair.get(reverse("meetings:election_report", args=[meeting.pk, election.pk]))
    assert report.status_code == 200 and "VOTE-COUNTING REPORT" in report.content.decode()
    pdf = chair.get(reverse("meetings:election_report_pdf", args=[meeting.pk, election.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Ứng cử viên 9" in text and "Trúng cử" in text
    # Dated at the organization's place, shares written as Vietnamese does, signed by the
    # board's head, and filed (not a bare "Nơi nhận: -").
    assert "Nghệ An, ngày" in text and "(100%)" in text  # not "100,0%"
    assert "100.0" not in text and "TRƯỞNG BAN" in text and "- Lưu hồ sơ hội nghị." in text
    assert (
        foreign.get(
            reverse("meetings:election_report_pdf", args=[meeting.pk, election.pk])
        ).status_code
        == 404
    )
    vietnamese = chair.get(page, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Người ứng cử" in vietnamese.content.decode()
    assert '<td data-label="%">100</td>' in vietnamese.content.decode()  # not 100,0


def test_resolving_an_unknown_or_another_elections_ballot_is_a_plain_404(tree, alice, bob):
    meeting = board_meeting(tree, alice, bob)
    election, other = paper_election(meeting), paper_election(meeting, title="Bầu Bí thư")
    for found in (election, other):
        paper_open(actor=As(alice), election=found)
        paper_close(actor=As(alice), election=found)
    ids = list(other.candidates.values_list("pk", flat=True))
    ballot_enter(actor=As(alice), election=other, number=1, kept=ids[:3], spoiled=False)
    foreign = ballot_enter(actor=As(bob), election=other, number=1, kept=ids[:4], spoiled=False)
    chair = logged_in(alice)
    for ballot in (foreign.pk, 10**9):
        url = reverse("meetings:ballot_resolve", args=[meeting.pk, election.pk, ballot])
        response = chair.post(url, {"kept": [str(i) for i in ids[:3]]})
        assert response.status_code == 404
        assert "meetings/election.html" not in [t.name for t in response.templates]
    assert PaperBallot.objects.get(pk=foreign.pk).mismatch  # nothing was resolved


def test_a_count_recorded_afterwards_is_dated_when_the_board_counted(tree, alice, bob):
    meeting = board_meeting(tree, alice, bob)
    election = paper_election(meeting, seats=1, candidates=NAMES[:1], max_surplus_percent=0)
    paper_open(actor=As(alice), election=election)
    paper_close(actor=As(alice), election=election)
    (only,) = election.candidates.values_list("pk", flat=True)
    for member in (alice, bob):
        ballot_enter(actor=As(member), election=election, number=1, kept=[only], spoiled=False)
    at = timezone.now() - dt.timedelta(minutes=5)

    counted = paper_count(actor=As(alice), election=election, now=at)

    assert counted.counted_at == at and counted.state == "counted"
