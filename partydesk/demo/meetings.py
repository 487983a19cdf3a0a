"""Demo step: the Bloc committee's meetings. A conference studying a new resolution at the
main hall with twelve connected sites (the organizations below) and its agenda, for the
office to send the invitations (sending loads every URL route: not a cost for the seed); a
confidential standing-committee meeting next week; last month's cell meeting of a health
department cell with its attendance and two conclusions made assignments (one to the member,
one to the cell), closed when it ended; last month's standing-committee meeting, closed, its
minutes filed in the register (the secretary to co-sign, the chair to sign); the Bloc's
congress that opened the term. Through meetings' own services, a few rows."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from partydesk.accounts.selectors import actor_for
from partydesk.core.http import SYSTEM
from partydesk.demo.committee import ROOT_CONGRESS_ON, TERM_NAME
from partydesk.demo.context import DemoContext
from partydesk.meetings.models import CheckIn, Meeting, MeetingKind, Participant
from partydesk.meetings.services.agenda import agenda_item_add
from partydesk.meetings.services.conclusions import Owners, conclusion_add, conclusion_assign
from partydesk.meetings.services.congresses import CongressFields, congress_create
from partydesk.meetings.services.meetings import meeting_close, meeting_create
from partydesk.meetings.services.minutes import minutes_file

CONNECTED_SITES = 12
CONCLUSIONS = (
    "Mỗi đảng viên viết bài thu hoạch học tập Nghị quyết, nộp chi bộ.",
    "Chi bộ xây dựng kế hoạch giới thiệu quần chúng ưu tú để bồi dưỡng, kết nạp.",
)

MINUTES_CONCLUSION = "Các ban tham mưu hoàn thành báo cáo sơ kết quý trước ngày 25."


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _kind(code: str) -> MeetingKind:
    return MeetingKind.objects.get(organization=None, code=code)


def seed(ctx: DemoContext) -> None:
    """Two upcoming meetings of the Bloc committee and one past cell meeting."""
    users = ctx.users
    if ctx.root is None or "bithu" not in users:
        return
    today = ctx.today
    units = [o for code, o in sorted(ctx.organizations.items()) if o.parent_id == ctx.root.pk]
    everyone = [u for name, u in sorted(users.items()) if name not in ("bithu", "chanhvanphong")]
    start = _at(today + dt.timedelta(days=4), 8)
    conference = meeting_create(
        actor=SYSTEM,
        organization=ctx.root,
        kind=_kind("conference"),
        title=(
            "Hội nghị học tập, quán triệt Nghị quyết Đại hội đại biểu toàn quốc"
            " lần thứ XIV của Đảng"
        ),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
        main_site="Hội trường Đảng ủy Khối",
        sites=[f"Điểm cầu {unit.name}" for unit in units[:CONNECTED_SITES]],
        chair=users["bithu"],
        secretary=users["chanhvanphong"],
        members=everyone,
    )
    for title in (
        "Khai mạc, giới thiệu đại biểu",
        "Quán triệt những nội dung cơ bản của Nghị quyết",
        "Triển khai kế hoạch thực hiện Nghị quyết",
    ):
        agenda_item_add(actor=SYSTEM, meeting=conference, title=title, presenter=users["bithu"])
    start = _at(today + dt.timedelta(days=7), 14)
    meeting_create(
        actor=SYSTEM,
        organization=ctx.root,
        kind=_kind("standing_committee"),
        title="Họp Ban Thường vụ Đảng ủy Khối thường kỳ",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        main_site="Phòng họp Ban Thường vụ",
        chair=users["bithu"],
        secretary=users["chanhvanphong"],
        members=[users[n] for n in ("capuy", "bithu_cs") if n in users],
    )
    count = 2 + _minutes(ctx, today)
    cell = ctx.organizations.get("du-syt-cb2")
    if cell is not None and "dangvien" in users:
        start = _at(today - dt.timedelta(days=28), 15)
        past = meeting_create(
            actor=SYSTEM,
            organization=cell,
            kind=_kind("cell_monthly"),
            title="Sinh hoạt chi bộ định kỳ tháng trước",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            main_site="Phòng họp chi bộ",
            members=[users["dangvien"]],
        )
        Participant.objects.filter(meeting=past).update(checked_in_at=start, check_in=CheckIn.HOST)
        count += 1
        _conclusions(ctx, past, today)
        # Held a month ago: closed when it ended (its conclusions still give work).
        closer = ctx.users.get("bithu_cs")
        meeting_close(
            actor=actor_for(closer) if closer is not None else SYSTEM,
            meeting=past,
            now=past.ends_at,
        )
    ctx.count("meetings", count)
    _congress(ctx)


def _congress(ctx: DemoContext) -> None:
    """The Bloc's congress that opened the term (its documents share one number sequence)."""
    assert ctx.root is not None
    congress_create(
        actor=SYSTEM,
        organization=ctx.root,
        fields=CongressFields(
            name=f"Đại hội đại biểu Đảng bộ Khối lần thứ III, nhiệm kỳ {TERM_NAME}",
            opens_on=ROOT_CONGRESS_ON - dt.timedelta(days=1),
            closes_on=ROOT_CONGRESS_ON,
        ),
    )
    ctx.count("congresses", 1)


def _conclusions(ctx: DemoContext, meeting: Meeting, today: dt.date) -> None:
    """The committee's secretary records the cell meeting's two conclusions and gives each
    as work, through the services (the assignment links back to the meeting)."""
    secretary, member = ctx.users.get("bithu_cs"), ctx.users["dangvien"]
    if secretary is None:
        return
    actor = actor_for(secretary)
    first, second = (conclusion_add(actor=actor, meeting=meeting, text=t) for t in CONCLUSIONS)
    conclusion_assign(
        actor=actor,
        conclusion=first,
        owners=Owners(deadline=today + dt.timedelta(days=10), lead_user=member),
    )
    conclusion_assign(
        actor=actor,
        conclusion=second,
        owners=Owners(deadline=today + dt.timedelta(days=20), lead_unit=meeting.organization),
    )
    ctx.count("meeting conclusions made assignments", 2)


def _minutes(ctx: DemoContext, today: dt.date) -> int:
    """Last month's standing-committee meeting, everyone present, one item and its
    conclusion; closed by the chair when it ended and its minutes filed by the secretary (a
    specialist of the office, who may draft documents; the generated text), waiting in the
    register for review, the secretary's co-signature and the chair's signature."""
    users, root = ctx.users, ctx.root
    if "chuyenvien" not in users:
        return 0
    assert root is not None
    members = [users[n] for n in ("capuy", "bithu_cs") if n in users]
    start = _at(today - dt.timedelta(days=21), 14)
    meeting = meeting_create(
        actor=SYSTEM,
        organization=root,
        kind=_kind("standing_committee"),
        title="Họp Ban Thường vụ Đảng ủy Khối tháng trước",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        main_site="Phòng họp Ban Thường vụ",
        chair=users["bithu"],
        secretary=users["chuyenvien"],
        members=members,
    )
    Participant.objects.filter(meeting=meeting).update(checked_in_at=start, check_in=CheckIn.HOST)
    item = agenda_item_add(
        actor=SYSTEM,
        meeting=meeting,
        title="Kết quả thực hiện nhiệm vụ tháng và phương hướng tháng tới",
        presenter=users["bithu"],
    )
    conclusion_add(actor=SYSTEM, meeting=meeting, item=item, text=MINUTES_CONCLUSION)
    meeting_close(actor=actor_for(users["bithu"]), meeting=meeting, now=meeting.ends_at)
    minutes_file(actor=actor_for(users["chuyenvien"]), meeting=meeting)
    ctx.count("meeting minutes filed", 1)
    return 1
