"""Demo step: one finished election. Last month the Bloc's executive committee elected its
standing committee, 9 from 11 candidates, on paper: every ballot entered twice by the
vote-counting board (the chair and the secretary), one ballot keeping ten names (invalid),
then counted by meetings' own service that day, so the result and the board's report are
real; the meeting closed by its chair when it ended. The candidates are the demo logins'
people, named as on a ballot: full name, in Vietnamese alphabetical order."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from partydesk.accounts.models import User
from partydesk.accounts.selectors import actor_for
from partydesk.core.http import SYSTEM
from partydesk.demo.context import DemoContext
from partydesk.meetings.models import (
    CheckIn,
    Election,
    ElectionState,
    MeetingKind,
    PaperBallot,
    Participant,
)
from partydesk.meetings.services.elections import election_create
from partydesk.meetings.services.meetings import meeting_close, meeting_create
from partydesk.meetings.services.paper_ballots import paper_count

SEATS, CANDIDATES = 9, 11
# How likely each candidate's name is kept, in the list's order: the last two rarely.
KEEP = (0.95, 0.9, 0.9, 0.85, 0.85, 0.8, 0.8, 0.75, 0.7, 0.3, 0.2)


def _ballot_name(user: User) -> str:
    """A candidate as the ballot names them: the person's full name (never the login)."""
    assert user.person is not None, user.username
    return user.person.full_name


def seed(ctx: DemoContext) -> None:
    users = ctx.users
    if ctx.root is None or "bithu" not in users or "chanhvanphong" not in users:
        return
    voters = sorted(users.values(), key=lambda u: (u.person.sort_key if u.person else "", u.pk))
    if len(voters) < CANDIDATES:
        return
    day = ctx.today - dt.timedelta(days=30)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))
    meeting = meeting_create(
        actor=SYSTEM,
        organization=ctx.root,
        kind=MeetingKind.objects.get(organization=None, code="committee"),
        title="Hội nghị Ban Chấp hành Đảng bộ Khối bầu Ban Thường vụ",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
        main_site="Hội trường Đảng ủy Khối",
        chair=users["bithu"],
        secretary=users["chanhvanphong"],
        members=voters,
    )
    Participant.objects.filter(meeting=meeting).update(checked_in_at=start, check_in=CheckIn.HOST)
    election = election_create(
        actor=SYSTEM,
        meeting=meeting,
        title="Bầu Ban Thường vụ Đảng ủy Khối",
        seats=SEATS,
        candidates=[_ballot_name(u) for u in voters[:CANDIDATES]],
        method="paper",
    )
    ids = list(election.candidates.values_list("pk", flat=True))
    chair, secretary = users["bithu"], users["chanhvanphong"]
    ballots = []
    for number in range(1, len(voters) + 1):
        kept = [pk for pk, p in zip(ids, KEEP, strict=True) if ctx.rng.random() < p][:SEATS]
        if number == len(voters):
            kept = ids[: SEATS + 1]  # one ballot keeps ten names: invalid
        ballots.append(
            PaperBallot(
                election=election, number=number, first_kept=kept, first_by=chair,
                second_kept=kept, second_by=secretary, kept=kept,
            )
        )  # fmt: skip
    PaperBallot.objects.bulk_create(ballots)
    Election.objects.filter(pk=election.pk).update(
        state=ElectionState.CLOSED,
        opened_at=start,
        closed_at=start + dt.timedelta(hours=1),
        present=len(voters),
        issued=len(voters),
    )
    election.refresh_from_db()
    # The board counts at the meeting, half an hour after the voting closed: the count and
    # its report carry that day, not the day the demo is seeded.
    paper_count(actor=actor_for(chair), election=election, now=start + dt.timedelta(hours=1.5))
    # The chair closes the meeting when it ends: a month on, its page no longer asks for
    # answers, invitations or a close.
    meeting_close(actor=actor_for(chair), meeting=meeting, now=meeting.ends_at)
    ctx.count("meetings", 1)
    ctx.count("elections", 1)
