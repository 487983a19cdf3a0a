"""The first draft of a meeting's minutes (biên bản), generated from what the meeting
recorded: kind, time, sites, chair and secretary, attendance with the quorum, the agenda
with its votes, the elections' results and the conclusions. Always in Vietnamese (the
official paper); the secretary edits it before filing. One paragraph per line."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partydesk.accounts.models import User
from partydesk.meetings.models import AgendaItem, ElectionState, Meeting, Response
from partydesk.meetings.selectors.attendance import attendance_of
from partydesk.meetings.selectors.elections import candidate_rows, elections_of
from partydesk.meetings.selectors.votes import vote_result


def person_name(user: User | None) -> str:
    return user.display_name if user is not None else "—"


def _when(meeting: Meeting) -> str:
    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at)
    return _("Time: from %(start)s on %(day)s to %(end)s.") % {
        "start": starts.strftime("%H:%M"),
        "day": starts.strftime("%d/%m/%Y"),
        "end": ends.strftime("%H:%M"),
    }


def _attendance(meeting: Meeting) -> list[str]:
    figures = attendance_of(meeting)
    members = figures.members
    present = [p for p in members if p.checked_in_at is not None]
    absent = [p for p in members if p.checked_in_at is None]
    lines = [
        _("Members called: %(called)s; present: %(present)s; absent: %(absent)s.")
        % {"called": len(members), "present": len(present), "absent": len(absent)}
    ]
    quorum = figures.quorum
    if quorum is not None:
        verdict = _("the quorum is met") if quorum.met else _("the quorum is NOT met")
        lines.append(
            _(
                "Members counted for the quorum: %(counted)s; present: %(present)s; "
                "needed: %(needed)s; %(verdict)s."
            )
            % {
                "counted": quorum.counted,
                "present": quorum.present,
                "needed": quorum.needed,
                "verdict": verdict,
            }
        )
    if figures.reported_total:
        lines.append(
            _("The sites reported %(n)s people attending in all.") % {"n": figures.reported_total}
        )
    for p in absent:
        reason = p.apology_reason if p.response == Response.APOLOGY else ""
        lines.append(
            _("Absent: %(name)s (%(reason)s).")
            % {"name": person_name(p.user), "reason": reason or _("no apology")}
        )
    return lines


def _item(item: AgendaItem) -> list[str]:
    line = f"{item.position}. {item.title}"
    if item.presenter_id:
        line += " — " + _("presented by %(name)s") % {"name": person_name(item.presenter)}
    lines = [line + "."]
    for vote in item.votes.all():
        result = vote_result(vote)
        verdict = _("passed") if result.passed else _("not passed")
        lines.append(
            _(
                "Vote: %(question)s — for %(for)s, against %(against)s, abstaining %(abstain)s; "
                "%(needed)s of %(base)s needed: %(verdict)s."
            )
            % {
                "question": vote.question,
                "for": result.for_,
                "against": result.against,
                "abstain": result.abstain,
                "needed": result.needed,
                "base": result.base,
                "verdict": verdict,
            }
        )
    return lines


def _elections(meeting: Meeting) -> list[str]:
    lines: list[str] = []
    for election in elections_of(meeting):
        if election.state != ElectionState.COUNTED:
            continue
        rows = candidate_rows(election)
        elected = ", ".join(f"{r.candidate.name} ({r.votes or 0})" for r in rows if r.elected)
        lines.append(
            _("Election: %(title)s, round %(round)s, %(seats)s to elect; elected: %(names)s.")
            % {
                "title": election.title,
                "round": election.round,
                "seats": election.seats,
                "names": elected or "—",
            }
        )
    return lines


def minutes_draft(meeting: Meeting) -> str:
    """The generated text, one paragraph per line."""
    with translation.override("vi"):
        sites = list(meeting.sites.all())
        main = next((s.name for s in sites if s.is_main), "—")
        others = [s.name for s in sites if not s.is_main]
        lines = [
            _("Kind of meeting: %(kind)s.") % {"kind": meeting.kind.label},
            _when(meeting),
            _("Place: %(main)s.") % {"main": main},
        ]
        if others:
            lines.append(_("Connected sites: %(sites)s.") % {"sites": ", ".join(others)})
        lines.append(
            _("Chair: %(chair)s. Secretary: %(secretary)s.")
            % {"chair": person_name(meeting.chair), "secretary": person_name(meeting.secretary)}
        )
        lines += [_("ATTENDANCE"), *_attendance(meeting), _("AGENDA")]
        items = meeting.items.select_related("presenter__person").prefetch_related("votes")
        for item in items:
            lines += _item(item)
        elections = _elections(meeting)
        if elections:
            lines += [_("ELECTIONS"), *elections]
        lines.append(_("CONCLUSIONS"))
        conclusions = list(meeting.conclusions.all())
        lines += [f"{c.position}. {' '.join(c.text.split())}" for c in conclusions] or ["—"]
        lines.append(
            _("The meeting ended at %(end)s.")
            % {"end": timezone.localtime(meeting.ends_at).strftime("%H:%M")}
        )
    return "\n".join(lines)
