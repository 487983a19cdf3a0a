"""Results and prize lists as an .xlsx workbook: a sheet per round (its leaderboard from
the table, with prizes), the whole contest's table when there is one, and the units'
collective scores. Text cells stay text: nothing typed by a person becomes a formula."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from partydesk.contests.models import Contest, Round, Standing
from partydesk.contests.services.setup import contest_check_manage
from partydesk.contests.services.standings import unit_scores
from partydesk.core.audit import audit_log
from partydesk.core.http import Acting
from partydesk.core.workbook import book_bytes, book_new, sheet_write


def _round_sheet(round_: Round) -> str:
    """A round's sheet: "Đợt n" when untitled, else its number and title; the number keeps
    two titles alike in a sheet title's 31 characters apart (core cleans the title)."""
    return f"{round_.number}. {round_.title}" if round_.title else str(round_)


def _board(contest: Contest, round_: Round | None) -> Iterable[list[Any]]:
    lines = (
        Standing.objects.filter(contest=contest, round=round_)
        .select_related("registration__unit", "prize")
        .order_by("position")
        .iterator(chunk_size=5000)
    )
    for line in lines:
        reg = line.registration
        prize = line.prize.name if line.prize is not None else ""
        yield [
            line.position,
            reg.full_name,
            reg.unit.name,
            reg.phone,
            line.score,
            line.prediction,
            line.seconds,
            prize,
        ]


def results_export(*, actor: Acting, contest: Contest) -> bytes:
    """The workbook of the contest's results and prizes (organizers only; audited)."""
    contest_check_manage(actor, contest.organization)
    book = book_new()
    header = [
        _("Rank"),
        _("Full name"),
        _("Unit"),
        _("Phone"),
        _("Score"),
        _("Prediction"),
        _("Time (s)"),
        _("Prize"),
    ]
    rounds = list(Round.objects.filter(contest=contest).order_by("number"))
    for round_ in rounds:
        sheet_write(book, _round_sheet(round_), header, _board(contest, round_))
    if Standing.objects.filter(contest=contest, round=None).exists():
        # The whole table ranks each prediction by its distance from its own round's real
        # count (`contest_lines`), and that distance is the figure it holds.
        whole = [*header]
        whole[5] = _("Prediction's distance from the real count")
        sheet_write(book, _("The whole contest"), whole, _board(contest, None))
    names = {u.pk: u.name for u in contest.units.all()}
    sheet_write(
        book,
        _("Collective prizes"),
        [
            _("Unit"),
            _("Took part"),
            _("Eligible people"),
            _("Participation rate (%)"),
            _("Winners' points"),
            _("Total"),
        ],
        (
            [
                names.get(s.unit, ""),
                s.participants,
                s.eligible,
                float(s.rate),
                s.prize_points,
                float(s.total),
            ]
            for s in unit_scores(contest)
        ),
    )
    content = book_bytes(book)
    audit_log(
        actor=actor.user,
        action="contests.results.exported",
        target=contest,
        organization_id=contest.organization_id,
    )
    return content
